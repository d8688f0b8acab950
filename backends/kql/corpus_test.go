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

// TestCorpusRefusalsArePositioned converts every corpus rule with each KQL
// format and checks that every rule a format refuses gets its messages at a
// position in the rule file. (How many convert is pinned in
// backends/corpus_count_test.go.)
func TestCorpusRefusalsArePositioned(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run is skipped with -short")
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder)", corpusDir)
	}
	for _, format := range []string{"defender", "sentinel"} {
		conv, err := Backend{}.NewConversion(format, nil)
		if err != nil {
			t.Fatal(err)
		}
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
				return nil
			}
			for _, r := range loaded {
				_, err := conv.Convert(r)
				if err == nil {
					continue
				}
				var list diag.List
				if !errors.As(err, &list) || len(list) == 0 {
					t.Errorf("kql/%s: %s: refusal without a position: %v", format, path, err)
					continue
				}
				for _, d := range list {
					if d.Pos.File != path || d.Pos.Line == 0 {
						t.Errorf("kql/%s: %s: refusal without a position in the rule: %v", format, path, d)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
