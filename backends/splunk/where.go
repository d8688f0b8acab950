package splunk

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// A plain search cannot say everything Sigma can: it has no
// single-character wildcard, cannot escape "*", compares case-insensitively
// and has no regular expressions or field-to-field comparison. Those leaves
// are rendered in eval syntax after "| where": the conjuncts of the
// condition that plain search can express stay in the search (the log
// source's source= and EventCode= among them), the others become the where
// clause. A row passes when both hold, so the split is exact.
//
// eval logic is three-valued: a function of a missing field is null, NOT
// null is null, and where drops a row whose clause is not true. Sigma's
// "not" keeps an event without the field, so every leaf that stands under an
// odd number of NOTs is made two-valued by a guard (isnotnull(f) AND ...).
// Leaves under no NOT (or an even number) may stay null: AND and OR are
// monotone, so null there decides exactly as false does.

// evalDialect is SPL's eval/where expression language: NOT binds tighter
// than AND, AND tighter than OR; comparisons bind tighter than NOT.
var evalDialect = render.Dialect{
	Backend:    "splunk",
	And:        " AND ",
	Or:         " OR ",
	Not:        "NOT ",
	Open:       "(",
	Close:      ")",
	Prec:       render.Precedence{Or: 1, And: 2, Not: 3},
	ParenMixed: true,
}

// needsEval names the reason a leaf cannot be a search term, or "" when it
// can.
func needsEval(m *ir.Match) (construct, why string) {
	if m.Field == "" {
		return keywordRegexReason(m)
	}
	if c, why := fieldNeedsEval(m.Field); c != "" {
		return c, why
	}
	switch m.Op {
	case ir.OpRegex:
		return "modifier re", "search has no regular expressions"
	case ir.OpCIDR:
		return "modifier cidr", "a search value in CIDR notation also matches its own text and addresses with spaces around them"
	case ir.OpFieldRef:
		return "modifier fieldref", "search compares a field with a value, not with another field"
	case ir.OpTimePart:
		return "modifier " + string(m.Part), "search terms cannot take a part of a date"
	case ir.OpEq:
		if m.Cased && hasCasedLetter(m.Pattern) {
			return "cased", "search compares values case-insensitively"
		}
		for _, part := range m.Pattern {
			switch {
			case part.Kind == ir.AnyChar:
				return "wildcard '?'", "SPL search has no single-character wildcard"
			case part.Kind == ir.Literal && strings.Contains(part.Text, "*"):
				return "literal '*'", "SPL search cannot escape '*' in a term"
			}
		}
	}
	return "", ""
}

// hasCasedLetter reports whether a literal of the pattern holds a letter
// that case folding changes.
func hasCasedLetter(p ir.Pattern) bool {
	for _, part := range p {
		for _, r := range part.Text {
			if unicode.SimpleFold(r) != r {
				return true
			}
		}
	}
	return false
}

// exprNeedsEval reports whether any leaf of e needs eval.
func exprNeedsEval(e ir.Expr) bool {
	found := false
	ir.Walk(e, func(x ir.Expr) bool {
		if m, ok := x.(*ir.Match); ok {
			if c, _ := needsEval(m); c != "" {
				found = true
			}
		}
		return !found
	})
	return found
}

// conjuncts flattens the top-level And of a condition. A negated Or whose
// alternatives need eval only in part is split by De Morgan into the
// negation of the part search can express and the negation of the rest, so
// that a filter with one regular expression keeps its other values in the
// search.
func conjuncts(e ir.Expr) []ir.Expr {
	switch n := e.(type) {
	case *ir.And:
		var out []ir.Expr
		for _, a := range n.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	case *ir.Not:
		switch inner := n.Arg.(type) {
		case *ir.Not:
			return conjuncts(inner.Arg)
		case *ir.Or:
			var plain, eval []ir.Expr
			for _, a := range inner.Args {
				if exprNeedsEval(a) {
					eval = append(eval, a)
				} else {
					plain = append(plain, a)
				}
			}
			if len(plain) > 0 && len(eval) > 0 {
				return []ir.Expr{
					&ir.Not{Arg: &ir.Or{Args: plain, FromList: inner.FromList, Pos: inner.Pos}, Pos: n.Pos},
					&ir.Not{Arg: &ir.Or{Args: eval, FromList: inner.FromList, Pos: inner.Pos}, Pos: n.Pos},
				}
			}
		}
	}
	return []ir.Expr{e}
}

