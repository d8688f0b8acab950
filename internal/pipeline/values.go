package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Value rewrites for fields the target stores split into several fields:
// Sysmon's Hashes ("SHA1=…,MD5=…,SHA256=…,IMPHASH=…") and "DOMAIN\user"
// accounts. Each rewrite is exact on the values the source writes (every
// Hashes item is ALGO=HEX with the algorithm's number of digits; an account
// holds exactly one separator with text on both sides; the prover leaves
// other events out, internal/prove inDomain); a comparison it cannot
// rewrite exactly is an error at its position.

// HashLengths is the number of hex digits of each algorithm Sysmon's
// Hashes and Hash fields name.
var HashLengths = map[string]int{"MD5": 32, "SHA1": 40, "SHA256": 64, "IMPHASH": 32}

// buildHashesFields maps "Hashes contains ALGO=HEX" to a comparison of the
// algorithm's own field: "mapping: {MD5: process.hash.md5, ...}". A whole
// hash becomes an exact comparison, the first digits of one a prefix.
func buildHashesFields(p *parser, f map[string]*yaml.Node) (step, bool) {
	mapping := p.mappingParam(f)
	if mapping == nil {
		return nil, false
	}
	for _, algo := range sortedKeys(mapping) {
		if _, ok := HashLengths[algo]; !ok || len(mapping[algo]) != 1 {
			p.errorf(f["mapping"], "hashes_fields: %q must be one of MD5, SHA1, SHA256, IMPHASH with one target field", algo)
			return nil, false
		}
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			if m.Mapped || m.Field == "" || !t.appliesToMatch(m) {
				return m
			}
			out, why := hashMatch(m, mapping)
			if why != "" {
				errs.Add(m.Pos, "field %q: %s", m.Field, why)
				c := *m
				c.Mapped = true // refused once, not again as unmapped
				return &c
			}
			return out
		})
	}, true
}

// hashMatch rewrites one comparison on a Hashes field, or says why it
// cannot.
func hashMatch(m *ir.Match, mapping map[string][]string) (ir.Expr, string) {
	if m.Op != ir.OpEq {
		return nil, "modifier " + m.Op.String() + ": not supported because the target splits the hashes into one field per algorithm; only contains 'ALGO=HEX' is rewritten"
	}
	shape, lit := m.Pattern.Shape()
	if shape != ir.ShapeContains {
		return nil, fmt.Sprintf("value %s: not supported because the target splits the hashes into one field per algorithm, which keeps no order of the items; only contains 'ALGO=HEX' is rewritten", m.Pattern)
	}
	algo, hex, ok := strings.Cut(lit, "=")
	targets, mapped := mapping[strings.ToUpper(algo)]
	if !ok || !mapped {
		return nil, fmt.Sprintf("value %q: not supported because it is not ALGO=HEX with ALGO one of %s", lit, strings.Join(sortedKeys(mapping), ", "))
	}
	n := HashLengths[strings.ToUpper(algo)]
	if hex == "" || len(hex) > n || !isHex(hex) || strings.Trim(hex, "0") == "" {
		return nil, fmt.Sprintf("value %q: not supported because it is not 1 to %d hex digits, not all zero (the ingest drops an all-zero hash)", lit, n)
	}
	c := *m
	c.Field, c.Mapped, c.Pattern = targets[0], true, ir.Lit(hex)
	if len(hex) < n {
		c.Pattern = c.Pattern.Append(ir.Part{Kind: ir.AnyString})
	}
	return &c, ""
}

func isHex(s string) bool {
	return strings.Trim(s, "0123456789abcdefABCDEF") == ""
}

// buildSplitFieldMapping maps a field the target stores split at its only
// separator into two fields: "separator: '\'", "mapping: {User:
// [user.domain, user.name]}". A value without the separator is searched in
// the part a wildcard on its side admits (contains: either part, a prefix:
// the first, a suffix: the second); a value with it compares both parts.
func buildSplitFieldMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	sep, ok := p.scalarParam(f, "separator", "split_field_mapping")
	if !ok {
		return nil, false
	}
	mapping := p.mappingParam(f)
	if mapping == nil {
		return nil, false
	}
	if sep == "" {
		p.errorf(f["separator"], "split_field_mapping: separator must not be empty")
		return nil, false
	}
	for _, k := range sortedKeys(mapping) {
		if len(mapping[k]) != 2 {
			p.errorf(f["mapping"], "split_field_mapping: %q needs two target fields, before and after the separator", k)
			return nil, false
		}
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			targets, ok := mapping[m.Field]
			if !ok || m.Mapped || !t.appliesToMatch(m) {
				return m
			}
			out, why := splitMatch(m, sep, targets[0], targets[1])
			if why != "" {
				errs.Add(m.Pos, "field %q: %s", m.Field, why)
				c := *m
				c.Mapped = true
				return &c
			}
			return out
		})
	}, true
}

// splitMatch rewrites one comparison on a split field, or says why it
// cannot.
func splitMatch(m *ir.Match, sep, first, second string) (ir.Expr, string) {
	on := func(field string, p ir.Pattern) *ir.Match {
		c := *m
		c.Field, c.Mapped, c.Pattern = field, true, p
		return &c
	}
	if m.Op == ir.OpEq && len(m.Pattern) == 0 {
		// An empty value is stored as no value: both parts absent.
		return on(second, m.Pattern), ""
	}
	switch m.Op {
	case ir.OpNull, ir.OpExists:
		// Both parts are stored or neither: the second stands for the value.
		return on(second, m.Pattern), ""
	case ir.OpEq:
	default:
		return nil, "modifier " + m.Op.String() + ": not supported because the target stores the value split at " + quoteSep(sep) + " into " + first + " and " + second
	}
	star := ir.Part{Kind: ir.AnyString}
	shape, lit := m.Pattern.Shape()
	before, after, has := strings.Cut(lit, sep)
	switch {
	case shape == ir.ShapeOther || shape == ir.ShapeAny || strings.Contains(after, sep):
	case !has && shape == ir.ShapeContains:
		return &ir.Or{Args: []ir.Expr{on(first, m.Pattern), on(second, m.Pattern)}, Pos: m.Pos}, ""
	case !has && shape == ir.ShapePrefix:
		return on(first, m.Pattern), ""
	case !has && shape == ir.ShapeSuffix:
		return on(second, m.Pattern), ""
	case has:
		head, tail := ir.Lit(before), ir.Lit(after)
		if shape == ir.ShapeSuffix || shape == ir.ShapeContains {
			head = ir.Concat(ir.Pattern{star}, head)
		}
		if shape == ir.ShapePrefix || shape == ir.ShapeContains {
			tail = tail.Append(star)
		}
		// A part the pattern leaves open ("*") is always there when the
		// other is: it is left out.
		switch {
		case len(head) == 1 && head[0].Kind == ir.AnyString:
			return on(second, tail), ""
		case len(tail) == 1 && tail[0].Kind == ir.AnyString:
			return on(first, head), ""
		}
		return &ir.And{Args: []ir.Expr{on(first, head), on(second, tail)}, Pos: m.Pos}, ""
	}
	return nil, fmt.Sprintf("value %s: not supported because the target stores the value split at %s into %s and %s; only a value with at most one %s and wildcards at its ends is rewritten (a whole value needs the %s)",
		m.Pattern, quoteSep(sep), first, second, quoteSep(sep), quoteSep(sep))
}

func quoteSep(sep string) string { return "'" + sep + "'" }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
