package sigma

import (
	"os"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/golden"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

var _ = golden.Update

const header = "title: t\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n"

func TestLowerDetection(t *testing.T) {
	tests := []struct {
		name, detection, want string
	}{
		{"endswith", "  sel:\n    Image|endswith: '\\x.exe'\n  condition: sel\n", `(eq Image "*\\x.exe")`},
		{"list is or-list", "  sel:\n    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'\n  condition: sel\n", `(or-list (eq Image "*\\a.exe") (eq Image "*\\b.exe"))`},
		{"all makes and", "  sel:\n    CommandLine|contains|all:\n      - a\n      - b\n  condition: sel\n", `(and (eq CommandLine "*a*") (eq CommandLine "*b*"))`},
		{"startswith", "  sel:\n    CommandLine|startswith: 'x'\n  condition: sel\n", `(eq CommandLine "x*")`},
		{"map is and", "  sel:\n    A: 1\n    B: true\n  condition: sel\n", `(and (eq A "1") (eq B "true"))`},
		{"list of maps is or", "  sel:\n    - A: x\n    - B: y\n  condition: sel\n", `(or (eq A "x") (eq B "y"))`},
		{"null", "  sel:\n    A: null\n  condition: sel\n", `(null A)`},
		{"escapes", "  sel:\n    A: 'a\\*b\\?c\\\\*'\n  condition: sel\n", `(eq A "a\\*b\\?c\\\\*")`},
		{"wildcards", "  sel:\n    A: 'a*b?c'\n  condition: sel\n", `(eq A "a*b?c")`},
		{"lone backslash stays", "  sel:\n    A: 'C:\\Windows\\'\n  condition: sel\n", `(eq A "C:\\Windows\\\\")`},
		{"cased", "  sel:\n    A|cased: X\n  condition: sel\n", `(eq A "X" cased)`},
		{"re with flags", "  sel:\n    A|re|i: '^a.*'\n  condition: sel\n", `(re A "^a.*"/i)`},
		{"cidr", "  sel:\n    A|cidr: 10.0.0.0/8\n  condition: sel\n", `(cidr A 10.0.0.0/8)`},
		{"exists", "  sel:\n    A|exists: false\n  condition: sel\n", `(exists A false)`},
		{"gte", "  sel:\n    A|gte: 5\n  condition: sel\n", `(gte A 5)`},
		{"keywords", "  kw:\n    - foo\n    - 'b*r'\n  condition: kw\n", `(or-list (eq <keyword> "foo") (eq <keyword> "b*r"))`},
		{"not and or", "  a:\n    A: 1\n  b:\n    B: 2\n  c:\n    C: 3\n  condition: a and not (b or c)\n", `(and (eq A "1") (not (or (eq B "2") (eq C "3"))))`},
		{"1 of pattern", "  sel_a:\n    A: 1\n  sel_b:\n    B: 2\n  other:\n    C: 3\n  condition: 1 of sel_*\n", `(or (eq A "1") (eq B "2"))`},
		{"all of them skips underscore", "  a:\n    A: 1\n  _b:\n    B: 2\n  condition: all of them\n", `(eq A "1")`},
		{"all of them", "  a:\n    A: 1\n  b:\n    B: 2\n  condition: all of them\n", `(and (eq A "1") (eq B "2"))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, errs := Load("r.yml", []byte(header+tt.detection))
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if len(rules) != 1 || len(rules[0].Conditions) != 1 {
				t.Fatalf("got %d rules", len(rules))
			}
			if got := ir.Debug(rules[0].Conditions[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"broken yaml", "title: t\nlogsource: [\n", "r.yml:2:1: invalid YAML"},
		{"unknown modifier", header + "  sel:\n    Image|endswithh: x\n  condition: sel\n", `r.yml:7:5: unknown modifier "endswithh"`},
		{"missing search", header + "  sel:\n    A: 1\n  condition: sel and filter\n", `r.yml:8:22: condition names search "filter", which the detection does not define`},
		{"no condition", header + "  sel:\n    A: 1\n", "r.yml:6:3: detection has no condition"},
		{"missing title", "logsource: {}\ndetection: {condition: x}\n", `r.yml:1:1: missing required key "title"`},
		{"bad chain", header + "  sel:\n    A|re|contains: x\n  condition: sel\n", `r.yml:7:5: modifier "contains" cannot follow "re"`},
		{"flag without re", header + "  sel:\n    A|i: x\n  condition: sel\n", `r.yml:7:5: modifier "i" only follows "re"`},
		{"bad cidr", header + "  sel:\n    A|cidr: nope\n  condition: sel\n", `r.yml:7:13: cidr: "nope" is not a network`},
		{"empty list", header + "  sel:\n    A: []\n  condition: sel\n", `r.yml:7:8: empty list of values`},
		{"aggregation", header + "  sel:\n    A: 1\n  condition: sel | count() > 5\n", `r.yml:8:14: aggregation`},
		{"scalar rule", "just text\n", "r.yml:1:1: a Sigma rule must be a YAML mapping"},
		{"empty file", "", "r.yml:1:1: no Sigma rule in this file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Load("r.yml", []byte(tt.src))
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			if got := errs[0].Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s...", got, tt.want)
			}
		})
	}
}

func TestRegasmRule(t *testing.T) {
	path := "../../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rules, errs := Load(path, data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	r := rules[0]
	if r.Title != "Detect Regasm Spawning a Process" || r.ID != "72170ec5-f7d2-42f5-aefb-2b8be6aad15f" ||
		r.Author != "Michael Haag, Splunk" || r.Level != "high" || r.Status != "stable" || r.Date != "2024-09-30" {
		t.Errorf("metadata: %+v", r)
	}
	want := `(and (eq ParentImage "*\\regasm.exe") (not (or-list (eq Image "*\\conhost.exe"))))`
	if got := ir.Debug(r.Conditions[0]); got != want {
		t.Errorf("got %s want %s", got, want)
	}
	if r.Conditions[0].(*ir.And).Args[0].Position().Line != 20 || r.Conditions[0].(*ir.And).Args[0].Position().Col != 9 {
		t.Errorf("selection position: %v", r.Conditions[0].(*ir.And).Args[0].Position())
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(header + "  sel:\n    Image|endswith: '\\x.exe'\n  condition: sel\n"))
	f.Add([]byte(header + "  sel:\n    - a\n    - b\n  condition: 1 of them\n"))
	f.Add([]byte("title: [\n"))
	f.Add([]byte(header + "  sel: &a\n    A: *a\n  condition: sel\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, _ := Load("f.yml", data)
		for _, r := range rules {
			for _, c := range r.Conditions {
				_ = ir.Debug(c)
			}
		}
	})
}
