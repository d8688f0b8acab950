// Package kql renders rules as Kusto queries for Microsoft Defender XDR
// advanced hunting: the rule's table, a where clause, a summarize in the
// shape of the Splunk detections, and the rule's filter function invoked at
// the end, defined by a pass-through let statement so the query runs as
// printed. The sentinel format writes the same shape over Microsoft
// Sentinel's tables, and the sentinel-rule format wraps each sentinel query
// in a scheduled analytic rule (analyticrule.go).
package kql

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

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
func (Backend) Doc() string {
	return "Kusto (KQL) for Microsoft Defender XDR advanced hunting and Microsoft Sentinel"
}

var formats = []render.Format{
	{Name: "defender", Doc: "Defender XDR query: table, where, summarize, invoke of the filter function (defined inline)"},
	{Name: "sentinel", Doc: "Microsoft Sentinel query (SecurityEvent, WindowsEvent, web and cloud tables): table, where, summarize by TimeGenerated, invoke of the filter function (defined inline)"},
	{Name: ruleFormat, Doc: "Microsoft Sentinel scheduled analytic rule (Azure-Sentinel repository YAML) around the sentinel query, one <rule>.yaml per rule, scheduled by the deployment profile"},
}

// formatPipelines are the embedded pipeline of each format, what its
// tables are called in a refusal, pipelines tried first, in order, whose
// conversion wins when it succeeds (sentinel: process_creation from Security
// 4688 where the rule's fields allow, else from Sysmon 1; Security events
// from SecurityEvent where every field has a parsed column, else from the
// Security channel in WindowsEvent), and pipelines tried last, for the rules
// the format's own pipeline refuses (sentinel: the classic events' unnamed
// <Data> in the Event table's EventData XML text). A rule that none
// converts gets the errors of the format's own pipeline.
var formatPipelines = map[string]struct {
	file, tables string
	preferred    []string
	fallback     []string
}{
	"defender": {"pipelines/defender.yml", "Defender XDR table", nil, nil},
	"sentinel": {"pipelines/sentinel.yml", "Sentinel table",
		[]string{"pipelines/sentinel_4688.yml", "pipelines/sentinel_securityevent.yml"},
		[]string{"pipelines/sentinel_event.yml"}},
}

// Formats implements backends.Backend.
func (Backend) Formats() []render.Format { return formats }

// Pipelines implements backends.Backend: the embedded default pipelines.
func (Backend) Pipelines() ([]*pipeline.Pipeline, error) {
	files := []string{formatPipelines["defender"].file}
	s := formatPipelines["sentinel"]
	files = append(files, s.preferred...)
	files = append(files, s.file)
	return pipeline.LoadFS(pipelineFiles, "kql", append(files, s.fallback...)...)
}

// NewConversion implements backends.Backend.
func (b Backend) NewConversion(format string, user []*pipeline.Pipeline) (render.Conversion, error) {
	if format == ruleFormat {
		q, err := b.NewConversion("sentinel", user)
		if err != nil {
			return nil, err
		}
		return &analyticRuleConversion{query: q}, nil
	}
	f, ok := formatPipelines[format]
	if !ok {
		return nil, fmt.Errorf("kql: unknown format %q", format)
	}
	files := append(append(append([]string(nil), f.preferred...), f.file), f.fallback...)
	c := firstOf{main: len(f.preferred)}
	for _, file := range files {
		ps, err := pipeline.LoadFS(pipelineFiles, "kql", file)
		if err != nil {
			return nil, err
		}
		c.convs = append(c.convs, &render.QueryConversion{Pipelines: append(ps, user...), Ext: "kql", Query: func(res *pipeline.Result, cond ir.Expr) (string, error) {
			return query(res, cond, f.tables)
		}})
	}
	if len(c.convs) == 1 {
		return c.convs[0], nil
	}
	return c, nil
}

