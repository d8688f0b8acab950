package eql

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzEvents = []string{
	`{}`,
	`{"event":{"category":["process"],"type":["start"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}},"x":"abc","n":5}`,
	`{"x":["a",1,true,null,{"y":"z"},[["b"]]],"source":{"ip":"10.1.2.3"},"f":"C:\\Windows\\x"}`,
}

// FuzzCompile checks that Compile never panics or hangs, that its errors are
// positioned, and that a compiled query can be evaluated.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		regasmQuery,
		`any where true`,
		`process where x : ("a", "b*") and not y in~ ("c") | head 3`,
		`process where x regex~ "C:\\\\Windows\\\\[a-z]+" or x like "a?c"`,
		`network where cidrMatch(source.ip, "10.0.0.0/8", "::1") and ?user.id == null`,
		`any where length(x) >= 2 and startsWith~(x, "A") and endsWith(x, "c") and stringContains(x, "b")`,
		"any where `my field` != 1.5e3 and n < -2",
		`"cat" where x == """raw \d"""`,
		`sequence [a where true] [b where true]`,
		`process where x : "\d"`,
		`process where x : "\u{41}" // c`,
		`any where (((x : "a")))`,
		`any where x regex "(a|b){2,3}[^c-e]\\.@#"`,
	} {
		f.Add(s)
	}
	events := make([]map[string]any, 0, len(fuzzEvents))
	for _, s := range fuzzEvents {
		events = append(events, ev(f, s))
	}
	posRE := regexp.MustCompile(`^[0-9]+:[0-9]+: .`)
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Compile(src)
		if err != nil {
			if !posRE.MatchString(err.Error()) {
				t.Fatalf("Compile(%q): unpositioned error %q", src, err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q): error %T is not an *Error", src, err)
			}
			return
		}
		_ = q.Category()
		for _, name := range q.Fields() {
			if name == "" {
				t.Fatalf("Compile(%q): empty field name", src)
			}
		}
		for _, e := range events {
			q.Match(e)
		}
	})
}

// FuzzLuceneRegex checks that the Lucene translator never panics, always
// produces an anchored expression or a positioned error, and that
// case-insensitive matching accepts everything case-sensitive matching does
// (for patterns without negated classes).
func FuzzLuceneRegex(f *testing.F) {
	for _, s := range []string{
		"abc", "a.c", "(ab|cd)*e", "[a-z0-9_]+", "[^-x]", `\\\.`, `"quoted|text"`,
		"a{2,5}", "@", "#|x", `\d`, "^a$", "(?i)x", "a~b", "<1-2>", "[", "(", ")", "a**", "",
	} {
		f.Add(s, "abc")
	}
	f.Fuzz(func(t *testing.T, pattern, sample string) {
		if len(pattern) > 512 {
			return
		}
		src, err := luceneToGo(pattern, false)
		if err != nil {
			var re *regexError
			if !errors.As(err, &re) || re.Offset < 0 || re.Offset > utf8.RuneCountInString(pattern) {
				t.Fatalf("luceneToGo(%q): bad error %v", pattern, err)
			}
			return
		}
		if !strings.HasPrefix(src, `\A(?:`) || !strings.HasSuffix(src, `)\z`) {
			t.Fatalf("luceneToGo(%q) = %q is not anchored", pattern, src)
		}
		cs, err := regexp.Compile(src)
		if err != nil {
			return // e.g. nested repetition over Go's limits; compileLucene reports it
		}
		ci, err := compileLucene(pattern, true)
		if err != nil {
			t.Fatalf("compileLucene(%q, true) failed where the case-sensitive form compiled: %v", pattern, err)
		}
		// Negated classes exclude both cases of a letter under regex~ (Lucene
		// negates the case-folded class), so the property holds only without them.
		if !strings.Contains(pattern, "[^") && cs.MatchString(sample) && !ci.MatchString(sample) {
			t.Fatalf("Lucene %q: case-insensitive form rejects %q which the case-sensitive form matches", pattern, sample)
		}
		// A pattern without any operator character is a literal.
		if pattern != "" && !strings.ContainsAny(pattern, `.?+*|{}[]()"\#@&<>~^$`) && !cs.MatchString(pattern) {
			t.Fatalf("literal Lucene pattern %q does not match itself", pattern)
		}
	})
}
