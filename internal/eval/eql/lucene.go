package eql

import (
	"fmt"
	"regexp"
	"strings"
)

// Lucene regular expressions, as Elasticsearch's regexp query reads them (the
// EQL regex and regex~ keywords become regexp queries). Reference:
// https://www.elastic.co/guide/en/elasticsearch/reference/current/regexp-syntax.html
//
//   - The whole value must match: there are no anchors, and ^ and $ are not
//     operators. An unescaped ^ or $ outside a class is rejected here, because
//     a translator that writes one almost certainly meant an anchor.
//   - Standard operators: . ? + * {n} {n,} {n,m} | ( ) [ ] [^ ] and "literal
//     text". \ makes the next character literal. . matches any character,
//     newlines included.
//   - Optional operators, all enabled by default in a regexp query: @ (any
//     string) and # (the empty language) are implemented; ~ (complement),
//     & (intersection) and <n-m> (numeric interval) are rejected by name.
//   - There are no character-class escapes in the documented syntax: \d, \w,
//     \s (and their capitals) are rejected, as is every other backslash before
//     an ASCII letter or digit (\b, \n, \x41, \p{L}, \1): Lucene would read it
//     as the bare letter, which is never what a PCRE author meant. (Lucene
//     8.6 and later do parse \d \s \w, LUCENE-9336, but the Elasticsearch
//     reference does not document them; a translator should write [0-9].)
//   - regex~ sets Lucene's ASCII_CASE_INSENSITIVE flag: single ASCII letters,
//     inside classes too, match both cases; ranges such as [a-c] stay case
//     sensitive (documented as a known limitation) and non-ASCII letters are
//     not folded.

// maxRepeat is the largest {n,m} bound accepted (Go's limit).
const maxRepeat = 1000

// maxRegexDepth bounds group nesting so that hostile input cannot exhaust the
// stack.
const maxRegexDepth = 200

// emptyLanguage is a Go class that matches no character at all.
const emptyLanguage = `[^\x00-\x{10FFFF}]`

// regexError reports a Lucene regular expression that cannot be translated;
// Offset counts runes from the start of the pattern.
type regexError struct {
	Offset int
	Msg    string
}

func (e *regexError) Error() string {
	return fmt.Sprintf("at character %d: %s", e.Offset+1, e.Msg)
}

// luceneToGo translates a Lucene regular expression into a Go regular
// expression that matches exactly the same strings, anchored at both ends.
func luceneToGo(pattern string, caseInsensitive bool) (string, error) {
	if pattern == "" {
		return `\A(?:)\z`, nil // Lucene: the empty pattern matches the empty value
	}
	p := &lucParser{src: []rune(pattern), ci: caseInsensitive}
	body, err := p.union()
	if err != nil {
		return "", err
	}
	if p.pos < len(p.src) { // union stops only at ')' or the end
		return "", p.errf("unmatched )")
	}
	return `\A(?:` + body + `)\z`, nil
}

// compileLucene translates and compiles a Lucene regular expression.
func compileLucene(pattern string, caseInsensitive bool) (*regexp.Regexp, error) {
	src, err := luceneToGo(pattern, caseInsensitive)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, &regexError{0, "cannot be evaluated: " + err.Error()}
	}
	return re, nil
}

type lucParser struct {
	src   []rune
	pos   int
	ci    bool
	depth int
}

func (p *lucParser) errf(format string, args ...any) error {
	return &regexError{p.pos, fmt.Sprintf(format, args...)}
}

func (p *lucParser) peek() (rune, bool) {
	if p.pos >= len(p.src) {
		return 0, false
	}
	return p.src[p.pos], true
}

// union := concat ( "|" concat )*
func (p *lucParser) union() (string, error) {
	var alts []string
	for {
		c, err := p.concat()
		if err != nil {
			return "", err
		}
		alts = append(alts, c)
		if r, ok := p.peek(); ok && r == '|' {
			p.pos++
			continue
		}
		return strings.Join(alts, "|"), nil
	}
}

