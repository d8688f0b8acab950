package eql

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		query string
		pos   string // "line:col"
		msg   string // a substring of the message
	}{
		// The escape trap: a regex written with single backslashes.
		{`process where x : "\d"`, "1:20", `unknown escape sequence "\d"`},
		{`process where x regex "APT\d+"`, "1:27", `unknown escape sequence "\d"`},
		{`process where x : "C:\Windows"`, "1:22", `unknown escape sequence "\W"`},
		{"process where\n  x : \"\\*\"", "2:8", `unknown escape sequence "\*"`},
		// Lucene constructs, reported at the string literal.
		{`process where x regex "APT\\d+"`, "1:23", `\d is not in the Lucene regular expression syntax`},
		{`process where x regex~ "\\w+"`, "1:24", `\w is not in the Lucene`},
		{`process where x regex "a\\sb"`, "1:23", `\s is not in the Lucene`},
		{`process where x regex "^abc"`, "1:23", `anchor ^ is not supported`},
		{`process where x regex ("ok", "abc$")`, "1:30", `anchor $ is not supported`},
		{`process where x regex "(?i)abc"`, "1:23", `(? group modifiers`},
		// Query kinds and constructs outside the subset.
		{`sequence [process where true] [file where true]`, "1:1", "sequence queries are not supported"},
		{"  sequence by user.name\n [a where true] [b where true]", "1:3", "sequence queries are not supported"},
		{`join [a where true] [b where true]`, "1:1", "join queries are not supported"},
		{`sample by host [a where true] [b where true]`, "1:1", "sample queries are not supported"},
		{`process where x : "a" | sort x`, "1:23", "pipe sort is not supported"},
		{`process where x : "a" | unique x`, "1:23", "pipe unique is not supported"},
		{`process where x : "a" | head 0`, "1:30", "head takes one positive integer"},
		{`process where x : "a" | head`, "1:23", "head takes one positive integer"},
		{`process where match(x, "a.*")`, "1:15", "unknown function match"},
		{`process where wildcard(x, "a*")`, "1:15", "unknown function wildcard"},
		{`process where arrayContains(x, "a")`, "1:15", "unknown function arrayContains"},
		{`process where between(x, "a", "b") == "c"`, "1:15", "function between is not supported"},
		{`process where length(x)`, "1:15", "length returns a number"},
		{`process where length~(x) > 1`, "1:15", "unknown function length~"},
		{`process where cidrMatch~(x, "10.0.0.0/8")`, "1:15", "cidrMatch has no case-insensitive form"},
		{`process where cidrMatch(x, "10.0.0.0/33")`, "1:28", `invalid CIDR block "10.0.0.0/33"`},
		{`process where cidrMatch(x)`, "1:15", "at least one CIDR block"},
		{`process where startsWith(x)`, "1:15", "startsWith takes 2 arguments"},
		{`process where startsWith("a", "b")`, "1:15", "first argument of startsWith must be a field"},
		{`process where startsWith(x, 1)`, "1:29", "must be a string"},
		{`process where endsWith(x, "\\regasm.exe")`, "1:27", `contains *, ? or \`},
		{`process where stringContains~(x, "a*b")`, "1:34", `contains *, ? or \`},
		{`process where x + 1 > 2`, "1:17", `unexpected token "+"`},
		{`process where x[0] : "a"`, "1:16", `unexpected token "["`},
		// Operators.
		{`process where x = "a"`, "1:17", "= is not an EQL operator"},
		{`process where x !: "a"`, "1:17", "!: is not supported"},
		{`process where x not : "a"`, "1:17", "not may only precede in or in~"},
		{`process where x in "a"`, "1:20", "in needs a parenthesized list"},
		{`process where x == ("a", "b")`, "1:26", "== takes a single value"},
		{`process where x : 1`, "1:19", ": can only compare strings, got number"},
		{`process where x like true`, "1:22", "like can only compare strings, got boolean"},
		{`process where x < null`, "1:19", "< compares numbers or strings, not null"},
		{`process where 1 == x`, "1:15", "left side of == must be a field"},
		{`process where "a" : x`, "1:15", "left side of : must be a field"},
		{`process where x == y`, "1:20", "comparisons against fields are not supported"},
		{`process where x == length(y)`, "1:20", "function length is not supported here"},
		{`process where x == foo(y)`, "1:20", "unknown function foo"},
		{`process where (x : "a") : "b"`, "1:25", "parenthesized condition cannot be compared"},
		// Literals, fields and conditions.
		{`process where x : 'a'`, "1:19", "single-quoted strings are not supported"},
		{`process where "x"`, "1:15", "a literal is not a condition"},
		{`any where "x" or y : "z"`, "1:11", "a literal is not a condition"},
		{`process where x`, "1:15", "field x is not a condition"},
		{`process where null`, "1:15", "null is not a condition"},
		{`process where x.y~ : "a"`, "1:15", `unexpected ~ in field name "y~"`},
		{"process where `` : \"a\"", "1:15", "empty field name"},
		{`process where and : "a"`, "1:15", `unexpected token "and"`},
		{`process where sequence : "a"`, "1:15", `unexpected keyword "sequence"`},
		{`process where x : "\u{110000}"`, "1:20", "not a Unicode scalar value"},
		// Lexing and parsing.
		{`process where x : "abc`, "1:19", "unterminated string literal"},
		{"process where x : \"a\nb\"", "1:19", "unterminated string literal"},
		{"process where `abc : \"a\"", "1:15", "unterminated backtick-quoted field name"},
		{`process where x : "a" /* open`, "1:23", "unterminated /* comment"},
		{`process where x : "a" ^`, "1:23", `unexpected character '^'`},
		{`process where x : "a" and`, "1:26", `unexpected token "<EOF>"`},
		{`process x : "a"`, "1:9", `unexpected token "x"`},
		{`process where`, "1:14", `unexpected token "<EOF>"`},
		{``, "1:1", `unexpected token "<EOF>"`},
		{"process where\n é : \"\xff\"", "2:7", "not valid UTF-8"},
		{`process where x : """open`, "1:19", `unterminated raw string`},
		{`process~ where true`, "1:1", `invalid event category "process~"`},
	}
	for _, tt := range tests {
		q, err := Compile(tt.query)
		if err == nil {
			t.Errorf("Compile(%q) succeeded (%v), want an error at %s containing %q", tt.query, q != nil, tt.pos, tt.msg)
			continue
		}
		want := tt.pos + ": "
		if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Compile(%q)\n  error: %v\n  want:  %s...%s", tt.query, err, want, tt.msg)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Compile(%q): error %T is not an *Error", tt.query, err)
		}
	}
}

func TestCompileAccepts(t *testing.T) {
	for _, query := range []string{
		regasmQuery,
		`process where process.name : ("cmd.exe", "*powershell*") and process.command_line like~ "*-enc*"`,
		`process where process.executable regex~ "C:\\\\Windows\\\\System32\\\\[a-z]+\\.exe"`,
		`process where process.executable : "C:\\\\Windows\\\\*"`,
		`network where cidrMatch(destination.ip, "10.0.0.0/8", "fd00::/8") and ?user.id != null`,
		`any where not ?process.parent.name in~ ("a", "b")`,
		`process where process.args_count >= 3 and length(process.name) < 10 | tail 5`,
		`process where true`,
		`"my-category" where true`,
		`process where x : """C:\Windows\*"""`,
		"process where\n\tx : \"a\" //comment\n\tand /* c */ y : \"b\"",
	} {
		if _, err := Compile(query); err != nil {
			t.Errorf("Compile(%q): %v", query, err)
		}
	}
}
