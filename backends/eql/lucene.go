package eql

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Lucene regular expressions, as the EQL regex and regex~ operators take
// them (https://www.elastic.co/guide/en/elasticsearch/reference/current/regexp-syntax.html):
// the whole value must match, so there are no anchors; the operators are
// . ? + * {n,m} | ( ) [ ] [^ ] and "..." (with @ # & ~ < > enabled too),
// and \ makes the next character literal. There are no class escapes (\d
// \w \s), no inline flags, no lookarounds, no backreferences and no word
// boundaries; regex~ folds ASCII letters only, and leaves ranges such as
// [a-c] as they are.
//
// A Sigma re is an RE2 search anywhere in the value. The translation works
// on the parsed expression (Go's regexp/syntax, the reference matcher's
// dialect), so classes, \d, \s and the like are already character ranges,
// and case folding is explicit: each node says whether it folds. It pads
// the expression with .* where it is not anchored, writes each range out,
// and refuses what Lucene cannot express.

// luceneSpecial are the characters a Lucene regular expression reads as
// operators (the optional ones included), and ^ and $, which are literal
// in Lucene but anchors to every reader of other dialects.
const luceneSpecial = `.?+*|{}[]()"\#@&<>~^$`

// lucenePattern writes a Sigma pattern (wildcards and literal text) as a
// Lucene regular expression over the whole value.
func lucenePattern(p ir.Pattern) string {
	var b strings.Builder
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString(".*")
		case ir.AnyChar:
			b.WriteString(".")
		default:
			for _, r := range part.Text {
				writeLuceneChar(&b, r, luceneSpecial)
			}
		}
	}
	return b.String()
}

func writeLuceneChar(b *strings.Builder, r rune, special string) {
	if r < utf8.RuneSelf && strings.ContainsRune(special, r) {
		b.WriteByte('\\')
	}
	b.WriteRune(r)
}

// luceneProblem is a construct of a Sigma regular expression that Lucene
// cannot express.
type luceneProblem struct{ construct, why string }

// luceneRegex translates a parsed Sigma regular expression (an unanchored
// search) into a Lucene regular expression that matches exactly the values
// it finds something in. insensitive says to use regex~: every letter of
// the expression folds, and the translation relies on Lucene's ASCII
// folding.
func luceneRegex(re *syntax.Regexp) (text string, insensitive bool, problem *luceneProblem) {
	alts, problem := edgeAlternatives(re, 0)
	if problem != nil {
		return "", false, problem
	}
	t := &luceneWriter{ci: foldsEverywhere(re)}
	var parts []string
	for _, alt := range alts {
		s, problem := t.alternative(alt)
		if problem != nil {
			return "", false, problem
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "|"), t.ci, nil
}

// maxAlternatives bounds the expansion of anchors inside groups.
const maxAlternatives = 64

// edgeAlternatives splits an expression into alternatives whose anchors, if
// any, stand at their ends: "^a|b$" is "^a" or "b$", and "(^|\\)a" is "^a"
// or "\\a".
func edgeAlternatives(re *syntax.Regexp, depth int) ([]*syntax.Regexp, *luceneProblem) {
	if depth > 16 {
		return nil, &luceneProblem{"re: anchors nested in groups", "a Lucene regular expression has no anchors, and this expression is too deep to expand into alternatives"}
	}
	re = unwrapCapture(re)
	switch re.Op {
	case syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, sub := range re.Sub {
			alts, p := edgeAlternatives(sub, depth+1)
			if p != nil {
				return nil, p
			}
			out = append(out, alts...)
			if len(out) > maxAlternatives {
				return nil, &luceneProblem{"re: anchors in alternatives", "a Lucene regular expression has no anchors, and writing each anchored alternative out takes too many"}
			}
		}
		return out, nil
	case syntax.OpConcat:
		subs := flattenConcat(re.Sub)
		if len(subs) == 0 {
			return []*syntax.Regexp{re}, nil
		}
		for _, i := range []int{0, len(subs) - 1} {
			g := unwrapCapture(subs[i])
			if g.Op != syntax.OpAlternate || !hasAnchor(g) {
				continue
			}
			var out []*syntax.Regexp
			for _, branch := range g.Sub {
				c := make([]*syntax.Regexp, 0, len(subs))
				c = append(c, subs[:i]...)
				c = append(c, branch)
				c = append(c, subs[i+1:]...)
				alts, p := edgeAlternatives(&syntax.Regexp{Op: syntax.OpConcat, Sub: c}, depth+1)
				if p != nil {
					return nil, p
				}
				out = append(out, alts...)
				if len(out) > maxAlternatives {
					return nil, &luceneProblem{"re: anchors in alternatives", "a Lucene regular expression has no anchors, and writing each anchored alternative out takes too many"}
				}
			}
			return out, nil
		}
	}
	return []*syntax.Regexp{re}, nil
}

func unwrapCapture(re *syntax.Regexp) *syntax.Regexp {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	return re
}

// flattenConcat inlines nested concatenations (also inside groups), so that
// the first and last elements are the expression's edges.
func flattenConcat(subs []*syntax.Regexp) []*syntax.Regexp {
	var out []*syntax.Regexp
	for _, s := range subs {
		if u := unwrapCapture(s); u.Op == syntax.OpConcat {
			out = append(out, flattenConcat(u.Sub)...)
			continue
		}
		out = append(out, s)
	}
	return out
}

func isAnchor(op syntax.Op) bool {
	switch op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return true
	}
	return false
}

