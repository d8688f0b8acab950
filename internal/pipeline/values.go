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
// Sysmon's Hashes ("SHA1=…,MD5=…,SHA256=…,IMPHASH=…") as one field per
// algorithm (hashes_fields) and "DOMAIN\name" accounts as a domain and a
// name field (split_field_mapping). Each rewrites a comparison only where
// the rewrite matches exactly the events the comparison matches: every
// Hashes item is ALGO=HEX with the algorithm's number of digits, an account
// holds one separator with text on both sides (the prover leaves other
// events out, internal/prove inDomain). Every other comparison on the field
// is an error at its position, reported once (not again as unmapped), so
// that no value is dropped or widened silently.

// HashLengths is the number of hex digits of each algorithm Sysmon's
// Hashes and Hash fields name.
var HashLengths = map[string]int{"MD5": 32, "SHA1": 40, "SHA256": 64, "IMPHASH": 32}

// storage is what both rewrites know of the target: its name in messages
// and whether it stores the value's text in lower case (and compares it
// ignoring the case of ASCII letters only).
type storage struct {
	target    string
	lowercase bool
}

// storageParams reads the optional "target" (default "the target") and
// "lowercase" (default false) parameters.
func (p *parser) storageParams(f map[string]*yaml.Node, what string) (storage, bool) {
	s := storage{target: "the target"}
	if f["target"] != nil {
		t, ok := p.scalarParam(f, "target", what)
		if !ok {
			return s, false
		}
		s.target = t
	}
	var ok bool
	s.lowercase, ok = p.boolParam(f, "lowercase", what)
	return s, ok
}

// refuseMatch reports a comparison the rewrite cannot express and marks it
// mapped, so that unmapped_field_failure does not report it again.
func refuseMatch(m *ir.Match, why string, errs *diag.List) ir.Expr {
	errs.Add(m.Pos, "field %q: %s", m.Field, why)
	c := *m
	c.Mapped = true
	return &c
}

// onField is the comparison m on another field, with another pattern,
// mapped.
func onField(m *ir.Match, field string, p ir.Pattern) *ir.Match {
	c := *m
	c.Field, c.Mapped, c.Pattern = field, true, p
	return &c
}

// hashesFields is a hashes_fields transformation: the field of each
// algorithm, and whether the first digits of a hash become a prefix.
type hashesFields struct {
	storage
	fields map[string]string
	prefix bool
}

// buildHashesFields maps "Hashes contains ALGO=HEX" to a comparison of the
// algorithm's own field: "mapping: {MD5: process.hash.md5, ...}", on the
// fields its field_name_conditions select. A whole hash becomes an exact
// comparison; with "prefix: true" the first digits of one a prefix, else
// an error. With "lowercase: true" the hash is written in lower case and a
// cased comparison is refused; "target" names the target in errors.
func buildHashesFields(p *parser, f map[string]*yaml.Node) (step, bool) {
	const what = "hashes_fields"
	mapping := p.mappingParam(f)
	st, ok := p.storageParams(f, what)
	prefix, pok := p.boolParam(f, "prefix", what)
	if mapping == nil || !ok || !pok {
		return nil, false
	}
	h := hashesFields{storage: st, fields: map[string]string{}, prefix: prefix}
	for _, algo := range sortedKeys(mapping) {
		if _, ok := HashLengths[algo]; !ok || len(mapping[algo]) != 1 {
			p.errorf(f["mapping"], "%s: %q must be one of MD5, SHA1, SHA256, IMPHASH with one target field", what, algo)
			return nil, false
		}
		h.fields[algo] = mapping[algo][0]
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			if m.Mapped || m.Field == "" || !t.appliesToMatch(m) {
				return m
			}
			out, why := h.rewrite(m)
			if why != "" {
				return refuseMatch(m, why, errs)
			}
			return out
		})
	}, true
}

