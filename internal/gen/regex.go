package gen

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// regexVariants is how many strings regexValues tries: bit 0 repeats
// optional parts once more, bit 1 takes the last alternative, not the first.
const regexVariants = 4

// Limits of one regex witness.
const (
	regexMaxSteps = 10000
	regexMaxLen   = 4096
	regexMaxCount = 1000 // repetitions of a counted repeat written out at most
)

// preferredRunes are tried first when a character class must be written
// out, so that values stay readable.
const preferredRunes = "xabcdefghijklmnopqrstuvwyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-. "

// regexValues returns strings built from a simple regular expression (RE2
// syntax with the rule's flags) that it probably matches: literals as
// written, a readable member of each class, repeats at their minimum (or
// one more), the first or last alternative, anchors and boundaries as
// nothing. Callers check each with the real matcher.
func regexValues(expr, flags string) []string {
	if flags != "" {
		expr = "(?" + flags + ")" + expr
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []string
	for v := 0; v < regexVariants; v++ {
		g := &regexGen{more: v&1 != 0, last: v&2 != 0}
		if g.gen(re) && !slices.Contains(out, g.b.String()) {
			out = append(out, g.b.String())
		}
	}
	return out
}

type regexGen struct {
	b     strings.Builder
	more  bool // optional and repeated parts once more than the minimum
	last  bool // the last alternative
	steps int
}

func (g *regexGen) gen(re *syntax.Regexp) bool {
	g.steps++
	if g.steps > regexMaxSteps || g.b.Len() > regexMaxLen {
		return false
	}
	switch re.Op {
	case syntax.OpNoMatch:
		return false
	case syntax.OpLiteral:
		g.b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		r, ok := pickRune(re.Rune)
		if !ok {
			return false
		}
		g.b.WriteRune(r)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		g.b.WriteByte('x')
	case syntax.OpCapture:
		return g.gen(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		return !g.more || g.gen(re.Sub[0])
	case syntax.OpPlus:
		return g.repeat(re.Sub[0], 1+boolInt(g.more))
	case syntax.OpRepeat:
		n := re.Min
		if g.more && (re.Max == -1 || re.Max > re.Min) {
			n++
		}
		return n <= regexMaxCount && g.repeat(re.Sub[0], n)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !g.gen(s) {
				return false
			}
		}
	case syntax.OpAlternate:
		if g.last {
			return g.gen(re.Sub[len(re.Sub)-1])
		}
		return g.gen(re.Sub[0])
	}
	// Empty match, anchors and word boundaries add nothing.
	return true
}

// repeat writes sub n times.
func (g *regexGen) repeat(sub *syntax.Regexp, n int) bool {
	for i := 0; i < n; i++ {
		if !g.gen(sub) {
			return false
		}
	}
	return true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pickRune chooses a member of a character class (pairs of lo, hi): a
// readable one if the class has one, else the first printable.
func pickRune(ranges []rune) (rune, bool) {
	in := func(r rune) bool {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= r && r <= ranges[i+1] {
				return true
			}
		}
		return false
	}
	for _, r := range preferredRunes {
		if in(r) {
			return r, true
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		if r := max(ranges[i], 0x20); r <= ranges[i+1] && r != 0x7f {
			return r, true
		}
	}
	if len(ranges) > 0 {
		return ranges[0], true
	}
	return 0, false
}
