package spl

import "testing"

func TestSearchValues(t *testing.T) {
	runMatchCases(t, nil, []matchCase{
		// Case: values are case-insensitive, field names are not.
		{"value case-insensitive", `Image="C:\\Windows\\cmd.exe"`, `{"Image":"c:\\windows\\CMD.EXE"}`, true},
		{"field name case-sensitive", `image="C:\\Windows\\cmd.exe"`, `{"Image":"C:\\Windows\\cmd.exe"}`, false},
		{"unquoted value", `User=SYSTEM`, `{"User":"system"}`, true},

		// Anchoring and wildcards.
		{"anchored: no substring", `a=foo`, `{"a":"xfoo"}`, false},
		{"anchored: no prefix", `a=foo`, `{"a":"foox"}`, false},
		{"endswith wildcard", `Image="*\\cmd.exe"`, `{"Image":"C:\\Windows\\cmd.exe"}`, true},
		{"endswith wildcard needs the backslash", `Image="*\\cmd.exe"`, `{"Image":"C:\\Windows\\xcmd.exe"}`, false},
		{"endswith wildcard on bare name", `Image="*\\cmd.exe"`, `{"Image":"cmd.exe"}`, false},
		{"inner wildcard", `a=foo*bar`, `{"a":"fooXYZbar"}`, true},
		{"inner wildcard empty run", `a=foo*bar`, `{"a":"FOOBAR"}`, true},
		{"inner wildcard anchored end", `a=foo*bar`, `{"a":"foobarx"}`, false},
		{"many wildcards", `a=*a*b*c*`, `{"a":"xxaxxbxxcxx"}`, true},
		{"many wildcards wrong order", `a=*a*b*c*`, `{"a":"cba"}`, false},
		{"question mark is literal", `a=a?c`, `{"a":"abc"}`, false},

		// Escapes: \\ is one backslash, \" a quote, \* is not an escape.
		{"escaped backslash", `a="x\\y"`, `{"a":"x\\y"}`, true},
		{"escaped backslash is one", `a="x\\y"`, `{"a":"x\\\\y"}`, false},
		{"escaped quote", `a="say \"hi\""`, `{"a":"say \"hi\""}`, true},
		{"star cannot be escaped", `a="x\*"`, `{"a":"x\\anything"}`, true},
		{"star cannot be escaped: no literal star", `a="x\*"`, `{"a":"x*"}`, false},
		{"unquoted escaped backslash", `a=C:\\Windows\\*`, `{"a":"c:\\windows\\system32"}`, true},

		// Existence.
		{"f=* present", `a=*`, `{"a":"v"}`, true},
		{"f=* empty string", `a=*`, `{"a":""}`, true},
		{"f=* missing", `a=*`, `{}`, false},
		{"f=* null", `a=*`, `{"a":null}`, false},
		{"f=* empty array", `a=*`, `{"a":[]}`, false},

		// Missing fields: NOT f=x keeps them, f!=x drops them.
		{"NOT f=x on missing", `NOT a=x`, `{}`, true},
		{"f!=x on missing", `a!=x`, `{}`, false},
		{"f!=x on null", `a!=x`, `{"a":null}`, false},
		{"f!=x other value", `a!=x`, `{"a":"y"}`, true},
		{"f!=x same value other case", `a!=x`, `{"a":"X"}`, false},
		{"NOT f=x same value", `NOT a=x`, `{"a":"x"}`, false},

		// Multivalue fields match if any value matches.
		{"multivalue any", `a=x`, `{"a":["y","X"]}`, true},
		{"multivalue none", `a=x`, `{"a":["y","z"]}`, false},
		{"multivalue NOT", `NOT a=x`, `{"a":["y","x"]}`, false},
		{"multivalue != with a match", `a!=x`, `{"a":["y","x"]}`, false},
		{"multivalue != without a match", `a!=x`, `{"a":["y","z"]}`, true},

		// Numbers compare by their text for =, numerically for < >.
		{"number equals", `EventCode=1`, `{"EventCode":1}`, true},
		{"number string equals", `EventCode=1`, `{"EventCode":"1"}`, true},
		{"number text differs", `EventCode=1`, `{"EventCode":1.0}`, false},
		{"number wildcard", `EventCode=1*`, `{"EventCode":13}`, true},
		{"greater numeric", `n>5`, `{"n":10}`, true},
		{"greater numeric not lexicographic", `n>5`, `{"n":"10"}`, true},
		{"greater equal boundary", `n>=5`, `{"n":5}`, true},
		{"greater strict boundary", `n>5`, `{"n":5}`, false},
		{"less fractional", `n<10`, `{"n":9.5}`, true},
		{"less non-numeric value", `n<5`, `{"n":"abc"}`, false},
		{"less missing", `n<5`, `{}`, false},
		{"greater multivalue", `n>5`, `{"n":[1,7]}`, true},
		{"NOT greater missing", `NOT n>5`, `{}`, true},

		// IN lists.
		{"IN quoted", `a IN (x, "y z", w*)`, `{"a":"Y Z"}`, true},
		{"IN wildcard", `a IN (x, "y z", w*)`, `{"a":"wow"}`, true},
		{"IN none", `a IN (x, "y z", w*)`, `{"a":"q"}`, false},
		{"IN without space", `a IN("x")`, `{"a":"x"}`, true},
		{"NOT IN missing", `NOT a IN (x)`, `{}`, true},

		// CIDR values in search.
		{"cidr v4 in", `ip=10.0.0.0/8`, `{"ip":"10.1.2.3"}`, true},
		{"cidr v4 out", `ip=10.0.0.0/8`, `{"ip":"11.0.0.1"}`, false},
		{"cidr v6 in", `ip="2001:db8::/32"`, `{"ip":"2001:DB8::1"}`, true},
		{"cidr v6 out", `ip="2001:db8::/32"`, `{"ip":"2001:db9::1"}`, false},

		// CASE() and TERM() directives.
		{"CASE exact", `a=CASE(Foo)`, `{"a":"Foo"}`, true},
		{"CASE other case", `a=CASE(Foo)`, `{"a":"foo"}`, false},
		{"TERM keyword", `TERM(10.0.0.1)`, `{"_raw":"src 10.0.0.1 dst"}`, true},

		// Nested JSON objects are reachable with dotted names.
		{"dotted nested field", `process.name=cmd.exe`, `{"process":{"name":"CMD.EXE"}}`, true},
		{"object value is not text", `process=*`, `{"process":{"name":"x"}}`, false},
	})
}

