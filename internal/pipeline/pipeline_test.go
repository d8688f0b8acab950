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
	tests := []parseErrorCase{
		{"unknown type", "name: x\ntransformations:\n  - type: frobnicate\n", `p.yml:3:11: unknown transformation type "frobnicate"`},
		{"unknown condition", "name: x\ntransformations:\n  - type: set_state\n    key: a\n    val: b\n    rule_conditions:\n      - type: moon_phase\n", `p.yml:7:15: unknown rule condition type "moon_phase"`},
		{"unknown parameter", "name: x\ntransformations:\n  - type: set_state\n    key: a\n    val: b\n    colour: red\n", `p.yml:6:13: transformation "set_state": unknown parameter "colour"`},
		{"no type", "name: x\ntransformations:\n  - key: a\n", `p.yml:3:5: transformation has no type`},
		{"bad yaml", "name: [x\n", `p.yml:1:1: invalid YAML`},
		{"bad priority", "name: x\npriority: high\ntransformations: []\n", `p.yml:2:11: priority must be a whole number`},
		{"unknown top key", "nmae: x\ntransformations: []\n", `p.yml:1:1: pipeline: unknown key "nmae"`},
	}
	runParseErrors(t, "", tests)
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

// valuePipeline rewrites Sysmon's short hive names and DWORD data, and
// refuses what it cannot rewrite, as the embedded Defender pipeline does.
const valuePipeline = `name: values
transformations:
  - type: replace_string
    regex: '(?i)^HKLM\\'
    replacement: 'HKEY_LOCAL_MACHINE\\'
    field_name_conditions:
      - type: include_fields
        fields: [TargetObject]
  - type: replace_string
    regex: '(?i)^DWORD \(0x0000000([0-9])\)$'
    replacement: '\1'
    field_name_conditions:
      - type: include_fields
        fields: [Details]
  - type: detection_item_failure
    message: DWORD data is stored as a decimal number
    field_name_conditions:
      - type: include_fields
        fields: [Details]
    detection_item_conditions:
      - type: match_string
        pattern: '(?i).*DWORD'
  - type: field_name_mapping
    mapping:
      TargetObject: RegistryKey
      Details: RegistryValueData
`

