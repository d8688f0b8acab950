// Package kql renders rules as Kusto queries for Microsoft Defender XDR
// advanced hunting: the rule's table, a where clause, a summarize in the
// shape of the Splunk detections, and the rule's filter function invoked at
// the end, defined by a pass-through let statement so the query runs as
// printed.
package kql

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

//go:embed pipelines/*.yml
var pipelineFiles embed.FS

// tablesJSON holds the column names and types of the tables the pipelines
// use, transcribed from Microsoft's table reference (see its _comment).
//
//go:embed tables.json
var tablesJSON []byte

// Backend is the KQL target.
type Backend struct{}

// Name implements backends.Backend.
func (Backend) Name() string { return "kql" }

// Doc implements backends.Backend.
func (Backend) Doc() string { return "Kusto (KQL) for Microsoft Defender XDR advanced hunting" }

var formats = []render.Format{
	{Name: "defender", Doc: "Defender XDR query: table, where, summarize, invoke of the filter function (defined inline)"},
}

// Formats implements backends.Backend.
func (Backend) Formats() []render.Format { return formats }

// Pipelines implements backends.Backend.
func (Backend) Pipelines() ([]*pipeline.Pipeline, error) {
	return pipeline.LoadFS(pipelineFiles, "kql", "pipelines/defender.yml")
}

// NewConversion implements backends.Backend.
func (b Backend) NewConversion(format string, user []*pipeline.Pipeline) (render.Conversion, error) {
	if format != "defender" {
		return nil, fmt.Errorf("kql: unknown format %q", format)
	}
	ps, err := b.Pipelines()
	if err != nil {
		return nil, err
	}
	return &render.QueryConversion{Pipelines: append(ps, user...), Ext: "kql", Query: query}, nil
}

// query assembles the Defender query of one condition.
func query(res *pipeline.Result, cond ir.Expr) (string, error) {
	table := res.State.String("table")
	if table == "" {
		return "", render.NoTarget(res.Rule, "kql", "Defender XDR table", "")
	}
	where, err := dialect.Render(cond)
	if err != nil {
		return "", err
	}
	filter := identifier(render.FilterName(res.Rule.Title))
	by := res.Rule.Fields
	if len(by) == 0 {
		by = res.State.Strings("by_fields")
	}
	var b strings.Builder
	hook, err := hookSchema(table, by)
	if err != nil {
		return "", diag.Errorf(res.Rule.Pos, "kql: %v", err)
	}
	fmt.Fprintf(&b, "let %s = (T:(%s)) { T };\n", filter, hook)
	fmt.Fprintf(&b, "%s\n| where %s\n", table, where)
	b.WriteString("| summarize " + summarizeAggregates)
	if len(by) > 0 {
		b.WriteString(" by " + strings.Join(by, ", "))
	}
	fmt.Fprintf(&b, "\n| invoke %s()", filter)
	return b.String(), nil
}

// identifier writes a name as a KQL identifier: as is when it is one, else
// bracketed (a filter name may start with a digit: ['7zip_..._filter']).
func identifier(name string) string {
	if name != "" && (name[0] < '0' || name[0] > '9') {
		return name
	}
	return "['" + name + "']"
}

// summarizeColumns are the columns summarizeAggregates adds, with their
// types.
var summarizeColumns = [][2]string{{"count", "long"}, {"firstTime", "datetime"}, {"lastTime", "datetime"}}

// hookSchema declares the columns the filter function receives: the
// summarize's by columns and aggregates, typed from the table schema. With
// them declared, a user's filter body may name any of them (a (*) schema
// would let Kusto reject every column reference in the body).
func hookSchema(table string, by []string) (string, error) {
	cols, err := Columns(table)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, c := range by {
		typ, ok := cols[c]
		if !ok {
			return "", fmt.Errorf("table %s has no column %q", table, c)
		}
		parts = append(parts, c+":"+typ)
	}
	for _, c := range summarizeColumns {
		parts = append(parts, c[0]+":"+c[1])
	}
	return strings.Join(parts, ", "), nil
}

// summarizeAggregates gives the count and first/last times that the Splunk
// detections report.
const summarizeAggregates = "count=count(), firstTime=min(Timestamp), lastTime=max(Timestamp)"

