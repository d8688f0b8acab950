package kql_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends/kql"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// corpus is the public SigmaHQ rule set in the project's shared folder.
const corpus = "../../../shared/corpus/sigmahq/rules"

// sentinelCorpusConverted is how many corpus rules kql/sentinel converts
// (rosetta convert -t kql/sentinel --stats): it may only go up.
const sentinelCorpusConverted = 2468

// TestSentinelCorpusCount converts the corpus to kql/sentinel and checks the
// number of rules that convert against the pinned count.
func TestSentinelCorpusCount(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder)", corpus)
	}
	conv, err := kql.Backend{}.NewConversion("sentinel", nil)
	if err != nil {
		t.Fatal(err)
	}
	var rules, converted int
	err = filepath.WalkDir(corpus, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		loaded, errs := sigma.Load(path, data)
		if len(errs) > 0 || len(loaded) == 0 {
			rules++ // a file that does not load is a rule that does not convert
			return nil
		}
		for _, r := range loaded {
			rules++
			if _, err := conv.Convert(r); err == nil {
				converted++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kql/sentinel converts %d of %d corpus rules", converted, rules)
	if converted < sentinelCorpusConverted {
		t.Errorf("kql/sentinel converts %d corpus rules, fewer than the pinned %d", converted, sentinelCorpusConverted)
	}
}
