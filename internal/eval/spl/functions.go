package spl

import (
	"math"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// regexTimeout bounds one regular-expression match (backtracking engine).
// A match that times out counts as no match.
const regexTimeout = time.Second

// evalFn computes a function from its evaluated arguments.
type evalFn func(rc *rowCtx, args []value) value

// fnSpec describes an eval function: its arity (max -1 for variadic) and a
// builder that checks literal arguments and prepares the evaluation.
type fnSpec struct {
	min, max int
	build    func(l *lowerer, call *astCall, args []expr) (evalFn, etype, error)
}

var functions map[string]fnSpec

func init() {
	functions = map[string]fnSpec{
		"like":        {2, 2, buildLike},
		"strftime":    {2, 2, buildStrftime},
		"match":       {2, 2, buildMatch},
		"cidrmatch":   {2, 2, buildCidrmatch},
		"searchmatch": {1, 1, buildSearchmatch},
		"isnull":      {1, 1, simple(tBool, func(a []value) value { return boolValue(a[0].k == vNull) })},
		"isnotnull":   {1, 1, simple(tBool, func(a []value) value { return boolValue(a[0].k != vNull) })},
		"isnum": {1, 1, simple(tBool, func(a []value) value {
			return boolValue(a[0].k != vNull && a[0].k != vMulti && a[0].num)
		})},
		"isstr": {1, 1, simple(tBool, func(a []value) value {
			return boolValue(a[0].k == vStr && !a[0].num)
		})},
		"lower": {1, 1, simple(tValue, func(a []value) value {
			return mapText(a[0], func(s string) value { return strValue(strings.ToLower(s)) })
		})},
		"upper": {1, 1, simple(tValue, func(a []value) value {
			return mapText(a[0], func(s string) value { return strValue(strings.ToUpper(s)) })
		})},
		// floor(X) rounds a number down to the next lowest whole number.
		"floor": {1, 1, simple(tValue, func(a []value) value {
			if a[0].k == vMulti || !a[0].num {
				return nullValue
			}
			return numValue(math.Floor(a[0].n))
		})},
		"len": {1, 1, simple(tValue, func(a []value) value {
			return mapText(a[0], func(s string) value { return numValue(float64(utf8.RuneCountInString(s))) })
		})},
		"in": {2, -1, simple(tBool, func(a []value) value { return inList(a[0], a[1:]) })},
		"if": {3, 3, simple(tAny, func(a []value) value {
			if a[0].k == vBool && a[0].b {
				return a[1]
			}
			return a[2]
		})},
		"case":     {2, -1, buildCase},
		"coalesce": {1, -1, simple(tAny, coalesce)},
		"null":     {0, 0, simple(tAny, func([]value) value { return nullValue })},
		"true":     {0, 0, simple(tBool, func([]value) value { return boolValue(true) })},
		"false":    {0, 0, simple(tBool, func([]value) value { return boolValue(false) })},
		"tostring": {1, 1, simple(tValue, func(a []value) value {
			return mapText(a[0], func(s string) value { return strValue(s) })
		})},
		"tonumber": {1, 1, simple(tValue, func(a []value) value {
			return mapText(a[0], func(s string) value {
				if n, ok := parseNumber(s); ok {
					return numValue(n)
				}
				return nullValue
			})
		})},
		"mvcount": {1, 1, simple(tValue, func(a []value) value {
			if a[0].k == vNull {
				return nullValue
			}
			return numValue(float64(len(a[0].scalars())))
		})},
		"substr":  {2, 3, simple(tValue, substr)},
		"replace": {3, 3, buildReplace},
		"trim":    {1, 2, buildTrim(strings.Trim)},
		"ltrim":   {1, 2, buildTrim(strings.TrimLeft)},
		"rtrim":   {1, 2, buildTrim(strings.TrimRight)},
	}
}

// simple wraps a function of the argument values alone.
func simple(t etype, f func(args []value) value) func(*lowerer, *astCall, []expr) (evalFn, etype, error) {
	return func(*lowerer, *astCall, []expr) (evalFn, etype, error) {
		return func(_ *rowCtx, a []value) value { return f(a) }, t, nil
	}
}

// literalArg returns argument i when it is a string literal.
func literalArg(l *lowerer, call *astCall, args []expr, i int) (string, error) {
	if lit, ok := args[i].(*litExpr); ok && lit.v.k == vStr {
		return lit.v.s, nil
	}
	return "", l.errorf(call.Args[i].Pos, "%s: argument %d must be a string literal", call.Name, i+1)
}

func compileRegex(l *lowerer, call *astCall, args []expr, i int) (*regexp2.Regexp, error) {
	pat, err := literalArg(l, call, args, i)
	if err != nil {
		return nil, err
	}
	re, err := regexp2.Compile(pat, regexp2.None)
	if err != nil {
		return nil, l.errorf(call.Args[i].Pos, "%s: invalid regular expression: %s", call.Name, shorten(err.Error()))
	}
	re.MatchTimeout = regexTimeout
	return re, nil
}

func regexMatch(re *regexp2.Regexp, s string) bool {
	ok, err := re.MatchString(s)
	return err == nil && ok
}

// like(text, pattern): % is any run, _ one character, case-sensitive, the
// whole text must match.
func buildLike(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	if lit, ok := args[1].(*litExpr); ok && lit.v.k == vStr {
		g := newGlob(lit.v.s, '%', '_', false, true)
		return func(_ *rowCtx, a []value) value { return anyText(a[0], g.match) }, tBool, nil
	}
	// A computed pattern is compiled per row; it is a glob, not a regex.
	return func(_ *rowCtx, a []value) value {
		p, ok := a[1].text()
		if !ok || a[1].k == vMulti {
			return nullValue
		}
		return anyText(a[0], newGlob(p, '%', '_', false, true).match)
	}, tBool, nil
}

// match(text, regex): unanchored PCRE-like match.
func buildMatch(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	re, err := compileRegex(l, call, args, 1)
	if err != nil {
		return nil, 0, err
	}
	return func(_ *rowCtx, a []value) value {
		return anyText(a[0], func(s string) bool { return regexMatch(re, s) })
	}, tBool, nil
}

// cidrmatch(subnet, ip): IPv4 or IPv6; a bare address is a one-host subnet.
func buildCidrmatch(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	s, err := literalArg(l, call, args, 0)
	if err != nil {
		return nil, 0, err
	}
	prefix, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		addr, aerr := netip.ParseAddr(strings.TrimSpace(s))
		if aerr != nil {
			return nil, 0, l.errorf(call.Args[0].Pos, "cidrmatch: invalid subnet %q", s)
		}
		prefix = netip.PrefixFrom(addr, addr.BitLen())
	}
	prefix = prefix.Masked()
	return func(_ *rowCtx, a []value) value {
		return anyText(a[1], func(s string) bool {
			addr, err := netip.ParseAddr(strings.TrimSpace(s))
			return err == nil && prefix.Contains(addr.Unmap())
		})
	}, tBool, nil
}