// firstOf is a conversion that tries several in order: the first that
// converts a rule gives its files; when none does, the errors of the one
// at index main (the format's own pipeline) are the rule's.
type firstOf struct {
	convs []*render.QueryConversion
	main  int
}

// Convert implements render.Conversion.
func (c firstOf) Convert(rule *ir.Rule) ([]render.File, error) {
	var mainErr error
	for i, conv := range c.convs {
		files, err := conv.Convert(rule)
		if err == nil {
			return files, nil
		}
		if i == c.main {
			mainErr = err
		}
	}
	return nil, mainErr
}

// Finish implements render.Conversion; query formats have no batch files.
func (c firstOf) Finish() []render.File { return nil }

// Concurrent implements render.ConcurrentConversion: each conversion it
// tries keeps nothing between rules, and neither does it.
func (c firstOf) Concurrent() {}

// query assembles the Defender or Sentinel query of one condition; tables
// names the format's tables in a refusal.
func query(res *pipeline.Result, cond ir.Expr, tables string) (string, error) {
	table := res.State.String("table")
	if table == "" {
		return "", render.NoTarget(res.Rule, "kql", tables, "")
	}
	cols, _ := Columns(table)
	cond = guardAddresses(cond)
	r := &leafRenderer{table: table, cols: cols, keywordFields: res.State.Strings("keyword_field"),
		dataField: res.State.String("data_elements_field"), negated: map[*ir.Match]bool{}}
	ir.WalkLeaves(cond, func(m *ir.Match, negated bool) {
		if negated {
			r.negated[m] = true
		}
	})
	where, err := dialectFor(r).Render(cond)
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
	timeField := res.State.String("time_field")
	if timeField == "" {
		timeField = "Timestamp"
	}
	fmt.Fprintf(&b, "| summarize count=count(), firstTime=min(%s), lastTime=max(%s)", timeField, timeField)
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

// summarizeColumns are the columns the summarize adds, with their
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

// The summarize gives the count and first/last times that the Splunk
// detections report, over the time column a pipeline names (state
// time_field; Defender's Timestamp by default).

// dialectFor is KQL's boolean syntax, with the leaves of one query: "and"
// binds tighter than "or"; "not" is a function; long chains are grouped.
func dialectFor(r *leafRenderer) *render.Dialect {
	return &render.Dialect{
		Backend:    "kql",
		And:        " and ",
		Or:         " or ",
		Not:        "not",
		NotWrap:    true,
		Open:       "(",
		Close:      ")",
		Prec:       render.Precedence{Or: 1, And: 2, Not: 3},
		ParenMixed: true,
		Leaf:       r.leaf,
		List:       r.list,
		MinList:    2,
		MaxChain:   maxChain,
	}
}

// maxChain is the most operands of one and/or chain: Microsoft's Kusto
// parser nests a chain one level per operand and stops analysing a query
// past its syntax depth limit (KS245, between 400 and 500 operands), so
// longer chains are grouped.
const maxChain = 100

// leafRenderer renders the comparisons of one query: it knows the column
// types of the table (Kusto defines its string operators on strings only),
// the columns that keywords search, when a pipeline names them (state
// keyword_field), and the column holding an event's data as XML text whose
// unnamed <Data> elements a field names (state data_elements_field, see
// dataElement).
type leafRenderer struct {
	table         string
	cols          map[string]string // column -> Kusto type; nil without a schema
	keywordFields []string
	dataField     string
	negated       map[*ir.Match]bool // leaves under an odd number of nots
}

// twoValued makes a comparison that Kusto may evaluate to null (a number
// compared with a missing or non-numeric value, an ipv*_is_in_range of text
// that is no address, two missing numbers compared) false instead, where
// it stands under a not: not(null) is null, which where drops, while
// Sigma's comparison is false there and its negation true. Elsewhere null
// and false keep and drop the same rows, and the comparison is left as is.
func (r *leafRenderer) twoValued(m *ir.Match, s string) string {
	if r.negated[m] {
		return "coalesce(" + s + ", false)"
	}
	return s
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

// str writes a column as the operand of a string operator: as is for a
// string column (or one the schema does not list), converted with
// tostring() for a number, date or boolean, whose text is what Sigma
// compares, and for a property of a dynamic column.
func (r *leafRenderer) str(field string) string {
	if t, ok := r.cols[field]; ok && t != "string" {
		return "tostring(" + field + ")"
	}
	if ref, ok := r.member(field); ok {
		return "tostring(" + ref + ")"
	}
	return field
}

// ref writes a field as a column reference: a property of a dynamic column
// as a member access (see member), anything else as its name.
func (r *leafRenderer) ref(field string) string {
	if ref, ok := r.member(field); ok {
		return ref
	}
	return field
}

// member writes a field that a pipeline mapped to "Column.key" (or deeper)
// as a member access: Column.key where Column is a dynamic column of the
// table, parse_json(Column).key where it is a string column holding JSON
// text (a table has no column whose name holds a dot, so the dot can only
// mean a member). A key that is no plain identifier is subscripted:
// Column["key with space"]. ok is false for any other field.
func (r *leafRenderer) member(field string) (string, bool) {
	col, path, found := strings.Cut(field, ".")
	if !found {
		return "", false
	}
	var b strings.Builder
	switch r.cols[col] {
	case "dynamic":
		b.WriteString(col)
	case "string":
		b.WriteString("parse_json(" + col + ")")
	default:
		return "", false
	}
	for _, key := range strings.Split(path, ".") {
		if plainKey.MatchString(key) {
			b.WriteString("." + key)
		} else {
			b.WriteString("[" + quote(key) + "]")
		}
	}
	return b.String(), true
}

// plainKey is a property name written after a dot; others are subscripted.
var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// known reports whether a field is a column of the table or a property of
// one of its dynamic columns.
func (r *leafRenderer) known(field string) bool {
	if _, ok := r.cols[field]; ok {
		return true
	}
	_, ok := r.member(field)
	return ok
}

// integral reports whether a column holds whole numbers.
func (r *leafRenderer) integral(field string) bool {
	switch r.cols[field] {
	case "long", "int":
		return true
	}
	return false
}

// numeric reports whether a column holds numbers.
func (r *leafRenderer) numeric(field string) bool {
	return r.integral(field) || r.cols[field] == "real" || r.cols[field] == "decimal"
}

// integer returns a literal as a Kusto integer when it is one written
// canonically ("42", not "042" or "+42"), so that a number column compares
// it as the same text Sigma compares.
func integer(lit string) (string, bool) {
	n, err := strconv.ParseInt(lit, 10, 64)
	if err != nil || strconv.FormatInt(n, 10) != lit {
		return "", false
	}
	return lit, true
}

func (r *leafRenderer) leaf(m *ir.Match) (string, error) {
	if m.Field == "" {
		return r.keyword(m)
	}
	if _, at := r.dataPosition(m.Field); m.Field == r.dataField || at {
		return r.dataElement(m)
	}
	switch m.Op {
	case ir.OpEq:
		return r.pattern(m.Field, m.Pattern, m.Cased), nil
	case ir.OpRegex:
		return r.regex(m)
	case ir.OpCIDR:
		return r.cidr(m)
	case ir.OpFieldRef:
		return r.fieldRef(m)
	case ir.OpExists:
		return r.exists(m.Field, m.Exists), nil
	case ir.OpNull:
		return "isempty(" + r.ref(m.Field) + ")", nil
	case ir.OpTimePart:
		return r.twoValued(m, r.timePart(m)), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		if math.IsInf(m.Number, 0) || math.IsNaN(m.Number) {
			return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), "kql", fmt.Sprintf("%v is not a finite number", m.Number))
		}
		f := r.ref(m.Field)
		if !r.numeric(m.Field) {
			f = "toreal(" + f + ")" // Kusto does not order a string against a number
		}
		return r.twoValued(m, f+" "+numericOps[m.Op]+" "+strconv.FormatFloat(m.Number, 'f', -1, 64)), nil
	}
	return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), "kql", "this version does not render it")
}

