// Package match evaluates IR conditions on raw events with Sigma's own
// semantics: the reference verdict that every translation must agree with.
// Values compare case-insensitively unless cased, "*" and "?" are
// wildcards over the whole value, a list field matches when any element
// does, null means absent or empty, and regular expressions are RE2,
// unanchored, case-sensitive unless the i flag is given.
package match

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Matcher is a compiled condition.
type Matcher struct {
	root node
}

// node is one compiled condition node.
type node func(ev event.Event) bool

// Fold is how case-insensitive comparisons fold letters. The Sigma
// specification says values compare case-insensitively but not how letters
// outside ASCII fold, and the targets differ: KQL folds ASCII only,
// Elasticsearch folds Unicode (simple case folding: the Kelvin sign is k,
// the long s is s). An event whose verdict depends on the choice is one
// Sigma does not decide.
type Fold int

// The foldings.
const (
	FoldASCII   Fold = iota // only A-Z and a-z fold
	FoldUnicode             // Unicode simple case folding
)

// Compile compiles a condition with ASCII folding. Regular expressions and
// patterns are compiled here, once.
func Compile(e ir.Expr) (*Matcher, error) { return CompileFold(e, FoldASCII) }

// CompileFold compiles a condition with the given case folding.
func CompileFold(e ir.Expr, fold Fold) (*Matcher, error) {
	c := compiler{fold: fold}
	n, err := c.compile(e)
	if err != nil {
		return nil, err
	}
	return &Matcher{root: n}, nil
}

// Match reports whether the event satisfies the condition.
func (m *Matcher) Match(ev event.Event) bool { return m.root(ev) }

// compiler carries the options of one compilation.
type compiler struct{ fold Fold }

func (c compiler) compile(e ir.Expr) (node, error) {
	switch n := e.(type) {
	case *ir.And:
		args, err := c.compileAll(n.Args)
		if err != nil {
			return nil, err
		}
		return func(ev event.Event) bool {
			for _, a := range args {
				if !a(ev) {
					return false
				}
			}
			return true
		}, nil
	case *ir.Or:
		args, err := c.compileAll(n.Args)
		if err != nil {
			return nil, err
		}
		return func(ev event.Event) bool {
			for _, a := range args {
				if a(ev) {
					return true
				}
			}
			return false
		}, nil
	case *ir.Not:
		arg, err := c.compile(n.Arg)
		if err != nil {
			return nil, err
		}
		return func(ev event.Event) bool { return !arg(ev) }, nil
	case *ir.Match:
		return c.compileMatch(n)
	}
	return nil, fmt.Errorf("match: unknown node %T", e)
}

