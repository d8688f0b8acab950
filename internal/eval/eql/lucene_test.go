package eql

import (
	"strings"
	"testing"
)

func TestLuceneMatches(t *testing.T) {
	tests := []struct {
		pattern string
		ci      bool
		match   []string
		noMatch []string
	}{
		// Anchoring is implicit.
		{"abc", false, []string{"abc"}, []string{"xabc", "abcx", "ABC", ""}},
		{"", false, []string{""}, []string{"a"}},
		{"a.c", false, []string{"abc", "a\nc", "aéc"}, []string{"ac", "abbc"}},
		{"ab*", false, []string{"a", "abbb"}, []string{"b", "aab"}},
		{"ab+", false, []string{"ab", "abb"}, []string{"a"}},
		{"abc?", false, []string{"ab", "abc"}, []string{"abcc"}},
		{"a{2}", false, []string{"aa"}, []string{"a", "aaa"}},
		{"a{2,3}", false, []string{"aa", "aaa"}, []string{"a", "aaaa"}},
		{"a{2,}", false, []string{"aa", "aaaaa"}, []string{"a"}},
		{"a**", false, []string{"", "aaa"}, []string{"b"}},
		{"a+?", false, []string{"", "aa"}, []string{"b"}},
		{"abc|xyz", false, []string{"abc", "xyz"}, []string{"abcxyz", "ab"}},
		{"abc(def)?", false, []string{"abc", "abcdef"}, []string{"abcd"}},
		{"(ab)*c", false, []string{"c", "ababc"}, []string{"abac"}},
		{"()a", false, []string{"a"}, []string{""}},
		{"[abc]", false, []string{"a", "c"}, []string{"d", "ab"}},
		{"[a-c]+", false, []string{"abcab"}, []string{"abd"}},
		{"[-abc]", false, []string{"-", "a"}, []string{"d"}},
		{`[abc\-]`, false, []string{"-"}, []string{"d"}},
		{`[\]\[]`, false, []string{"]", "["}, []string{"a"}},
		{"[]a]", false, []string{"]", "a"}, []string{"b"}},
		{"[.*]", false, []string{".", "*"}, []string{"a"}},
		{"[^abc]", false, []string{"d", "\n", "é"}, []string{"a", ""}},
		{"[^-abc]", false, []string{"x"}, []string{"-", "b"}},
		{`"john@smith.com"`, false, []string{"john@smith.com"}, []string{"johnXsmith.com"}},
		{`a"b|c"d`, false, []string{"ab|cd"}, []string{"abd"}},
		{`a"\"`, false, []string{`a\`}, nil},
		{`\@`, false, []string{"@"}, []string{"a"}},
		{`\\`, false, []string{`\`}, []string{`\\`}},
		{`a\.b`, false, []string{"a.b"}, []string{"axb"}},
		{`C:\\Windows\\.*`, false, []string{`C:\Windows\x.exe`}, []string{`C:Windowsx`, `c:\windows\x`}},
		{`\*\+\?\(\)\{\}\|\"\~\&\<\>\#\@\^\$`, false, []string{`*+?(){}|"~&<>#@^$`}, nil},
		{`a>b`, false, []string{"a>b"}, nil},
		{"@", false, []string{"", "anything\n"}, nil},
		{"#", false, nil, []string{"", "#"}},
		{"#|abc", false, []string{"abc"}, []string{""}},
		{"a.*b", false, []string{"ab", "a\nb"}, []string{"a"}},
		{"é+", false, []string{"éé"}, []string{"e"}},
		// regex~ is Lucene's ASCII_CASE_INSENSITIVE.
		{"abc", true, []string{"ABC", "aBc"}, []string{"abd"}},
		{"[abc]", true, []string{"B"}, []string{"d"}},
		{"[a-c]", true, []string{"a"}, []string{"A"}}, // ranges stay case-sensitive
		{"[^a]", true, []string{"b"}, []string{"a", "A"}},
		{"[^C]", true, []string{"b"}, []string{"c", "C"}},
		{"é", true, []string{"é"}, []string{"É"}}, // ASCII letters only
		{`"ab"`, true, []string{"AB"}, nil},
	}
	for _, tt := range tests {
		re, err := compileLucene(tt.pattern, tt.ci)
		if err != nil {
			t.Errorf("compileLucene(%q, %v): %v", tt.pattern, tt.ci, err)
			continue
		}
		for _, s := range tt.match {
			if !re.MatchString(s) {
				t.Errorf("Lucene %q (ci=%v) should match %q (Go: %s)", tt.pattern, tt.ci, s, re)
			}
		}
		for _, s := range tt.noMatch {
			if re.MatchString(s) {
				t.Errorf("Lucene %q (ci=%v) should not match %q (Go: %s)", tt.pattern, tt.ci, s, re)
			}
		}
	}
}

func TestLuceneTranslation(t *testing.T) {
	tests := []struct {
		pattern string
		ci      bool
		want    string
	}{
		{"a.c", false, `\A(?:a(?s:.)c)\z`},
		{"a|b", false, `\A(?:a|b)\z`},
		{"(a|b)+", false, `\A(?:(?:(?:a|b))+)\z`},
		{"x{2,3}", false, `\A(?:(?:x){2,3})\z`},
		{"ab", true, `\A(?:[aA][bB])\z`},
		{"[a-c]", true, `\A(?:[\x{61}-\x{63}])\z`},
		{`a\.`, false, `\A(?:a\.)\z`},
	}
	for _, tt := range tests {
		got, err := luceneToGo(tt.pattern, tt.ci)
		if err != nil || got != tt.want {
			t.Errorf("luceneToGo(%q, %v) = %q, %v; want %q", tt.pattern, tt.ci, got, err, tt.want)
		}
	}
}

func TestLuceneRejects(t *testing.T) {
	tests := []struct {
		pattern string
		msg     string
	}{
		{`\d+`, `\d is not in the Lucene`},
		{`APT\d`, `at character 4: \d is not in the Lucene`},
		{`\D`, `\D is not in the Lucene`},
		{`\w`, `\w is not in the Lucene`},
		{`\W`, `\W is not in the Lucene`},
		{`\s`, `\s is not in the Lucene`},
		{`\S`, `\S is not in the Lucene`},
		{`[\d]`, `\d is not in the Lucene`},
		{`\b`, `escape \b is not Lucene syntax`},
		{`\n`, `escape \n is not Lucene syntax`},
		{`\x41`, `escape \x is not Lucene syntax`},
		{`\p{L}`, `escape \p is not Lucene syntax`},
		{`(a)\1`, `escape \1 is not Lucene syntax`},
		{`^abc`, `anchor ^ is not supported`},
		{`abc$`, `anchor $ is not supported`},
		{`(?i)abc`, `(? group modifiers`},
		{`(?:abc)`, `(? group modifiers`},
		{`a~b`, `complement operator ~`},
		{`a&b`, `intersection operator &`},
		{`<1-5>`, `interval operator <n-m>`},
		{`*a`, `quantifier * has nothing to repeat`},
		{`a|+`, `quantifier + has nothing to repeat`},
		{`?`, `quantifier ? has nothing to repeat`},
		{`{2}`, `repetition { has nothing to repeat`},
		{`a|`, `empty alternative`},
		{`|a`, `empty alternative`},
		{`(|a)`, `empty alternative`},
		{`(a`, `missing ) to close the group`},
		{`a)`, `unmatched )`},
		{`[abc`, `unterminated character class`},
		{`[a-`, `unterminated character class`},
		{`[a-]`, `ambiguous - before ]`},
		{`[c-a]`, `invalid character range c-a`},
		{`[[:alpha:]]`, `[ inside a character class`},
		{`a{`, `expected a number after {`},
		{`a{x}`, `expected a number after {`},
		{`a{2`, `expected } to close the repetition`},
		{`a{3,2}`, `minimum exceeds the maximum`},
		{`a{1001}`, `above 1000`},
		{`a{99999999999999999999}`, `above 1000`},
		{`trailing\`, `trailing backslash`},
		{`"open`, `unterminated quoted literal`},
		{`]`, `reserved character ] must be escaped`},
		{`a}`, `reserved character } must be escaped`},
		{strings.Repeat("(", 300) + "a" + strings.Repeat(")", 300), `nested deeper than`},
		{`((a{1000}){1000})`, `cannot be evaluated`},
	}
	for _, tt := range tests {
		_, err := compileLucene(tt.pattern, false)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("compileLucene(%q) = %v; want an error containing %q", tt.pattern, err, tt.msg)
		}
	}
}
