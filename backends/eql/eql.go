// Package eql renders rules as Elastic Event Query Language queries over
// ECS: "category where condition", with ":" for Sigma's case-insensitive,
// wildcard-aware comparisons. EQL has no macros; a rule's filter hook is an
// Elastic exception list named after the rule's filter, which --format
// exceptions writes for import. --format rule writes Kibana detection rules
// (rule.go).
package eql

import (
	"embed"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"unicode"

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
	{Name: "rule", Doc: "Kibana detection rules (type eql) with their exception lists, NDJSON for the rules import API"},
}

// Formats implements backends.Backend.
func (Backend) Formats() []render.Format { return formats }

// Pipelines implements backends.Backend.
func (Backend) Pipelines() ([]*pipeline.Pipeline, error) {
	return pipeline.LoadFS(pipelineFiles, "eql", "pipelines/ecs.yml", "pipelines/ecs_windows.yml")
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
	case "rule":
		qc, err := b.NewConversion("query", user)
		if err != nil {
			return nil, err
		}
		ps, err := b.Pipelines()
		if err != nil {
			return nil, err
		}
		index, err := pipeline.LoadFS(pipelineFiles, "eql", "pipelines/kibana_index.yml")
		if err != nil {
			return nil, err
		}
		return newRuleConversion(qc.(*render.QueryConversion), ps, index[0], user), nil
	}
	return nil, fmt.Errorf("eql: unknown format %q", format)
}

func query(res *pipeline.Result, cond ir.Expr) (string, error) {
	category := res.State.String("category")
	if category == "" {
		return "", render.NoTarget(res.Rule, "eql", "ECS event category", "")
	}
	r := &leafRenderer{keywordField: res.State.String("keyword_field"), types: fieldTypes(res.State)}
	where, err := dialectFor(r).Render(cond)
	if err != nil {
		return "", err
	}
	return category + " where " + where, nil
}

// dialectFor is EQL's boolean syntax, with the leaves of one query: not
// binds tightest, then and, then or.
func dialectFor(r *leafRenderer) *render.Dialect {
	return &render.Dialect{
		Backend:    "eql",
		And:        " and ",
		Or:         " or ",
		Not:        "not ",
		Open:       "(",
		Close:      ")",
		Prec:       render.Precedence{Or: 1, And: 2, Not: 3},
		ParenMixed: true,
		Leaf:       r.leaf,
		List:       r.list,
		MinList:    2,
	}
}

// leafRenderer renders the comparisons of one query; keywordField is the
// field a pipeline names for keywords (state keyword_field), if any; types
// are the fields a pipeline names as boolean or integer (see typedLiteral).
type leafRenderer struct {
	keywordField string
	types        map[string]literalType
}

// literalType is the mapping type of a field a pipeline names in state
// boolean_fields or integer_fields: its values are compared with "==" and
// a literal of that type, as EQL's syntax reference compares numbers and
// booleans, not with ":", which compares strings.
type literalType int

const (
	typeBoolean literalType = iota + 1
	typeInteger
)

// fieldTypes reads the typed fields of the pipeline state.
func fieldTypes(s pipeline.State) map[string]literalType {
	types := map[string]literalType{}
	for key, t := range map[string]literalType{"boolean_fields": typeBoolean, "integer_fields": typeInteger} {
		for _, f := range s.Strings(key) {
			types[f] = t
		}
	}
	return types
}

// typedLiteral writes a plain value as a literal of the field's type: true
// or false (in any case, as Sigma compares) for a boolean field, a decimal
// whole number for an integer field, written as the source writes one (no
// sign, no leading zero: Sigma compares the text, which "0100" never is).
// ok is false for any other value.
func typedLiteral(t literalType, p ir.Pattern) (string, bool) {
	if !p.IsPlain() || len(p) == 0 {
		return "", false
	}
	text := p.Text()
	if t == typeBoolean {
		switch b := strings.ToLower(text); b {
		case "true", "false":
			return b, true
		}
		return "", false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	return text, err == nil && strconv.FormatInt(n, 10) == text && n >= 0
}

// typedNames are the types as errors name them.
var typedNames = map[literalType]string{typeBoolean: "true or false", typeInteger: "a whole number"}

// typed renders a comparison on a boolean or integer field: a plain value
// of the type with "==", a null as the field absent (the ingest stores no
// empty value in such a field), existence and numeric bounds as for any
// field; any other comparison is refused.
func typed(m *ir.Match, t literalType) (string, bool, error) {
	switch m.Op {
	case ir.OpExists, ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		return "", false, nil
	case ir.OpNull:
		return fieldName(m.Field) + " == null", true, nil
	case ir.OpEq:
		if lit, ok := typedLiteral(t, m.Pattern); ok {
			return fieldName(m.Field) + " == " + lit, true, nil
		}
	}
	return "", true, render.Unsupported(m.Pos, "field "+m.Field, "eql",
		"the ingest stores it in a field that holds "+typedNames[t]+" only, compared with == and a literal of that type; only such a plain value is compared")
}

// wildcardValue writes a pattern for ":" and "like": "*" and "?" are the
// wildcards. ok is false when the pattern holds a literal "*" or "?",
// which Elasticsearch cannot tell from a wildcard there (it has no escape).
func wildcardValue(p ir.Pattern) (string, bool) {
	var b strings.Builder
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			b.WriteByte('*')
		case ir.AnyChar:
			b.WriteByte('?')
		default:
			if strings.ContainsAny(part.Text, "*?") {
				return "", false
			}
			b.WriteString(part.Text)
		}
	}
	return quote(b.String()), true
}

