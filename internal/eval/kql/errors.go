package kql

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Error is a compile error positioned in the query text. Line and Col are
// 1-based; Col counts characters (runes), not bytes.
type Error struct {
	Line int    // line of the offending token
	Col  int    // column of the offending token
	Msg  string // what is wrong, naming the operator, function or column
}

// Error formats the error as "line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// errorAt builds an Error at a lexer position.
func errorAt(pos lexer.Position, format string, args ...any) *Error {
	line, col := pos.Line, pos.Column
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return &Error{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// internalName matches the parse-tree type names participle puts in its
// "expected ..." hints, which mean nothing to a user.
var internalName = regexp.MustCompile(`\bG[A-Z][A-Za-z]*`)

// fromParseError converts a participle or lexer error to an Error.
func fromParseError(err error) *Error {
	var ut *participle.UnexpectedTokenError
	if errors.As(err, &ut) {
		what := fmt.Sprintf("token %q", ut.Unexpected.Value)
		if ut.Unexpected.EOF() {
			what = "end of query"
		}
		msg := "unexpected " + what
		if m := ut.Message(); strings.Contains(m, " (expected ") && !internalName.MatchString(m) {
			msg += m[strings.Index(m, " (expected "):]
		}
		return errorAt(ut.Unexpected.Pos, "%s", msg)
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		return errorAt(pe.Position(), "%s", pe.Message())
	}
	return &Error{Line: 1, Col: 1, Msg: err.Error()}
}
