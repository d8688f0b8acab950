package prove

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

// TestSplunkKeywordRegex proves the keywords no search term can say (an
// inner '*', a '?', a literal '*', breaker characters only) on splunk/search,
// where they are match() of _raw confined to one value: generated events,
// and hand-written ones whose fields would let an unconfined expression
// match across values, in a field name or inside an escape.
func TestSplunkKeywordRegex(t *testing.T) {
	type labelled struct {
		note   string
		expect bool
		fields map[string]any
	}
	tests := []struct {
		path    string
		samples []labelled
	}{
		{"../../testdata/rules/proc_creation_splunk_keyword_regex.yml", []labelled{
			{"inner '*' in one value", true, map[string]any{"CommandLine": "x sekurlsa::LOGONpasswords"}},
			{"inner '*' across two values", false, map[string]any{"CommandLine": "sekurlsa", "User": "logonpasswords"}},
			{"'?' is one character", true, map[string]any{"CommandLine": "MIMIkatz"}},
			{"'?' is not none", false, map[string]any{"CommandLine": "mimiatz"}},
			{"'?' is one escaped character", true, map[string]any{"CommandLine": "mimi\"atz"}},
			{"literal '*'", true, map[string]any{"CommandLine": `dir *.kdbx`}},
			{"literal '*' is no wildcard", false, map[string]any{"CommandLine": `dir a.kdbx`}},
			{"breaker characters", true, map[string]any{"CommandLine": "() { :;}; (){:;}; echo"}},
			{"escaped characters", true, map[string]any{"CommandLine": `a"<&>'b`}},
			{"escaped characters, one missing", false, map[string]any{"CommandLine": `a"<&>b`}},
			{"a field name is no value", false, map[string]any{"mimiKatz": "x"}},
		}},
		{"../../testdata/rules/linux_splunk_keyword_regex.yml", []labelled{
			{"'?' is one escaped character", true, map[string]any{"CommandLine": "wget\nhttp"}},
			{"'?' is not the markup between values", false, map[string]any{"CommandLine": "wget", "User": "http"}},
			{"inner '*' in one value", true, map[string]any{"CommandLine": "curl -s x | sh"}},
			{"inner '*' across two values", false, map[string]any{"CommandLine": "curl -s x", "ParentCommandLine": "| sh"}},
			{"breaker characters", true, map[string]any{"CommandLine": "cat /a/../../../etc/passwd"}},
		}},
		{"../../testdata/rules/web_splunk_keyword_regex.yml", []labelled{
			{"inner '*' and escapes in one value", true, map[string]any{"message": `ERROR near \"users\": syntax error`}},
			{"inner '*' across two values", false, map[string]any{"a": `near \"x`, "b": `y\": syntax error`}},
			{"'?' is one escaped character", true, map[string]any{"message": "wget\nhttp"}},
			{"'?' is not the markup between values", false, map[string]any{"a": "wget", "b": "http"}},
			{"literal '*'", true, map[string]any{"query": "SELECT * FROM t"}},
			{"a field name is no value", false, map[string]any{"select *": "x"}},
			{"breaker characters", true, map[string]any{"url": "/a/../../../etc/passwd"}},
			{"breaker characters, too few", false, map[string]any{"url": "/../.."}},
			{"a number is a value", true, map[string]any{"size": 123456}},
			{"'*' across two numbers", false, map[string]any{"a": 12, "b": 45}},
			{"a nested value", true, map[string]any{"obj": map[string]any{"list": []any{"x", "12 and 45"}}}},
		}},
	}
	c, err := NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	target := Target{Backend: "splunk", Format: "search", Lang: "spl", Model: "splunk", Macros: "macros"}
	for _, tt := range tests {
		rules := loadRules(t, tt.path)
		samples := Generated(rules[0])
		if len(samples) == 0 {
			t.Fatalf("%s: no generated events", tt.path)
		}
		ref, err := match.Compile(rules[0].Conditions[0])
		if err != nil {
			t.Fatal(err)
		}
		var base event.Event
		for _, s := range samples {
			if !ref.Match(s.Event) {
				base = s.Event
				break
			}
		}
		if base == nil {
			t.Fatalf("%s: no generated event the rule does not match", tt.path)
		}
		for _, s := range tt.samples {
			ev := event.Event{}
			for k, v := range base {
				ev[k] = v
			}
			for k, v := range s.fields {
				ev[k] = v
			}
			expect := s.expect
			samples = append(samples, Sample{Note: s.note, Expect: &expect, Event: ev})
		}
		for _, r := range c.Check(rules[0], target, samples) {
			if !r.OK() || r.Agreeing != r.Events || r.Events+r.OutOfDomain != len(samples) {
				t.Errorf("%s: %d of %d agree, err %v, mislabels %v\n%s", tt.path, r.Agreeing, r.Events, r.Err, r.Mislabels, r.Query)
				if r.First != nil {
					t.Errorf("first disagreement: %s: rule %v, query %v\nshaped: %v", r.First.Sample.Note, r.First.Reference, r.First.Translation, r.First.Shaped)
				}
			}
		}
	}
}