// rewrite rewrites one comparison on a Hashes field, or says why it
// cannot.
func (h hashesFields) rewrite(m *ir.Match) (ir.Expr, string) {
	split := "not supported because " + h.target + " splits the hashes into one field per algorithm"
	switch {
	case m.Op != ir.OpEq:
		return nil, "modifier " + m.Op.String() + ": " + split + "; only contains 'ALGO=HEX' is rewritten"
	case m.Cased && h.lowercase:
		return nil, "modifier cased: " + split + ", in lower case; only contains 'ALGO=HEX' is rewritten"
	}
	shape, lit := m.Pattern.Shape()
	if shape != ir.ShapeContains {
		return nil, fmt.Sprintf("value %s: %s, which keeps no order of the items; only contains 'ALGO=HEX' is rewritten", m.Pattern, split)
	}
	algo, hex, ok := strings.Cut(lit, "=")
	algo = strings.ToUpper(algo)
	n, known := HashLengths[algo]
	field, mapped := h.fields[algo]
	switch {
	case !ok || !known:
		return nil, fmt.Sprintf("value %q: not supported because it is not ALGO=HEX with ALGO one of %s", m.Pattern, strings.Join(sortedKeys(h.fields), ", "))
	case !mapped:
		return nil, fmt.Sprintf("value %q: not supported because %s has no %s field", m.Pattern, h.target, algo)
	}
	digits := fmt.Sprintf("a whole %s hash of %d hex digits", algo, n)
	if h.prefix {
		digits = fmt.Sprintf("1 to %d hex digits", n)
	}
	if hex == "" || len(hex) > n || (!h.prefix && len(hex) < n) || !isHex(hex) || strings.Trim(hex, "0") == "" {
		return nil, fmt.Sprintf("value %q: not supported because it is not %s, not all zero (Sysmon's all-zero hash stands for none)", m.Pattern, digits)
	}
	if h.lowercase {
		hex = strings.ToLower(hex)
	}
	p := ir.Lit(hex)
	if len(hex) < n {
		p = p.Append(ir.Part{Kind: ir.AnyString})
	}
	return onField(m, field, p), ""
}

func isHex(s string) bool {
	return strings.Trim(s, "0123456789abcdefABCDEF") == ""
}

// splitField is a split_field_mapping transformation: the separator, and
// whether the target may hold a value that lacks it.
type splitField struct {
	storage
	sep string
	// unsplit: the target stores a value without the separator wholly in
	// the second field, the first empty; the rewrite then relies on
	// nothing but the split at the first separator.
	unsplit bool
}

// buildSplitFieldMapping maps a field the target stores split at its
// separator into two fields: "separator: '\'", "mapping: {User:
// [user.domain, user.name]}". A value without the separator is searched in
// the part a wildcard on its side admits (contains: either part, a prefix:
// the first, a suffix: the second); a value with it compares both parts.
// "lowercase: true": the target lower-cases both parts; "unsplit: true": it
// may hold a value without the separator (see splitField); "target" names
// the target in errors.
func buildSplitFieldMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	const what = "split_field_mapping"
	sep, ok := p.scalarParam(f, "separator", what)
	mapping := p.mappingParam(f)
	st, sok := p.storageParams(f, what)
	unsplit, uok := p.boolParam(f, "unsplit", what)
	if !ok || mapping == nil || !sok || !uok {
		return nil, false
	}
	if sep == "" {
		p.errorf(f["separator"], "%s: separator must not be empty", what)
		return nil, false
	}
	for _, k := range sortedKeys(mapping) {
		if len(mapping[k]) != 2 {
			p.errorf(f["mapping"], "%s: %q needs two target fields, before and after the separator", what, k)
			return nil, false
		}
	}
	s := splitField{storage: st, sep: sep, unsplit: unsplit}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			targets, ok := mapping[m.Field]
			if !ok || m.Mapped || !t.appliesToMatch(m) {
				return m
			}
			out, why := s.rewrite(m, targets[0], targets[1])
			if why != "" {
				return refuseMatch(m, why, errs)
			}
			return out
		})
	}, true
}