func (c compiler) compileAll(es []ir.Expr) ([]node, error) {
	out := make([]node, len(es))
	for i, e := range es {
		n, err := c.compile(e)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// scalars returns the comparable values of a field: one for a scalar, each
// element for a list. found is false when the field is absent or null.
func scalars(ev event.Event, field string) (vals []string, found bool) {
	v, ok := ev.Lookup(field)
	if !ok || v == nil {
		return nil, false
	}
	if list, ok := v.([]any); ok {
		for _, x := range list {
			if s, ok := event.String(x); ok {
				vals = append(vals, s)
			}
		}
		return vals, true
	}
	if s, ok := event.String(v); ok {
		return []string{s}, true
	}
	return nil, true
}

// anyValue builds a node true when some value of the field satisfies test.
func anyValue(field string, test func(string) bool) node {
	return func(ev event.Event) bool {
		vals, _ := scalars(ev, field)
		for _, v := range vals {
			if test(v) {
				return true
			}
		}
		return false
	}
}

func (c compiler) compileMatch(m *ir.Match) (node, error) {
	switch m.Op {
	case ir.OpEq:
		re, err := patternRegexp(m.Pattern, m.Cased, m.Field == "", c.fold)
		if err != nil {
			return nil, err
		}
		if m.Field == "" {
			return keyword(re), nil
		}
		return anyValue(m.Field, re.MatchString), nil
	case ir.OpRegex:
		re, err := regexp.Compile(flagPrefix(m.Flags) + m.Regex)
		if err != nil {
			return nil, fmt.Errorf("%s: re: %v", m.Pos, err)
		}
		return anyValue(m.Field, re.MatchString), nil
	case ir.OpCIDR:
		prefix, err := netip.ParsePrefix(m.CIDR)
		if err != nil {
			return nil, fmt.Errorf("%s: cidr: %v", m.Pos, err)
		}
		return anyValue(m.Field, func(v string) bool {
			addr, err := netip.ParseAddr(v)
			return err == nil && prefix.Contains(addr.Unmap())
		}), nil
	case ir.OpExists:
		return func(ev event.Event) bool {
			v, ok := ev.Lookup(m.Field)
			return (ok && v != nil) == m.Exists
		}, nil
	case ir.OpNull:
		return func(ev event.Event) bool {
			v, ok := ev.Lookup(m.Field)
			return !ok || v == nil || v == ""
		}, nil
	case ir.OpFieldRef:
		return func(ev event.Event) bool {
			a, _ := scalars(ev, m.Field)
			b, _ := scalars(ev, m.Ref)
			for _, x := range a {
				for _, y := range b {
					if x == y {
						return true
					}
				}
			}
			return false
		}, nil
	case ir.OpTimePart:
		return timePartNode(m), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		cmp := numericTests[m.Op]
		return anyValue(m.Field, func(v string) bool {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && cmp(f, m.Number)
		}), nil
	}
	return nil, fmt.Errorf("%s: match: operator %s not supported", m.Pos, m.Op)
}

var numericTests = map[ir.Op]func(a, b float64) bool{
	ir.OpGt:  func(a, b float64) bool { return a > b },
	ir.OpGte: func(a, b float64) bool { return a >= b },
	ir.OpLt:  func(a, b float64) bool { return a < b },
	ir.OpLte: func(a, b float64) bool { return a <= b },
}

func flagPrefix(flags string) string {
	if flags == "" {
		return ""
	}
	return "(?" + flags + ")"
}

// patternRegexp compiles a Sigma pattern to an anchored regular
// expression. Keywords are searched anywhere in a value.
//
// Case-insensitive folds as fold says.
func patternRegexp(p ir.Pattern, cased, keyword bool, fold Fold) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("(?s")
	if !cased && fold == FoldUnicode {
		b.WriteString("i")
		cased = true // (?i) folds; the literals need no classes
	}
	b.WriteString(")^")
	if keyword {
		b.WriteString(".*")
	}
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString(".*")
		case ir.AnyChar:
			b.WriteString(".")
		case ir.Placeholder:
			return nil, fmt.Errorf("placeholder %%%s%% is not resolved: the rule means what a pipeline's value_placeholders makes of it", part.Text)
		default:
			writeLiteral(&b, part.Text, cased)
		}
	}
	if keyword {
		b.WriteString(".*")
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// writeLiteral writes text as a regular expression that matches it, each
// ASCII letter as a class of both cases unless cased.
func writeLiteral(b *strings.Builder, text string, cased bool) {
	for _, r := range text {
		switch {
		case !cased && r >= 'a' && r <= 'z':
			fmt.Fprintf(b, "[%c%c]", r, r-'a'+'A')
		case !cased && r >= 'A' && r <= 'Z':
			fmt.Fprintf(b, "[%c%c]", r, r-'A'+'a')
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
}

// keyword matches a value anywhere in the event: any string or number at
// any depth, except the log-source marker (event.WebLogSourceField), which
// says which log the raw event stands for and is no part of its text.
func keyword(re *regexp.Regexp) node {
	var walk func(v any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case map[string]any:
			for _, c := range x {
				if walk(c) {
					return true
				}
			}
		case event.Event:
			for _, c := range x {
				if walk(c) {
					return true
				}
			}
		case []any:
			for _, c := range x {
				if walk(c) {
					return true
				}
			}
		default:
			if s, ok := event.String(x); ok {
				return re.MatchString(s)
			}
		}
		return false
	}
	return func(ev event.Event) bool {
		for k, v := range ev {
			if k != event.WebLogSourceField && walk(v) {
				return true
			}
		}
		return false
	}
}
