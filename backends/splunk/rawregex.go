package splunk

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// Some keywords cannot be search terms: a '*' between words runs on across
// the event's other fields in _raw, a term of breaker characters only
// matches no indexed term, a term has no single-character wildcard, cannot
// escape '*' and compares case-insensitively. Those keywords are matched
// by a regular expression on _raw instead (match(_raw, "...") in the where
// clause) that walks the raw event's markup from its start, so that the
// keyword is matched inside one value and never in the markup:
//
//   - XML (XmlWinEventLog): a value is the text between a tag's '>' and the
//     next '<'. Outside a tag's text neither '>' nor '<' stands unescaped,
//     so every '>' ends a tag, and a value's characters are a character
//     other than '<' and '&', or an entity.
//   - JSON: the expression consumes whole string tokens and the characters
//     between them from the start of _raw, so that it stands at a token
//     boundary, then matches a string token that is not followed by ':' (a
//     value, not a key), or a number or boolean after ':', ',' or '['.
//     Inside a string a character is an escape sequence or a character
//     other than '"' and '\'.
//
// Each character of the keyword is written as _raw spells it (escaped);
// ASCII letters as classes of both cases unless the keyword is cased.

// keywordRegexReason names the construct that keeps a keyword (a field-less
// value) from being search terms, and why, or "" when terms can say it.
func keywordRegexReason(m *ir.Match) (construct, why string) {
	if m.Op != ir.OpEq {
		return "", ""
	}
	text := m.Pattern.Text()
	switch {
	case m.Cased && hasCasedLetter(m.Pattern):
		return "cased keyword", "a bare term matches case-insensitively"
	case hasPart(m.Pattern, func(p ir.Part) bool { return p.Kind == ir.AnyChar }):
		return "keyword with wildcard '?'", "SPL search has no single-character wildcard"
	case hasPart(m.Pattern, func(p ir.Part) bool { return p.Kind == ir.Literal && strings.Contains(p.Text, "*") }):
		return "keyword with literal '*'", "SPL search cannot escape '*' in a term"
	case innerWildcard(m.Pattern):
		return "keyword with an inner '*'", "in _raw a '*' between words runs on across the event's other fields, while Sigma matches one value"
	case !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		return fmt.Sprintf("keyword %q", text), "a term of breaker characters only matches no indexed term, while _raw's own markup holds them"
	}
	return "", ""
}

func hasPart(p ir.Pattern, f func(ir.Part) bool) bool {
	for _, part := range p {
		if f(part) {
			return true
		}
	}
	return false
}

// jsonValueChar is one character of a JSON string: an escape or a plain
// character.
const jsonValueChar = `(?:[^"\\]|\\(?:u[0-9A-Fa-f]{4}|[^u]))`

// jsonScalarChar is one character of a number or a boolean.
const jsonScalarChar = `[0-9A-Za-z.+\-]`

// jsonAligned consumes whole string tokens and the characters between them
// from the start of _raw: what follows is a token boundary.
const jsonAligned = `^(?:[^"]|"` + jsonValueChar + `*")*?`

// xmlValueChar is one character of XML text: a character or an entity.
const xmlValueChar = `(?:[^<&]|&[#0-9A-Za-z]+;)`

// keywordRawRegex writes the PCRE that matches a keyword inside one value of
// _raw spelled in rawFormat.
func keywordRawRegex(m *ir.Match, rawFormat string) (string, error) {
	switch rawFormat {
	case rawXML:
		return ">" + keywordBody(m, xmlValueChar, xmlLiteral) + xmlValueChar + "*<", nil
	case rawJSON:
		str := `"` + keywordBody(m, jsonValueChar, jsonLiteral) + jsonValueChar + `*"(?!:)`
		if scalar, ok := keywordScalar(m); ok {
			return jsonAligned + "(?:" + str + "|" + scalar + ")", nil
		}
		return jsonAligned + str, nil
	}
	return "", render.Unsupported(m.Pos, "keyword "+m.Pattern.String(), "splunk search",
		"no pipeline sets raw_format, so the shape of _raw, which the keyword's expression must follow, is unknown")
}

// keywordBody writes the keyword from the start of a value: any characters
// of the value, then the pattern, '*' as any characters of the value and
// '?' as one.
func keywordBody(m *ir.Match, char string, literal func(rune, bool) string) string {
	var b strings.Builder
	b.WriteString(char + "*?")
	for _, part := range m.Pattern {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString(char + "*?")
		case ir.AnyChar:
			b.WriteString(char)
		default:
			for _, r := range part.Text {
				b.WriteString(literal(r, m.Cased))
			}
		}
	}
	return b.String()
}

// keywordScalar writes the keyword inside a JSON number or boolean, or
// reports false when it holds a character none has. null is no value.
func keywordScalar(m *ir.Match) (string, bool) {
	for _, part := range m.Pattern {
		if part.Kind == ir.Literal && strings.ContainsFunc(part.Text, func(r rune) bool {
			return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '+' || r == '-')
		}) {
			return "", false
		}
	}
	return `(?<=[:,\[])(?!null)` + keywordBody(m, jsonScalarChar, foldedRune), true
}

// foldedRune writes a rune as a PCRE literal, an ASCII letter as a class of
// both cases unless cased.
func foldedRune(r rune, cased bool) string {
	switch {
	case !cased && r >= 'a' && r <= 'z':
		return "[" + string(r) + string(r-'a'+'A') + "]"
	case !cased && r >= 'A' && r <= 'Z':
		return "[" + string(r) + string(r-'A'+'a') + "]"
	}
	return quoteRune(r)
}

// jsonLiteral writes a rune as it stands inside a JSON string of _raw.
func jsonLiteral(r rune, cased bool) string {
	return escapedRune(r, cased, jsonEscape)
}

// xmlLiteral writes a rune as it stands in XML text of _raw: an escaped
// rune in any of the spellings of xmlEscape and windowsXMLEscape.
func xmlLiteral(r rune, cased bool) string {
	a := escapedRune(r, cased, xmlEscape)
	if b := escapedRune(r, cased, windowsXMLEscape); b != a {
		return "(?:" + a + "|" + b + ")"
	}
	return a
}

// escapedRune writes a rune spelled by escape: itself (folded) when escape
// keeps it, else its escape as a literal.
func escapedRune(r rune, cased bool, escape func(string) string) string {
	s := escape(string(r))
	if s == string(r) {
		return foldedRune(r, cased)
	}
	var b strings.Builder
	for _, c := range s {
		b.WriteString(quoteRune(c))
	}
	return b.String()
}