func (r *leafRenderer) leaf(m *ir.Match) (string, error) {
	if m.Field == "" {
		return r.keyword(m)
	}
	if t := r.types[m.Field]; t != 0 {
		if q, done, err := typed(m, t); done {
			return q, err
		}
	}
	if f := fieldName(m.Field); f != m.Field {
		c := *m
		c.Field = f
		m = &c
	}
	switch m.Op {
	case ir.OpEq:
		if len(m.Pattern) == 0 {
			return emptyValue(m.Field, m.Cased), nil
		}
		return pattern(m.Field, m.Pattern, m.Cased), nil
	case ir.OpRegex:
		return regex(m)
	case ir.OpCIDR:
		return cidr(m)
	case ir.OpFieldRef:
		return "", render.Unsupported(m.Pos, "fieldref "+m.Ref, "eql",
			"Elasticsearch EQL cannot compare a field with another field (the right side of a comparison must be a literal)")
	case ir.OpExists:
		if m.Exists {
			return m.Field + " != null", nil
		}
		return m.Field + " == null", nil
	case ir.OpNull: // Sigma's null: absent or empty
		return emptyValue(m.Field, false), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		if math.IsInf(m.Number, 0) || math.IsNaN(m.Number) {
			return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), "eql", fmt.Sprintf("%v is not a finite number", m.Number))
		}
		return m.Field + " " + numericOps[m.Op] + " " + strconv.FormatFloat(m.Number, 'f', -1, 64), nil
	case ir.OpTimePart:
		return "", render.Unsupported(m.Pos, "modifier "+string(m.Part), "eql",
			"Elasticsearch EQL has no date functions (its function reference lists string, math and network functions, and the math ones take numeric fields only, not a date)")
	}
	return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), "eql", "this version does not render it")
}

var numericOps = map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}

// pattern renders a Sigma pattern on a field: "==" for a cased plain
// value, ":" (like when cased) with its wildcards, and a Lucene regular
// expression over the whole value (regex~, or regex when cased) for a
// pattern holding a literal "*" or "?", which ":" and like would read as
// wildcards.
func pattern(field string, p ir.Pattern, cased bool) string {
	if cased && p.IsPlain() {
		return field + " == " + quote(p.Text())
	}
	if v, ok := wildcardValue(p); ok {
		if cased {
			return field + " like " + v
		}
		return field + " : " + v
	}
	if cased {
		return field + " regex " + quoteRegex(lucenePattern(p))
	}
	return field + " regex~ " + quoteRegex(lucenePattern(p))
}

// emptyValue renders Sigma's empty value (and its null, absent or
// empty). Elastic's Sysmon and PowerShell
// pipelines remove empty values (MAPPINGS §6 [EI, EP]) and the winlog input
// may keep them, so an empty value is the field absent or empty: exact
// whichever the ingest does.
func emptyValue(field string, cased bool) string {
	op := " : "
	if cased {
		op = " == "
	}
	return "(" + field + " == null or " + field + op + `"")`
}

// keyword renders a field-less value as a search of the field a pipeline
// names for keywords; EQL has no full-text search, so without one a
// keyword is refused.
func (r *leafRenderer) keyword(m *ir.Match) (string, error) {
	if r.keywordField == "" {
		return "", render.Unsupported(m.Pos, "keyword", "eql",
			"EQL has no full-text search and no pipeline names a field for keywords (set_state keyword_field)")
	}
	if m.Op != ir.OpEq {
		return "", render.Unsupported(m.Pos, "keyword with modifier "+m.Op.String(), "eql", "a keyword is a plain value")
	}
	return pattern(r.keywordField, render.KeywordPattern(m.Pattern), m.Cased), nil
}