var numericOps = map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}

// datetimeParts are datetime_part's names of Sigma's timestamp parts; its
// week_of_year is the ISO 8601 week, as Sigma's week is here.
var datetimeParts = map[ir.TimePart]string{
	ir.PartMinute: "minute", ir.PartHour: "hour", ir.PartDay: "day",
	ir.PartWeek: "week_of_year", ir.PartMonth: "month", ir.PartYear: "year",
}

// timePart renders a timestamp part comparison with datetime_part, on the
// column as is when it is a datetime (Timestamp, TimeGenerated), else on
// todatetime() of its text. Kusto's datetimes are UTC. A part that is null
// (no column, no date) is made false under a not, as Sigma's comparison is
// (see twoValued).
func (r *leafRenderer) timePart(m *ir.Match) string {
	col := m.Field
	if r.cols[col] != "datetime" {
		col = "todatetime(" + r.str(col) + ")"
	}
	return fmt.Sprintf("datetime_part(%q, %s) == %d", datetimeParts[m.Part], col, int(m.Number))
}

// exists renders Sigma's exists. A property of a dynamic column is there
// when it is not null (a present "" is there too); a column when it is not
// empty, as a string column cannot tell "" from missing.
func (r *leafRenderer) exists(field string, want bool) string {
	fn := existsFuncs[want]
	if ref, ok := r.member(field); ok {
		return fn.member + "(" + ref + ")"
	}
	return fn.column + "(" + field + ")"
}

