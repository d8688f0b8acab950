package prove

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

const corpus = "../../../shared/corpus/sigmahq/rules"

// Baselines of the corpus run. Agreement may only go up and disagreement
// down; when a change improves them, lower or raise the number here.
const (
	corpusMinAgreeing    = 9674 // rule-condition × target checks where every generated event agrees
	corpusMaxDisagreeing = 0    // checks with at least one disagreement
)

// TestCorpusAgreement converts every public SigmaHQ rule to every target,
// runs each query that converts on events generated from the rule, and
// counts disagreements with the rule. No emitted query may fail to parse.
func TestCorpusAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run takes a while; skipped with -short")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder): skipping the corpus run", corpus)
	}
	checker, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	var agree, disagree, refused, rules int
	perTarget := map[string]int{}
	err = filepath.WalkDir(corpus, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		loaded, _ := sigma.Load(path, data)
		for _, r := range loaded {
			rules++
			samples := Generated(r)
			for _, target := range Targets {
				for _, res := range checker.Check(r, target, samples) {
					switch {
					case res.Err != nil && strings.Contains(res.Err.Error(), "does not compile"):
						t.Errorf("%s on %s: %v\n%s", path, target, res.Err, res.Query)
					case res.Err != nil:
						refused++
					case res.First != nil:
						disagree++
						perTarget[target.String()]++
						t.Logf("disagreement: %s on %s: %q: rule %v, query %v", path, target, res.First.Sample.Note, res.First.Reference, res.First.Translation)
					default:
						agree++
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rules: %d checks agree, %d disagree %v, %d do not convert", rules, agree, disagree, perTarget, refused)
	if agree < corpusMinAgreeing {
		t.Errorf("agreeing checks fell to %d (baseline %d)", agree, corpusMinAgreeing)
	}
	if disagree > corpusMaxDisagreeing {
		t.Errorf("disagreeing checks rose to %d (baseline %d)", disagree, corpusMaxDisagreeing)
	}
}
