package eql

import (
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/rosetta-sigma/rosetta/internal/eval"
	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// FuzzRegex is the property "a Sigma re, translated to Lucene and read back
// by the EQL evaluator, finds what RE2 finds": for every expression that
// parses and that the translation does not refuse, the query and Go's
// regexp (the reference matcher's) agree on the value.
func FuzzRegex(f *testing.F) {
	seeds := []struct{ re, flags, value string }{
		{`a\d+\.exe`, "", "xa12.exe"}, {`^abc$`, "", "abc"}, {`(^|\\)net1?\.exe$`, "", `C:\net.exe`},
		{`^a|b$|c`, "", "xbx"}, {`a.*?b`, "s", "a\nb"}, {`a.b`, "", "a\nb"}, {`(?i)sekurlsa`, "", "SE\u212aURLSA"},
		{`sekurlsa`, "i", "\u017fekurlsa"}, {`[^a-c\]]x`, "i", "Dx"}, {`^whoami$`, "m", "x\nwhoami\ny"},
		{`\w\S\s\D`, "", "a_ 1"}, {`"<@#&~>"`, "", `"<@#&~>"`}, {`x(|y)z{2,}`, "", "xzz"}, {`(?i:a)B`, "", "AB"},
		{`\x{10FFFF}`, "", "\U0010FFFF"}, {`[\x00-\x{10FFFE}]`, "", "a"}, {``, "", ""}, {`$`, "m", "a\n"},
		{`\pL+`, "", "é"}, {`(a|^b)c`, "", "bc"}, {`((^a))b`, "", "ab"}, {`a(b$)`, "", "ab"},
	}
	for _, s := range seeds {
		f.Add(s.re, s.flags, s.value)
	}
	f.Fuzz(func(t *testing.T, expr, flags, value string) {
		if len(expr) > 200 || !utf8.ValidString(value) || !utf8.ValidString(expr) {
			return
		}
		var fl string
		for _, c := range flags {
			if (c == 'i' || c == 'm' || c == 's') && !containsRune(fl, c) {
				fl += string(c)
			}
		}
		m := &ir.Match{Field: "process.command_line", Op: ir.OpRegex, Regex: expr, Flags: fl}
		re, p := render.ParseRegex(m)
		if p != nil {
			return
		}
		want, err := regexp.Compile(render.RegexSource(m))
		if err != nil {
			t.Fatalf("ParseRegex accepted %q that regexp rejects: %v", render.RegexSource(m), err)
		}
		text, insensitive, lp := luceneRegex(re)
		if lp != nil {
			return
		}
		op := " regex "
		if insensitive {
			op = " regex~ "
		}
		query := "any where process.command_line" + op + quoteRegex(text)
		q, err := eval.Compile("eql", query, eval.Options{})
		if err != nil {
			t.Fatalf("%q: the query does not compile: %v\n%s", render.RegexSource(m), err, query)
		}
		ev := event.Event{"process": map[string]any{"command_line": value}}
		if got, w := q.Match(ev), want.MatchString(value); got != w {
			t.Fatalf("%q on %q: RE2 %v, query %v\n%s", render.RegexSource(m), value, w, got, query)
		}
	})
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}
