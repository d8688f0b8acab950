// Package eql renders rules as Elastic Event Query Language queries over
// ECS: "category where condition", with ":" for Sigma's case-insensitive,
// wildcard-aware comparisons. EQL has no macros; a rule's filter hook is an
// Elastic exception list named after the rule's filter, which --format
// exceptions writes for import.
package eql

import (
	"embed"
	"fmt"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

//go:embed pipelines/*.yml
var pipelineFiles embed.FS

// Backend is the EQL target.
type Backend struct{}

// Name implements backends.Backend.
func (Backend) Name() string { return "eql" }

// Doc implements backends.Backend.
func (Backend) Doc() string { return "Elastic EQL over ECS for Elastic Security" }

var formats = []render.Format{
	{Name: "query", Doc: "EQL query: category where condition"},
	{Name: "exceptions", Doc: "NDJSON of the Elastic exception lists (the filter hooks), for the exception lists import API"},
}

// Formats implements backends.Backend.
func (Backend) Formats() []render.Format { return formats }

// Pipelines implements backends.Backend.
func (Backend) Pipelines() ([]*pipeline.Pipeline, error) {
	return pipeline.LoadFS(pipelineFiles, "eql", "pipelines/ecs.yml")
}

// NewConversion implements backends.Backend.
func (b Backend) NewConversion(format string, user []*pipeline.Pipeline) (render.Conversion, error) {
	switch format {
	case "query":
		ps, err := b.Pipelines()
		if err != nil {
			return nil, err
		}
		return &render.QueryConversion{Pipelines: append(ps, user...), Ext: "eql", Query: query}, nil
	case "exceptions":
		return &exceptionsConversion{}, nil
	}
	return nil, fmt.Errorf("eql: unknown format %q", format)
}

func query(res *pipeline.Result, cond ir.Expr) (string, error) {
	category := res.State.String("category")
	if category == "" {
		return "", render.NoTarget(res.Rule, "eql", "ECS event category", "")
	}
	where, err := dialect.Render(cond)
	if err != nil {
		return "", err
	}
	return category + " where " + where, nil
}

// dialect is EQL's boolean syntax: not binds tightest, then and, then or.
var dialect = &render.Dialect{
	Backend:    "eql",
	And:        " and ",
	Or:         " or ",
	Not:        "not ",
	Open:       "(",
	Close:      ")",
	Prec:       render.Precedence{Or: 1, And: 2, Not: 3},
	ParenMixed: true,
	Leaf:       leaf,
	List:       list,
	MinList:    2,
}

// wildcardValue writes a pattern for ":" and "like": "*" and "?" are the
// wildcards; a literal "*" or "?" cannot be told from them there.
func wildcardValue(m *ir.Match) (string, error) {
	var b strings.Builder
	for _, part := range m.Pattern {
		switch part.Kind {
		case ir.AnyString:
			b.WriteByte('*')
		case ir.AnyChar:
			b.WriteByte('?')
		default:
			if strings.ContainsAny(part.Text, "*?") {
				return "", render.Unsupported(m.Pos, "literal '*' or '?'", "eql", "':' and like read them as wildcards")
			}
			b.WriteString(part.Text)
		}
	}
	return quote(b.String()), nil
}

func leaf(m *ir.Match) (string, error) {
	if m.Field == "" {
		return "", render.Unsupported(m.Pos, "keyword", "eql", "EQL has no full-text search; a pipeline must name a field for keywords")
	}
	switch m.Op {
	case ir.OpEq:
		if m.Cased && m.Pattern.IsPlain() {
			return m.Field + " == " + quote(m.Pattern.Text()), nil
		}
		v, err := wildcardValue(m)
		if err != nil {
			return "", err
		}
		if m.Cased {
			return m.Field + " like " + v, nil
		}
		return m.Field + " : " + v, nil
	case ir.OpExists:
		if m.Exists {
			return m.Field + " != null", nil
		}
		return m.Field + " == null", nil
	case ir.OpNull:
		return m.Field + " == null", nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		return fmt.Sprintf("%s %s %v", m.Field, numericOps[m.Op], m.Number), nil
	}
	return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), "eql", "this version does not render it yet")
}

var numericOps = map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}

// list renders "field : (v1, v2)" (wildcards allowed) or, for cased plain
// values, "field in (v1, v2)".
func list(ms []*ir.Match) (string, bool) {
	vals := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.Op != ir.OpEq || m.Cased != ms[0].Cased || (m.Cased && !m.Pattern.IsPlain()) {
			return "", false
		}
		v, err := wildcardValue(m)
		if err != nil {
			return "", false
		}
		vals = append(vals, v)
	}
	op := " : ("
	if ms[0].Cased {
		op = " in ("
	}
	return ms[0].Field + op + strings.Join(vals, ", ") + ")", true
}

// quote writes a string literal of the target.
var quote = render.QuoteEscaped
