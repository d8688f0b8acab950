package eql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// escapeError reports a bad escape sequence inside a string token; offset
// counts runes from the opening quote, so that the caller can turn it into a
// column.
type escapeError struct {
	offset int
	msg    string
}

func (e *escapeError) Error() string { return e.msg }

// unquoteString decodes an ordinary EQL string token, quotes included.
//
// Elasticsearch documents exactly these escapes: \n \r \t \\ \" and
// \u{XXXXXXXX} with 2 to 8 hex digits. Anything else after a backslash, such
// as the \d of a regular expression written with single backslashes, is a
// syntax error in Elasticsearch, and so it is here.
func unquoteString(tok string) (string, error) {
	if len(tok) < 2 || tok[0] != '"' || tok[len(tok)-1] != '"' {
		return "", &escapeError{0, "malformed string literal"}
	}
	body := tok[1 : len(tok)-1]
	if !strings.Contains(body, `\`) {
		return body, nil
	}
	var b strings.Builder
	runeOff := 1 // the opening quote
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		if r != '\\' {
			b.WriteString(body[i : i+size])
			i += size
			runeOff++
			continue
		}
		if i+1 >= len(body) {
			return "", &escapeError{runeOff, `unterminated escape sequence "\"`}
		}
		next, nsize := utf8.DecodeRuneInString(body[i+1:])
		switch next {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '\\':
			b.WriteByte('\\')
		case '"':
			b.WriteByte('"')
		case 'u':
			r, n, err := unicodeEscape(body[i:])
			if err != nil {
				return "", &escapeError{runeOff, err.Error()}
			}
			b.WriteRune(r)
			i += n
			runeOff += utf8.RuneCountInString(body[i-n : i])
			continue
		default:
			return "", &escapeError{runeOff, fmt.Sprintf(
				`unknown escape sequence "\%c" in string (EQL strings accept \n \r \t \\ \" and \u{XXXX}; write \\ for a literal backslash or use a """raw string""")`, next)}
		}
		i += 1 + nsize
		runeOff += 2
	}
	return b.String(), nil
}

// unicodeEscape decodes a \u{XXXX} escape at the start of s and returns the
// rune and the number of bytes consumed.
func unicodeEscape(s string) (rune, int, error) {
	if !strings.HasPrefix(s, `\u{`) {
		return 0, 0, fmt.Errorf(`invalid unicode escape: expected "\u{" followed by 2 to 8 hex digits and "}"`)
	}
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return 0, 0, fmt.Errorf(`unterminated unicode escape: missing "}"`)
	}
	hex := s[3:end]
	if len(hex) < 2 || len(hex) > 8 {
		return 0, 0, fmt.Errorf(`invalid unicode escape "\u{%s}": expected 2 to 8 hex digits`, hex)
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return 0, 0, fmt.Errorf(`invalid unicode escape "\u{%s}": not a hexadecimal number`, hex)
	}
	r := rune(v)
	if v > utf8.MaxRune || !utf8.ValidRune(r) {
		return 0, 0, fmt.Errorf(`invalid unicode escape "\u{%s}": not a Unicode scalar value`, hex)
	}
	return r, end + 1, nil
}

// unquoteRaw decodes a raw string token: three quotes on each side, no
// escapes. Elasticsearch's lexer lets up to two further quotes close the
// token; they are part of the value.
func unquoteRaw(tok string) string {
	return tok[3 : len(tok)-3]
}

// unquoteBacktick decodes a backtick-escaped identifier; a doubled backtick
// stands for one backtick.
func unquoteBacktick(tok string) string {
	return strings.ReplaceAll(tok[1:len(tok)-1], "``", "`")
}