// existsFuncs are the tests of exists: true and exists: false, on a column
// and on a member of a dynamic value.
var existsFuncs = map[bool]struct{ column, member string }{
	true:  {"isnotempty", "isnotnull"},
	false: {"isempty", "isnull"},
}

// pattern renders a Sigma pattern on a column.
func (r *leafRenderer) pattern(field string, p ir.Pattern, cased bool) string {
	shape, lit := p.Shape()
	switch {
	case shape == ir.ShapeAny:
		return "isnotempty(" + r.ref(field) + ")"
	case shape == ir.ShapeExact && lit == "":
		return "isempty(" + r.ref(field) + ")"
	case shape == ir.ShapeOther:
		return r.str(field) + " matches regex " + quoteRegex(anchoredRegex(p, cased))
	}
	if n, ok := integer(lit); ok && shape == ir.ShapeExact && r.integral(field) {
		return field + " == " + n
	}
	return r.str(field) + " " + shapeOps[shape][caseIndex(cased)] + " " + quote(lit)
}

// keyword renders a field-less value as a search of the columns a pipeline
// names for it (state keyword_field: one raw-text column, or every column
// that holds a value of the event): the value anywhere in one of them, as
// Sigma's keyword matches inside one value of the event. The column holding
// the event's data as XML text (state data_elements_field) is searched
// element by element (anyDataElement). Defender tables have no single
// column holding the whole event, so without one a keyword is refused.
func (r *leafRenderer) keyword(m *ir.Match) (string, error) {
	if len(r.keywordFields) == 0 {
		return "", render.Unsupported(m.Pos, "keyword", "kql",
			fmt.Sprintf("a keyword searches the whole event and no pipeline names a raw-text column of %s for it (set_state keyword_field)", r.table))
	}
	if m.Op != ir.OpEq {
		return "", render.Unsupported(m.Pos, "keyword with modifier "+m.Op.String(), "kql", "a keyword is a plain value")
	}
	p := render.KeywordPattern(m.Pattern)
	parts := make([]string, 0, len(r.keywordFields))
	for _, col := range r.keywordFields {
		if r.integral(col) && !numberText(p) {
			continue // a whole number's text holds digits and '-' only
		}
		if col == r.dataField {
			s, err := r.anyDataElement(m, p)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
			continue
		}
		parts = append(parts, r.pattern(col, p, m.Cased))
	}
	if len(parts) == 0 {
		return "", render.Unsupported(m.Pos, "keyword", "kql",
			fmt.Sprintf("no column of %s that keywords search can hold this value", r.table))
	}
	return orChain(parts), nil
}