// dialect is KQL's boolean syntax: "and" binds tighter than "or"; "not" is
// a function.
var dialect = &render.Dialect{
	Backend:    "kql",
	And:        " and ",
	Or:         " or ",
	Not:        "not",
	NotWrap:    true,
	Open:       "(",
	Close:      ")",
	Prec:       render.Precedence{Or: 1, And: 2, Not: 3},
	ParenMixed: true,
	Leaf:       leaf,
	List:       list,
	MinList:    2,
}

// shapeOps are the string operators per pattern shape, case-insensitive and
// case-sensitive. KQL has no wildcard operator; other shapes become an
// anchored regular expression.
var shapeOps = map[ir.Shape][2]string{
	ir.ShapeExact:    {"=~", "=="},
	ir.ShapePrefix:   {"startswith", "startswith_cs"},
	ir.ShapeSuffix:   {"endswith", "endswith_cs"},
	ir.ShapeContains: {"contains", "contains_cs"},
}

func caseIndex(cased bool) int {
	if cased {
		return 1
	}
	return 0
}

func leaf(m *ir.Match) (string, error) {
	if m.Field == "" {
		return "", render.Unsupported(m.Pos, "keyword", "kql", "this version does not map keywords to a raw-text column yet")
	}
	switch m.Op {
	case ir.OpEq:
		shape, lit := m.Pattern.Shape()
		switch {
		case shape == ir.ShapeAny:
			return "isnotempty(" + m.Field + ")", nil
		case shape == ir.ShapeExact && lit == "":
			return "isempty(" + m.Field + ")", nil
		case shape == ir.ShapeOther:
			return m.Field + " matches regex " + quote(anchoredRegex(m.Pattern, m.Cased)), nil
		}
		return m.Field + " " + shapeOps[shape][caseIndex(m.Cased)] + " " + quote(lit), nil
	case ir.OpExists:
		if m.Exists {
			return "isnotempty(" + m.Field + ")", nil
		}
		return "isempty(" + m.Field + ")", nil
	case ir.OpNull:
		return "isempty(" + m.Field + ")", nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		return fmt.Sprintf("%s %s %v", m.Field, numericOps[m.Op], m.Number), nil
	}
	return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), "kql", "this version does not render it yet")
}

var numericOps = map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}

// anchoredRegex writes a pattern as an RE2 expression over the whole value.
func anchoredRegex(p ir.Pattern, cased bool) string {
	var b strings.Builder
	if !cased {
		b.WriteString("(?i)")
	}
	b.WriteByte('^')
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString("(?s:.*)")
		case ir.AnyChar:
			b.WriteString("(?s:.)")
		default:
			b.WriteString(regexp.QuoteMeta(part.Text))
		}
	}
	b.WriteByte('$')
	return b.String()
}

// list renders plain values as "in~" (or "in" when cased).
func list(ms []*ir.Match) (string, bool) {
	vals := make([]string, 0, len(ms))
	for _, m := range ms {
		shape, lit := m.Pattern.Shape()
		if m.Op != ir.OpEq || shape != ir.ShapeExact || m.Cased != ms[0].Cased || lit == "" {
			return "", false
		}
		vals = append(vals, quote(lit))
	}
	op := " in~ ("
	if ms[0].Cased {
		op = " in ("
	}
	return ms[0].Field + op + strings.Join(vals, ", ") + ")", true
}

// quote writes a string literal of the target.
var quote = render.QuoteEscaped

// schema is the parsed tables.json.
var schema struct {
	Database string                       `json:"database"`
	Tables   map[string]map[string]string `json:"tables"`
}

// Columns returns the columns of a table by name, with their Kusto types.
func Columns(table string) (map[string]string, error) {
	if schema.Tables == nil {
		if err := json.Unmarshal(tablesJSON, &schema); err != nil {
			return nil, fmt.Errorf("tables.json: %v", err)
		}
	}
	cols, ok := schema.Tables[table]
	if !ok {
		return nil, fmt.Errorf("no schema for table %s", table)
	}
	return cols, nil
}

// TablesJSON returns the embedded table schema, in the shape Microsoft's
// Kusto language service takes.
func TablesJSON() []byte { return tablesJSON }
