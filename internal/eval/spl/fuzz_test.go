package spl

import (
	"errors"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// maxFuzzLen bounds fuzz inputs; Compile has its own limits for larger ones.
const maxFuzzLen = 4096

// FuzzCompile checks that Compile never panics or hangs, that every error is
// a positioned *Error, and that a compiled query runs on sample events.
// The second input is macros.conf text merged over the fixture macros.
func FuzzCompile(f *testing.F) {
	seeds := []string{
		fixtureTstats,
		fixtureSearch,
		`a b OR c NOT d`,
		`a IN (x, "y z", w*) NOT b!=1 c>=2 | search d=CASE(X)`,
		`* | where like(a, "x%") AND NOT match(b, "(?i)\\d+") OR cidrmatch("10.0.0.0/8", ip) XOR c == "x"`,
		`* | eval y = a . "z", k=len(y)*2 | regex y!="q" | rename a* AS b* | fields - c | table a, b | head 3`,
		`| tstats fillnull_value="n" count values(P.x) as v from datamodel=E.P where P.a=1 by P.b, _time span=1h | stats count by b`,
		"`outer` | `inner(1, \"a,b\")` | `self`",
		`* | where searchmatch("a=1 OR (b=2")`,
		"a=\"unterminated",
		"* | where 'unterminated",
		"((((((((((a",
	}
	for _, s := range seeds {
		f.Add(s, "")
	}
	f.Add("`m(1)`", "[m(1)]\nargs = x\ndefinition = a=$x$ `m(1)`\n")
	f.Add("`a`", "[a]\ndefinition = `b` `b`\n[b]\ndefinition = `c` `c`\n[c]\ndefinition = x\n")

	base := Macros{
		"outer":    {Definition: "a=1 `inner(1, 2)`"},
		"inner(1)": {Args: []string{"v"}, Definition: "b=$v$"},
		"inner(2)": {Args: []string{"v", "w"}, Definition: "b=$v$ c=$w$"},
		"self":     {Definition: "`self`"},
	}
	for k, v := range fixtureMacroSet(f) {
		base[k] = v
	}
	events := []event.Event{
		decodeEvent(f, cimRegasmChild),
		decodeEvent(f, `{"_raw":"a b c","a":["x","y"],"b":1,"ip":"10.1.1.1","n":null,"o":{"p":"q"}}`),
		{},
	}

	f.Fuzz(func(t *testing.T, src, conf string) {
		if len(src) > maxFuzzLen || len(conf) > maxFuzzLen {
			return
		}
		macros := Macros{}
		for k, v := range base {
			macros[k] = v
		}
		if extra, err := ParseMacros(conf); err == nil {
			for k, v := range extra {
				macros[k] = v
			}
		} else if !isPositioned(err) {
			t.Fatalf("ParseMacros error without position: %v", err)
		}
		q, err := Compile(src, macros)
		if err != nil {
			if !isPositioned(err) {
				t.Fatalf("Compile error without position: %v", err)
			}
			return
		}
		_ = q.String()
		for _, ev := range events {
			q.Match(ev)
		}
	})
}

func isPositioned(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Line >= 1 && e.Col >= 1
}
