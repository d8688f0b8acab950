package pipeline

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// applyText parses a pipeline and applies it to a rule with the given log
// source, condition and fields list.
func applyText(t *testing.T, src string, ls ir.Logsource, cond ir.Expr, fields ...string) (*Result, diag.List) {
	t.Helper()
	p, err := Parse("p.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rule := &ir.Rule{Logsource: ls, Conditions: []ir.Expr{cond}, Fields: fields, Pos: diag.Pos{File: "r.yml", Line: 1, Col: 1}}
	return Apply(rule, []*Pipeline{p})
}

func at(m *ir.Match, line int) *ir.Match {
	m.Pos = diag.Pos{File: "r.yml", Line: line, Col: 5}
	return m
}

func TestFieldNameRenames(t *testing.T) {
	fieldref := &ir.Match{Field: "Image", Op: ir.OpFieldRef, Ref: "ParentImage", Pos: diag.Pos{File: "r.yml", Line: 3, Col: 5}}
	tests := []struct {
		name, src  string
		cond       ir.Expr
		want       string
		wantFields string
	}{
		{"prefix", "transformations:\n  - type: field_name_prefix\n    prefix: 'winlog.event_data.'\n",
			&ir.And{Args: []ir.Expr{match("Image", ir.Lit("a")), match("", ir.Lit("kw"))}},
			`(and (eq winlog.event_data.Image "a") (eq <keyword> "kw"))`, "winlog.event_data.Image"},
		{"prefix with include_fields", "transformations:\n  - type: field_name_prefix\n    prefix: 'P.'\n    field_name_conditions:\n      - type: include_fields\n        fields: [Image]\n",
			&ir.And{Args: []ir.Expr{match("Image", ir.Lit("a")), match("User", ir.Lit("b"))}},
			`(and (eq P.Image "a") (eq User "b"))`, "P.Image"},
		{"prefix fieldref", "transformations:\n  - type: field_name_prefix\n    prefix: 'P.'\n",
			fieldref, `(fieldref P.Image P.ParentImage)`, "P.Image"},
		{"suffix", "transformations:\n  - type: field_name_suffix\n    suffix: '.keyword'\n    field_name_conditions:\n      - type: exclude_fields\n        fields: [User]\n",
			&ir.And{Args: []ir.Expr{match("Image", ir.Lit("a")), match("User", ir.Lit("b"))}},
			`(and (eq Image.keyword "a") (eq User "b"))`, "Image.keyword"},
		{"prefix mapping, first match in file order", "transformations:\n  - type: field_name_prefix_mapping\n    mapping:\n      Event.: evt.\n      Event.Sys.: never.\n      Other.: [o1., o2.]\n",
			&ir.And{Args: []ir.Expr{match("Event.Sys.Id", ir.Lit("1")), match("Other.x", ir.Lit("2")), match("Image", ir.Lit("3"))}},
			`(and (eq evt.Sys.Id "1") (or (eq o1.x "2") (eq o2.x "2")) (eq Image "3"))`, "Image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := applyText(t, tt.src, ir.Logsource{}, tt.cond, "Image")
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := ir.Debug(res.Rule.Conditions[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got := strings.Join(res.Rule.Fields, ","); got != tt.wantFields {
				t.Errorf("fields %s, want %s", got, tt.wantFields)
			}
		})
	}
}

// A renamed field is a target name: unmapped_field_failure accepts it and
// a later field_name_mapping leaves it alone.
func TestRenamedFieldsAreMapped(t *testing.T) {
	src := `transformations:
  - type: field_name_prefix
    prefix: 'ecs.'
    field_name_conditions:
      - type: include_fields
        fields: [Image]
  - type: field_name_mapping
    mapping:
      ecs.Image: wrong
  - type: unmapped_field_failure
    target: T
`
	cond := &ir.And{Args: []ir.Expr{match("Image", ir.Lit("a")), at(match("User", ir.Lit("b")), 7)}}
	res, errs := applyText(t, src, ir.Logsource{}, cond)
	if got := ir.Debug(res.Rule.Conditions[0]); got != `(and (eq ecs.Image "a") (eq User "b"))` {
		t.Errorf("got %s", got)
	}
	if len(errs) != 1 || errs[0].Error() != `r.yml:7:5: field "User": no mapping to T` {
		t.Errorf("errors %v", errs)
	}
}

func TestChangeLogsource(t *testing.T) {
	src := `transformations:
  - type: change_logsource
    category: process_creation
    product: windows
    rule_conditions:
      - type: logsource
        product: windows
        service: sysmon
  - type: set_state
    key: table
    val: Procs
    rule_conditions:
      - type: logsource
        product: windows
        category: process_creation
`
	tests := []struct {
		name  string
		ls    ir.Logsource
		table string
		want  ir.Logsource
	}{
		{"changed, later conditions see it", ir.Logsource{Product: "windows", Service: "sysmon"}, "Procs", ir.Logsource{Product: "windows", Category: "process_creation"}},
		{"not selected", ir.Logsource{Product: "linux", Service: "sysmon"}, "", ir.Logsource{Product: "linux", Service: "sysmon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			rule := &ir.Rule{Logsource: tt.ls, Conditions: []ir.Expr{match("Image", ir.Lit("a"))}}
			res, errs := Apply(rule, []*Pipeline{p})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if res.State.String("table") != tt.table {
				t.Errorf("table %q, want %q", res.State.String("table"), tt.table)
			}
			if res.Rule.Logsource != tt.want {
				t.Errorf("log source %+v, want %+v", res.Rule.Logsource, tt.want)
			}
			if rule.Logsource != tt.ls {
				t.Errorf("input rule changed: %+v", rule.Logsource)
			}
		})
	}
}

func TestDropDetectionItem(t *testing.T) {
	src := `transformations:
  - type: drop_detection_item
    field_name_conditions:
      - type: include_fields
        fields: [Hashes]
`
	h := func(v string, line int) *ir.Match { return at(match("Hashes", ir.Lit(v)), line) }
	img := func(v string) *ir.Match { return match("Image", ir.Lit(v)) }
	runRewrites(t, src, []rewriteCase{
		{"nothing selected", &ir.And{Args: []ir.Expr{img("a"), img("b")}}, `(and (eq Image "a") (eq Image "b"))`, ""},
		{"gone from an and", &ir.And{Args: []ir.Expr{img("a"), h("x", 4), img("b")}}, `(and (eq Image "a") (eq Image "b"))`, ""},
		{"and of one left", &ir.And{Args: []ir.Expr{img("a"), h("x", 4)}}, `(eq Image "a")`, ""},
		{"gone from an inner and, the outer one as long as before",
			&ir.And{Args: []ir.Expr{&ir.And{Args: []ir.Expr{img("a"), h("x", 4)}}, img("b")}}, `(and (eq Image "a") (eq Image "b"))`, ""},
		{"list of values goes whole",
			&ir.And{Args: []ir.Expr{img("a"), &ir.Or{Args: []ir.Expr{h("x", 4), h("y", 5)}, FromList: true}}}, `(eq Image "a")`, ""},
		{"or with a dropped branch is true",
			&ir.And{Args: []ir.Expr{img("a"), &ir.Or{Args: []ir.Expr{&ir.And{Args: []ir.Expr{h("x", 4)}}, img("c")}}}}, `(eq Image "a")`, ""},
		{"or kept when nothing dropped",
			&ir.Or{Args: []ir.Expr{img("a"), img("c")}}, `(or (eq Image "a") (eq Image "c"))`, ""},
		{"under not is an error",
			&ir.And{Args: []ir.Expr{img("a"), &ir.Not{Arg: &ir.And{Args: []ir.Expr{img("b"), h("x", 6)}}}}}, "", `r.yml:6:5: drop_detection_item: cannot drop a comparison under NOT`},
		{"under two nots still an error",
			&ir.And{Args: []ir.Expr{img("a"), &ir.Not{Arg: &ir.Not{Arg: h("x", 7)}}}}, "", `r.yml:7:5: drop_detection_item: cannot drop a comparison under NOT`},
		{"whole condition dropped", &ir.And{Args: []ir.Expr{h("x", 4), h("y", 5)}}, "", `r.yml:1:1: drop_detection_item removed every comparison of the condition`},
	})
}

// drop_detection_item with a detection item condition drops only the
// values it selects.
func TestDropDetectionItemByValue(t *testing.T) {
	src := `transformations:
  - type: drop_detection_item
    detection_item_conditions:
      - type: match_string
        pattern: 'IMPHASH='
`
	cond := &ir.And{Args: []ir.Expr{match("Hashes", ir.Lit("IMPHASH=1")), match("Hashes", ir.Lit("MD5=2"))}}
	res, errs := applyText(t, src, ir.Logsource{}, cond)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := ir.Debug(res.Rule.Conditions[0]); got != `(eq Hashes "MD5=2")` {
		t.Errorf("got %s", got)
	}
}

func TestNewTransformationParseErrors(t *testing.T) {
	head := "name: x\ntransformations:\n"
	tests := []parseErrorCase{
		{"prefix missing", "  - type: field_name_prefix\n", `p.yml:3:11: field_name_prefix needs prefix`},
		{"prefix not a string", "  - type: field_name_prefix\n    prefix: [a]\n", `p.yml:4:13: field_name_prefix: prefix must be a string`},
		{"prefix unknown parameter", "  - type: field_name_prefix\n    prefix: a\n    suffix: b\n", `p.yml:5:13: transformation "field_name_prefix": unknown parameter "suffix"`},
		{"suffix missing", "  - type: field_name_suffix\n", `p.yml:3:11: field_name_suffix needs suffix`},
		{"suffix not a string", "  - type: field_name_suffix\n    suffix: {a: b}\n", `p.yml:4:13: field_name_suffix: suffix must be a string`},
		{"prefix mapping missing", "  - type: field_name_prefix_mapping\n", `p.yml:3:11: field_name_prefix_mapping needs mapping`},
		{"prefix mapping a list", "  - type: field_name_prefix_mapping\n    mapping: [a]\n", `p.yml:4:14: field_name_prefix_mapping: mapping must be a mapping`},
		{"prefix mapping bad target", "  - type: field_name_prefix_mapping\n    mapping:\n      a.: {b: c}\n", `p.yml:5:11: expected a string or a list of strings`},
		{"change_logsource empty", "  - type: change_logsource\n", `p.yml:3:11: change_logsource needs category, product or service`},
		{"change_logsource list", "  - type: change_logsource\n    category: [a, b]\n", `p.yml:4:15: change_logsource: category must be a string`},
		{"change_logsource unknown parameter", "  - type: change_logsource\n    category: a\n    products: b\n", `p.yml:5:15: transformation "change_logsource": unknown parameter "products"`},
		{"drop unknown parameter", "  - type: drop_detection_item\n    message: m\n", `p.yml:4:14: transformation "drop_detection_item": unknown parameter "message"`},
		{"unknown type still positioned", "  - type: drop_detection_items\n", `p.yml:3:11: unknown transformation type "drop_detection_items"`},
		{"unknown item condition", "  - type: drop_detection_item\n    detection_item_conditions:\n      - type: match_regex\n", `p.yml:5:15: unknown detection item condition type "match_regex"`},
		{"unknown field condition", "  - type: field_name_prefix\n    prefix: a\n    field_name_conditions:\n      - type: include_field\n        fields: [a]\n", `p.yml:6:15: unknown field name condition type "include_field"`},
	}
	runParseErrors(t, head, tests)
}

func TestLogsources(t *testing.T) {
	src := `name: x
transformations:
  - type: set_state
    key: a
    val: b
    rule_conditions:
      - type: logsource
        product: windows
        category: [registry_set, registry_add]
  - type: set_state
    key: a
    val: b
    rule_conditions:
      - type: logsource
        product: windows
        service: sysmon
  - type: set_state
    key: a
    val: b
    rule_conditions:
      - type: logsource
        product: windows
        category: registry_set
  - type: set_state
    key: a
    val: b
    rule_conditions:
      - type: logsource
        product: linux
        category: null
        service: [null, syslog]
  - type: set_state
    key: a
    val: b
`
	p, err := Parse("p.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(p.Logsources(), " ")
	want := "linux/-/- linux/-/syslog windows/*/sysmon windows/registry_add windows/registry_set"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if p.Text != src {
		t.Error("Text is not the file's text")
	}
}
