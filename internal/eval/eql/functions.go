package eql

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf16"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// Functions of Elasticsearch EQL
// (https://www.elastic.co/guide/en/elasticsearch/reference/current/eql-function-ref.html).
// Names resolve case-insensitively, as in Elasticsearch's function registry;
// a trailing ~ selects case-insensitive matching where the function has it.

// unsupportedFunctions exist in Elasticsearch EQL but not in this evaluator.
var unsupportedFunctions = map[string]string{
	"add": "add", "between": "between", "concat": "concat", "divide": "divide",
	"indexof": "indexOf", "modulo": "modulo", "multiply": "multiply",
	"number": "number", "string": "string", "substring": "substring",
	"subtract": "subtract",
}

// boolCall lowers a function used as a condition.
func (l *lowerer) boolCall(c *astCall) (cond, error) {
	base := strings.TrimSuffix(c.Name, "~")
	insensitive := base != c.Name
	switch strings.ToLower(base) {
	case "startswith":
		return l.affixCall(c, "prefix", insensitive)
	case "endswith":
		return l.affixCall(c, "suffix", insensitive)
	case "stringcontains":
		return l.affixCall(c, "contains", insensitive)
	case "cidrmatch":
		if insensitive {
			return nil, errAt(c.Pos, "cidrMatch has no case-insensitive form %s", c.Name)
		}
		return l.cidrCall(c)
	case "length":
		return nil, errAt(c.Pos, "%s returns a number, not a condition; compare it, e.g. %s(field) > 3", c.Name, base)
	}
	return nil, unknownFunction(c)
}

// knownFunction reports whether this evaluator implements the function.
func knownFunction(name string) bool {
	switch strings.ToLower(strings.TrimSuffix(name, "~")) {
	case "startswith", "endswith", "stringcontains", "cidrmatch", "length":
		return true
	}
	return false
}

func unknownFunction(c *astCall) error {
	base := strings.TrimSuffix(c.Name, "~")
	if name, ok := unsupportedFunctions[strings.ToLower(base)]; ok {
		return errAt(c.Pos, "function %s is not supported by this evaluator", name)
	}
	return errAt(c.Pos, "unknown function %s", c.Name)
}

// fieldArg lowers the first argument of a function, which must be a field.
func (l *lowerer) fieldArg(c *astCall) (fieldRef, error) {
	if len(c.Args) == 0 || c.Args[0].Field == nil {
		return fieldRef{}, errAt(c.Pos, "the first argument of %s must be a field", c.Name)
	}
	return l.field(c.Args[0].Field)
}

// affixCall lowers startsWith, endsWith and stringContains. Elasticsearch runs
// startsWith as a prefix query (the argument is literal); endsWith and
// stringContains become a wildcard query built as "*" + argument (+ "*")
// without escaping the argument
// (org.elasticsearch.xpack.eql.planner.QueryTranslator), so a *, ? or \ in
// the argument would act as a Lucene wildcard or escape. Such arguments are
// rejected: the translator should write field : "*...*" instead, whose
// pattern Elasticsearch escapes correctly.
func (l *lowerer) affixCall(c *astCall, kind string, insensitive bool) (cond, error) {
	if len(c.Args) != 2 {
		return nil, errAt(c.Pos, "%s takes 2 arguments, got %d", c.Name, len(c.Args))
	}
	ref, err := l.fieldArg(c)
	if err != nil {
		return nil, err
	}
	lit, err := l.literal(c.Args[1])
	if err != nil {
		return nil, err
	}
	if lit.kind != litStr {
		return nil, errAt(c.Args[1].Pos, "the second argument of %s must be a string, got %s", c.Name, lit.kind)
	}
	if kind != "prefix" && strings.ContainsAny(lit.str, `*?\`) {
		return nil, errAt(c.Args[1].Pos,
			`%s argument %q contains *, ? or \: Elasticsearch passes it unescaped into a Lucene wildcard query, so it would not match literally; use field : "*..." or like instead`,
			c.Name, lit.str)
	}
	m := affixMatcher(kind, lit.str, insensitive)
	return fieldCond{ref, stringTest(m)}, nil
}

// stringTest applies a string matcher to the text of a scalar value.
func stringTest(m strMatcher) func(any) bool {
	return func(v any) bool {
		s, ok := event.String(v)
		return ok && m.matchString(s)
	}
}

// cidrCall lowers cidrMatch(field, "cidr", ...): a terms query on an ip
// field, which accepts CIDR blocks and single addresses, IPv4 and IPv6.
func (l *lowerer) cidrCall(c *astCall) (cond, error) {
	if len(c.Args) < 2 {
		return nil, errAt(c.Pos, "%s takes a field and at least one CIDR block", c.Name)
	}
	ref, err := l.fieldArg(c)
	if err != nil {
		return nil, err
	}
	var blocks []netip.Prefix
	for _, a := range c.Args[1:] {
		lit, err := l.literal(a)
		if err != nil {
			return nil, err
		}
		if lit.kind != litStr {
			return nil, errAt(a.Pos, "cidrMatch blocks must be strings, got %s", lit.kind)
		}
		p, err := parseBlock(lit.str)
		if err != nil {
			return nil, errAt(a.Pos, "invalid CIDR block %q: %v", lit.str, err)
		}
		blocks = append(blocks, p)
	}
	return fieldCond{ref, func(v any) bool {
		s, ok := v.(string)
		if !ok {
			return false
		}
		addr, err := netip.ParseAddr(s)
		if err != nil || addr.Zone() != "" {
			return false
		}
		addr = addr.Unmap()
		for _, b := range blocks {
			if b.Contains(addr) {
				return true
			}
		}
		return false
	}}, nil
}

// parseBlock parses a CIDR block or a single address. An IPv4-mapped IPv6
// block (::ffff:a.b.c.d/n, n >= 96) is turned into its IPv4 form, since ip
// fields store IPv4 addresses that way.
func parseBlock(s string) (netip.Prefix, error) {
	var p netip.Prefix
	if strings.Contains(s, "/") {
		var err error
		if p, err = netip.ParsePrefix(s); err != nil {
			return p, err
		}
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return p, err
		}
		if a.Zone() != "" {
			return p, fmt.Errorf("zones are not allowed")
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// valueCall lowers a function used as a value (the left side of a
// comparison). Only length is supported; Elasticsearch evaluates such a
// comparison as a script.
func (l *lowerer) valueCall(c *astCall) (valueFunc, error) {
	if strings.EqualFold(c.Name, "length") {
		if len(c.Args) != 1 {
			return nil, errAt(c.Pos, "length takes 1 argument, got %d", len(c.Args))
		}
		ref, err := l.fieldArg(c)
		if err != nil {
			return nil, err
		}
		return lengthFunc{ref}, nil
	}
	switch strings.ToLower(strings.TrimSuffix(c.Name, "~")) {
	case "startswith", "endswith", "stringcontains", "cidrmatch":
		return nil, errAt(c.Pos, "%s is a condition; comparing its result is not supported by this evaluator", c.Name)
	}
	return nil, unknownFunction(c)
}

// lengthFunc is length(field): the number of UTF-16 code units of each string
// value (Java's String.length), null when the field has no value.
type lengthFunc struct{ field fieldRef }

func (f lengthFunc) values(ev event.Event) []any {
	var out []any
	for _, v := range f.field.scalars(ev) {
		s, ok := event.String(v)
		if !ok {
			continue
		}
		n := 0
		for _, r := range s {
			n += utf16.RuneLen(r)
		}
		out = append(out, float64(n))
	}
	return out
}
