package gen

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

const procCreation = "title: t\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"

func loadRule(t *testing.T, src string) *ir.Rule {
	t.Helper()
	rules, errs := sigma.Load("r.yml", []byte(src))
	if len(errs) > 0 || len(rules) != 1 {
		t.Fatalf("load: %v", errs)
	}
	return rules[0]
}

func isWitness(s Sample) bool {
	return strings.HasPrefix(s.Note, "witness ") && !strings.Contains(s.Note, ";")
}

// find returns the samples whose note contains every part.
func find(samples []Sample, parts ...string) []Sample {
	var out []Sample
	for _, s := range samples {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(s.Note, p)
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		name, src string
		noLetters bool // the values set have no letters: no "other case" probe
		check     func(t *testing.T, m *match.Matcher, samples []Sample)
	}{
		{"endswith", procCreation + "  sel:\n    Image|endswith: '\\regasm.exe'\n  condition: sel\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				if got := samples[0].Event["Image"]; got != `C:\Windows\System32\regasm.exe` {
					t.Errorf("witness Image = %q, want a realistic path", got)
				}
				if samples[0].Event["EventID"] != nil && samples[0].Event["Channel"] != sysmonChannel {
					t.Errorf("witness is not a Sysmon event: %v", samples[0].Event)
				}
				wantNotes(t, samples, "same basename in another folder", "other basename with the same suffix",
					"* matching empty", "first character dropped", "backslash doubled", "trailing newline at end")
				for _, s := range find(samples, "other basename") {
					if m.Match(s.Event) {
						t.Errorf("%s: %v still matches", s.Note, s.Event["Image"])
					}
				}
			}},
		{"contains all", procCreation + "  sel:\n    CommandLine|contains|all:\n      - ' -enc'\n      - 'hidden'\n  condition: sel\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				cl, _ := samples[0].Event["CommandLine"].(string)
				if !strings.Contains(cl, " -enc") || !strings.Contains(cl, "hidden") {
					t.Errorf("witness CommandLine %q lacks a literal", cl)
				}
			}},
		{"list", procCreation + "  sel:\n    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'\n      - '\\c.exe'\n  condition: sel\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				if n := countWitnesses(samples); n != 3 {
					t.Errorf("%d witnesses, want one per list item", n)
				}
			}},
		{"selection and not filter", procCreation + "  sel:\n    Image|endswith: '\\rundll32.exe'\n  filter:\n    ParentImage|startswith: 'C:\\Windows\\'\n  condition: sel and not filter\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				hits := find(samples, "ParentImage: negated eq leaf matches")
				if len(hits) != 1 {
					t.Fatalf("%d negated-leaf probes, want 1", len(hits))
				}
				if m.Match(hits[0].Event) {
					t.Errorf("filter hit %v still matches", hits[0].Event["ParentImage"])
				}
			}},
		{"1 of sel_*", procCreation + "  sel_img:\n    Image|endswith: '\\x.exe'\n  sel_cli:\n    CommandLine|contains: 'evil'\n  condition: 1 of sel_*\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				if n := countWitnesses(samples); n != 2 {
					t.Errorf("%d witnesses, want one per selection", n)
				}
			}},
		{"cidr", "title: t\nlogsource:\n  product: windows\n  category: network_connection\ndetection:\n  sel:\n    DestinationIp|cidr: 10.0.0.0/8\n  condition: sel\n", true,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				if got := samples[0].Event["DestinationIp"]; got != "10.0.0.1" {
					t.Errorf("witness DestinationIp = %v", got)
				}
				wantNotes(t, samples, "address just outside 10.0.0.0/8")
				for _, s := range find(samples, "address just outside") {
					if m.Match(s.Event) {
						t.Errorf("%s: %v matches", s.Note, s.Event["DestinationIp"])
					}
				}
			}},
		{"null", procCreation + "  sel:\n    Image|endswith: '\\x.exe'\n  filter:\n    OriginalFileName: null\n  condition: sel and filter\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				if v, ok := samples[0].Event["OriginalFileName"]; ok && v != "" {
					t.Errorf("witness OriginalFileName = %v, want absent or empty", v)
				}
				wantNotes(t, samples, "OriginalFileName: field present")
			}},
		{"regex", procCreation + "  sel:\n    CommandLine|re: '-[Ee]nc(odedCommand)? [A-Za-z0-9+/=]{8,}'\n  condition: sel\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {}},
		{"numbers and keywords", "title: t\nlogsource:\n  product: linux\n  service: auth\ndetection:\n  sel:\n    Count|gt: 5\n  kw:\n    - 'Failed password'\n  condition: sel and kw\n", false,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				wantNotes(t, samples, "Count: gt 5 boundary: 5", "Message: other case")
			}},
		{"security event id", "title: t\nlogsource:\n  product: windows\n  service: security\ndetection:\n  sel:\n    EventID: 4624\n    LogonType: 10\n  condition: sel\n", true,
			func(t *testing.T, m *match.Matcher, samples []Sample) {
				if samples[0].Event["Channel"] != "Security" || samples[0].Event["EventID"] == nil {
					t.Errorf("witness %v lacks Channel or EventID", samples[0].Event)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := loadRule(t, tt.src)
			m, err := match.Compile(r.Conditions[0])
			if err != nil {
				t.Fatal(err)
			}
			samples := Generate(r, r.Conditions[0], Options{})
			if len(samples) == 0 || !isWitness(samples[0]) {
				t.Fatalf("no witness: %v", samples)
			}
			for _, s := range samples {
				if isWitness(s) && !m.Match(s.Event) {
					t.Errorf("%s does not match: %v", s.Note, s.Event)
				}
			}
			wantNotes(t, samples, "missing field")
			if !tt.noLetters {
				wantNotes(t, samples, "other case")
			}
			if again := Generate(r, r.Conditions[0], Options{}); !reflect.DeepEqual(again, samples) {
				t.Error("output differs between runs")
			}
			if t.Failed() || testing.Verbose() {
				for _, s := range samples {
					t.Logf("%-60q %s", s.Note, brief(r.Conditions[0], s.Event))
				}
			}
			tt.check(t, m, samples)
		})
	}
}

