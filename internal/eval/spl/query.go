package spl

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// Limits that keep Compile bounded on hostile input.
const (
	maxSourceLen   = 1 << 20 // bytes of query text
	maxExpandedLen = 1 << 20 // bytes after macro expansion
	maxMacroDepth  = 32      // nesting of macro calls
	maxMacroCalls  = 10000   // macro calls in one expansion
	maxNesting     = 256     // parentheses and prefix operators (NOT, -)
)

// Error is a compile error. Line and Col (1-based, Col counted in bytes) point
// into the text given to Compile or ParseMacros; an error inside a macro's
// expansion points at the macro call and says so in Msg.
type Error struct {
	Line, Col int
	Msg       string
}

// Error formats the error as "line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Query is a compiled SPL search, ready to run on events.
type Query struct {
	expanded string
	stages   []stage
}

// Compile expands the macros in src, parses it and lowers it to an evaluation
// tree. Errors are *Error values positioned in src. An unknown command,
// function or macro is an error naming it.
func Compile(src string, macros Macros) (*Query, error) {
	if len(src) > maxSourceLen {
		return nil, &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("query is longer than %d bytes", maxSourceLen)}
	}
	exp, err := expandMacros(src, macros)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(exp.text) == "" {
		return nil, exp.errorAt(0, "empty query")
	}
	if off, ok := unterminatedString(exp.text); !ok {
		return nil, exp.errorAt(off, "unterminated string")
	}
	if off, ok := nestingOK(exp.text); !ok {
		return nil, exp.errorAt(off, "expression nested deeper than %d", maxNesting)
	}
	ast, err := queryParser.ParseString("", exp.text)
	if err != nil {
		return nil, exp.parseError(err)
	}
	l := &lowerer{exp: exp}
	stages, err := l.query(ast)
	if err != nil {
		return nil, err
	}
	return &Query{expanded: exp.text, stages: stages}, nil
}

// Match reports whether running the query over exactly this one event yields
// at least one result row. The event is not modified.
func (q *Query) Match(ev event.Event) bool {
	return len(q.run(ev)) > 0
}

// run returns the result rows of the query over one event.
func (q *Query) run(ev event.Event) []event.Event {
	rows := []event.Event{ev}
	for _, s := range q.stages {
		rows = s.run(rows)
	}
	return rows
}

// String returns a debug rendering of the lowered query: one line per
// command, conditions in prefix form.
func (q *Query) String() string {
	parts := make([]string, len(q.stages))
	for i, s := range q.stages {
		parts[i] = s.String()
	}
	return strings.Join(parts, "\n")
}

// parseError converts a participle error into an *Error positioned in the
// source.
func (x *expansion) parseError(err error) error {
	var perr participle.Error
	if errors.As(err, &perr) {
		off, msg := perr.Position().Offset, perr.Message()
		if strings.Contains(msg, "invalid input text") && off < len(x.text) {
			// The lexer found no token here: name the character.
			r, _ := utf8.DecodeRuneInString(x.text[off:])
			msg = fmt.Sprintf("unexpected character %q", r)
			if r == '\'' {
				msg = "unterminated field name"
			}
		}
		return x.errorAt(off, "%s", msg)
	}
	return x.errorAt(0, "%s", err.Error())
}

// unterminatedString reports the offset of a double quote that is never
// closed. Backslash escapes the next byte inside and outside strings.
func unterminatedString(s string) (int, bool) {
	inStr, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			if !inStr {
				start = i
			}
			inStr = !inStr
		}
	}
	return start, !inStr
}

// nestingOK bounds the recursion of the parser: the depth of parentheses
// plus the run of prefix operators (NOT, unary minus) before an operand must
// stay within maxNesting. It returns the offset where the limit is passed.
func nestingOK(s string) (int, bool) {
	depth, prefix := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"': // strings do not nest
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' {
					i++
				}
				i++
			}
			i++
			prefix = 0
			continue
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r':
		default:
			// An atom: a run of other characters.
			j, run, maxRun := i, 0, 0
			for j < len(s) && !strings.ContainsRune(" \t\n\f\r()\"", rune(s[j])) {
				if s[j] == '-' {
					run++
					maxRun = max(maxRun, run)
				} else {
					run = 0
				}
				j++
			}
			atom := s[i:j]
			if atom == "NOT" {
				prefix++
			} else {
				prefix += maxRun
			}
			if depth+prefix > maxNesting {
				return i, false
			}
			if atom != "NOT" && strings.Trim(atom, "-") != "" {
				prefix = 0
			}
			i = j
			continue
		}
		if depth+prefix > maxNesting {
			return i, false
		}
		i++
	}
	return 0, true
}
