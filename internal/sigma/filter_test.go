package sigma

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

const filterHeader = "title: f\nlogsource:\n  product: windows\n  category: process_creation\n"

const filteredRule = `title: r
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
logsource:
  product: windows
  category: process_creation
detection:
  sel:
    Image|endswith: '\x.exe'
  other:
    Image|endswith: '\y.exe'
  condition:
    - sel
    - other
`

func TestLoadFilters(t *testing.T) {
	tests := []struct {
		name, src string
		rules     []string
		want      string // ir.Debug of the condition
	}{
		{"not selection", filterHeader + "filter:\n  rules:\n    - 6f3e2987-db24-4c78-a860-b4f4095a7095\n  selection:\n    Computer: build-01\n  condition: not selection\n",
			[]string{"6f3e2987-db24-4c78-a860-b4f4095a7095"}, `(not (eq Computer "build-01"))`},
		{"one rule as a string", filterHeader + "filter:\n  rules: proc_creation_x\n  selection:\n    Computer: build-01\n  condition: selection\n",
			[]string{"proc_creation_x"}, `(eq Computer "build-01")`},
		{"several searches", filterHeader + "filter:\n  rules: [a, b]\n  sel_a:\n    A: 1\n  sel_b:\n    B|contains: x\n  condition: not 1 of sel_*\n",
			[]string{"a", "b"}, `(not (or (eq A "1") (eq B "*x*")))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, errs := LoadFilters("f.yml", []byte(tt.src))
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if len(fs) != 1 {
				t.Fatalf("got %d filters", len(fs))
			}
			if strings.Join(fs[0].Rules, ",") != strings.Join(tt.rules, ",") {
				t.Errorf("rules %v, want %v", fs[0].Rules, tt.rules)
			}
			if got := ir.Debug(fs[0].Condition); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLoadFiltersErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"bad YAML", filterHeader + "filter: [\n", "f.yml:5:1: invalid YAML"},
		{"not a mapping", "- a\n", "f.yml:1:1: a Sigma filter must be a YAML mapping"},
		{"missing filter", filterHeader, `f.yml:1:1: missing required key "filter"`},
		{"missing logsource", "title: f\nfilter:\n  rules: [a]\n  s:\n    A: 1\n  condition: s\n", `f.yml:1:1: missing required key "logsource"`},
		{"missing rules", filterHeader + "filter:\n  selection:\n    A: 1\n  condition: selection\n", "f.yml:6:3: filter has no rules"},
		{"empty rules", filterHeader + "filter:\n  rules: []\n  selection:\n    A: 1\n  condition: selection\n", "f.yml:6:10: filter rules must be a non-empty list"},
		{"rule not a string", filterHeader + "filter:\n  rules:\n    - {a: 1}\n  selection:\n    A: 1\n  condition: selection\n", "f.yml:7:7: a filter's rule must be a rule id or name"},
		{"missing condition", filterHeader + "filter:\n  rules: [a]\n  selection:\n    A: 1\n", "f.yml:6:3: filter has no condition"},
		{"condition list", filterHeader + "filter:\n  rules: [a]\n  selection:\n    A: 1\n  condition: [selection]\n", "f.yml:9:14: a filter's condition must be one string"},
		{"unknown search", filterHeader + "filter:\n  rules: [a]\n  selection:\n    A: 1\n  condition: not selektion\n", `f.yml:9:18: condition names search "selektion"`},
		{"unknown modifier", filterHeader + "filter:\n  rules: [a]\n  selection:\n    A|endswithh: 1\n  condition: selection\n", `f.yml:8:5: unknown modifier "endswithh"`},
		{"empty file", "", "f.yml:1:1: no Sigma filter in this file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, errs := LoadFilters("f.yml", []byte(tt.src))
			if len(fs) != 0 {
				t.Errorf("got %d filters, want none", len(fs))
			}
			if len(errs) == 0 {
				t.Fatalf("no error, want %q", tt.want)
			}
			if got := errs[0].Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s…", got, tt.want)
			}
		})
	}
}

func TestFilterApply(t *testing.T) {
	rules, errs := Load("dir/proc_creation_x.yml", []byte(filteredRule))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rule := rules[0]
	body := "filter:\n  rules: [%s]\n  selection:\n    Computer: build-01\n  condition: not selection\n"
	tests := []struct {
		name, logsource, rules string
		applies                bool
	}{
		{"by id", "logsource:\n  product: windows\n", "6f3e2987-db24-4c78-a860-b4f4095a7095", true},
		{"by id, other case", "logsource:\n  product: windows\n", "6F3E2987-DB24-4C78-A860-B4F4095A7095", true},
		{"by file name", "logsource:\n  product: windows\n  category: process_creation\n", "proc_creation_x", true},
		{"file name with extension does not name it", "logsource:\n  product: windows\n", "proc_creation_x.yml", false},
		{"other rule", "logsource:\n  product: windows\n", "proc_creation_y", false},
		{"empty logsource covers all", "logsource: {}\n", "proc_creation_x", true},
		{"other product", "logsource:\n  product: linux\n", "proc_creation_x", false},
		{"other category", "logsource:\n  category: file_event\n", "proc_creation_x", false},
		{"service the rule lacks", "logsource:\n  product: windows\n  service: security\n", "proc_creation_x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "title: f\n" + tt.logsource + strings.Replace(body, "%s", tt.rules, 1)
			fs, errs := LoadFilters("f.yml", []byte(src))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got, ok := fs[0].Apply(rule)
			if ok != tt.applies {
				t.Fatalf("applies %v, want %v", ok, tt.applies)
			}
			if !ok {
				if got != rule {
					t.Error("a filter that does not apply must return the rule itself")
				}
				return
			}
			want := []string{
				`(and (eq Image "*\\x.exe") (not (eq Computer "build-01")))`,
				`(and (eq Image "*\\y.exe") (not (eq Computer "build-01")))`,
			}
			for i, c := range got.Conditions {
				if d := ir.Debug(c); d != want[i] {
					t.Errorf("condition %d: got %s, want %s", i, d, want[i])
				}
				if c.Position() != rule.Conditions[i].Position() {
					t.Errorf("condition %d at %v, want the rule's %v", i, c.Position(), rule.Conditions[i].Position())
				}
				m := ir.Matches(c)[1]
				if m.Pos.File != "f.yml" || m.Pos.Line == 0 {
					t.Errorf("filter match at %v, want a position in f.yml", m.Pos)
				}
			}
			if ir.Matches(got.Conditions[0])[1] == ir.Matches(got.Conditions[1])[1] {
				t.Error("conditions share the filter's nodes")
			}
			if len(rule.Conditions) != 2 || ir.Debug(rule.Conditions[0]) != `(eq Image "*\\x.exe")` {
				t.Error("Apply modified the rule it was given")
			}
		})
	}
}
