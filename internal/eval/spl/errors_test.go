package spl

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		// Unknown names are errors that name them, never silently true.
		{"a=1 | foo bar", `1:7: unknown command "foo"`},
		{"a=1\n| lookup x y", `2:3: unknown command "lookup"`},
		{"* | where nope(a)", `1:11: unknown function "nope"`},
		{"* | eval x=Lower(a)", `1:12: unknown function "Lower"`},
		{`* | where strftime(_time, "%H %V")="x"`, `1:27: strftime: variable %V is not supported by this evaluator`},
		{"| tstats count from datamodel=X.Y by X.a | stats bogus(x)", `1:50: unknown aggregation function "bogus"`},
		{"| tstats bogus=1 count from datamodel=X.Y", `1:10: unknown tstats option "bogus"`},
		{"* | convert foo(x)", `1:13: unknown convert function "foo"`},

		// Syntax.
		{"(a b", `1:5: unexpected token "<EOF>" (expected ")")`},
		{"a b)", `1:4: unexpected token ")"`},
		{"* | where (a=1", `1:15: unexpected token "<EOF>"`},
		{`a="abc`, "1:3: unterminated string"},
		{"a=1 | where b=\"x", "1:15: unterminated string"},
		{"a=1 | search", `1:13: unexpected token "<EOF>"`},
		{"", "1:1: empty query"},
		{"a OR", `1:5: unexpected token "<EOF>"`},
		{"a IN (x", `1:8: unexpected token "<EOF>"`},
		{"* | where a=='x", "1:14: unterminated field name"},
		{"a=1 | where a=1 ; b", "1:17: unexpected character ';'"},

		// Semantics checked at Compile time.
		{"* | where a", "1:11: where needs a boolean expression, got 'a'"},
		{`* | where "x" AND a=1`, `1:11: AND needs a boolean expression, got "x"`},
		{"* | where like(a)", "1:11: like expects exactly 2 argument(s), got 1"},
		{"* | where match(a, b)", "1:20: match: argument 2 must be a string literal"},
		{`* | where match(a, "(")`, "1:20: match: invalid regular expression"},
		{`* | where cidrmatch("10.0.0/8", ip)`, `1:21: cidrmatch: invalid subnet "10.0.0/8"`},
		{`* | regex a="("`, "1:5: regex: invalid regular expression"},
		{`* | where searchmatch("a=(")`, "1:23: searchmatch: "},
		{"a=1 | tstats count from datamodel=X.Y", "1:7: tstats must be the first command"},
		{"| where a=1", "1:1: a search that starts with '|' must start with a generating command (tstats), not where"},
		{"| search a=1", "1:1: a search that starts with '|' must start with a generating command"},
		{"| tstats count", "1:10: tstats: only 'from datamodel=...' searches are supported"},
		{"| tstats prestats=t count from datamodel=X.Y", "1:10: tstats prestats=t is not supported"},
		{"| tstats values from datamodel=X.Y", "1:10: values needs a field: values(field)"},
		{"Image*=x", `1:1: wildcards in field names are not supported: "Image*"`},
		{"* | rename a* AS b**", `1:12: rename: "a*" and "b**" have different numbers of wildcards`},
		{"* | head x", `1:5: head: expected a non-negative count, got "x"`},
	} {
		_, err := Compile(tc.src, nil)
		if err == nil {
			t.Errorf("Compile(%q) succeeded, want error %q", tc.src, tc.want)
			continue
		}
		var perr *Error
		if !errors.As(err, &perr) {
			t.Errorf("Compile(%q) error %T is not *Error", tc.src, err)
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Compile(%q)\n got error %q\nwant prefix %q", tc.src, err, tc.want)
		}
	}
}

func TestCompileTooLarge(t *testing.T) {
	_, err := Compile(strings.Repeat("a ", maxSourceLen), nil)
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("error = %v", err)
	}
}

// Deep nesting is rejected before the recursive parser could exhaust the
// stack; moderate nesting still compiles.
func TestNestingLimit(t *testing.T) {
	deep := []string{
		strings.Repeat("(", 500000) + "a",
		strings.Repeat("NOT ", 250000) + "a",
		"* | where " + strings.Repeat("-", 500000) + "1=1",
		"* | where 1" + strings.Repeat("-", 500000) + "1=1",
		"* | where " + strings.Repeat("NOT (", 200) + "a=1" + strings.Repeat(")", 200),
		`* | where searchmatch("` + strings.Repeat("(", 1000) + `a")`,
	}
	for _, src := range deep {
		_, err := Compile(src, nil)
		if err == nil || !strings.Contains(err.Error(), "nested deeper than") {
			t.Errorf("Compile(%.40q...) error = %v, want nesting error", src, err)
		}
	}
	ok := []string{
		strings.Repeat("(", 100) + "a" + strings.Repeat(")", 100),
		"* | where " + strings.Repeat("NOT ", 100) + "a=1",
		"* | where " + strings.Repeat("-", 100) + "1=1",
		strings.Repeat("a-b-c ", 1000),
		strings.Repeat("(a) ", 1000),
	}
	for _, src := range ok {
		if _, err := Compile(src, nil); err != nil {
			t.Errorf("Compile(%.40q...): %v", src, err)
		}
	}
}
