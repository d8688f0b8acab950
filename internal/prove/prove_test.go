package prove

import (
	"os"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/golden"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

var _ = golden.Update

const regasm = "../../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"

// loadRules reads a rule file that must load without problems.
func loadRules(t *testing.T, path string) []*ir.Rule {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rules, errs := sigma.Load(path, data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return rules
}

// TestRegasmSamples runs the hand-written regasm events through every
// target: each must agree with the rule, and the rule with each label.
func TestRegasmSamples(t *testing.T) {
	rules := loadRules(t, regasm)
	samples, err := LoadSamples(SamplesPath(regasm))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) < 12 {
		t.Fatalf("%d samples, want at least 12", len(samples))
	}
	c, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range Targets {
		for _, r := range c.Check(rules[0], target, samples) {
			if !r.OK() {
				t.Errorf("%s: %+v\nquery: %s", target, r, r.Query)
				if r.First != nil {
					t.Errorf("first disagreement: %s: rule %v, query %v\nshaped: %v", r.First.Sample.Note, r.First.Reference, r.First.Translation, r.First.Shaped)
				}
			}
			if r.Events != len(samples) || r.Agreeing != len(samples) {
				t.Errorf("%s: %d of %d agree", target, r.Agreeing, r.Events)
			}
		}
	}
}

// TestSentinelSecurityRules proves the Security-channel test rules on
// kql/sentinel with generated events: a 4624 logon rule (int LogonType,
// cidr) and a 4688 rule on the event's own field names.
func TestSentinelSecurityRules(t *testing.T) {
	c, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	target := Target{Backend: "kql", Format: "sentinel", Lang: "kql", Model: "sentinel"}
	for _, path := range []string{"../../testdata/rules/security_logon_rdp_external.yml", "../../testdata/rules/security_4688_encoded_powershell.yml"} {
		rules := loadRules(t, path)
		for _, r := range c.Check(rules[0], target, Generated(rules[0])) {
			if !r.OK() || r.Events < 10 || r.Agreeing != r.Events {
				t.Errorf("%s: %d of %d agree, err %v, first %+v\n%s", path, r.Agreeing, r.Events, r.Err, r.First, r.Query)
			}
		}
	}
}