func hasAnchor(re *syntax.Regexp) bool {
	if isAnchor(re.Op) {
		return true
	}
	for _, s := range re.Sub {
		if hasAnchor(s) {
			return true
		}
	}
	return false
}

// foldsEverywhere reports whether regex~ can stand for the expression's
// case folding: some letter folds, every ASCII letter written literally
// folds, and every class holds both cases of its ASCII letters.
func foldsEverywhere(re *syntax.Regexp) bool {
	folds, ok := false, true
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				if !isASCIILetter(r) {
					continue
				}
				if re.Flags&syntax.FoldCase != 0 {
					folds = true
				} else {
					ok = false
				}
			}
		case syntax.OpCharClass:
			for c := 'A'; c <= 'Z'; c++ {
				if inClass(re.Rune, c) != inClass(re.Rune, c+'a'-'A') {
					ok = false
				}
			}
		}
		for _, s := range re.Sub {
			walk(s)
		}
	}
	walk(re)
	return folds && ok
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func inClass(ranges []rune, r rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= r && r <= ranges[i+1] {
			return true
		}
	}
	return false
}

// luceneWriter writes the nodes of one expression; ci is regex~.
type luceneWriter struct{ ci bool }

// alternative writes one alternative, padded with .* on each side it is not
// anchored: Lucene matches the whole value, Sigma searches.
func (t *luceneWriter) alternative(re *syntax.Regexp) (string, *luceneProblem) {
	var subs []*syntax.Regexp
	if u := unwrapCapture(re); u.Op == syntax.OpConcat {
		subs = flattenConcat(u.Sub)
	} else {
		subs = []*syntax.Regexp{re}
	}
	lead, trail := ".*", ".*"
	// An end anchor first, or a start anchor last, is left in place: the
	// body refuses it as an anchor inside the expression.
leading:
	for len(subs) > 0 {
		switch unwrapCapture(subs[0]).Op {
		case syntax.OpBeginText:
			lead = ""
		case syntax.OpBeginLine:
			if lead != "" {
				lead = "(.*\n)?" // at the start, or after a newline
			}
		default:
			break leading
		}
		subs = subs[1:]
	}
trailing:
	for len(subs) > 0 {
		switch unwrapCapture(subs[len(subs)-1]).Op {
		case syntax.OpEndText:
			trail = ""
		case syntax.OpEndLine:
			if trail != "" {
				trail = "(\n.*)?" // at the end, or before a newline
			}
		default:
			break trailing
		}
		subs = subs[:len(subs)-1]
	}
	var b strings.Builder
	b.WriteString(lead)
	for _, s := range subs {
		str, p := t.node(s, true)
		if p != nil {
			return "", p
		}
		b.WriteString(str)
	}
	b.WriteString(trail)
	if b.Len() == 0 {
		return "()", nil // the empty value
	}
	return b.String(), nil
}

// node writes one node. inConcat says it stands among others, where an
// alternation needs a group.
func (t *luceneWriter) node(re *syntax.Regexp, inConcat bool) (string, *luceneProblem) {
	switch re.Op {
	case syntax.OpNoMatch:
		return "#", nil
	case syntax.OpEmptyMatch:
		return "()", nil
	case syntax.OpLiteral:
		var b strings.Builder
		for _, r := range re.Rune {
			if p := t.literal(&b, r, re.Flags&syntax.FoldCase != 0); p != nil {
				return "", p
			}
		}
		return b.String(), nil
	case syntax.OpCharClass:
		return t.class(re.Rune)
	case syntax.OpAnyCharNotNL:
		return "[^\n]", nil
	case syntax.OpAnyChar:
		return ".", nil
	case syntax.OpBeginLine, syntax.OpBeginText:
		return "", &luceneProblem{"re: anchor ^ inside the expression", "a Lucene regular expression always matches the whole value and has no anchors"}
	case syntax.OpEndLine, syntax.OpEndText:
		return "", &luceneProblem{"re: anchor $ inside the expression", "a Lucene regular expression always matches the whole value and has no anchors"}
	case syntax.OpWordBoundary:
		return "", &luceneProblem{`re: word boundary \b`, "a Lucene regular expression has no word boundaries"}
	case syntax.OpNoWordBoundary:
		return "", &luceneProblem{`re: non-boundary \B`, "a Lucene regular expression has no word boundaries"}
	case syntax.OpCapture:
		s, p := t.node(re.Sub[0], false)
		if p != nil {
			return "", p
		}
		return "(" + s + ")", nil
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		// Lazy and greedy quantifiers match the same values; only the
		// matched span differs, which a verdict does not see.
		s, p := t.atom(re.Sub[0])
		if p != nil {
			return "", p
		}
		switch re.Op {
		case syntax.OpStar:
			return s + "*", nil
		case syntax.OpPlus:
			return s + "+", nil
		case syntax.OpQuest:
			return s + "?", nil
		}
		switch {
		case re.Max < 0:
			return fmt.Sprintf("%s{%d,}", s, re.Min), nil
		case re.Max == re.Min:
			return fmt.Sprintf("%s{%d}", s, re.Min), nil
		}
		return fmt.Sprintf("%s{%d,%d}", s, re.Min, re.Max), nil
	case syntax.OpConcat:
		var b strings.Builder
		for _, sub := range re.Sub {
			s, p := t.node(sub, true)
			if p != nil {
				return "", p
			}
			b.WriteString(s)
		}
		if b.Len() == 0 {
			return "()", nil
		}
		return b.String(), nil
	case syntax.OpAlternate:
		parts := make([]string, 0, len(re.Sub))
		for _, sub := range re.Sub {
			s, p := t.node(sub, false)
			if p != nil {
				return "", p
			}
			if s == "" {
				s = "()"
			}
			parts = append(parts, s)
		}
		s := strings.Join(parts, "|")
		if inConcat {
			s = "(" + s + ")"
		}
		return s, nil
	}
	return "", &luceneProblem{"re: " + re.String(), "this version cannot write it as a Lucene regular expression"}
}

