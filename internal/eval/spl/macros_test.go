package spl

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseMacrosFixture(t *testing.T) {
	m := fixtureMacroSet(t)
	want := Macros{
		"detect_regasm_spawning_a_process_filter": {Definition: "search *"},
		"security_content_summariesonly":          {Definition: "summariesonly=false allow_old_summaries=true fillnull_value=null"},
		"drop_dm_object_name(1)":                  {Args: []string{"object"}, Definition: "rename $object$.* AS *"},
		"security_content_ctime(1)":               {Args: []string{"field"}, Definition: `convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)`},
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("ParseMacros:\n got %#v\nwant %#v", m, want)
	}
}

func TestParseMacrosSyntax(t *testing.T) {
	conf := "# a comment\r\n" +
		"  # an indented comment\n" +
		"[default]\n" +
		"[two(2)]\n" +
		"args = a, b\n" +
		"definition = x=$a$ \\\n" +
		"  y=$b$\n" +
		"description = ignored\n" +
		"\n" +
		"[plain]\r\n" +
		"definition=search *\r\n" +
		"[plain]\n" + // repeated stanzas merge
		"description = still plain\n"
	m, err := ParseMacros(conf)
	if err != nil {
		t.Fatal(err)
	}
	if got := m["two(2)"]; !reflect.DeepEqual(got, Macro{Args: []string{"a", "b"}, Definition: "x=$a$ \n  y=$b$"}) {
		t.Errorf("two(2) = %#v", got)
	}
	if got := m["plain"].Definition; got != "search *" {
		t.Errorf("plain = %q", got)
	}
	if _, ok := m["default"]; ok {
		t.Errorf("default stanza became a macro")
	}
}

func TestParseMacrosErrors(t *testing.T) {
	for _, tc := range []struct{ conf, want string }{
		{"[a]\ndefinition = x\n[b\n", "3:1: unterminated stanza header"},
		{"[a]\n  definition x\n", "2:3: expected key = value"},
		{"[a]\n = x\n", "2:2: missing key before '='"},
		{"[a]\nargs = x\n", "1:1: macro [a] has no definition"},
		{"[a(2)]\nargs = x\ndefinition = $x$\n", "1:1: macro [a(2)] declares 2 argument(s) but args lists 1"},
		{"[a(1)]\nargs = x y\ndefinition = $x$\n", `2:1: macro [a(1)]: invalid argument name "x y"`},
		{"[a(2)]\nargs = x,x\ndefinition = $x$\n", `2:1: macro [a(2)]: repeated argument name "x"`},
		{"[a]\ndefinition = x\niseval = 1\n", "3:1: macro [a]: eval-based macros (iseval) are not supported"},
		{"[]\n", "1:1: empty stanza name"},
	} {
		_, err := ParseMacros(tc.conf)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseMacros(%q) error = %v, want %q", tc.conf, err, tc.want)
		}
	}
}

func TestMacroExpansion(t *testing.T) {
	m, err := ParseMacros(`
[outer]
definition = a=1 ` + "`inner(2, \"x,y\")`" + `

[inner(2)]
args = n, v
definition = b=$n$ c=$v$ d=$unknown$

[filter]
definition = search *
`)
	if err != nil {
		t.Fatal(err)
	}
	runMatchCases(t, m, []matchCase{
		{"nested with args", "`outer`", `{"a":1,"b":2,"c":"x,y","d":"$unknown$"}`, true},
		{"nested with args: arg value checked", "`outer`", `{"a":1,"b":3,"c":"x,y","d":"$unknown$"}`, false},
		{"macro in quotes is literal", "a=\"`filter`\"", "{\"a\":\"`filter`\"}", true},
		{"pipe macro", "a=1 | `filter`", `{"a":1}`, true},
	})
}

func TestMacroErrors(t *testing.T) {
	m := Macros{
		"self":      {Definition: "`self`"},
		"ping":      {Definition: "a | `pong`"},
		"pong":      {Definition: "`ping`"},
		"bad":       {Definition: "nosuchcommand"},
		"badinner":  {Definition: "x `missing`"},
		"one(1)":    {Args: []string{"a"}, Definition: "f=$a$"},
		"unclosed":  {Definition: "x `oops"},
		"badstring": {Definition: `a="x`},
	}
	// A definition that doubles at every level: 2^25 calls without the cap.
	for i := 0; i < 25; i++ {
		m[fmt.Sprintf("dbl%d", i)] = Macro{Definition: fmt.Sprintf("`dbl%d` `dbl%d`", i+1, i+1)}
	}
	m["dbl25"] = Macro{Definition: ""}
	for _, tc := range []struct{ src, want string }{
		{"a=1 `nope`", "1:5: unknown macro `nope`"},
		{"a=1\n  | `bad`", "2:5: unknown command \"nosuchcommand\" (in expansion of macro `bad`)"},
		{"a=1 `badinner`", "1:5: unknown macro `missing` (in expansion of macro `badinner`)"},
		{"`self`", "1:1: macro cycle: self -> self"},
		{"`ping`", "1:1: macro cycle: ping -> pong -> ping (in expansion of macro `ping`)"},
		{"`one`", "1:1: unknown macro `one`"},
		{"`one(a, b)`", "1:1: unknown macro `one(2)`"},
		{"a `unterminated", "1:3: unterminated macro call"},
		{"a `unclosed`", "1:3: unterminated macro call (in expansion of macro `unclosed`)"},
		{"a `` b", "1:3: empty macro call"},
		{"x `badstring`", "1:3: unterminated string (in expansion of macro `badstring`)"},
		{"`dbl0`", "more than 10000 macro calls"},
	} {
		start := time.Now()
		_, err := Compile(tc.src, m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Compile(%q) error = %v, want %q", tc.src, err, tc.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Compile(%q) took %v", tc.src, d)
		}
	}
}
