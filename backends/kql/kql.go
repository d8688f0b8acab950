// Package kql renders rules as Kusto queries for Microsoft Defender XDR
// advanced hunting: the rule's table, a where clause, a summarize in the
// shape of the Splunk detections, and the rule's filter function invoked at
// the end, defined by a pass-through let statement so the query runs as
// printed.
package kql

import (
	"embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

//go:embed pipelines/*.yml
var pipelineFiles embed.FS

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
	filter := render.FilterName(res.Rule.Title)
	by := res.Rule.Fields
	if len(by) == 0 {
		by = res.State.Strings("by_fields")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "let %s = (T:(*)) { T };\n", filter)
	fmt.Fprintf(&b, "%s\n| where %s\n", table, where)
	b.WriteString("| summarize " + summarizeAggregates)
	if len(by) > 0 {
		b.WriteString(" by " + strings.Join(by, ", "))
	}
	fmt.Fprintf(&b, "\n| invoke %s()", filter)
	return b.String(), nil
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
