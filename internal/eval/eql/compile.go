package eql

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/rosetta-sigma/rosetta/internal/event"
)

// maxQueryLen bounds the text Compile accepts.
const maxQueryLen = 1 << 20

// Error is a compile error at a position in the query text. Error() renders
// it as "line:col: message"; lines and columns start at 1 and columns count
// characters (runes).
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

func errAt(pos lexer.Position, format string, args ...any) *Error {
	line, col := pos.Line, pos.Column
	if line == 0 {
		line, col = 1, 1
	}
	return &Error{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Query is a compiled single-event EQL query.
type Query struct {
	category string // "" for any
	cond     cond
	fields   []string
	optional []string
}

// Compile parses an EQL query and lowers it to an evaluation tree; wildcard
// patterns and regular expressions are compiled here, once. Errors have the
// form "line:col: message" (see Error). Anything outside the supported subset
// (sequences, joins, samples, unknown functions or pipes, arithmetic) is an
// error that names the construct, never a condition that silently matches.
func Compile(src string) (*Query, error) {
	if len(src) > maxQueryLen {
		return nil, &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("query longer than %d bytes", maxQueryLen)}
	}
	if !utf8.ValidString(src) {
		return nil, invalidUTF8(src)
	}
	if err := precheck(src); err != nil {
		return nil, err
	}
	ast, err := eqlParser.ParseString("", src)
	if err != nil {
		return nil, parseError(err)
	}
	l := &lowerer{seen: map[string]bool{}, seenOpt: map[string]bool{}}
	q, err := l.query(ast)
	if err != nil {
		return nil, err
	}
	return q, nil
}

// invalidUTF8 reports the position of the first byte that is not UTF-8
// (Elasticsearch receives the query inside JSON, which must be UTF-8).
func invalidUTF8(src string) error {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return &Error{Line: line, Col: col, Msg: "query text is not valid UTF-8"}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return &Error{Line: line, Col: col, Msg: "query text is not valid UTF-8"}
}

// precheck lexes the text and rejects query kinds outside the single-event
// subset with an error naming them, before the grammar reports a less helpful
// "unexpected token".
func precheck(src string) error {
	toks, err := eqlParser.Lex("", strings.NewReader(src))
	if err != nil {
		return lexError(src, err)
	}
	sym := eqlLexer.Symbols()
	for _, t := range toks {
		if t.Type == sym["Whitespace"] || t.Type == sym["Comment"] {
			continue
		}
		switch t.Value {
		case "sequence", "join", "sample":
			return errAt(t.Pos, "%s queries are not supported (only single-event queries: category where condition)", t.Value)
		}
		return nil
	}
	return nil
}

// lexError names what could not be tokenised.
func lexError(src string, err error) error {
	var lerr *lexer.Error
	if !errors.As(err, &lerr) || lerr.Pos.Offset >= len(src) {
		return parseError(err)
	}
	rest := src[lerr.Pos.Offset:]
	if off := lerr.Pos.Offset; off >= 2 && src[off-2:off] == `""` && strings.HasPrefix(rest, `"`) {
		// """abc without its closing quotes lexes as "" then fails at "abc.
		pos := lerr.Pos
		pos.Offset, pos.Column = off-2, pos.Column-2
		return errAt(pos, `unterminated raw string """..."""`)
	}
	switch {
	case strings.HasPrefix(rest, `"""`):
		return errAt(lerr.Pos, `unterminated raw string """..."""`)
	case strings.HasPrefix(rest, `"`):
		return errAt(lerr.Pos, "unterminated string literal (a string cannot span lines; use a \"\"\"raw string\"\"\" or \\n)")
	case strings.HasPrefix(rest, "'"):
		return errAt(lerr.Pos, "unterminated single-quoted string (single-quoted strings are not supported either)")
	case strings.HasPrefix(rest, "`"):
		return errAt(lerr.Pos, "unterminated backtick-quoted field name")
	case strings.HasPrefix(rest, "/*"):
		return errAt(lerr.Pos, "unterminated /* comment")
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return errAt(lerr.Pos, "unexpected character %q", r)
}

func parseError(err error) error {
	var perr participle.Error
	if errors.As(err, &perr) {
		return errAt(perr.Position(), "%s", perr.Message())
	}
	return &Error{Line: 1, Col: 1, Msg: err.Error()}
}

// Category returns the event category the query selects ("process", "file",
// ...), or "any".
func (q *Query) Category() string {
	if q.category == "" {
		return "any"
	}
	return q.category
}

// Fields returns the names of the fields the query references, in order of
// first appearance and without duplicates, optional (?field) ones included.
// The event category field is implicit and not listed.
func (q *Query) Fields() []string { return append([]string(nil), q.fields...) }

// OptionalFields returns the subset of Fields written as ?field: a schema
// check must not report them when they are absent from the mapping.
func (q *Query) OptionalFields() []string { return append([]string(nil), q.optional...) }

// Match reports whether Elasticsearch would return the event for this query:
// the event's event.category (a string or an array of strings) contains the
// query's category, unless it is "any", and the condition holds.
func (q *Query) Match(ev event.Event) bool {
	if q.category != "" && !hasCategory(ev, q.category) {
		return false
	}
	return q.cond.match(ev)
}

// hasCategory is the term query on event.category that Elasticsearch adds
// for "category where": exact and case-sensitive, any array element.
func hasCategory(ev event.Event, category string) bool {
	for _, v := range (fieldRef{name: "event.category"}).scalars(ev) {
		if s, ok := v.(string); ok && s == category {
			return true
		}
	}
	return false
}
