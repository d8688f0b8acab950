package kql

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// kqlLexer splits query text into tokens. Rules are tried in order at each
// position and the first match wins, so string literals come before
// punctuation and the catch-all "BadString" comes right after the valid forms.
var kqlLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	// Multi-line literals: ```...``` or ~~~...~~~, optionally obfuscated (h).
	{Name: "MLString", Pattern: "[hH]?(?:```[\\s\\S]*?```|~~~[\\s\\S]*?~~~)"},
	// Verbatim literals: backslash is literal, a doubled quote is a quote.
	{Name: "VString", Pattern: `[hH]?@(?:"(?:[^"\r\n]|"")*"|'(?:[^'\r\n]|'')*')`},
	// Regular literals: backslash escapes (validated by decodeString).
	{Name: "String", Pattern: `[hH]?(?:"(?:[^"\\\r\n]|\\[^\r\n])*"|'(?:[^'\\\r\n]|\\[^\r\n])*')`},
	// Anything that opens a literal but does not close it on the same line.
	{Name: "BadString", Pattern: "[hH]?@?[\"'][^\\n]*|```|~~~"},
	{Name: "InCI", Pattern: `!?in~`},
	{Name: "BangWord", Pattern: `![A-Za-z_][A-Za-z0-9_]*`},
	{Name: "Number", Pattern: `0[xX][0-9a-fA-F]+|(?:\d+\.\d*|\d+)(?:[eE][+-]?\d+)?`},
	{Name: "Ident", Pattern: `[A-Za-z_$][A-Za-z0-9_$]*`},
	{Name: "Punct", Pattern: `==|!=|=~|!~|<=|>=|[-+*/%<>=()\[\]{},;:|.~!@]`},
})

// checkTokens lexes src once before parsing so that unterminated strings,
// invalid escapes and stray characters get precise messages instead of a
// generic "unexpected token".
func checkTokens(src string) error {
	lex, err := kqlLexer.LexString("", src)
	if err != nil {
		return fromParseError(err)
	}
	var open []lexer.Token // unclosed ( [ {
	closer := map[string]string{"(": ")", "[": "]", "{": "}"}
	for {
		tok, err := lex.Next()
		if err != nil {
			if le, ok := err.(*lexer.Error); ok {
				r, _ := utf8.DecodeRuneInString(src[min(le.Pos.Offset, len(src)):])
				return errorAt(le.Pos, "unexpected character %q", r)
			}
			return fromParseError(err)
		}
		switch tok.Type {
		case lexer.EOF:
			if len(open) > 0 {
				o := open[len(open)-1]
				return errorAt(o.Pos, "unclosed '%s': no matching '%s'", o.Value, closer[o.Value])
			}
			return nil
		case tokenTypes["Punct"]:
			switch tok.Value {
			case "(", "[", "{":
				open = append(open, tok)
			case ")", "]", "}":
				if len(open) == 0 || closer[open[len(open)-1].Value] != tok.Value {
					return errorAt(tok.Pos, "unexpected '%s': no matching opening bracket", tok.Value)
				}
				open = open[:len(open)-1]
			}
		case tokenTypes["BadString"]:
			return errorAt(tok.Pos, "unterminated string literal")
		case tokenTypes["String"]:
			if _, off, msg := decodeString(tok.Value); msg != "" {
				pos := tok.Pos
				pos.Column += utf8.RuneCountInString(tok.Value[:off])
				return errorAt(pos, "%s", msg)
			}
		}
	}
}

// tokenTypes names the lexer's token types.
var tokenTypes = kqlLexer.Symbols()

// significant drops the whitespace and comment tokens that participle
// includes when it captures into a []lexer.Token field.
func significant(toks []lexer.Token) []lexer.Token {
	out := toks[:0:0]
	for _, t := range toks {
		if t.Type != tokenTypes["Whitespace"] && t.Type != tokenTypes["Comment"] {
			out = append(out, t)
		}
	}
	return out
}

// stringValue decodes the text of one String, VString or MLString token. The
// token was validated by checkTokens, so errors cannot happen here.
func stringValue(tok string) string {
	s, _, _ := decodeString(tok)
	return s
}

// decodeString returns the value of a string literal token. On an invalid
// escape it returns the byte offset of the backslash and a message.
func decodeString(tok string) (val string, errOff int, errMsg string) {
	start := 0
	if strings.HasPrefix(tok, "h") || strings.HasPrefix(tok, "H") {
		start = 1 // obfuscated literal: the h is not part of the value
	}
	body := tok[start:]
	switch {
	case strings.HasPrefix(body, "```") || strings.HasPrefix(body, "~~~"):
		return body[3 : len(body)-3], 0, ""
	case strings.HasPrefix(body, "@"):
		q := body[1:2]
		return strings.ReplaceAll(body[2:len(body)-1], q+q, q), 0, ""
	}
	inner := body[1 : len(body)-1]
	if !strings.Contains(inner, `\`) {
		return inner, 0, ""
	}
	var b strings.Builder
	base := start + 1
	for i := 0; i < len(inner); {
		c := inner[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		n, r, msg := decodeEscape(inner[i:])
		if msg != "" {
			return "", base + i, msg
		}
		b.WriteRune(r)
		i += n
	}
	return b.String(), 0, ""
}

// decodeEscape decodes one backslash escape at the start of s, following the
// Kusto lexer: \\ \' \" \a \b \f \n \r \t \v, \xHH, \uHHHH, \UHHHHHHHH and
// octal \o, \oo, \ooo (three digits only when the first is 0-3).
func decodeEscape(s string) (n int, r rune, msg string) {
	if len(s) < 2 {
		return 0, 0, `invalid escape sequence "\" at end of string literal`
	}
	switch c := s[1]; c {
	case '\\', '\'', '"':
		return 2, rune(c), ""
	case 'a':
		return 2, '\a', ""
	case 'b':
		return 2, '\b', ""
	case 'f':
		return 2, '\f', ""
	case 'n':
		return 2, '\n', ""
	case 'r':
		return 2, '\r', ""
	case 't':
		return 2, '\t', ""
	case 'v':
		return 2, '\v', ""
	case 'x':
		return hexEscape(s, 2)
	case 'u':
		return hexEscape(s, 4)
	case 'U':
		return hexEscape(s, 8)
	default:
		if c >= '0' && c <= '7' {
			n, v := 2, rune(c-'0')
			for n < len(s) && n < 4 && s[n] >= '0' && s[n] <= '7' {
				if n == 3 && c > '3' {
					break
				}
				v = v*8 + rune(s[n]-'0')
				n++
			}
			return n, v, ""
		}
		r, _ := utf8.DecodeRuneInString(s[1:])
		return 0, 0, fmt.Sprintf(`invalid escape sequence "\%c" in string literal (write \\ for a backslash, or use a verbatim @"..." string)`, r)
	}
}

// hexEscape decodes \x, \u or \U followed by exactly digits hex digits.
func hexEscape(s string, digits int) (int, rune, string) {
	if len(s) < 2+digits {
		return 0, 0, fmt.Sprintf(`invalid escape sequence "\%c": needs %d hex digits`, s[1], digits)
	}
	var v rune
	for _, c := range []byte(s[2 : 2+digits]) {
		d, ok := hexDigit(c)
		if !ok {
			return 0, 0, fmt.Sprintf(`invalid escape sequence "\%c": needs %d hex digits`, s[1], digits)
		}
		v = v*16 + d
	}
	if !utf8.ValidRune(v) {
		v = utf8.RuneError
	}
	return 2 + digits, v, ""
}

func hexDigit(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}