// concat := repeat+ ; it ends before "|", ")" or the end of the pattern.
func (p *lucParser) concat() (string, error) {
	var b strings.Builder
	n := 0
	for {
		r, ok := p.peek()
		if !ok || r == '|' || r == ')' {
			break
		}
		if r == '&' {
			return "", p.errf("intersection operator & is not supported by this evaluator (escape it as \\& for a literal)")
		}
		s, err := p.repeat()
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		n++
	}
	if n == 0 {
		return "", p.errf("empty alternative (Lucene requires an expression on both sides of | and inside a group other than ())")
	}
	return b.String(), nil
}

// repeat := atom ( "?" | "*" | "+" | "{" n ( "," m? )? "}" )*
func (p *lucParser) repeat() (string, error) {
	a, err := p.atom()
	if err != nil {
		return "", err
	}
	for {
		r, ok := p.peek()
		if !ok {
			return a, nil
		}
		switch r {
		case '?', '*', '+':
			p.pos++
			a = "(?:" + a + ")" + string(r)
		case '{':
			q, err := p.bounds()
			if err != nil {
				return "", err
			}
			a = "(?:" + a + ")" + q
		default:
			return a, nil
		}
	}
}

// bounds parses {n}, {n,} or {n,m} and returns it in Go syntax.
func (p *lucParser) bounds() (string, error) {
	p.pos++ // {
	lo, ok := p.number()
	if !ok {
		return "", p.errf("expected a number after {")
	}
	hi := lo
	open := false
	if r, ok := p.peek(); ok && r == ',' {
		p.pos++
		if v, ok := p.number(); ok {
			hi = v
		} else {
			open = true
		}
	}
	if r, ok := p.peek(); !ok || r != '}' {
		return "", p.errf("expected } to close the repetition")
	}
	p.pos++
	if lo > maxRepeat || hi > maxRepeat {
		return "", p.errf("repetition count above %d is not supported", maxRepeat)
	}
	switch {
	case open:
		return fmt.Sprintf("{%d,}", lo), nil
	case hi < lo:
		return "", p.errf("invalid repetition {%d,%d}: the minimum exceeds the maximum", lo, hi)
	case hi == lo:
		return fmt.Sprintf("{%d}", lo), nil
	default:
		return fmt.Sprintf("{%d,%d}", lo, hi), nil
	}
}

func (p *lucParser) number() (int, bool) {
	start := p.pos
	v := 0
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		if v <= maxRepeat {
			v = v*10 + int(p.src[p.pos]-'0')
		}
		p.pos++
	}
	return v, p.pos > start
}

// atom is one character, class, group, quoted string or operator.
func (p *lucParser) atom() (string, error) {
	r := p.src[p.pos]
	switch r {
	case '(':
		return p.group()
	case '[':
		return p.class()
	case '"':
		return p.quoted()
	case '\\':
		c, err := p.escape()
		if err != nil {
			return "", err
		}
		return p.literal(c), nil
	case '.':
		p.pos++
		return `(?s:.)`, nil
	case '@':
		p.pos++
		return `(?s:.*)`, nil
	case '#':
		p.pos++
		return emptyLanguage, nil
	case '*', '+', '?':
		return "", p.errf("quantifier %c has nothing to repeat", r)
	case '{':
		return "", p.errf("repetition { has nothing to repeat (escape it as \\{ for a literal)")
	case ']', '}':
		return "", p.errf("reserved character %c must be escaped", r)
	case '^', '$':
		return "", p.errf("anchor %c is not supported: Lucene regular expressions always match the whole value (escape it as \\%c for a literal)", r, r)
	case '~':
		return "", p.errf("complement operator ~ is not supported by this evaluator (escape it as \\~ for a literal)")
	case '<':
		return "", p.errf("interval operator <n-m> is not supported by this evaluator (escape it as \\< for a literal)")
	}
	p.pos++
	return p.literal(r), nil
}

func (p *lucParser) group() (string, error) {
	p.pos++ // (
	if r, ok := p.peek(); ok && r == ')' {
		p.pos++
		return "(?:)", nil
	}
	if r, ok := p.peek(); ok && r == '?' {
		return "", p.errf("(? group modifiers and inline flags are not Lucene syntax")
	}
	p.depth++
	if p.depth > maxRegexDepth {
		return "", p.errf("groups nested deeper than %d", maxRegexDepth)
	}
	inner, err := p.union()
	if err != nil {
		return "", err
	}
	p.depth--
	if r, ok := p.peek(); !ok || r != ')' {
		return "", p.errf("missing ) to close the group")
	}
	p.pos++
	return "(?:" + inner + ")", nil
}

