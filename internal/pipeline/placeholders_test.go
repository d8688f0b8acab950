package pipeline

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// ph is a pattern of literal text with %name% placeholders.
func ph(parts ...string) ir.Pattern {
	var p ir.Pattern
	for _, s := range parts {
		if strings.HasPrefix(s, "%") {
			p = p.Append(ir.Part{Kind: ir.Placeholder, Text: strings.Trim(s, "%")})
			continue
		}
		if s == "*" {
			p = p.Append(ir.Part{Kind: ir.AnyString})
			continue
		}
		p = p.Append(ir.Part{Kind: ir.Literal, Text: s})
	}
	return p
}

func TestPlaceholders(t *testing.T) {
	const vars = "vars:\n  admins: [Domain Admins, 'Enterprise Admins']\n  agent: 'C:\\Backup\\\\*'\n  port: 445\n"
	tests := []struct {
		name, src string
		cond      ir.Expr
		want      string
		errs      string
	}{
		{"value list", vars + "transformations:\n  - type: value_placeholders\n",
			match("A", ph("*", "g ", "%admins%", "*")), `(or-list (eq A "*g Domain Admins*") (eq A "*g Enterprise Admins*"))`, ""},
		{"a value's wildcards are wildcards", vars + "transformations:\n  - type: value_placeholders\n",
			match("A", ph("%agent%")), `(eq A "C:\\Backup\\\\*")`, ""},
		{"a number", vars + "transformations:\n  - type: value_placeholders\n",
			match("A", ph("%port%")), `(eq A "445")`, ""},
		{"two placeholders make every combination", vars + "transformations:\n  - type: value_placeholders\n",
			match("A", ph("%admins%", ":", "%port%")), `(or-list (eq A "Domain Admins:445") (eq A "Enterprise Admins:445"))`, ""},
		{"include leaves the others", vars + "transformations:\n  - type: value_placeholders\n    include: [port]\n  - type: wildcard_placeholders\n",
			match("A", ph("%admins%", ":", "%port%")), `(eq A "*:445")`, ""},
		{"exclude", vars + "transformations:\n  - type: value_placeholders\n    exclude: [admins]\n",
			match("A", ph("%admins%")), "", "r.yml:4:5: expand: placeholder %admins%: no pipeline resolves it (value_placeholders with admins in vars, or wildcard_placeholders)"},
		{"missing variable", "transformations:\n  - type: value_placeholders\n",
			match("A", ph("%nope%")), "", "r.yml:4:5: expand: placeholder %nope%: the pipelines' vars define no nope (value_placeholders)"},
		{"no transformation", vars + "transformations:\n  - type: field_name_mapping\n    mapping: {A: B}\n",
			match("A", ph("%port%")), "", "r.yml:4:5: expand: placeholder %port%: no pipeline resolves it (value_placeholders with port in vars, or wildcard_placeholders)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.cond.(*ir.Match)
			m.Pos = diag.Pos{File: "r.yml", Line: 4, Col: 5}
			res, errs := applyText(t, tt.src, ir.Logsource{}, tt.cond)
			if tt.errs != "" {
				if len(errs) == 0 || errs[0].Error() != tt.errs {
					t.Fatalf("errors %v, want %s", errs, tt.errs)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := ir.Debug(res.Rule.Conditions[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPlaceholderPipelineErrors(t *testing.T) {
	tests := []parseErrorCase{
		{"include and exclude", "transformations:\n  - type: value_placeholders\n    include: [a]\n    exclude: [b]\n", "p.yml:4:14: value_placeholders: include and exclude cannot be used together"},
		{"vars not a mapping", "vars: [a]\ntransformations:\n  - type: value_placeholders\n", "p.yml:1:7: vars must be a mapping"},
		{"vars value a map", "vars:\n  a: {b: c}\ntransformations:\n  - type: value_placeholders\n", "p.yml:2:6: vars: a must be a string, a number or a list of them"},
		{"vars value a boolean", "vars:\n  a: [x, true]\ntransformations:\n  - type: value_placeholders\n", "p.yml:2:10: vars: a must be a string, a number or a list of them"},
	}
	runParseErrors(t, "", tests)
}

func TestExpandPlaceholdersOnly(t *testing.T) {
	p, err := Parse("p.yml", []byte("vars:\n  g: x\ntransformations:\n  - type: field_name_mapping\n    mapping: {A: B}\n  - type: value_placeholders\n"))
	if err != nil {
		t.Fatal(err)
	}
	rule := &ir.Rule{Conditions: []ir.Expr{match("A", ph("%g%"))}}
	out, errs := ExpandPlaceholders(rule, []*Pipeline{p})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := ir.Debug(out.Conditions[0]); got != `(eq A "x")` {
		t.Errorf("got %s: only the placeholder transformations run", got)
	}
	if got := ir.Debug(rule.Conditions[0]); got != `(eq A "%g%")` {
		t.Errorf("the rule itself changed: %s", got)
	}
}
