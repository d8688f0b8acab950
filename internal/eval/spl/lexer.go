package spl

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// splLexer is stateful because SPL is lexed differently per command: the
// search language (Root) has wildcard words such as *\regasm.exe and
// Processes.*, while where/eval expressions (Expr) have identifiers, numbers
// and arithmetic operators. "| where" and "| eval" enter Expr; a plain "|"
// leaves it.
var splLexer = lexer.MustStateful(lexer.Rules{
	"Root": {
		{Name: "whitespace", Pattern: `\s+`},
		{Name: "PipeWhere", Pattern: `\|\s*(?i:where)\b`, Action: lexer.Push("Expr")},
		{Name: "PipeEval", Pattern: `\|\s*(?i:eval)\b`, Action: lexer.Push("Expr")},
		{Name: "Pipe", Pattern: `\|`},
		{Name: "String", Pattern: `"(?:\\.|[^"\\])*"`},
		{Name: "Op", Pattern: `!=|<=|>=|==|[=<>(),]`},
		// A backslash escapes the next character, so \" and \| stay in a word.
		{Name: "Word", Pattern: `(?:\\\S|\\|[^\s"=!<>(),|\\]|![^\s"=<>(),|\\])+`},
		// Bool never matches text: boolMapper retypes AND, OR, NOT, ... words.
		{Name: "Bool", Pattern: `[^\s\S]`},
	},
	"Expr": {
		{Name: "whitespace", Pattern: `\s+`},
		{Name: "PipeWhere", Pattern: `\|\s*(?i:where)\b`},
		{Name: "PipeEval", Pattern: `\|\s*(?i:eval)\b`},
		{Name: "Pipe", Pattern: `\|`, Action: lexer.Pop()},
		{Name: "String", Pattern: `"(?:\\.|[^"\\])*"`},
		{Name: "Field", Pattern: `'(?:\\.|[^'\\])*'`},
		{Name: "Number", Pattern: `(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`},
		{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*`},
		{Name: "Operator", Pattern: `==|!=|<=|>=|[=<>(),+\-*/%.]`},
	},
})

// Boolean and list operators must be upper case in SPL; they become Bool
// tokens so that grammar literals such as 'OR':Bool never match a lower-case
// word, while command names and keywords (by, as, from) match in any case.
var (
	searchOperators = map[string]bool{"AND": true, "OR": true, "NOT": true, "IN": true}
	evalOperators   = map[string]bool{"AND": true, "OR": true, "NOT": true, "XOR": true, "IN": true, "LIKE": true}
)

func boolMapper(t lexer.Token) (lexer.Token, error) {
	sym := splLexer.Symbols()
	if (t.Type == sym["Word"] && searchOperators[t.Value]) || (t.Type == sym["Ident"] && evalOperators[t.Value]) {
		t.Type = sym["Bool"]
	}
	return t, nil
}

var parserOptions = []participle.Option{
	participle.Lexer(splLexer),
	participle.Elide("whitespace"),
	participle.Map(boolMapper, "Word", "Ident"),
	participle.CaseInsensitive("Word"),
	participle.UseLookahead(2),
}

var (
	queryParser  = participle.MustBuild[astQuery](parserOptions...)
	searchParser = participle.MustBuild[astSearchOnly](parserOptions...)
)

// unquote strips the quotes of a String or Field token and resolves SPL's
// escapes: \\ is one backslash and \" a quote (\' in a 'field'); any other
// backslash is kept as is.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') {
		return unescape(s[1:len(s)-1], s[:1])
	}
	return unescape(s, `"`)
}

// unescape resolves \\ and a backslash before one of the extra characters.
func unescape(s, extra string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			if n := s[i+1]; n == '\\' || strings.IndexByte(extra, n) >= 0 {
				b.WriteByte(n)
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
