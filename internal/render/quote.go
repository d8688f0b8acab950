package render

import "strings"

// QuoteEscaped writes a double-quoted string literal in the C-like syntax
// that KQL and EQL share: backslash and double quote escaped with a
// backslash, newline, carriage return and tab as \n, \r, \t.
func QuoteEscaped(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
