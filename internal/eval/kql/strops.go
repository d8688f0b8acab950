package kql

import "strings"

// foldASCII lower-cases ASCII letters only. Kusto's case-insensitive
// operators are documented to support ASCII text only, so "É" =~ "é" is false.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + ('a' - 'A')
				}
			}
			return string(b)
		}
	}
	return s
}

// isTermByte reports whether c belongs to a term: the has operators split a
// string into maximal runs of ASCII letters and digits.
func isTermByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// termMatch reports whether needle occurs in hay on term boundaries: when
// atStart, the occurrence must not continue a term on its left; when atEnd,
// it must not be continued by a term on its right. A boundary only matters
// where the needle itself begins or ends with a term character.
func termMatch(hay, needle string, atStart, atEnd bool) bool {
	if needle == "" {
		return true
	}
	first, last := needle[0], needle[len(needle)-1]
	for off := 0; off <= len(hay)-len(needle); {
		i := strings.Index(hay[off:], needle)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(needle)
		okStart := !atStart || !isTermByte(first) || i == 0 || !isTermByte(hay[i-1])
		okEnd := !atEnd || !isTermByte(last) || end == len(hay) || !isTermByte(hay[end])
		if okStart && okEnd {
			return true
		}
		off = i + 1
	}
	return false
}

// stringPredicate is a binary string operator on (left, right).
type stringPredicate func(hay, needle string) bool

// foldBoth wraps a case-sensitive predicate into its ASCII case-insensitive form.
func foldBoth(p stringPredicate) stringPredicate {
	return func(hay, needle string) bool { return p(foldASCII(hay), foldASCII(needle)) }
}

func hasTerm(hay, needle string) bool   { return termMatch(hay, needle, true, true) }
func hasPrefix(hay, needle string) bool { return termMatch(hay, needle, true, false) }
func hasSuffix(hay, needle string) bool { return termMatch(hay, needle, false, true) }
func equalStr(a, b string) bool         { return a == b }

// stringOps maps each positive string operator to its predicate. A leading
// "!" on any of them negates it.
var stringOps = map[string]stringPredicate{
	"has":           foldBoth(hasTerm),
	"has_cs":        hasTerm,
	"hasprefix":     foldBoth(hasPrefix),
	"hasprefix_cs":  hasPrefix,
	"hassuffix":     foldBoth(hasSuffix),
	"hassuffix_cs":  hasSuffix,
	"contains":      foldBoth(strings.Contains),
	"contains_cs":   strings.Contains,
	"startswith":    foldBoth(strings.HasPrefix),
	"startswith_cs": strings.HasPrefix,
	"endswith":      foldBoth(strings.HasSuffix),
	"endswith_cs":   strings.HasSuffix,
	"=~":            foldBoth(equalStr),
}
