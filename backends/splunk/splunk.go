// Package splunk renders rules as Splunk SPL: the tstats data-model search
// of Splunk Enterprise Security (--format tstats), the plain search over
// indexed events (--format search, with a "| where" clause in eval syntax
// for what search terms cannot say: see where.go), the macros.conf the
// searches call (--format macros), and a Splunk app of Enterprise Security
// correlation searches (--format app: see app.go). Every search ends in the
// rule's filter macro, whose default definition "search *" passes
// everything.
package splunk

import (
	"embed"
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

// Backend is the Splunk target.
type Backend struct{}

// Name implements backends.Backend.
func (Backend) Name() string { return "splunk" }

// Doc implements backends.Backend.
func (Backend) Doc() string { return "Splunk SPL: Enterprise Security tstats and plain search" }

// formats: the first is the default.
var formats = []render.Format{
	{Name: "auto", Doc: "tstats where the rule's log source and fields are in a CIM data model, else the plain search (with a note saying why)"},
	{Name: "tstats", Doc: "| tstats over a CIM data model, as Splunk ES detections are written"},
	{Name: "search", Doc: "plain search over the raw events (Sysmon field names, source= of the channel)"},
	{Name: "macros", Doc: "macros.conf stanzas: every filter macro and the helper macros the searches call"},
	{Name: "app", Doc: "a Splunk app (-o DIR): an Enterprise Security correlation search per rule, with its schedule, notable and risk, and the macros"},
}

// Formats implements backends.Backend.
func (Backend) Formats() []render.Format { return formats }

// pipelineFor names the embedded pipeline each format converts with.
var pipelineFor = map[string]string{
	"tstats": "pipelines/splunk_cim.yml",
	"search": "pipelines/splunk_windows.yml",
}

// Pipelines implements backends.Backend: the embedded default pipelines.
func (Backend) Pipelines() ([]*pipeline.Pipeline, error) {
	return pipeline.LoadFS(pipelineFiles, "splunk", "pipelines/splunk_cim.yml", "pipelines/splunk_windows.yml")
}

// NewConversion implements backends.Backend.
func (Backend) NewConversion(format string, user []*pipeline.Pipeline) (render.Conversion, error) {
	if format == "macros" {
		return &macrosConversion{}, nil
	}
	if format == "auto" || format == "app" {
		ts, err := newQueryConversion("tstats", user)
		if err != nil {
			return nil, err
		}
		search, err := newQueryConversion("search", user)
		if err != nil {
			return nil, err
		}
		auto := &autoConversion{tstats: ts, search: search}
		if format == "app" {
			return &appConversion{auto: auto}, nil
		}
		return auto, nil
	}
	return newQueryConversion(format, user)
}

// newQueryConversion is the conversion of the query format tstats or search.
func newQueryConversion(format string, user []*pipeline.Pipeline) (*render.QueryConversion, error) {
	name, ok := pipelineFor[format]
	if !ok {
		return nil, fmt.Errorf("splunk: unknown format %q", format)
	}
	ps, err := pipeline.LoadFS(pipelineFiles, "splunk", name)
	if err != nil {
		return nil, err
	}
	return &render.QueryConversion{Pipelines: append(ps, user...), Ext: "spl", Query: queryFor(format)}, nil
}

// queryFor returns the query assembly of a format.
func queryFor(format string) func(*pipeline.Result, ir.Expr) (string, error) {
	target := "splunk " + format
	return func(res *pipeline.Result, cond ir.Expr) (string, error) {
		emptyIsAbsent := res.State.String("empty_is_absent") == "true"
		rawFormat := res.State.String("raw_format")
		filter := "`" + render.FilterName(res.Rule.Title) + "`"
		if res.State.String("clean_keys") == "true" {
			cleaned, err := cleanRuleFields(cond, target)
			if err != nil {
				return "", err
			}
			cond = cleaned
		}
		if format == "search" {
			return plainSearch(cond, emptyIsAbsent, rawFormat, filter)
		}
		if res.State.String("datamodel") == "" {
			return "", render.NoTarget(res.Rule, "splunk tstats", "CIM data model", "--format search converts it")
		}
		if f := res.State.String("required_field"); f != "" && !requires(cond, f) {
			return "", diag.Errorf(res.Rule.Pos, "%s: %s", target, res.State.String("required_why"))
		}
		where, err := renderSearch(cond, emptyIsAbsent, rawFormat, target)
		if err != nil {
			return "", err
		}
		return tstats(res, where, filter)
	}
}

// renderSearch renders a condition in the search language.
func renderSearch(cond ir.Expr, emptyIsAbsent bool, rawFormat, target string) (string, error) {
	d := *searchDialect
	d.Leaf = func(m *ir.Match) (string, error) { return searchLeaf(m, emptyIsAbsent, rawFormat, target) }
	d.List = func(ms []*ir.Match) (string, bool) { return searchList(ms, emptyIsAbsent) }
	return d.Render(cond)
}

// plainSearch assembles --format search: the conjuncts plain search can
// express, then "| where" with the others in eval syntax, then the filter
// macro.
func plainSearch(cond ir.Expr, emptyIsAbsent bool, rawFormat, filter string) (string, error) {
	searchPart, wherePart := splitWhere(cond)
	q := "*"
	if searchPart != nil {
		s, err := renderSearch(searchPart, emptyIsAbsent, rawFormat, "splunk search")
		if err != nil {
			return "", err
		}
		q = s
	}
	if wherePart != nil {
		w, err := renderWhere(wherePart, emptyIsAbsent, rawFormat)
		if err != nil {
			return "", err
		}
		q += " | where " + w
	}
	return q + " | " + filter, nil
}

// requires reports whether cond can only hold for an event that has field
// equal to some value: a positive match on it, an And with such an
// argument, or an Or whose arguments all are.
func requires(cond ir.Expr, field string) bool {
	switch e := cond.(type) {
	case *ir.Match:
		return e.Field == field && e.Op == ir.OpEq
	case *ir.And:
		for _, a := range e.Args {
			if requires(a, field) {
				return true
			}
		}
	case *ir.Or:
		for _, a := range e.Args {
			if !requires(a, field) {
				return false
			}
		}
		return len(e.Args) > 0
	}
	return false
}

// tstats assembles the data-model search in the shape of Splunk ES
// detections: counts and first/last times by the data set's fields, the
// object name dropped, times formatted, then the filter macro.
func tstats(res *pipeline.Result, where, filter string) (string, error) {
	dm := res.State.String("datamodel")
	object := dm[strings.LastIndex(dm, ".")+1:]
	by := byFields(res)
	var b strings.Builder
	b.WriteString("| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=")
	b.WriteString(dm)
	b.WriteString(" where ")
	b.WriteString(where)
	if len(by) > 0 {
		b.WriteString(" by ")
		b.WriteString(strings.Join(by, " "))
	}
	fmt.Fprintf(&b, " | `drop_dm_object_name(%s)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | %s", object, filter)
	return b.String(), nil
}

// byFields are the fields the tstats search groups by: the rule's own
// "fields:" (mapped by the pipelines), else the data set's by_fields.
func byFields(res *pipeline.Result) []string {
	if len(res.Rule.Fields) > 0 {
		return res.Rule.Fields
	}
	dm := res.State.String("datamodel")
	object := dm[strings.LastIndex(dm, ".")+1:]
	var by []string
	for _, f := range res.State.Strings("by_fields") {
		by = append(by, object+"."+f)
	}
	return by
}

// searchDialect is SPL's search language, used by both the plain search and
// the where clause of tstats: implicit AND, OR binding tighter than AND,
// NOT tightest.
var searchDialect = &render.Dialect{
	Backend:    "splunk",
	And:        " ",
	Or:         " OR ",
	Not:        "NOT ",
	NotWrap:    true,
	Open:       "(",
	Close:      ")",
	Prec:       render.Precedence{Or: 2, And: 1, Not: 3},
	ParenMixed: true,
	MinList:    1,
}

var plainValue = regexp.MustCompile(`^[A-Za-z0-9_.:/-]+$`)

// searchValue renders a pattern as a search value: "*" stays a wildcard.
// The callers keep out the patterns search cannot write (needsEval).
func searchValue(m *ir.Match, quote bool) string {
	var b strings.Builder
	for _, part := range m.Pattern {
		switch part.Kind {
		case ir.AnyString:
			b.WriteByte('*')
		default:
			b.WriteString(part.Text)
		}
	}
	s := b.String()
	if !quote && plainValue.MatchString(s) && !searchKeywords[strings.ToUpper(s)] {
		return s
	}
	return quoteSPL(s)
}

// searchKeywords are words search reads as operators when bare: a value
// spelled like one is quoted.
var searchKeywords = map[string]bool{"AND": true, "OR": true, "NOT": true, "IN": true, "XOR": true, "LIKE": true, "TERM": true, "CASE": true}

// quoteSPL writes a double-quoted SPL string: backslashes and quotes are
// escaped with a backslash.
func quoteSPL(s string) string {
	return `"` + splEscaper.Replace(s) + `"`
}

// splEscaper is built once: a Replacer builds its tables on first use.
var splEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// searchLeaf renders one comparison for target ("splunk search" or
// "splunk tstats"). emptyIsAbsent says that the events come from an
// extraction that creates no field for an empty value (XmlWinEventLog), so
// "equals the empty string" is "has no value".
func searchLeaf(m *ir.Match, emptyIsAbsent bool, rawFormat, target string) (string, error) {
	if m.Field == "" && target != "splunk search" {
		return "", render.Unsupported(m.Pos, fmt.Sprintf("keyword %q", m.Pattern.String()), target,
			"tstats where compares data-model fields and a data model holds no raw event text; --format search converts it")
	}
	if construct, why := needsEval(m); construct != "" {
		if target != "splunk search" {
			why = "tstats where takes search terms only and " + why + "; --format search converts it"
		}
		return "", render.Unsupported(m.Pos, construct, target, why)
	}
	switch m.Op {
	case ir.OpEq:
		if shape, lit := m.Pattern.Shape(); shape == ir.ShapeExact && lit == "" && m.Field != "" && emptyIsAbsent {
			return "NOT " + m.Field + "=*", nil
		}
		v := searchValue(m, m.Field == "")
		if m.Field == "" {
			terms, err := keywordTerms(m, rawFormat, target)
			if err != nil {
				return "", err
			}
			if len(terms) == 1 {
				return terms[0], nil
			}
			return "(" + strings.Join(terms, " OR ") + ")", nil
		}
		return m.Field + "=" + v, nil
	case ir.OpExists:
		if m.Exists {
			return m.Field + "=*", nil
		}
		return "NOT " + m.Field + "=*", nil
	case ir.OpNull:
		// Sigma's null is "absent or empty"; where Splunk keeps empty
		// values (JSON, key-value sources) both must be asked for.
		if emptyIsAbsent {
			return "NOT " + m.Field + "=*", nil
		}
		return "(NOT " + m.Field + "=* OR " + m.Field + "=\"\")", nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		return fmt.Sprintf("%s%s%v", m.Field, numericOps[m.Op], m.Number), nil
	}
	return "", render.Unsupported(m.Pos, "modifier "+m.Op.String(), target, "this version does not render it yet")
}

var numericOps = map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}

// searchList renders "field IN (v1, v2)"; IN takes wildcards in search.
func searchList(ms []*ir.Match, emptyIsAbsent bool) (string, bool) {
	vals := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.Op != ir.OpEq || m.Cased || m.Field == "" || (emptyIsAbsent && len(m.Pattern) == 0) {
			return "", false
		}
		if c, _ := needsEval(m); c != "" {
			return "", false
		}
		vals = append(vals, searchValue(m, true))
	}
	return ms[0].Field + " IN (" + strings.Join(vals, ", ") + ")", true
}