// splitWhere separates the conjuncts plain search can express from those
// that need eval. Either may be nil.
func splitWhere(cond ir.Expr) (search, where ir.Expr) {
	var s, w []ir.Expr
	for _, c := range conjuncts(cond) {
		if exprNeedsEval(c) {
			w = append(w, c)
		} else {
			s = append(s, c)
		}
	}
	return andOf(s, cond.Position()), andOf(w, cond.Position())
}

func andOf(args []ir.Expr, pos diag.Pos) ir.Expr {
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	return &ir.And{Args: args, Pos: pos}
}

// evalBuilder turns a condition into a tree whose leaves are eval text, so
// that the renderer still decides every parenthesis.
type evalBuilder struct {
	emptyIsAbsent bool
	rawFormat     string
	text          map[*ir.Match]string
}

// renderWhere renders a condition in eval syntax.
func renderWhere(cond ir.Expr, emptyIsAbsent bool, rawFormat string) (string, error) {
	b := &evalBuilder{emptyIsAbsent: emptyIsAbsent, rawFormat: rawFormat, text: map[*ir.Match]string{}}
	tree, err := b.build(cond, false)
	if err != nil {
		return "", err
	}
	d := evalDialect
	d.Leaf = func(m *ir.Match) (string, error) { return b.text[m], nil }
	return d.Render(tree)
}

// raw is a leaf of ready eval text.
func (b *evalBuilder) raw(pos diag.Pos, text string) ir.Expr {
	m := &ir.Match{Pos: pos}
	b.text[m] = text
	return m
}

func (b *evalBuilder) build(e ir.Expr, negated bool) (ir.Expr, error) {
	switch n := e.(type) {
	case *ir.And:
		args, err := b.buildAll(n.Args, negated)
		return &ir.And{Args: args, Pos: n.Pos}, err
	case *ir.Or:
		if n.FromList {
			if x, ok, err := b.list(n, negated); ok || err != nil {
				return x, err
			}
		}
		args, err := b.buildAll(n.Args, negated)
		return &ir.Or{Args: args, Pos: n.Pos}, err
	case *ir.Not:
		arg, err := b.build(n.Arg, !negated)
		return &ir.Not{Arg: arg, Pos: n.Pos}, err
	case *ir.Match:
		return b.leaf(n, negated)
	}
	return nil, fmt.Errorf("splunk: unknown node %T", e)
}

