package splunk

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// Sigma's regular expressions are read as RE2, the dialect of the reference
// matcher, and Splunk's match() is PCRE. The two agree on the text of most
// expressions but not on its meaning: PCRE's $ also matches before a final
// newline, \d \w \s \b may be Unicode-aware, (?i) folds differently, and
// (?m)^ does not match after a final newline. So a rule's expression is
// parsed with regexp/syntax and written back from the parse tree in PCRE
// that means exactly what RE2 means: classes spelled out, end of text as
// \z, word boundaries as ASCII lookarounds, case folding as classes. The
// output uses only syntax that PCRE and the .NET-style engines share.

// regexPCRE translates a Sigma "re" leaf (RE2 with the flags i, m, s) to
// PCRE. A construct RE2 lacks is refused: rosetta proves every translation
// against the RE2 reading of the rule, which has no meaning for it.
func regexPCRE(m *ir.Match, target string) (string, error) {
	re, p := render.ParseRegex(m)
	if p != nil {
		why := p.Why("PCRE")
		if p.Lacks != "" {
			why = "Sigma regular expressions are read as RE2 here, the dialect of the reference matcher that proves each translation, and RE2 has no " + p.Lacks
		}
		return "", render.Unsupported(m.Pos, p.Construct, target, why)
	}
	w := &pcreWriter{}
	w.dotAll = hasOp(re, syntax.OpAnyChar) && !hasOp(re, syntax.OpAnyCharNotNL)
	if w.dotAll {
		w.b.WriteString("(?s)")
	}
	w.write(re)
	return w.b.String(), nil
}

// hasOp reports whether op occurs in the tree.
func hasOp(re *syntax.Regexp, op syntax.Op) bool {
	if re.Op == op {
		return true
	}
	for _, s := range re.Sub {
		if hasOp(s, op) {
			return true
		}
	}
	return false
}

// pcreWriter writes a parse tree as PCRE.
type pcreWriter struct {
	b      strings.Builder
	dotAll bool // the output starts with (?s): "." matches every character
}

// ASCII word characters, as RE2's \b and \w know them.
const (
	wordClass    = `[0-9A-Za-z_]`
	wordBoundary = `(?:(?<=` + wordClass + `)(?!` + wordClass + `)|(?<!` + wordClass + `)(?=` + wordClass + `))`
	wordInterior = `(?:(?<=` + wordClass + `)(?=` + wordClass + `)|(?<!` + wordClass + `)(?!` + wordClass + `))`
	anyCharacter = `[\s\S]`
	noCharacter  = `[^\s\S]`
	maxRune      = unicode.MaxRune
)

func (w *pcreWriter) write(re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpNoMatch:
		w.b.WriteString(noCharacter)
	case syntax.OpEmptyMatch:
		w.b.WriteString("(?:)")
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				if orbit := foldOrbit(r); len(orbit) > 1 {
					w.b.WriteString(classOf(orbit))
					continue
				}
			}
			w.b.WriteString(quoteRune(r))
		}
	case syntax.OpCharClass:
		w.b.WriteString(charClass(re.Rune))
	case syntax.OpAnyCharNotNL:
		w.b.WriteByte('.')
	case syntax.OpAnyChar:
		if w.dotAll {
			w.b.WriteByte('.')
		} else {
			w.b.WriteString(anyCharacter)
		}
	case syntax.OpBeginLine:
		w.b.WriteString(`(?:^|(?<=\n))`)
	case syntax.OpEndLine:
		w.b.WriteString(`(?=\n|\z)`)
	case syntax.OpBeginText:
		w.b.WriteString(`^`)
	case syntax.OpEndText:
		w.b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		w.b.WriteString(wordBoundary)
	case syntax.OpNoWordBoundary:
		w.b.WriteString(wordInterior)
	case syntax.OpCapture:
		w.b.WriteByte('(')
		w.write(re.Sub[0])
		w.b.WriteByte(')')
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		w.atom(re.Sub[0])
		switch re.Op {
		case syntax.OpStar:
			w.b.WriteByte('*')
		case syntax.OpPlus:
			w.b.WriteByte('+')
		case syntax.OpQuest:
			w.b.WriteByte('?')
		default:
			switch {
			case re.Max == -1:
				fmt.Fprintf(&w.b, "{%d,}", re.Min)
			case re.Max == re.Min:
				fmt.Fprintf(&w.b, "{%d}", re.Min)
			default:
				fmt.Fprintf(&w.b, "{%d,%d}", re.Min, re.Max)
			}
		}
		// Greedy or lazy changes which match is found, not whether one is.
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if s.Op == syntax.OpAlternate {
				w.group(s)
			} else {
				w.write(s)
			}
		}
	case syntax.OpAlternate:
		for i, s := range re.Sub {
			if i > 0 {
				w.b.WriteByte('|')
			}
			w.write(s)
		}
	default:
		// regexp/syntax has no other operators; be loud if one appears.
		panic(fmt.Sprintf("splunk: regex operator %v", re.Op))
	}
}