// regex renders Sigma's re, an unanchored RE2 search, as a Lucene regular
// expression over the whole value (see lucene.go).
func regex(m *ir.Match) (string, error) {
	re, p := render.ParseRegex(m)
	if p != nil {
		return "", render.Unsupported(m.Pos, p.Construct, "eql", p.Why("a Lucene regular expression"))
	}
	text, insensitive, lp := luceneRegex(re)
	if lp != nil {
		return "", render.Unsupported(m.Pos, lp.construct, "eql", lp.why)
	}
	if insensitive {
		return m.Field + " regex~ " + quoteRegex(text), nil
	}
	return m.Field + " regex " + quoteRegex(text), nil
}

// mappedIPv4 is where an ip field keeps IPv4 addresses.
var mappedIPv4 = netip.MustParsePrefix("::ffff:0:0/96")

// cidr renders Sigma's cidr as cidrMatch, IPv4 and IPv6 alike.
func cidr(m *ir.Match) (string, error) {
	p, err := netip.ParsePrefix(m.CIDR)
	if err != nil {
		return "", render.Unsupported(m.Pos, "cidr "+m.CIDR, "eql", "it is not a network: "+err.Error())
	}
	if p.Addr().Is6() && p.Overlaps(mappedIPv4) {
		return "", render.Unsupported(m.Pos, "cidr "+m.CIDR, "eql",
			"the network holds ::ffff:0:0/96, where an ip field keeps IPv4 addresses, so cidrMatch would also find IPv4 addresses, and Sigma's cidr does not")
	}
	return "cidrMatch(" + m.Field + ", " + quote(m.CIDR) + ")", nil
}

// list renders "field : (v1, v2)" (wildcards allowed) or, for cased
// values, "field in (v1, v2)" when they are plain and "field like (v1,
// v2)" otherwise.
func (r *leafRenderer) list(ms []*ir.Match) (string, bool) {
	if ms[0].Field == "" {
		return "", false
	}
	if t := r.types[ms[0].Field]; t != 0 {
		return typedList(ms, t)
	}
	vals := make([]string, 0, len(ms))
	plain := true
	for _, m := range ms {
		if m.Op != ir.OpEq || m.Cased != ms[0].Cased {
			return "", false
		}
		v, ok := wildcardValue(m.Pattern)
		if !ok || len(m.Pattern) == 0 {
			return "", false
		}
		plain = plain && m.Pattern.IsPlain()
		vals = append(vals, v)
	}
	op := " : ("
	switch {
	case ms[0].Cased && plain:
		op = " in ("
	case ms[0].Cased:
		op = " like ("
	}
	return fieldName(ms[0].Field) + op + strings.Join(vals, ", ") + ")", true
}

// typedList renders plain values of a boolean or integer field as "field in
// (v1, v2)"; ok is false when one is not such a value (each is then
// rendered, or refused, on its own).
func typedList(ms []*ir.Match, t literalType) (string, bool) {
	vals := make([]string, 0, len(ms))
	for _, m := range ms {
		lit, ok := typedLiteral(t, m.Pattern)
		if m.Op != ir.OpEq || !ok {
			return "", false
		}
		vals = append(vals, lit)
	}
	return fieldName(ms[0].Field) + " in (" + strings.Join(vals, ", ") + ")", true
}

// fieldName writes a field for EQL: a part of the dotted path that is not
// an identifier (Winlogbeat keeps EventData names such as "Threat Name" as
// written) is backtick-quoted, a backtick in it doubled.
func fieldName(f string) string {
	parts := strings.Split(f, ".")
	for i, p := range parts {
		if !isIdent(p) {
			parts[i] = "`" + strings.ReplaceAll(p, "`", "``") + "`"
		}
	}
	return strings.Join(parts, ".")
}

func isIdent(p string) bool {
	for i, c := range p {
		letter := c == '_' || c == '@' && i == 0 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return p != ""
}

// quote writes an EQL string literal: backslash and double quote escaped,
// newline, carriage return and tab as \n, \r, \t, other control characters
// as \u{XX}.
func quote(s string) string { return render.QuoteEscapedWith(s, controlEscape) }

// controlEscape writes a control character as EQL's \u{XX}.
func controlEscape(r rune) string {
	if unicode.IsControl(r) {
		return fmt.Sprintf(`\u{%02X}`, r)
	}
	return ""
}

// quoteRegex writes a regular expression as a raw string ("""...""",
// backslashes as they are) when it holds a backslash and neither a double
// quote nor a control character, else as an ordinary string.
func quoteRegex(s string) string {
	if !strings.Contains(s, `\`) || strings.Contains(s, `"`) || strings.ContainsFunc(s, unicode.IsControl) {
		return quote(s)
	}
	return `"""` + s + `"""`
}
