package prove

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/corpus"
)

// corpusDir is the public SigmaHQ corpus, from this package.
const corpusDir = "../../" + corpus.Public

// Baselines of the corpus run. Agreement may only go up and disagreement
// down; when a change improves them, lower or raise the number here.
const (
	corpusMinAgreeing    = 12238 // rule-condition × target checks where every generated event agrees
	corpusMaxDisagreeing = 0     // checks with at least one disagreement
)

// TestCorpusAgreement converts every public SigmaHQ rule to every target,
// runs each query that converts on events generated from the rule, and
// counts disagreements with the rule. No emitted query may fail to parse.
func TestCorpusAgreement(t *testing.T) {
	files := corpus.Require(t, corpusDir)
	checker, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	var agree, disagree, refused, rules int
	perTarget := map[string]int{}
	for _, f := range files {
		path, loaded := f.Path, f.Rules
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
	}
	t.Logf("%d rules: %d checks agree, %d disagree %v, %d do not convert", rules, agree, disagree, perTarget, refused)
	if agree < corpusMinAgreeing {
		t.Errorf("agreeing checks fell to %d (baseline %d)", agree, corpusMinAgreeing)
	}
	if disagree > corpusMaxDisagreeing {
		t.Errorf("disagreeing checks rose to %d (baseline %d)", disagree, corpusMaxDisagreeing)
	}
}