// atom writes the operand of a repetition, grouped unless it is one
// character, a class or a group already (a repeated repetition such as a++
// would be possessive in PCRE).
func (w *pcreWriter) atom(re *syntax.Regexp) {
	switch {
	case re.Op == syntax.OpLiteral && len(re.Rune) == 1,
		re.Op == syntax.OpCharClass, re.Op == syntax.OpAnyChar, re.Op == syntax.OpAnyCharNotNL,
		re.Op == syntax.OpCapture:
		w.write(re)
	default:
		w.group(re)
	}
}

func (w *pcreWriter) group(re *syntax.Regexp) {
	w.b.WriteString("(?:")
	w.write(re)
	w.b.WriteByte(')')
}

// foldOrbit is the rune and every rune Unicode simple case folding makes
// equal to it, sorted.
func foldOrbit(r rune) []rune {
	orbit := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		orbit = append(orbit, f)
	}
	slices.Sort(orbit)
	return orbit
}

// classOf writes a class of single runes.
func classOf(rs []rune) string {
	ranges := make([]rune, 0, 2*len(rs))
	for _, r := range rs {
		ranges = append(ranges, r, r)
	}
	return charClass(ranges)
}

// charClass writes RE2's class ranges (lo, hi pairs, sorted) as a PCRE
// class; a class that holds the last rune is written as the negation of
// what it lacks.
func charClass(ranges []rune) string {
	if len(ranges) == 0 {
		return noCharacter
	}
	neg := false
	if ranges[0] == 0 && ranges[len(ranges)-1] == maxRune {
		ranges = complement(ranges)
		neg = true
		if len(ranges) == 0 {
			return anyCharacter
		}
	}
	var b strings.Builder
	b.WriteByte('[')
	if neg {
		b.WriteByte('^')
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		// Surrogates are no characters: UTF-8 cannot write them.
		if lo >= 0xD800 && lo <= 0xDFFF {
			lo = 0xE000
		}
		if hi >= 0xD800 && hi <= 0xDFFF {
			hi = 0xD7FF
		}
		if lo > hi {
			continue
		}
		for _, seg := range classSegments(lo, hi) {
			writeRange(&b, seg[0], seg[1])
		}
	}
	b.WriteByte(']')
	if b.Len() == 2 || (neg && b.Len() == 3) {
		// Only surrogates: the class matches no character (or any).
		if neg {
			return anyCharacter
		}
		return noCharacter
	}
	return b.String()
}

// alnumRanges are the runs a class range is split at, so that a range
// reads as digits or letters ("/0-9", not "/-9").
var alnumRanges = [][2]rune{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}

