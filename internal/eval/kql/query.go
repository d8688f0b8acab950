package kql

import (
	"fmt"
	"sort"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// Query is a compiled KQL query. It is immutable and safe for concurrent use.
type Query struct {
	plan    plan
	tables  []string
	columns []string
}

// Compile parses src and lowers it to an evaluation tree. Errors are *Error
// values, "line:col: message" positioned in src; an unknown operator,
// function or table function is an error naming it.
func Compile(src string) (q *Query, err error) {
	defer func() {
		// A panic here is a bug in the grammar or the compiler; report it as an
		// error rather than taking the caller down (FuzzCompile looks for it).
		if r := recover(); r != nil {
			q, err = nil, &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	if err := checkTokens(src); err != nil {
		return nil, err
	}
	tree, err := kqlParser.ParseString("", src)
	if err != nil {
		return nil, fromParseError(err)
	}
	if err := checkReservedNames(tree); err != nil {
		return nil, err
	}
	c := newCompiler(src)
	p, err := c.lowerScript(tree)
	if err != nil {
		return nil, err
	}
	return &Query{plan: p, tables: sortedKeys(c.tables), columns: sortedKeys(c.columns)}, nil
}

// Match reports whether running the query over a table that holds exactly
// this one event (in the table its "_table" field names) yields at least one
// row.
func (q *Query) Match(ev event.Event) bool {
	return len(q.plan.run(ev, nil)) > 0
}

// Tables returns the tables the query reads, sorted.
func (q *Query) Tables() []string { return append([]string(nil), q.tables...) }

// Columns returns the event columns the query references (the first part of
// a dotted path), sorted, for checking them against a table schema. Columns
// the query computes itself (extend, summarize, project aliases) are not
// included.
func (q *Query) Columns() []string { return append([]string(nil), q.columns...) }

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
