package splunk

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

func TestKeywordTerms(t *testing.T) {
	kw := func(s string) *ir.Match {
		return &ir.Match{Op: ir.OpEq, Pattern: ir.Pattern{{Text: s}}}
	}
	tests := []struct {
		text, format, want string
	}{
		{`a"b`, rawJSON, `"a\\\"b"`},
		{`a\b`, rawJSON, `"a\\\\b"`},
		{`<x'`, rawJSON, `"<x'"`},
		{`<x>&`, rawXML, `"&lt;x&gt;&amp;"`},
		{`a"b'`, rawXML, `("a&#34;b&#39;" OR "a&quot;b&apos;")`},
	}
	for _, tt := range tests {
		got, err := searchLeaf(kw(tt.text), false, tt.format, "splunk search")
		if err != nil || got != tt.want {
			t.Errorf("%s %q: got %s, %v; want %s", tt.format, tt.text, got, err, tt.want)
		}
	}
	if _, err := searchLeaf(kw(`a"b`), false, "", "splunk search"); err == nil {
		t.Error(`a"b without raw_format: want a refusal`)
	}
	inner := &ir.Match{Op: ir.OpEq, Pattern: ir.Pattern{{Text: "a"}, {Kind: ir.AnyString}, {Text: "b"}}}
	if _, err := searchLeaf(inner, false, rawJSON, "splunk search"); err == nil {
		t.Error("a*b: want a refusal")
	}
}

// TestKeywordRawRegex: the keywords no term can say are an expression on
// _raw that walks the raw format's markup and matches inside one value.
func TestKeywordRawRegex(t *testing.T) {
	const (
		xmlChar  = `(?:[^<&]|&[#0-9A-Za-z]+;)`
		jsonChar = `(?:[^"\\]|\\(?:u[0-9A-Fa-f]{4}|[^u]))`
		aligned  = `^(?:[^"]|"` + jsonChar + `*")*?`
	)
	tests := []struct {
		name    string
		pattern ir.Pattern
		cased   bool
		format  string
		want    string
	}{
		{"inner star, XML", sigmaPattern("a*b"), false, rawXML,
			`>` + xmlChar + `*?[aA]` + xmlChar + `*?[bB]` + xmlChar + `*<`},
		{"escapes, XML: both spellings of a quote", ir.Lit(`"<`), false, rawXML,
			`>` + xmlChar + `*?(?:&#34;|&quot;)&lt;` + xmlChar + `*<`},
		{"single character, cased, JSON", sigmaPattern("A?"), true, rawJSON,
			aligned + `(?:"` + jsonChar + `*?A` + jsonChar + jsonChar + `*"(?!:)|(?<=[:,\[])(?!null)[0-9A-Za-z.+\-]*?A[0-9A-Za-z.+\-])`},
		{"escapes, JSON: no number holds them", ir.Lit("\"\\\n"), false, rawJSON,
			aligned + `"` + jsonChar + `*?\\"\\\\\\n` + jsonChar + `*"(?!:)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &ir.Match{Op: ir.OpEq, Pattern: tt.pattern, Cased: tt.cased}
			got, err := keywordRawRegex(m, tt.format)
			if err != nil || got != tt.want {
				t.Errorf("got  %s, %v\nwant %s", got, err, tt.want)
			}
		})
	}
}

// TestKeywordRegexReason: which keywords terms cannot say.
func TestKeywordRegexReason(t *testing.T) {
	tests := []struct {
		pattern ir.Pattern
		cased   bool
		want    string
	}{
		{ir.Lit("mimikatz"), false, ""},
		{sigmaPattern("*mimi*"), false, ""},
		{ir.Lit("mimikatz"), true, "cased keyword"},
		{ir.Lit("123"), true, ""},
		{sigmaPattern("a?"), false, "keyword with wildcard '?'"},
		{sigmaPattern(`a\*`), false, "keyword with literal '*'"},
		{sigmaPattern("a*b"), false, "keyword with an inner '*'"},
		{ir.Lit("={{"), false, `keyword "={{"`},
	}
	for _, tt := range tests {
		got, _ := keywordRegexReason(&ir.Match{Op: ir.OpEq, Pattern: tt.pattern, Cased: tt.cased})
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.pattern, got, tt.want)
		}
	}
}
