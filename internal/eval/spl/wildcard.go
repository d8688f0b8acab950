package spl

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// glob is a compiled wildcard pattern. It is built once at Compile time and
// matched without regular expressions: runs of literal text separated by
// "any run of characters" and "exactly one character" wildcards.
type glob struct {
	parts    []globPart
	fold     bool // compare case-insensitively
	literal  bool // no wildcards: plain (folded) equality
	matchAll bool // the pattern is only any-run wildcards
	text     string
}

type globPart struct {
	kind byte // 'l' literal, '*' any run, '?' one character
	lit  string
}

// newGlob compiles pattern, where the runes anyRun and anyOne (0 for none)
// are wildcards and every other character is literal. An unanchored glob
// matches anywhere in the value.
func newGlob(pattern string, anyRun, anyOne rune, fold, anchored bool) *glob {
	g := &glob{fold: fold, text: pattern}
	if fold {
		pattern = foldCase(pattern)
	}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			g.parts = append(g.parts, globPart{kind: 'l', lit: lit.String()})
			lit.Reset()
		}
	}
	if !anchored {
		g.parts = append(g.parts, globPart{kind: '*'})
	}
	for _, r := range pattern {
		switch {
		case anyRun != 0 && r == anyRun:
			flush()
			if n := len(g.parts); n == 0 || g.parts[n-1].kind != '*' {
				g.parts = append(g.parts, globPart{kind: '*'})
			}
		case anyOne != 0 && r == anyOne:
			flush()
			g.parts = append(g.parts, globPart{kind: '?'})
		default:
			lit.WriteRune(r)
		}
	}
	flush()
	if !anchored && g.parts[len(g.parts)-1].kind != '*' {
		g.parts = append(g.parts, globPart{kind: '*'})
	}
	g.literal = len(g.parts) <= 1 && (len(g.parts) == 0 || g.parts[0].kind == 'l')
	g.matchAll = true
	for _, p := range g.parts {
		if p.kind != '*' {
			g.matchAll = false
		}
	}
	g.matchAll = g.matchAll && len(g.parts) > 0
	return g
}

// foldCase maps every rune to the smallest rune of its Unicode simple case
// folding orbit (for ASCII letters, the upper case), so that two strings are equal case-insensitively exactly
// when their folds are equal, rune for rune. Splunk does not document how
// search folds letters outside ASCII; rosetta models it with simple folding
// (as strings.EqualFold does), which keeps a string's length in runes,
// unlike strings.ToLower ("İ" lowers to two runes).
func foldCase(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// The smallest rune of an ASCII letter's orbit is its upper case.
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range s {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		b.WriteRune(min)
	}
	return b.String()
}

// match reports whether the whole of s matches the pattern.
func (g *glob) match(s string) bool {
	if g.matchAll {
		return true
	}
	if g.fold {
		s = foldCase(s)
	}
	if g.literal {
		if len(g.parts) == 0 {
			return s == ""
		}
		return s == g.parts[0].lit
	}
	return matchParts(g.parts, s)
}

// matchParts matches with the classic single-backtrack-point algorithm: on a
// mismatch, retry from the last any-run wildcard one character further. It is
// linear in practice and never exponential.
func matchParts(parts []globPart, s string) bool {
	pi, si := 0, 0
	starPi, starSi := -1, 0
	for {
		if pi < len(parts) {
			p := parts[pi]
			switch p.kind {
			case '*':
				starPi, starSi = pi, si
				pi++
				continue
			case '?':
				if si < len(s) {
					_, w := utf8.DecodeRuneInString(s[si:])
					si += w
					pi++
					continue
				}
			case 'l':
				if strings.HasPrefix(s[si:], p.lit) {
					si += len(p.lit)
					pi++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		// Mismatch: let the last any-run wildcard absorb one more character.
		if starPi < 0 || starSi >= len(s) {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[starSi:])
		starSi += w
		pi, si = starPi+1, starSi
	}
}

func (g *glob) String() string { return g.text }