func TestReplaceString(t *testing.T) {
	runRewrites(t, valuePipeline, []rewriteCase{
		{"hive at the start", match("TargetObject", ir.Pattern{{Text: `HKLM\SOFTWARE\x`}}), `(eq RegistryKey "HKEY_LOCAL_MACHINE\\SOFTWARE\\x")`, ""},
		{"hive in another case", match("TargetObject", ir.Pattern{{Text: `hklm\x`}, star}), `(eq RegistryKey "HKEY_LOCAL_MACHINE\\x*")`, ""},
		{"escaped backslash before a wildcard", match("TargetObject", ir.Pattern{{Text: `HKLM\`}, star}), `(eq RegistryKey "HKEY_LOCAL_MACHINE\\\\*")`, ""},
		{"a leading wildcard is not the start", match("TargetObject", ir.Pattern{star, {Text: `HKLM\x`}}), `(eq RegistryKey "*HKLM\\x")`, ""},
		{"other fields are left alone", match("Details", ir.Lit(`HKLM\x`)), `(eq RegistryValueData "HKLM\\x")`, ""},
		{"group reference", match("Details", ir.Lit("DWORD (0x00000001)")), `(eq RegistryValueData "1")`, ""},
		{"refused value", match("Details", ir.Lit("DWORD (0x00000010)")), "", `r.yml:3:5: field "Details": DWORD data is stored as a decimal number`},
		{"refused wildcard value", match("Details", ir.Pattern{star, {Text: "DWORD (0x00000001)"}, star}), "", `r.yml:3:5: field "Details": DWORD data`},
	})
}

func TestSigmaNotationRoundTrip(t *testing.T) {
	for _, p := range []ir.Pattern{
		ir.Lit(`a\b`),
		ir.Lit(`a\\b`),
		ir.Lit(`a*b?c\`),
		{{Text: `a\`}, star, {Text: `\`}},
		{star, {Kind: ir.AnyChar}, {Text: `x`}},
	} {
		if got := parseSigmaNotation(p.String()); ir.Debug(match("f", got)) != ir.Debug(match("f", p)) {
			t.Errorf("%q: read back as %q", p.String(), got.String())
		}
	}
}

func TestGoTemplate(t *testing.T) {
	tests := []struct{ py, want, err string }{
		{`HKEY_LOCAL_MACHINE\\`, `HKEY_LOCAL_MACHINE\`, ""},
		{`\1-\g<2>-\g<name>\12`, `${1}-${2}-${name}${12}`, ""},
		{`$1 costs \$`, `$$1 costs \$$`, ""},
		{`a\nb`, "a\nb", ""},
		{`\q`, "", `bad escape \q`},
		{`x\`, "", "a lone backslash"},
		{`\g1`, "", `\g must be followed by <group>`},
	}
	for _, tt := range tests {
		got, err := goTemplate(tt.py)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %s", tt.py, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %q, %v; want %q", tt.py, got, err, tt.want)
		}
	}
}

func TestMatchStringCondition(t *testing.T) {
	const src = `name: x
transformations:
  - type: field_name_mapping
    mapping:
      Image: proc_name
    detection_item_conditions:
      - type: match_string
        pattern: '\*\\'
        negate: false
  - type: field_name_mapping
    mapping:
      Image: proc_path
    detection_item_conditions:
      - type: match_string
        pattern: '\*\\'
        negate: true
`
	p, err := Parse("p.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rule := &ir.Rule{Conditions: []ir.Expr{&ir.And{Args: []ir.Expr{
		match("Image", ir.Pattern{star, {Text: `\x.exe`}}),
		match("Image", ir.Lit(`C:\x.exe`)),
		&ir.Match{Field: "Image", Op: ir.OpRegex, Regex: `^\*\\`},
	}}}}
	res, errs := Apply(rule, []*Pipeline{p})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := `(and (eq proc_name "*\\x.exe") (eq proc_path "C:\\x.exe") (re proc_path "^\\*\\\\"/))`
	if got := ir.Debug(res.Rule.Conditions[0]); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestValueParseErrors(t *testing.T) {
	tests := []parseErrorCase{
		{"bad regex", "name: x\ntransformations:\n  - type: replace_string\n    regex: '('\n    replacement: x\n", `p.yml:4:12: replace_string: invalid regular expression "("`},
		{"no regex", "name: x\ntransformations:\n  - type: replace_string\n    replacement: x\n", `p.yml:3:11: replace_string needs regex`},
		{"bad replacement", "name: x\ntransformations:\n  - type: replace_string\n    regex: a\n    replacement: '\\q'\n", `p.yml:5:18: replace_string: replacement "\\q": bad escape \q`},
		{"unknown item condition", "name: x\ntransformations:\n  - type: detection_item_failure\n    detection_item_conditions:\n      - type: moon_phase\n", `p.yml:5:15: unknown detection item condition type "moon_phase"`},
		{"bad negate", "name: x\ntransformations:\n  - type: detection_item_failure\n    detection_item_conditions:\n      - type: match_string\n        pattern: x\n        negate: maybe\n", `p.yml:7:17: match_string condition: negate must be true or false`},
		{"no pattern", "name: x\ntransformations:\n  - type: detection_item_failure\n    detection_item_conditions:\n      - type: match_string\n", `p.yml:5:15: match_string condition needs pattern`},
	}
	runParseErrors(t, "", tests)
}

func TestLogsourceConditionList(t *testing.T) {
	const src = `name: x
transformations:
  - type: set_state
    key: table
    val: Registry
    rule_conditions:
      - type: logsource
        product: windows
        category: [registry_set, registry_add]
`
	p, err := Parse("p.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for cat, want := range map[string]string{"registry_set": "Registry", "registry_add": "Registry", "process_creation": ""} {
		rule := &ir.Rule{Logsource: ir.Logsource{Product: "windows", Category: cat}, Conditions: []ir.Expr{match("a", ir.Lit("b"))}}
		res, _ := Apply(rule, []*Pipeline{p})
		if got := res.State.String("table"); got != want {
			t.Errorf("%s: table %q, want %q", cat, got, want)
		}
	}
}

// TestLogsourceConditionNone covers null as a key's value: a rule without
// that key matches, and in a list so do the listed values.
func TestLogsourceConditionNone(t *testing.T) {
	const src = `name: x
transformations:
  - type: set_state
    key: table
    val: Syslog
    rule_conditions:
      - type: logsource
        product: linux
        category: null
        service: [~, syslog]
`
	p, err := Parse("p.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ls   ir.Logsource
		want string
	}{
		{ir.Logsource{Product: "linux"}, "Syslog"},
		{ir.Logsource{Product: "linux", Service: "syslog"}, "Syslog"},
		{ir.Logsource{Product: "linux", Service: "auditd"}, ""},
		{ir.Logsource{Product: "linux", Category: "process_creation"}, ""},
		{ir.Logsource{Product: "windows"}, ""},
	} {
		rule := &ir.Rule{Logsource: c.ls, Conditions: []ir.Expr{match("a", ir.Lit("b"))}}
		res, _ := Apply(rule, []*Pipeline{p})
		if got := res.State.String("table"); got != c.want {
			t.Errorf("%+v: table %q, want %q", c.ls, got, c.want)
		}
	}
}