// classSegments splits lo-hi at the edges of the ASCII digit and letter
// runs; the pieces outside them are written rune by rune when short.
func classSegments(lo, hi rune) [][2]rune {
	var out [][2]rune
	for lo <= hi {
		end := hi
		for _, r := range alnumRanges {
			switch {
			case lo < r[0] && hi >= r[0]:
				end = min(end, r[0]-1)
			case lo >= r[0] && lo <= r[1]:
				end = min(end, r[1])
			}
		}
		if end-lo < 3 && !isAlnum(lo) {
			for r := lo; r <= end; r++ {
				out = append(out, [2]rune{r, r})
			}
		} else {
			out = append(out, [2]rune{lo, end})
		}
		lo = end + 1
	}
	return out
}

func isAlnum(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
}

func writeRange(b *strings.Builder, lo, hi rune) {
	b.WriteString(classRune(lo))
	switch {
	case hi == lo:
	case hi == lo+1:
		b.WriteString(classRune(hi))
	default:
		b.WriteByte('-')
		b.WriteString(classRune(hi))
	}
}

// complement returns the ranges not covered by the sorted ranges.
func complement(ranges []rune) []rune {
	var out []rune
	next := rune(0)
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] > next {
			out = append(out, next, ranges[i]-1)
		}
		next = ranges[i+1] + 1
	}
	if next <= maxRune {
		out = append(out, next, maxRune)
	}
	return out
}

// pcreMeta are the characters PCRE reads as syntax outside a class.
const pcreMeta = `\^$.|?*+()[]{}`

// quoteRune writes a rune as a PCRE literal outside a class.
func quoteRune(r rune) string {
	if r < utf8.RuneSelf && strings.ContainsRune(pcreMeta, r) {
		return `\` + string(r)
	}
	return plainRune(r)
}

// classRune writes a rune as a PCRE literal inside a class: \ ] [ ^ -
// escaped ([ because .NET-style engines read -[ as class subtraction).
func classRune(r rune) string {
	if strings.ContainsRune(`\][^-`, r) {
		return `\` + string(r)
	}
	return plainRune(r)
}

// plainRune writes control characters as escapes (\v is a class in PCRE, so
// every control but \n \r \t is \xHH) and everything else as itself.
func plainRune(r rune) string {
	switch {
	case r == '\n':
		return `\n`
	case r == '\r':
		return `\r`
	case r == '\t':
		return `\t`
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02X`, r)
	}
	return string(r)
}

// patternPCRE writes a Sigma pattern as a PCRE that matches a whole value:
// "*" is any run of characters, "?" one character, and letters compare
// case-insensitively (ASCII letters as classes of both cases) unless cased.
// A leading or trailing "*" drops its anchor. dotAll says that the
// expression needs (?s) in front, so that "." also matches a newline, as a
// Sigma wildcard does.
func patternPCRE(p ir.Pattern, cased bool) (re string, dotAll bool) {
	parts := p
	start, end := "^", `\z`
	if len(parts) > 0 && parts[0].Kind == ir.AnyString {
		start = ""
		for len(parts) > 0 && parts[0].Kind == ir.AnyString {
			parts = parts[1:]
		}
	}
	if len(parts) > 0 && parts[len(parts)-1].Kind == ir.AnyString {
		end = ""
		for len(parts) > 0 && parts[len(parts)-1].Kind == ir.AnyString {
			parts = parts[:len(parts)-1]
		}
	}
	var b strings.Builder
	b.WriteString(start)
	for _, part := range parts {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString(".*")
			dotAll = true
		case ir.AnyChar:
			b.WriteByte('.')
			dotAll = true
		default:
			for _, r := range part.Text {
				switch {
				case !cased && r >= 'a' && r <= 'z':
					b.WriteString("[" + string(r) + string(r-'a'+'A') + "]")
				case !cased && r >= 'A' && r <= 'Z':
					b.WriteString("[" + string(r) + string(r-'A'+'a') + "]")
				default:
					b.WriteString(quoteRune(r))
				}
			}
		}
	}
	b.WriteString(end)
	return b.String(), dotAll
}
