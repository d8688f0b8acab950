package pipeline

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/golden"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

var _ = golden.Update

const testPipeline = `name: test
priority: 5
transformations:
  - type: basename_field_mapping
    mapping:
      Image: proc_name
    rule_conditions:
      - type: logsource
        category: process_creation
  - type: field_name_mapping
    mapping:
      Image: proc_path
      CommandLine: [cmd_a, cmd_b]
  - type: set_state
    key: table
    val: Procs
  - type: add_condition
    conditions:
      source: sysmon
  - type: unmapped_field_failure
    target: the test target
`

func match(field string, p ir.Pattern) *ir.Match {
	return &ir.Match{Field: field, Op: ir.OpEq, Pattern: p, Pos: diag.Pos{File: "r.yml", Line: 3, Col: 5}}
}

var star = ir.Part{Kind: ir.AnyString}

func TestApply(t *testing.T) {
	p, err := Parse("p.yml", []byte(testPipeline))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cond ir.Expr
		want string
		err  string
	}{
		{"basename", match("Image", ir.Pattern{star, {Text: `\x.exe`}}), `(and (eq source "sysmon") (eq proc_name "x.exe"))`, ""},
		{"basename needs a separator", match("Image", ir.Pattern{star, {Text: `x.exe`}}), `(and (eq source "sysmon") (eq proc_path "*x.exe"))`, ""},
		{"basename refuses a folder", match("Image", ir.Pattern{star, {Text: `\a\x.exe`}}), `(and (eq source "sysmon") (eq proc_path "*\\a\\x.exe"))`, ""},
		{"basename refuses contains", match("Image", ir.Pattern{star, {Text: `\x.exe`}, star}), `(and (eq source "sysmon") (eq proc_path "*\\x.exe*"))`, ""},
		{"one to many", match("CommandLine", ir.Lit("a")), `(and (eq source "sysmon") (or (eq cmd_a "a") (eq cmd_b "a")))`, ""},
		{"unmapped", match("Other", ir.Lit("a")), "", `r.yml:3:5: field "Other": no mapping to the test target`},
		{"fieldref", &ir.Match{Field: "CommandLine", Op: ir.OpFieldRef, Ref: "Image", Pos: diag.Pos{File: "r.yml", Line: 3, Col: 5}}, `(and (eq source "sysmon") (or (fieldref cmd_a proc_path) (fieldref cmd_b proc_path)))`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := &ir.Rule{Logsource: ir.Logsource{Category: "process_creation"}, Conditions: []ir.Expr{tt.cond}}
			before := ir.Debug(tt.cond)
			res, errs := Apply(rule, []*Pipeline{p})
			if tt.err != "" {
				if len(errs) == 0 || errs[0].Error() != tt.err {
					t.Fatalf("errors %v, want %s", errs, tt.err)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := ir.Debug(res.Rule.Conditions[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if res.State.String("table") != "Procs" {
				t.Errorf("state: %v", res.State)
			}
			if got := ir.Debug(rule.Conditions[0]); got != before {
				t.Errorf("Apply changed the input rule: %s", got)
			}
		})
	}
}

func TestLogsourceCondition(t *testing.T) {
	p, err := Parse("p.yml", []byte(testPipeline))
	if err != nil {
		t.Fatal(err)
	}
	rule := &ir.Rule{Logsource: ir.Logsource{Category: "file_event"}, Conditions: []ir.Expr{match("Image", ir.Pattern{star, {Text: `\x.exe`}})}}
	res, errs := Apply(rule, []*Pipeline{p})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := ir.Debug(res.Rule.Conditions[0]), `(and (eq source "sysmon") (eq proc_path "*\\x.exe"))`; got != want {
		t.Errorf("got %s want %s", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown type", "name: x\ntransformations:\n  - type: frobnicate\n", `p.yml:3:11: unknown transformation type "frobnicate"`},
		{"unknown condition", "name: x\ntransformations:\n  - type: set_state\n    key: a\n    val: b\n    rule_conditions:\n      - type: moon_phase\n", `p.yml:7:15: unknown rule condition type "moon_phase"`},
		{"unknown parameter", "name: x\ntransformations:\n  - type: set_state\n    key: a\n    val: b\n    colour: red\n", `p.yml:6:13: transformation "set_state": unknown parameter "colour"`},
		{"no type", "name: x\ntransformations:\n  - key: a\n", `p.yml:3:5: transformation has no type`},
		{"bad yaml", "name: [x\n", `p.yml:1:1: invalid YAML`},
		{"bad priority", "name: x\npriority: high\ntransformations: []\n", `p.yml:2:11: priority must be a whole number`},
		{"unknown top key", "nmae: x\ntransformations: []\n", `p.yml:1:1: pipeline: unknown key "nmae"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(testPipeline))
	f.Add([]byte("name: x\ntransformations:\n  - type: field_name_mapping\n    mapping: [a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("f.yml", data)
		if err != nil || p == nil {
			return
		}
		rule := &ir.Rule{Conditions: []ir.Expr{match("Image", ir.Lit("a"))}}
		Apply(rule, []*Pipeline{p})
	})
}
