package render

import "strings"

// QuoteEscaped writes a double-quoted string literal in the C-like syntax
// that KQL and EQL share: backslash and double quote escaped with a
// backslash, newline, carriage return and tab as \n, \r, \t.
func QuoteEscaped(s string) string { return QuoteEscapedWith(s, nil) }

// QuoteEscapedWith is QuoteEscaped where control escapes any other rune
// that control returns a non-empty escape for (EQL writes control
// characters as \u{XX}); a nil control writes every other rune as is.
func QuoteEscapedWith(s string, control func(r rune) string) string {
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
			if control != nil {
				if esc := control(r); esc != "" {
					b.WriteString(esc)
					continue
				}
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
