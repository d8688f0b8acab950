package kql

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// corpusDir is the public SigmaHQ corpus of the project's shared folder.
const corpusDir = "../../../shared/corpus/sigmahq/rules"

// defenderCorpusMinConverted is how many corpus rules --format defender
// converts at least (measured; raise it when a change converts more, never
// lower it).
const defenderCorpusMinConverted = 1881

// TestDefenderCorpusCount converts every corpus rule with --format defender,
// checks the number converted against the floor, and checks that every rule
// it refuses gets a message at a position in the rule file.
func TestDefenderCorpusCount(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run is skipped with -short")
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder)", corpusDir)
	}
	conv, err := Backend{}.NewConversion("defender", nil)
	if err != nil {
		t.Fatal(err)
	}
	var rules, converted int
	err = filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		loaded, errs := sigma.Load(path, data)
		if len(errs) > 0 {
			rules++ // counted as a failure, as --stats does
			return nil
		}
		for _, r := range loaded {
			rules++
			_, err := conv.Convert(r)
			if err == nil {
				converted++
				continue
			}
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Errorf("%s: refusal without a position: %v", path, err)
				continue
			}
			for _, d := range list {
				if d.Pos.File != path || d.Pos.Line == 0 {
					t.Errorf("%s: refusal without a position in the rule: %v", path, d)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kql/defender: %d rules, %d converted", rules, converted)
	if converted < defenderCorpusMinConverted {
		t.Errorf("kql/defender converts %d corpus rules, fewer than %d", converted, defenderCorpusMinConverted)
	}
}
