package prove

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

// TestZeekDNSAnswersList proves the translation of a rule on Zeek's answers
// list (generated events hold one value per field): Zeek writes answers as
// a list, which Elastic's zeek dns pipeline keeps in zeek.dns.answers, and
// a Sigma value matches when any element does, as an EQL comparison on a
// multi-valued field does.
func TestZeekDNSAnswersList(t *testing.T) {
	const path = "../../testdata/rules/zeek_dns_mining_pool_answered.yml"
	rules := loadRules(t, path)
	ref, err := match.Compile(rules[0].Conditions[0])
	if err != nil {
		t.Fatal(err)
	}
	var base event.Event
	for _, s := range Generated(rules[0]) {
		if ref.Match(s.Event) {
			base = s.Event
			break
		}
	}
	if base == nil {
		t.Fatal("no generated event the rule matches")
	}
	tests := []struct {
		note    string
		expect  bool
		answers []any
	}{
		{"no answer excluded", true, []any{"198.51.100.7", "198.51.100.8"}},
		{"one answer of several excluded", false, []any{"198.51.100.7", "127.0.0.1"}},
		{"the only answer excluded", false, []any{"0.0.0.0"}},
		{"no answers", true, []any{}},
	}
	var samples []Sample
	for _, tc := range tests {
		ev := event.Event{}
		for k, v := range base {
			ev[k] = v
		}
		ev["answers"] = tc.answers
		ev["rejected"] = false
		expect := tc.expect
		samples = append(samples, Sample{Note: tc.note, Expect: &expect, Event: ev})
	}
	c, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	target := Target{Backend: "eql", Format: "query", Lang: "eql", Model: "ecs"}
	for _, r := range c.Check(rules[0], target, samples) {
		if !r.OK() || r.Agreeing != r.Events || r.Events != len(samples) {
			t.Errorf("%d of %d agree (%d out of domain), err %v, mislabels %v\n%s", r.Agreeing, r.Events, r.OutOfDomain, r.Err, r.Mislabels, r.Query)
			if r.First != nil {
				t.Errorf("first disagreement: %s: rule %v, query %v\nshaped: %v", r.First.Sample.Note, r.First.Reference, r.First.Translation, r.First.Shaped)
			}
		}
	}
}
