package ir

import "strings"

// ParseSigmaString reads a string in Sigma's value notation into a pattern:
// "*" and "?" are wildcards; a backslash before "*", "?" or another
// backslash makes that character literal; any other backslash is literal
// itself.
func ParseSigmaString(s string) Pattern {
	var (
		p   Pattern
		lit strings.Builder
	)
	flush := func() {
		p = p.Append(Part{Kind: Literal, Text: lit.String()})
		lit.Reset()
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			lit.WriteByte(s[i+1])
			i++
		case c == '*':
			flush()
			p = p.Append(Part{Kind: AnyString})
		case c == '?':
			flush()
			p = p.Append(Part{Kind: AnyChar})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return p
}