func TestSearchKeywords(t *testing.T) {
	runMatchCases(t, nil, []matchCase{
		{"raw substring", `foo`, `{"_raw":"hello FOO bar"}`, true},
		{"raw phrase", `"foo bar"`, `{"_raw":"xfoo barx"}`, true},
		{"raw phrase order", `"bar foo"`, `{"_raw":"foo bar"}`, false},
		{"raw wildcard", `fo*ar`, `{"_raw":"a foo bar"}`, true},
		{"raw absent term", `baz`, `{"_raw":"foo bar","other":"baz"}`, false},
		{"json text fallback", `regasm`, `{"Image":"C:\\x\\RegAsm.exe"}`, true},
		{"json text fallback keys", `Image`, `{"Image":"x"}`, true},
		{"json text absent", `regasm`, `{"Image":"cmd.exe"}`, false},
		{"star matches all", `*`, `{}`, true},
		{"implicit and", `foo bar`, `{"_raw":"bar ... foo"}`, true},
		{"implicit and one missing", `foo baz`, `{"_raw":"bar ... foo"}`, false},
		{"CASE keyword", `CASE(Foo)`, `{"_raw":"a foo"}`, false},
		{"lowercase or is a term", `a=1 or b=1`, `{"a":1,"b":1}`, false},
		{"uppercase OR is an operator", `a=1 OR b=1`, `{"a":1}`, true},
		{"search keyword first", `search a=1`, `{"a":1}`, true},
		{"NOT keyword", `NOT foo`, `{"_raw":"bar"}`, true},
	})
}

// SPL search binds NOT tightest, then OR, then AND: a AND b OR c is
// a AND (b OR c). where binds AND before OR.
func TestPrecedence(t *testing.T) {
	runMatchCases(t, nil, []matchCase{
		{"search: OR binds tighter than implicit AND", `a=1 b=1 OR c=1`, `{"c":1}`, false},
		{"search: OR binds tighter than AND", `a=1 AND b=1 OR c=1`, `{"c":1}`, false},
		{"search: a AND (b OR c) via c", `a=1 AND b=1 OR c=1`, `{"a":1,"c":1}`, true},
		{"search: parentheses", `(a=1 b=1) OR c=1`, `{"c":1}`, true},
		{"search: NOT binds tighter than OR", `NOT a=1 OR b=1`, `{"a":1,"b":1}`, true},
		{"search: NOT only the next term", `NOT a=1 OR b=1`, `{"a":1}`, false},
		{"search: NOT group", `NOT (a=1 OR b=1)`, `{"b":1}`, false},
		{"where: AND binds tighter than OR", `* | where a=1 AND b=1 OR c=1`, `{"c":1}`, true},
		{"where: a AND b OR c without c", `* | where a=1 AND b=1 OR c=1`, `{"a":1}`, false},
		{"where: OR then AND", `* | where a=1 OR b=1 AND c=1`, `{"a":1}`, true},
		{"where: OR then AND, b only", `* | where a=1 OR b=1 AND c=1`, `{"b":1}`, false},
		{"where: parentheses", `* | where (a=1 OR b=1) AND c=1`, `{"a":1}`, false},
		{"where: NOT binds tighter than AND", `* | where NOT a=1 AND b=1`, `{"a":2,"b":1}`, true},
	})

	for _, tc := range []struct{ query, plan string }{
		{`a b OR c NOT d`, `search and(term("a"), or(term("b"), term("c")), not(term("d")))`},
		{`a=1 AND b=1 OR c=1`, `search and(a="1", or(b="1", c="1"))`},
		{`NOT a=1 OR b=1`, `search or(not(a="1"), b="1")`},
		{`* | where a=1 AND b=1 OR c=1`, "search term(\"*\")\nwhere or(and(('a' = 1), ('b' = 1)), ('c' = 1))"},
		{`* | where a=1 OR b=2 XOR c=3`, "search term(\"*\")\nwhere xor(or(('a' = 1), ('b' = 2)), ('c' = 3))"},
	} {
		q, err := Compile(tc.query, nil)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tc.query, err)
		}
		if got := q.String(); got != tc.plan {
			t.Errorf("Compile(%q)\n got %s\nwant %s", tc.query, got, tc.plan)
		}
	}
}
