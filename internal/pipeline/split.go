package pipeline

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Transformations for Sysmon fields whose one value a target stores in
// several columns: Hashes ("SHA1=…,MD5=…,SHA256=…,IMPHASH=…") as one column
// per algorithm, User ("DOMAIN\name") as a domain and a name column. Each
// rewrites a comparison only where the rewrite matches exactly the events
// the comparison matches, and reports every other comparison on the field at
// its position, so that no value is dropped or widened silently.

// hashHexLen is the length in hex digits of each hash Sysmon writes.
var hashHexLen = map[string]int{"MD5": 32, "SHA1": 40, "SHA256": 64, "IMPHASH": 32}

// buildHashFieldMapping maps "field|contains: ALGO=<hash>" to "column ==
// hash", column the mapping's column of ALGO. Sysmon writes every hash in
// full, so a contains of ALGO= and a hash of the algorithm's full length
// matches exactly the events whose ALGO is that hash. The target holds hex
// in lower case, the compare is written so. Every other comparison on the
// field is refused: an algorithm without a column, part of a hash, a bare
// hash, any other modifier.
func buildHashFieldMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	field, ok := p.scalarParam(f, "field", "hash_field_mapping")
	mapping := p.mappingParam(f)
	target, tok := p.scalarParam(f, "target", "hash_field_mapping")
	if !ok || !tok || mapping == nil {
		return nil, false
	}
	cols := map[string]string{}
	for algo, c := range mapping {
		if _, known := hashHexLen[algo]; !known || len(c) != 1 {
			p.errorf(f["mapping"], "hash_field_mapping: %q must be one of MD5, SHA1, SHA256, IMPHASH and map to one column", algo)
			return nil, false
		}
		cols[algo] = c[0]
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			if m.Field != field || m.Mapped || !t.appliesToMatch(m) {
				return m
			}
			col, hash, why := hashCompare(m, cols, target)
			if why != "" {
				errs.Add(m.Pos, "field %q: %s", m.Field, why)
				c := *m
				c.Mapped = true // reported here; not again as unmapped
				return &c
			}
			c := *m
			c.Field, c.Pattern, c.Mapped = col, ir.Lit(hash), true
			return &c
		})
	}, true
}

// hashCompare returns the column and lower-case hash of a comparison, or
// why it has none.
func hashCompare(m *ir.Match, cols map[string]string, target string) (col, hash, why string) {
	exact := fmt.Sprintf("only a contains of ALGO=<the whole hash> (ALGO one of %s) compares exactly with a column of %s", strings.Join(sortedKeys(cols), ", "), target)
	if m.Op != ir.OpEq || m.Cased {
		return "", "", "modifier " + m.Op.String() + ": " + exact
	}
	shape, lit := m.Pattern.Shape()
	algo, hex, ok := strings.Cut(lit, "=")
	algo = strings.ToUpper(algo)
	if shape != ir.ShapeContains || !ok {
		return "", "", fmt.Sprintf("value %q: %s", m.Pattern.String(), exact)
	}
	n, known := hashHexLen[algo]
	if !known {
		return "", "", fmt.Sprintf("value %q: %s", m.Pattern.String(), exact)
	}
	col, mapped := cols[algo]
	if !mapped {
		return "", "", fmt.Sprintf("value %q: %s has no %s column", m.Pattern.String(), target, algo)
	}
	if len(hex) != n || strings.Trim(strings.ToLower(hex), "0123456789abcdef") != "" {
		return "", "", fmt.Sprintf("value %q: not a whole %s hash (%d hex digits); %s", m.Pattern.String(), algo, n, exact)
	}
	return col, strings.ToLower(hex), ""
}

// buildAccountFieldMapping maps a "DOMAIN\name" field to a domain column and
// a name column that hold the two parts split at the first backslash, in
// lower case, an empty part absent (mapping: field: [domain, name]). Exact:
//   - DOMAIN\name (DOMAIN not empty, no wildcard): domain =~ DOMAIN and name =~ name;
//   - contains of text without a backslash: domain or name contains it;
//   - endswith of text without a backslash: name ends with it.
//
// Everything else is refused: an empty or absent domain cannot be told from
// a value without a backslash, a prefix may span the two parts, and the
// target folds case only for ASCII letters, so a value with other letters
// would not find the lower-cased account.
func buildAccountFieldMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	mapping := p.mappingParam(f)
	target, ok := p.scalarParam(f, "target", "account_field_mapping")
	if !ok || mapping == nil {
		return nil, false
	}
	for name, cols := range mapping {
		if len(cols) != 2 {
			p.errorf(f["mapping"], "account_field_mapping: %q must map to [domain column, name column]", name)
			return nil, false
		}
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			cols, ok := mapping[m.Field]
			if !ok || m.Mapped || !t.appliesToMatch(m) {
				return m
			}
			e, why := accountCompare(m, cols[0], cols[1])
			if why != "" {
				errs.Add(m.Pos, "field %q: %s: %s splits DOMAIN\\name into %s and %s (lower case); only DOMAIN\\name, a contains or an endswith of text without a backslash compare exactly", m.Field, why, target, cols[0], cols[1])
				c := *m
				c.Mapped = true // reported here; not again as unmapped
				return &c
			}
			return e
		})
	}, true
}

// accountCompare rewrites one comparison on a DOMAIN\name field, or says
// why it cannot.
func accountCompare(m *ir.Match, domain, name string) (ir.Expr, string) {
	if m.Op != ir.OpEq || m.Cased {
		return nil, "modifier " + m.Op.String()
	}
	shape, lit := m.Pattern.Shape()
	v := fmt.Sprintf("value %q", m.Pattern.String())
	for _, r := range lit {
		if r > 0x7f {
			return nil, v + ": it has letters outside ASCII"
		}
	}
	leaf := func(field string, p ir.Pattern) *ir.Match {
		c := *m
		c.Field, c.Pattern, c.Mapped = field, p, true
		return &c
	}
	d, n, split := strings.Cut(lit, `\`)
	switch {
	case shape == ir.ShapeExact && split && d != "" && n != "":
		return &ir.And{Args: []ir.Expr{leaf(domain, ir.Lit(d)), leaf(name, ir.Lit(n))}, Pos: m.Pos}, ""
	case shape == ir.ShapeContains && !split && lit != "":
		return &ir.Or{Args: []ir.Expr{leaf(domain, m.Pattern), leaf(name, m.Pattern)}, Pos: m.Pos}, ""
	case shape == ir.ShapeSuffix && !split && lit != "":
		return leaf(name, m.Pattern), ""
	}
	return nil, v
}