// quoted reads "literal text": every character up to the next double quote is
// literal, backslashes included.
func (p *lucParser) quoted() (string, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) && p.src[p.pos] != '"' {
		b.WriteString(p.literal(p.src[p.pos]))
		p.pos++
	}
	if p.pos >= len(p.src) {
		p.pos = start
		return "", p.errf(`unterminated quoted literal "..."`)
	}
	p.pos++
	if b.Len() == 0 {
		return "(?:)", nil
	}
	return "(?:" + b.String() + ")", nil
}

// escape reads \x at p.pos and returns x.
func (p *lucParser) escape() (rune, error) {
	if p.pos+1 >= len(p.src) {
		return 0, p.errf("trailing backslash")
	}
	c := p.src[p.pos+1]
	switch c {
	case 'd', 'D':
		return 0, p.errf(`\%c is not in the Lucene regular expression syntax documented by Elasticsearch; use [0-9] (or [^0-9])`, c)
	case 'w', 'W':
		return 0, p.errf(`\%c is not in the Lucene regular expression syntax documented by Elasticsearch; use [a-zA-Z0-9_] (or its negation)`, c)
	case 's', 'S':
		return 0, p.errf(`\%c is not in the Lucene regular expression syntax documented by Elasticsearch; list the characters, e.g. [ \t\n\r]`, c)
	}
	if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		return 0, p.errf(`escape \%c is not Lucene syntax (Lucene reads it as a literal %c)`, c, c)
	}
	p.pos += 2
	return c, nil
}

// class reads [...] or [^...].
func (p *lucParser) class() (string, error) {
	start := p.pos
	p.pos++ // [
	var b strings.Builder
	b.WriteByte('[')
	if r, ok := p.peek(); ok && r == '^' {
		p.pos++
		b.WriteByte('^')
	}
	first := true
	for {
		r, ok := p.peek()
		if !ok {
			p.pos = start
			return "", p.errf("unterminated character class")
		}
		if r == ']' && !first {
			p.pos++
			break
		}
		first = false
		lo, err := p.classChar()
		if err != nil {
			return "", err
		}
		if r, ok := p.peek(); ok && r == '-' {
			if p.pos+1 < len(p.src) && p.src[p.pos+1] == ']' {
				return "", p.errf("ambiguous - before ] in a character class (escape it as \\-)")
			}
			if p.pos+1 >= len(p.src) {
				p.pos = start
				return "", p.errf("unterminated character class")
			}
			p.pos++
			hi, err := p.classChar()
			if err != nil {
				return "", err
			}
			if hi < lo {
				return "", p.errf("invalid character range %c-%c", lo, hi)
			}
			// Ranges are never case-folded (Lucene limitation).
			fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, hi)
			continue
		}
		if p.ci && isASCIILetter(lo) {
			fmt.Fprintf(&b, `\x{%x}\x{%x}`, lo|0x20, lo&^0x20)
		} else {
			fmt.Fprintf(&b, `\x{%x}`, lo)
		}
	}
	b.WriteByte(']')
	return b.String(), nil
}

// classChar reads one character of a class: a plain character or \x.
func (p *lucParser) classChar() (rune, error) {
	r := p.src[p.pos]
	switch r {
	case '\\':
		return p.escape()
	case '[':
		return 0, p.errf("[ inside a character class is not Lucene syntax (no nested or POSIX classes; escape it as \\[)")
	}
	p.pos++
	return r, nil
}

// literal renders one literal character, expanding ASCII letters to both
// cases when case-insensitive.
func (p *lucParser) literal(r rune) string {
	if p.ci && isASCIILetter(r) {
		return fmt.Sprintf("[%c%c]", r|0x20, r&^0x20)
	}
	return regexp.QuoteMeta(string(r))
}

func isASCIILetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