// numberText reports whether a pattern's literal text could be part of a
// whole number's text (digits and '-'); wildcards can be anything.
func numberText(p ir.Pattern) bool {
	for _, part := range p {
		if part.Kind == ir.Literal && strings.Trim(part.Text, "0123456789-") != "" {
			return false
		}
	}
	return true
}

// orChain joins operands with or, parenthesized, in groups of at most
// maxChain (see maxChain); one operand is left as is.
func orChain(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	if len(parts) > maxChain {
		var groups []string
		for len(parts) > 0 {
			n := min(maxChain, len(parts))
			groups = append(groups, orChain(parts[:n]))
			parts = parts[n:]
		}
		return orChain(groups)
	}
	return "(" + strings.Join(parts, " or ") + ")"
}

// regex renders Sigma's re, an unanchored RE2 search with the i, m and s
// flags written inline, as matches regex, which is RE2 too.
func (r *leafRenderer) regex(m *ir.Match) (string, error) {
	if _, p := render.ParseRegex(m); p != nil {
		return "", render.Unsupported(m.Pos, p.Construct, "kql", p.Why("RE2 (matches regex)"))
	}
	return r.str(m.Field) + " matches regex " + quoteRegex(render.RegexSource(m)), nil
}

// addressText is the text an IP address is written in. The ipv4_* and
// ipv6_* functions also read "a.b.c.d/n" and surrounding white space as an
// address, which Sigma's cidr does not: guardAddresses requires it.
const addressText = "^[0-9A-Fa-f.:]+$"

// guardAddresses adds to each cidr comparison (or list of them, on one
// field) that the field's text is an address and nothing more.
func guardAddresses(e ir.Expr) ir.Expr {
	guard := func(m *ir.Match) *ir.Match {
		return &ir.Match{Field: m.Field, Op: ir.OpRegex, Regex: addressText, Mapped: true, Pos: m.Pos}
	}
	switch n := e.(type) {
	case *ir.Match:
		if n.Op == ir.OpCIDR && n.Field != "" {
			return &ir.And{Args: []ir.Expr{n, guard(n)}, Pos: n.Pos}
		}
		return n
	case *ir.Not:
		return &ir.Not{Arg: guardAddresses(n.Arg), Pos: n.Pos}
	case *ir.And:
		args := make([]ir.Expr, len(n.Args))
		for i, a := range n.Args {
			args[i] = guardAddresses(a)
		}
		return &ir.And{Args: args, Pos: n.Pos}
	case *ir.Or:
		if first, ok := cidrList(n); ok {
			return &ir.And{Args: []ir.Expr{n, guard(first)}, Pos: n.Pos}
		}
		args := make([]ir.Expr, len(n.Args))
		for i, a := range n.Args {
			args[i] = guardAddresses(a)
		}
		return &ir.Or{Args: args, FromList: n.FromList, Pos: n.Pos}
	}
	return e
}

// cidrList reports whether an Or compares one field with networks only,
// and returns its first comparison.
func cidrList(n *ir.Or) (*ir.Match, bool) {
	var first *ir.Match
	for _, a := range n.Args {
		m, ok := a.(*ir.Match)
		if !ok || m.Op != ir.OpCIDR || m.Field == "" || (first != nil && m.Field != first.Field) {
			return nil, false
		}
		if first == nil {
			first = m
		}
	}
	return first, first != nil
}

// mappedIPv4 is where the ipv6_* functions put IPv4 addresses.
var mappedIPv4 = netip.MustParsePrefix("::ffff:0:0/96")