// brief shows the fields of ev that the condition names.
func brief(cond ir.Expr, ev event.Event) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, m := range ir.Matches(cond) {
		k := keyOf(m, keywordField)
		if seen[k] {
			continue
		}
		seen[k] = true
		if v, ok := ev[k]; ok {
			fmt.Fprintf(&b, "%s=%q ", k, v)
		} else {
			fmt.Fprintf(&b, "%s absent ", k)
		}
	}
	return b.String()
}

func wantNotes(t *testing.T, samples []Sample, notes ...string) {
	t.Helper()
	for _, n := range notes {
		if len(find(samples, n)) == 0 {
			t.Errorf("no sample probes %q", n)
		}
	}
}

func countWitnesses(samples []Sample) int {
	n := 0
	for _, s := range samples {
		if isWitness(s) {
			n++
		}
	}
	return n
}

func TestGenerateLimits(t *testing.T) {
	var items strings.Builder
	for _, c := range "abcdefghijklmnopqrstuvwxyz" {
		items.WriteString("      - '\\" + string(c) + ".exe'\n")
	}
	src := procCreation + "  sel:\n    Image|endswith:\n" + items.String() + "  other:\n    CommandLine|contains:\n" + items.String() + "  condition: sel and other\n"
	r := loadRule(t, src)
	samples := Generate(r, r.Conditions[0], Options{MaxWitnesses: 5, MaxSamples: 40})
	if n := countWitnesses(samples); n != 5 {
		t.Errorf("%d witnesses, want 5", n)
	}
	if len(samples) != 40 {
		t.Errorf("%d samples, want the cap of 40", len(samples))
	}
	for i, s := range samples[:5] {
		if !isWitness(s) {
			t.Errorf("sample %d is %q, want witnesses first", i, s.Note)
		}
	}
}

func TestGenerateUnsatisfiable(t *testing.T) {
	r := loadRule(t, procCreation+"  sel:\n    Image: 'a'\n  filter:\n    Image: 'a'\n  condition: sel and not filter\n")
	if samples := Generate(r, r.Conditions[0], Options{}); countWitnesses(samples) != 0 {
		t.Errorf("witness for a contradiction: %v", samples)
	}
}

func TestSamplesDoNotShareMaps(t *testing.T) {
	r := loadRule(t, procCreation+"  sel:\n    Image|endswith: '\\x.exe'\n  condition: sel\n")
	samples := Generate(r, r.Conditions[0], Options{})
	samples[0].Event["Image"] = "changed"
	for _, s := range samples[1:] {
		if s.Event["Image"] == "changed" {
			t.Fatalf("%s shares its map with the witness", s.Note)
		}
	}
}