// rewrite rewrites one comparison on a split field, or says why it cannot.
func (s splitField) rewrite(m *ir.Match, first, second string) (ir.Expr, string) {
	stores := fmt.Sprintf("not supported because %s stores the value split at %s into %s and %s", s.target, quoteSep(s.sep), first, second)
	if s.lowercase {
		stores += " (lower case)"
	}
	switch {
	case m.Op == ir.OpEq && len(m.Pattern) == 0 && !s.unsplit:
		// An empty value is stored as no value: both parts absent.
		return onField(m, second, m.Pattern), ""
	case (m.Op == ir.OpNull || m.Op == ir.OpExists) && !s.unsplit:
		// Both parts are stored or neither: the second stands for the value.
		return onField(m, second, m.Pattern), ""
	case m.Op != ir.OpEq:
		return nil, "modifier " + m.Op.String() + ": " + stores
	case m.Cased && s.lowercase:
		return nil, "modifier cased: " + stores
	case s.lowercase && !isASCII(m.Pattern.String()):
		return nil, fmt.Sprintf("value %q: %s, and folds the case of ASCII letters only; the value has others", m.Pattern, stores)
	}
	out := s.parts(m, first, second)
	if out == nil {
		return nil, fmt.Sprintf("value %q: %s; only %s", m.Pattern, stores, s.rewritten())
	}
	return out, ""
}

// rewritten says which values the rewrite takes.
func (s splitField) rewritten() string {
	q := quoteSep(s.sep)
	if s.unsplit {
		return fmt.Sprintf("a whole value with text on both sides of the first %s, or a contains or an endswith of text without %s, is rewritten", q, q)
	}
	return fmt.Sprintf("a value with at most one %s and wildcards at its ends is rewritten (a whole value needs the %s)", q, q)
}

// parts compares the parts of the split value a pattern admits, or is nil.
func (s splitField) parts(m *ir.Match, first, second string) ir.Expr {
	shape, lit := m.Pattern.Shape()
	before, after, has := strings.Cut(lit, s.sep)
	switch {
	case shape == ir.ShapeOther || shape == ir.ShapeAny || lit == "":
		return nil
	case !has && shape == ir.ShapeContains:
		return &ir.Or{Args: []ir.Expr{onField(m, first, m.Pattern), onField(m, second, m.Pattern)}, Pos: m.Pos}
	case !has && shape == ir.ShapeSuffix:
		return onField(m, second, m.Pattern)
	case s.unsplit:
		if shape != ir.ShapeExact || !has || before == "" || after == "" {
			return nil
		}
		return &ir.And{Args: []ir.Expr{onField(m, first, ir.Lit(before)), onField(m, second, ir.Lit(after))}, Pos: m.Pos}
	case !has && shape == ir.ShapePrefix:
		return onField(m, first, m.Pattern)
	case !has || strings.Contains(after, s.sep):
		return nil
	}
	return s.bothParts(m, shape, before, after, first, second)
}

// bothParts compares the parts of a pattern that holds the one separator;
// a part the pattern leaves open ("*") is always there when the other is,
// and is left out.
func (s splitField) bothParts(m *ir.Match, shape ir.Shape, before, after, first, second string) ir.Expr {
	star := ir.Part{Kind: ir.AnyString}
	head, tail := ir.Lit(before), ir.Lit(after)
	if shape == ir.ShapeSuffix || shape == ir.ShapeContains {
		head = ir.Concat(ir.Pattern{star}, head)
	}
	if shape == ir.ShapePrefix || shape == ir.ShapeContains {
		tail = tail.Append(star)
	}
	switch {
	case len(head) == 1 && head[0].Kind == ir.AnyString:
		return onField(m, second, tail)
	case len(tail) == 1 && tail[0].Kind == ir.AnyString:
		return onField(m, first, head)
	}
	return &ir.And{Args: []ir.Expr{onField(m, first, head), onField(m, second, tail)}, Pos: m.Pos}
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > 0x7f {
			return false
		}
	}
	return true
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
