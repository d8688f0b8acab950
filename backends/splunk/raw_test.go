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