// atom writes a node as the operand of a quantifier: grouped unless it is
// one character, one class or a group already.
func (t *luceneWriter) atom(re *syntax.Regexp) (string, *luceneProblem) {
	s, p := t.node(re, false)
	if p != nil {
		return "", p
	}
	switch re.Op {
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpCapture, syntax.OpEmptyMatch, syntax.OpNoMatch:
		return s, nil
	case syntax.OpLiteral:
		if len(re.Rune) == 1 {
			return s, nil
		}
	}
	return "(" + s + ")", nil
}

// literal writes one character of a literal. A folding character becomes
// the class of its case variants (Unicode simple folding, as RE2's (?i)
// does: k is also the Kelvin sign); under regex~ an ASCII letter whose
// only variant is its other ASCII case is written alone.
func (t *luceneWriter) literal(b *strings.Builder, r rune, fold bool) *luceneProblem {
	if !fold {
		return t.char(b, r, luceneSpecial)
	}
	orbit := foldOrbit(r)
	if len(orbit) == 1 || (t.ci && len(orbit) == 2 && isASCIILetter(orbit[0]) && isASCIILetter(orbit[1])) {
		return t.char(b, orbit[0], luceneSpecial)
	}
	b.WriteByte('[')
	for _, o := range orbit {
		if p := t.char(b, o, classSpecial); p != nil {
			return p
		}
	}
	b.WriteByte(']')
	return nil
}

// foldOrbit returns the characters that fold to the same as r: the lower
// case one first (the parser keeps the upper case), then in code point
// order.
func foldOrbit(r rune) []rune {
	out := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	slices.Sort(out)
	if i := slices.Index(out, unicode.ToLower(r)); i > 0 {
		out[0], out[i] = out[i], out[0]
		slices.Sort(out[1:])
	}
	return out
}

// classSpecial: inside a class every ASCII punctuation character is
// escaped, which Lucene reads as the character itself.
const classSpecial = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// char writes one character, escaped where special. Lucene reads UTF-16
// code points; a surrogate cannot be written.
func (t *luceneWriter) char(b *strings.Builder, r rune, special string) *luceneProblem {
	if r >= 0xD800 && r <= 0xDFFF || !utf8.ValidRune(r) {
		return &luceneProblem{fmt.Sprintf("re: character U+%04X", r), "it is not a character a Lucene regular expression can hold"}
	}
	writeLuceneChar(b, r, special)
	return nil
}

// class writes a character class from its ranges; one that reaches the
// last code point is written negated.
func (t *luceneWriter) class(ranges []rune) (string, *luceneProblem) {
	if len(ranges) == 0 {
		return "#", nil
	}
	negated := ranges[len(ranges)-1] == unicode.MaxRune
	if negated {
		ranges = complement(ranges)
		if len(ranges) == 0 {
			return ".", nil
		}
	}
	var b strings.Builder
	b.WriteByte('[')
	if negated {
		b.WriteByte('^')
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if p := t.char(&b, lo, classSpecial); p != nil {
			return "", p
		}
		if hi == lo {
			continue
		}
		if hi > lo+1 {
			b.WriteByte('-')
		}
		if p := t.char(&b, hi, classSpecial); p != nil {
			return "", p
		}
	}
	b.WriteByte(']')
	return b.String(), nil
}

// complement returns the ranges of the characters not in ranges.
func complement(ranges []rune) []rune {
	var out []rune
	next := rune(0)
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] > next {
			out = append(out, next, ranges[i]-1)
		}
		next = ranges[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return out
}
