package prove

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// testRules holds the test rules: one per log source of the event
// generator at least (internal/gen TestEveryLogSourceHasTestRule), each
// with a golden per backend and format.
const testRules = "../../testdata/rules"

// testRulesMinAgreeing is the floor of rule-condition × target checks on
// the test rules where every generated event agrees. It may only go up.
const testRulesMinAgreeing = 413

// TestTestRulesAgree converts every test rule to every target and runs each
// query that converts on events generated from the rule, shaped by the
// target's ingest model: no event may make query and rule disagree, and no
// emitted query may fail to compile, and no two test rules share an id. Unlike the corpus run it needs nothing
// outside the repository and also runs with -short.
func TestTestRulesAgree(t *testing.T) {
	checker, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(testRules, "*.yml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test rules under %s: %v", testRules, err)
	}
	var agree, refused int
	ids := map[string]string{} // rule id -> the first file with it
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rules, _ := sigma.Load(path, data)
		for _, r := range rules {
			if first, dup := ids[r.ID]; dup && r.ID != "" {
				t.Errorf("%s: id %s is %s's too (filters and outputs name rules by id)", path, r.ID, first)
			}
			ids[r.ID] = path
			samples := Generated(r)
			for _, target := range Targets {
				for _, res := range checker.Check(r, target, samples) {
					switch {
					case res.Err != nil && res.Compiled:
						t.Errorf("%s on %s: %v\n%s", path, target, res.Err, res.Query)
					case res.Err != nil:
						refused++
					case res.First != nil:
						t.Errorf("%s on %s: %q: rule %v, query %v\nshaped: %v\nquery: %s", path, target, res.First.Sample.Note, res.First.Reference, res.First.Translation, res.First.Shaped, res.Query)
					case res.Events == 0:
						t.Errorf("%s on %s: no generated event ran", path, target)
					default:
						agree++
					}
				}
			}
		}
	}
	t.Logf("%d test rule files: %d checks agree, %d do not convert", len(paths), agree, refused)
	if agree < testRulesMinAgreeing {
		t.Errorf("agreeing checks fell to %d (floor %d)", agree, testRulesMinAgreeing)
	}
}