// cidr renders Sigma's cidr with the function of the network's address
// family.
func (r *leafRenderer) cidr(m *ir.Match) (string, error) {
	p, err := netip.ParsePrefix(m.CIDR)
	if err != nil {
		return "", render.Unsupported(m.Pos, "cidr "+m.CIDR, "kql", "it is not a network: "+err.Error())
	}
	fn := "ipv4_is_in_range"
	if p.Addr().Is6() {
		if p.Overlaps(mappedIPv4) {
			return "", render.Unsupported(m.Pos, "cidr "+m.CIDR, "kql",
				"the network holds ::ffff:0:0/96, where ipv6_is_in_range also finds IPv4 addresses, and Sigma's cidr does not")
		}
		fn = "ipv6_is_in_range"
	}
	return r.twoValued(m, fn+"("+r.str(m.Field)+", "+quote(m.CIDR)+")"), nil
}

// fieldRef renders Sigma's fieldref, the values of two fields equal, case
// included, as a comparison of two columns; columns of different types
// compare as text.
func (r *leafRenderer) fieldRef(m *ir.Match) (string, error) {
	if r.cols != nil && !r.known(m.Ref) {
		return "", render.Unsupported(m.Pos, "fieldref "+m.Ref, "kql", fmt.Sprintf("no pipeline maps %q to a column of %s", m.Ref, r.table))
	}
	a, b := m.Field, m.Ref
	_, memberA := r.member(a)
	_, memberB := r.member(b)
	switch {
	case memberA || memberB:
		return r.str(a) + " == " + r.str(b), nil // as text
	case r.cols[a] != r.cols[b]:
		return "tostring(" + a + ") == tostring(" + b + ")", nil
	case r.cols[a] == "string" || r.cols == nil:
		return a + " == " + b, nil // strings are never null
	}
	return r.twoValued(m, a+" == "+b), nil // two missing numbers compare as null
}

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

// list renders plain values as "in~" (or "in" when cased; numbers on a
// number column).
func (r *leafRenderer) list(ms []*ir.Match) (string, bool) {
	field := ms[0].Field
	if _, at := r.dataPosition(field); field == "" || field == r.dataField || at {
		return "", false
	}
	vals := make([]string, 0, len(ms))
	ints := r.integral(field)
	for _, m := range ms {
		shape, lit := m.Pattern.Shape()
		if m.Op != ir.OpEq || shape != ir.ShapeExact || m.Cased != ms[0].Cased || lit == "" {
			return "", false
		}
		if _, ok := integer(lit); !ok {
			ints = false
		}
		vals = append(vals, lit)
	}
	if ints {
		return field + " in (" + strings.Join(vals, ", ") + ")", true
	}
	for i, v := range vals {
		vals[i] = quote(v)
	}
	op := " in~ ("
	if ms[0].Cased {
		op = " in ("
	}
	return r.str(field) + op + strings.Join(vals, ", ") + ")", true
}

// quoteRegex writes a regular expression as a string literal: verbatim
// (@"...": backslashes as they are, a quote doubled) when it holds a
// backslash and no control character, else with escapes.
func quoteRegex(s string) string {
	if !strings.Contains(s, `\`) || strings.ContainsFunc(s, unicode.IsControl) {
		return quote(s)
	}
	return `@"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quote writes a string literal of the target.
var quote = render.QuoteEscaped

// schema is the parsed tables.json.
var schema struct {
	Database string                       `json:"database"`
	Tables   map[string]map[string]string `json:"tables"`
}

// loadSchema parses tables.json once: conversions run on several goroutines.
var loadSchema = sync.OnceValue(func() error { return json.Unmarshal(tablesJSON, &schema) })

// Columns returns the columns of a table by name, with their Kusto types.
func Columns(table string) (map[string]string, error) {
	if err := loadSchema(); err != nil {
		return nil, fmt.Errorf("tables.json: %v", err)
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