func (b *evalBuilder) buildAll(es []ir.Expr, negated bool) ([]ir.Expr, error) {
	out := make([]ir.Expr, len(es))
	for i, e := range es {
		x, err := b.build(e, negated)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// guarded is a leaf that is null when a field is missing: under an odd
// number of NOTs it is made false instead, by guards that are never null.
func (b *evalBuilder) guarded(m *ir.Match, negated bool, text string, guards ...string) ir.Expr {
	if !negated {
		return b.raw(m.Pos, text)
	}
	and := &ir.And{Pos: m.Pos}
	for _, g := range guards {
		and.Args = append(and.Args, b.raw(m.Pos, g))
	}
	and.Args = append(and.Args, b.raw(m.Pos, text))
	return and
}

func (b *evalBuilder) leaf(m *ir.Match, negated bool) (ir.Expr, error) {
	if m.Field == "" {
		return b.keyword(m)
	}
	f := evalField(m.Field)
	notNull := "isnotnull(" + f + ")"
	switch m.Op {
	case ir.OpEq:
		switch shape, lit := m.Pattern.Shape(); {
		case shape == ir.ShapeExact && lit == "" && b.emptyIsAbsent:
			return b.raw(m.Pos, "isnull("+f+")"), nil
		case shape == ir.ShapeAny:
			return b.raw(m.Pos, notNull), nil
		}
		return b.guarded(m, negated, patternCond(f, m.Pattern, m.Cased), notNull), nil
	case ir.OpRegex:
		re, err := regexPCRE(m, "splunk search")
		if err != nil {
			return nil, err
		}
		return b.guarded(m, negated, "match("+f+", "+quoteSPL(re)+")", notNull), nil
	case ir.OpCIDR:
		return b.cidr([]*ir.Match{m}, negated)
	case ir.OpExists:
		if m.Exists {
			return b.raw(m.Pos, notNull), nil
		}
		return b.raw(m.Pos, "isnull("+f+")"), nil
	case ir.OpNull:
		if b.emptyIsAbsent {
			return b.raw(m.Pos, "isnull("+f+")"), nil
		}
		return &ir.Or{Pos: m.Pos, Args: []ir.Expr{b.raw(m.Pos, "isnull("+f+")"), b.raw(m.Pos, f+`==""`)}}, nil
	case ir.OpFieldRef:
		// The values compare as text: == would compare two numbers
		// numerically (1.0 equal to 1), Sigma compares the values as
		// written.
		ref := evalField(m.Ref)
		return b.guarded(m, negated, "tostring("+f+")==tostring("+ref+")", notNull, "isnotnull("+ref+")"), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		return b.guarded(m, negated, fmt.Sprintf("tonumber(%s)%s%s", f, numericOps[m.Op], formatNumber(m.Number)), "isnum("+f+")"), nil
	case ir.OpTimePart:
		text, err := timePart(m, f)
		if err != nil {
			return nil, err
		}
		return b.guarded(m, negated, text, "isnum("+f+")"), nil
	}
	return nil, render.Unsupported(m.Pos, "modifier "+m.Op.String(), "splunk search", "this version does not render it yet")
}

// keyword renders a field-less value as searchmatch() of the search term,
// which matches _raw exactly as the term does in a search, or, where no
// term can say it, as match() of _raw with an expression confined to one
// value (rawregex.go).
func (b *evalBuilder) keyword(m *ir.Match) (ir.Expr, error) {
	if m.Op != ir.OpEq {
		return nil, render.Unsupported(m.Pos, "keyword with modifier "+m.Op.String(), "splunk search", "a keyword is a search term")
	}
	if c, _ := keywordRegexReason(m); c != "" {
		re, err := keywordRawRegex(m, b.rawFormat)
		if err != nil {
			return nil, err
		}
		return b.raw(m.Pos, "match(_raw, "+quoteSPL(re)+")"), nil
	}
	terms, err := keywordTerms(m, b.rawFormat, "splunk search")
	if err != nil {
		return nil, err
	}
	if len(terms) == 1 {
		return b.raw(m.Pos, "searchmatch("+quoteSPL(terms[0])+")"), nil
	}
	or := &ir.Or{Pos: m.Pos}
	for _, t := range terms {
		or.Args = append(or.Args, b.raw(m.Pos, "searchmatch("+quoteSPL(t)+")"))
	}
	return or, nil
}

// cidr renders "the field is an address in one of the networks".
// cidrmatch() trims spaces around the address and Sigma's cidr does not,
// so the value must hold only the characters of an address as well.
func (b *evalBuilder) cidr(ms []*ir.Match, negated bool) (ir.Expr, error) {
	m := ms[0]
	f := evalField(m.Field)
	nets := &ir.Or{Pos: m.Pos}
	for _, n := range ms {
		prefix, err := netip.ParsePrefix(n.CIDR)
		if err != nil {
			return nil, render.Unsupported(n.Pos, fmt.Sprintf("cidr %q", n.CIDR), "splunk search", "it is not a network: "+err.Error())
		}
		nets.Args = append(nets.Args, b.raw(n.Pos, "cidrmatch("+quoteSPL(prefix.String())+", "+f+")"))
	}
	and := &ir.And{Pos: m.Pos, Args: []ir.Expr{b.raw(m.Pos, "match("+f+", "+quoteSPL(`^[0-9A-Fa-f.:]+\z`)+")"), nets}}
	if negated {
		and.Args = append([]ir.Expr{b.raw(m.Pos, "isnotnull("+f+")")}, and.Args...)
	}
	return and, nil
}

// list renders a YAML list of values of one field as one expression: the
// networks of cidr under one address check, the patterns as one match()
// with an alternative per value.
func (b *evalBuilder) list(n *ir.Or, negated bool) (ir.Expr, bool, error) {
	if len(n.Args) < 2 {
		return nil, false, nil
	}
	if ms, ok := sameFieldLeaves(n.Args, ir.OpCIDR); ok {
		x, err := b.cidr(ms, negated)
		return x, true, err
	}
	ms, ok := sameFieldLeaves(n.Args, ir.OpEq)
	if !ok {
		return nil, false, nil
	}
	var alts []string
	dotAll := false
	first := ms[0]
	for _, m := range ms {
		if shape, lit := m.Pattern.Shape(); shape == ir.ShapeAny || (shape == ir.ShapeExact && lit == "") {
			return nil, false, nil
		}
		re, all := patternPCRE(m.Pattern, m.Cased)
		alts = append(alts, re)
		dotAll = dotAll || all
	}
	re := strings.Join(alts, "|")
	if dotAll {
		re = "(?s)" + re
	}
	f := evalField(first.Field)
	return b.guarded(first, negated, "match("+f+", "+quoteSPL(re)+")", "isnotnull("+f+")"), true, nil
}

// sameFieldLeaves returns the arguments as leaves when each is a
// comparison op of one and the same field.
func sameFieldLeaves(args []ir.Expr, op ir.Op) ([]*ir.Match, bool) {
	ms := make([]*ir.Match, 0, len(args))
	for _, a := range args {
		m, ok := a.(*ir.Match)
		if !ok || m.Op != op || m.Field == "" || (len(ms) > 0 && m.Field != ms[0].Field) {
			return nil, false
		}
		ms = append(ms, m)
	}
	return ms, true
}

// patternCond renders "the field matches the pattern": == for a value
// without wildcards, like() for wildcards, match() where case must fold or
// a literal holds a character like() reads as a wildcard (% _) or may read
// as an escape (\); like() has no documented escape.
func patternCond(f string, p ir.Pattern, cased bool) string {
	folds := !cased && hasASCIILetter(p)
	if !folds && likeSafe(p) {
		if shape, lit := p.Shape(); shape == ir.ShapeExact {
			return f + "==" + quoteSPL(lit)
		}
		var b strings.Builder
		for _, part := range p {
			switch part.Kind {
			case ir.AnyString:
				b.WriteByte('%')
			case ir.AnyChar:
				b.WriteByte('_')
			default:
				b.WriteString(part.Text)
			}
		}
		return "like(" + f + ", " + quoteSPL(b.String()) + ")"
	}
	re, dotAll := patternPCRE(p, cased)
	if dotAll {
		re = "(?s)" + re
	}
	return "match(" + f + ", " + quoteSPL(re) + ")"
}

func hasASCIILetter(p ir.Pattern) bool {
	for _, part := range p {
		for _, r := range part.Text {
			if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
				return true
			}
		}
	}
	return false
}

// likeSafe reports whether the literals of a pattern can stand in a like()
// pattern or == string as they are: no % _ \ and no control characters.
func likeSafe(p ir.Pattern) bool {
	for _, part := range p {
		if strings.ContainsFunc(part.Text, func(r rune) bool {
			return r == '%' || r == '_' || r == '\\' || r < 0x20 || r == 0x7f
		}) {
			return false
		}
	}
	return true
}

// plainField is a field name eval reads as a name without quotes.
var plainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// evalOperators are words eval reads as operators, not names.
var evalOperators = map[string]bool{"AND": true, "OR": true, "NOT": true, "XOR": true, "IN": true, "LIKE": true}

// evalField writes a field name for eval: single-quoted unless it is a
// plain name (a dot would be eval's concatenation).
func evalField(name string) string {
	if plainField.MatchString(name) && !evalOperators[name] {
		return name
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(name) + "'"
}

// formatNumber writes a number as eval reads it.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// strftimeParts are the strftime variables of Sigma's day, month and year,
// from Splunk's "Date and time format variables". The week is left out:
// Sigma's week is ISO 8601's here, and that table documents no ISO 8601
// week number.
var strftimeParts = map[ir.TimePart]string{
	ir.PartDay: "%d", ir.PartMonth: "%m", ir.PartYear: "%Y",
}

// clockParts are the minute and the hour as arithmetic on the UNIX time,
// seconds per unit and units per cycle: UTC's, whatever the time zone of
// the user who runs the search.
var clockParts = map[ir.TimePart][2]int{
	ir.PartMinute: {60, 60},
	ir.PartHour:   {3600, 24},
}

// timePart renders a timestamp part comparison on _time, the event time in
// epoch seconds: the minute and the hour by arithmetic, the day, month and
// year as strftime of _time read back as a number. strftime formats in the
// time zone of the user who runs the search, so those parts are UTC's when
// that zone is UTC (see the README).
func timePart(m *ir.Match, f string) (string, error) {
	construct := "modifier " + string(m.Part)
	if m.Field != "_time" {
		return "", render.Unsupported(m.Pos, construct, "splunk search",
			fmt.Sprintf("strftime reads epoch seconds, which only _time is known to hold, and %s is not mapped to _time", m.Field))
	}
	if c, ok := clockParts[m.Part]; ok {
		return fmt.Sprintf("floor(%s/%d)%%%d==%d", f, c[0], c[1], int(m.Number)), nil
	}
	code, ok := strftimeParts[m.Part]
	if !ok {
		return "", render.Unsupported(m.Pos, construct, "splunk search",
			"Splunk's strftime variables document no ISO 8601 week number, which Sigma's week is")
	}
	return fmt.Sprintf("tonumber(strftime(%s, %s))==%d", f, quoteSPL(code), int(m.Number)), nil
}
