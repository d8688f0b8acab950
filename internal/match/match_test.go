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

func TestMatch(t *testing.T) {
	const head = "title: t\nlogsource: {product: windows, category: process_creation}\ndetection:\n"
	tests := []struct {
		name, detection, event string
		want                   bool
	}{
		{"endswith any case", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{"Image":"C:\\Windows\\RegAsm.EXE"}`, true},
		{"endswith other name", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{"Image":"C:\\x\\notregasm.exe"}`, false},
		{"missing field", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{}`, false},
		{"not keeps missing", "  s:\n    Image: x\n  condition: not s\n", `{}`, true},
		{"cased", "  s:\n    A|cased: Abc\n  condition: s\n", `{"A":"abc"}`, false},
		{"question mark", "  s:\n    A: 'a?c'\n  condition: s\n", `{"A":"abc"}`, true},
		{"question mark one char", "  s:\n    A: 'a?c'\n  condition: s\n", `{"A":"abbc"}`, false},
		{"literal star", "  s:\n    A: 'a\\*c'\n  condition: s\n", `{"A":"abc"}`, false},
		{"literal star matches star", "  s:\n    A: 'a\\*c'\n  condition: s\n", `{"A":"a*c"}`, true},
		{"number", "  s:\n    EventID: 1\n  condition: s\n", `{"EventID":1}`, true},
		{"list field any", "  s:\n    A: b\n  condition: s\n", `{"A":["a","B"]}`, true},
		{"null absent", "  s:\n    A: null\n  condition: s\n", `{}`, true},
		{"null empty", "  s:\n    A: null\n  condition: s\n", `{"A":""}`, true},
		{"null present", "  s:\n    A: null\n  condition: s\n", `{"A":"x"}`, false},
		{"re case-sensitive", "  s:\n    A|re: 'ab+'\n  condition: s\n", `{"A":"xABBy"}`, false},
		{"re i", "  s:\n    A|re|i: 'ab+'\n  condition: s\n", `{"A":"xABBy"}`, true},
		{"cidr", "  s:\n    A|cidr: 10.0.0.0/8\n  condition: s\n", `{"A":"10.1.2.3"}`, true},
		{"cidr out", "  s:\n    A|cidr: 10.0.0.0/8\n  condition: s\n", `{"A":"11.1.2.3"}`, false},
		{"keyword", "  k:\n    - 'mimikatz'\n  condition: k\n", `{"CommandLine":"run MimiKatz.exe"}`, true},
		{"gt", "  s:\n    A|gt: 5\n  condition: s\n", `{"A":"6"}`, true},
		{"exists false", "  s:\n    A|exists: false\n  condition: s\n", `{"B":1}`, true},
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
			var ev event.Event
			dec := json.NewDecoder(strings.NewReader(tt.event))
			dec.UseNumber()
			if err := dec.Decode(&ev); err != nil {
				t.Fatal(err)
			}
			if got := m.Match(ev); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}
