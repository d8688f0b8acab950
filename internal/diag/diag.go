// Package diag carries source positions and the diagnostics that rosetta
// reports against them: collected, sorted, capped and printed as
// "file:line:col: message", optionally with the source line and a caret.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Pos is a 1-based position in a named source. A zero Line means the
// position is unknown; a zero Col means only the line is known.
type Pos struct {
	File string
	Line int
	Col  int
}

// String renders the position as "file:line:col", dropping the parts that
// are unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Diagnostic is one error found in an input, at a position.
type Diagnostic struct {
	Pos Pos
	Msg string
}

// Error implements error as "file:line:col: message".
func (d *Diagnostic) Error() string {
	if s := d.Pos.String(); s != "" {
		return s + ": " + d.Msg
	}
	return d.Msg
}

// Errorf builds a diagnostic at pos.
func Errorf(pos Pos, format string, args ...any) *Diagnostic {
	return &Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// List collects diagnostics. Its zero value is ready to use.
type List []*Diagnostic

// Add appends a diagnostic at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(pos, format, args...))
}

// Append adds err to the list: a *Diagnostic or a List as they are, any other
// error at pos.
func (l *List) Append(pos Pos, err error) {
	switch e := err.(type) {
	case nil:
	case *Diagnostic:
		*l = append(*l, e)
	case List:
		*l = append(*l, e...)
	default:
		l.Add(pos, "%s", err.Error())
	}
}

// Sort orders the diagnostics by file, line and column, keeping the order of
// equal positions.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error implements error: the first diagnostic, and how many follow.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Print writes each diagnostic on its own line, at most max of them (0: all),
// followed by the offending source line and a caret under the column when
// source holds the text of the diagnostic's file.
func Print(w io.Writer, l List, max int, source func(file string) []byte) {
	for i, d := range l {
		if max > 0 && i == max {
			fmt.Fprintf(w, "... and %d more errors\n", len(l)-max)
			return
		}
		fmt.Fprintln(w, d.Error())
		if source == nil || d.Pos.Line == 0 {
			continue
		}
		if line, ok := sourceLine(source(d.Pos.File), d.Pos.Line); ok {
			fmt.Fprintf(w, "    %s\n", line)
			if d.Pos.Col > 0 && d.Pos.Col <= len(line)+1 {
				fmt.Fprintf(w, "    %s^\n", caretPad(line, d.Pos.Col))
			}
		}
	}
}

func sourceLine(src []byte, line int) (string, bool) {
	if src == nil {
		return "", false
	}
	lines := strings.Split(string(src), "\n")
	if line > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[line-1], "\r"), true
}

// caretPad keeps tabs so that the caret lines up under tabbed source.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