// searchmatch("search expression"): the search language on the row.
func buildSearchmatch(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	s, err := literalArg(l, call, args, 0)
	if err != nil {
		return nil, 0, err
	}
	if _, ok := nestingOK(s); !ok {
		return nil, 0, l.errorf(call.Args[0].Pos, "searchmatch: expression nested deeper than %d", maxNesting)
	}
	ast, err := searchParser.ParseString("", s)
	if err != nil {
		return nil, 0, l.errorf(call.Args[0].Pos, "searchmatch: %s", parseMessage(err))
	}
	sub := &lowerer{exp: l.exp, fixed: &call.Args[0].Pos}
	c, err := sub.search(ast.Expr, nil)
	if err != nil {
		return nil, 0, err
	}
	return func(rc *rowCtx, _ []value) value { return boolValue(c.test(rc)) }, tBool, nil
}

func buildCase(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	if len(args)%2 != 0 {
		return nil, 0, l.errorf(call.Pos, "case: expects condition, value pairs")
	}
	return func(_ *rowCtx, a []value) value {
		for i := 0; i+1 < len(a); i += 2 {
			if a[i].k == vBool && a[i].b {
				return a[i+1]
			}
		}
		return nullValue
	}, tAny, nil
}

// replace(text, regex, replacement): \1 in the replacement is group 1.
func buildReplace(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	re, err := compileRegex(l, call, args, 1)
	if err != nil {
		return nil, 0, err
	}
	repl, err := literalArg(l, call, args, 2)
	if err != nil {
		return nil, 0, err
	}
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		switch c := repl[i]; {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9':
			b.WriteString("${" + string(repl[i+1]) + "}")
			i++
		default:
			b.WriteByte(c)
		}
	}
	goRepl := b.String()
	return func(_ *rowCtx, a []value) value {
		return mapText(a[0], func(s string) value {
			out, err := re.Replace(s, goRepl, -1, -1)
			if err != nil {
				return nullValue
			}
			return strValue(out)
		})
	}, tValue, nil
}

func buildTrim(trim func(string, string) string) func(*lowerer, *astCall, []expr) (evalFn, etype, error) {
	return func(_ *lowerer, _ *astCall, _ []expr) (evalFn, etype, error) {
		return func(_ *rowCtx, a []value) value {
			chars := " \t"
			if len(a) > 1 {
				t, ok := a[1].text()
				if !ok {
					return nullValue
				}
				chars = t
			}
			return mapText(a[0], func(s string) value { return strValue(trim(s, chars)) })
		}, tValue, nil
	}
}

func inList(x value, list []value) value {
	if x.k == vNull {
		return nullValue
	}
	for _, v := range list {
		if r := compareValues("=", x, v); r.k == vBool && r.b {
			return r
		}
	}
	return boolValue(false)
}

func coalesce(a []value) value {
	for _, v := range a {
		if v.k != vNull {
			return v
		}
	}
	return nullValue
}

// substr(text, start[, length]): 1-based start, negative from the end.
func substr(a []value) value {
	if len(a) < 2 || !a[1].num || (len(a) == 3 && !a[2].num) {
		return nullValue
	}
	return mapText(a[0], func(s string) value {
		r := []rune(s)
		start := int(a[1].n)
		switch {
		case start < 0:
			start = len(r) + start
		case start > 0:
			start--
		}
		if start < 0 {
			start = 0
		}
		if start > len(r) {
			start = len(r)
		}
		end := len(r)
		if len(a) == 3 {
			if n := int(a[2].n); n >= 0 && start+n < end {
				end = start + n
			}
		}
		return strValue(string(r[start:end]))
	})
}

// shorten caps a message that quotes user text (regex errors quote the
// whole pattern).
func shorten(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
