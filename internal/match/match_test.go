package match

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/golden"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

var _ = golden.Update

var yes = true

func TestMatch(t *testing.T) {
	const head = "title: t\nlogsource: {product: windows, category: process_creation}\ndetection:\n"
	tests := []struct {
		name, detection, event string
		want                   bool
		unicode                *bool // the verdict with Unicode folding, when it differs
	}{
		{"endswith any case", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{"Image":"C:\\Windows\\RegAsm.EXE"}`, true, nil},
		{"endswith other name", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{"Image":"C:\\x\\notregasm.exe"}`, false, nil},
		{"missing field", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{}`, false, nil},
		{"not keeps missing", "  s:\n    Image: x\n  condition: not s\n", `{}`, true, nil},
		{"cased", "  s:\n    A|cased: Abc\n  condition: s\n", `{"A":"abc"}`, false, nil},
		{"question mark", "  s:\n    A: 'a?c'\n  condition: s\n", `{"A":"abc"}`, true, nil},
		{"question mark one char", "  s:\n    A: 'a?c'\n  condition: s\n", `{"A":"abbc"}`, false, nil},
		{"literal star", "  s:\n    A: 'a\\*c'\n  condition: s\n", `{"A":"abc"}`, false, nil},
		{"literal star matches star", "  s:\n    A: 'a\\*c'\n  condition: s\n", `{"A":"a*c"}`, true, nil},
		{"number", "  s:\n    EventID: 1\n  condition: s\n", `{"EventID":1}`, true, nil},
		{"list field any", "  s:\n    A: b\n  condition: s\n", `{"A":["a","B"]}`, true, nil},
		{"null absent", "  s:\n    A: null\n  condition: s\n", `{}`, true, nil},
		{"null empty", "  s:\n    A: null\n  condition: s\n", `{"A":""}`, true, nil},
		{"null present", "  s:\n    A: null\n  condition: s\n", `{"A":"x"}`, false, nil},
		{"re case-sensitive", "  s:\n    A|re: 'ab+'\n  condition: s\n", `{"A":"xABBy"}`, false, nil},
		{"re i", "  s:\n    A|re|i: 'ab+'\n  condition: s\n", `{"A":"xABBy"}`, true, nil},
		{"cidr", "  s:\n    A|cidr: 10.0.0.0/8\n  condition: s\n", `{"A":"10.1.2.3"}`, true, nil},
		{"cidr out", "  s:\n    A|cidr: 10.0.0.0/8\n  condition: s\n", `{"A":"11.1.2.3"}`, false, nil},
		{"keyword", "  k:\n    - 'mimikatz'\n  condition: k\n", `{"CommandLine":"run MimiKatz.exe"}`, true, nil},
		{"keyword not in the log-source marker", "  k:\n    - 'syslog'\n  condition: k\n", `{"_logsource":"linux/syslog","Message":"x"}`, false, nil},
		{"keyword in a nested _logsource key", "  k:\n    - 'syslog'\n  condition: k\n", `{"a":{"_logsource":"linux/syslog"}}`, true, nil},
		{"gt", "  s:\n    A|gt: 5\n  condition: s\n", `{"A":"6"}`, true, nil},
		{"ascii folding only: long s", "  s:\n    A: 'ss'\n  condition: s\n", `{"A":"ſs"}`, false, &yes},
		{"ascii folding only: umlaut", "  s:\n    A: 'ä'\n  condition: s\n", `{"A":"Ä"}`, false, &yes},
		{"ascii folding", "  s:\n    A: 'Ab'\n  condition: s\n", `{"A":"aB"}`, true, nil},
		{"exists false", "  s:\n    A|exists: false\n  condition: s\n", `{"B":1}`, true, nil},
		{"minute of sysmon time", "  s:\n    T|minute: 4\n  condition: s\n", `{"T":"2024-01-02 03:04:05.678"}`, true, nil},
		{"hour other", "  s:\n    T|hour: 4\n  condition: s\n", `{"T":"2024-01-02 03:04:05.678"}`, false, nil},
		{"hour in utc", "  s:\n    T|hour: 1\n  condition: s\n", `{"T":"2024-01-02T03:04:05+02:00"}`, true, nil},
		{"day crosses midnight in utc", "  s:\n    T|day: 1\n  condition: s\n", `{"T":"2024-01-02T01:00:00+02:00"}`, true, nil},
		{"iso week 1 starts in december", "  s:\n    T|week: 1\n  condition: s\n", `{"T":"2024-12-30T10:00:00Z"}`, true, nil},
		{"iso week 53", "  s:\n    T|week: 53\n  condition: s\n", `{"T":"2021-01-03 10:00:00"}`, true, nil},
		{"month", "  s:\n    T|month: 12\n  condition: s\n", `{"T":"2024-12-30T10:00:00.5Z"}`, true, nil},
		{"year", "  s:\n    T|year: 2024\n  condition: s\n", `{"T":"2024-12-30T10:00:00"}`, true, nil},
		{"no timestamp", "  s:\n    T|year: 2024\n  condition: s\n", `{"T":"2024"}`, false, nil},
		{"not a timestamp part keeps missing", "  s:\n    T|hour: 3\n  condition: not s\n", `{}`, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, errs := sigma.Load("r.yml", []byte(head+tt.detection))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			m, err := Compile(rules[0].Conditions[0])
			if err != nil {
				t.Fatal(err)
			}
			u, err := CompileFold(rules[0].Conditions[0], FoldUnicode)
			if err != nil {
				t.Fatal(err)
			}
			var ev event.Event
			dec := json.NewDecoder(strings.NewReader(tt.event))
			dec.UseNumber()
			if err := dec.Decode(&ev); err != nil {
				t.Fatal(err)
			}
			if got := m.Match(ev); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
			wantUnicode := tt.want
			if tt.unicode != nil {
				wantUnicode = *tt.unicode
			}
			if got := u.Match(ev); got != wantUnicode {
				t.Errorf("Match with Unicode folding = %v, want %v", got, wantUnicode)
			}
		})
	}
}
