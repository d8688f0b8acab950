package eql

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// eqlLexer tokenises EQL text. Rules are tried in order, so raw strings come
// before ordinary strings and comparison operators of two characters before
// their one-character prefixes. Single-quoted strings, arithmetic operators
// and stray punctuation are lexed so that the parser or the lowering can
// reject them with a message that names them; / is left out so that an
// unterminated /* comment fails in the lexer and is reported as such.
var eqlLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*|/\*(?s:.*?)\*/`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	// ES: '"""' .*? '"""' '"'? '"'? — up to two extra quotes belong to the value.
	{Name: "RawString", Pattern: `"""(?s:.*?)""""?"?`},
	{Name: "String", Pattern: `"(?:\\.|[^"\\\r\n])*"`},
	{Name: "SingleString", Pattern: `'(?:\\.|[^'\\\r\n])*'`},
	{Name: "Backtick", Pattern: "`(?:[^`]|``)*`"},
	{Name: "Number", Pattern: `(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?`},
	// Keywords are their own token type so that they never parse as a field
	// name; that keeps the grammar free of ambiguities that would make the
	// parser backtrack.
	{Name: "Keyword", Pattern: `(?:and|or|not|where|null|true|false)\b|(?:in|like|regex)(?:~|\b)`},
	// A trailing ~ makes the case-insensitive keyword or function: in~, like~,
	// regex~, startsWith~ (Elasticsearch lexes these as single tokens too).
	{Name: "Ident", Pattern: `[A-Za-z_@][A-Za-z0-9_]*~?`},
	{Name: "Op", Pattern: `==|!=|<=|>=|!:|[<>:=~?|(),\[\]+\-*%!.]`},
})

// The grammar below is a participle struct grammar. Precedence from loosest to
// tightest: or, and, not, comparison.

type astQuery struct {
	Pos      lexer.Position
	Category *astCategory `parser:"@@ 'where'"`
	Cond     *astOr       `parser:"@@"`
	Pipes    []*astPipe   `parser:"@@*"`
}

type astCategory struct {
	Pos   lexer.Position
	Ident *string `parser:"  @Ident"`
	Str   *string `parser:"| @String"`
	Raw   *string `parser:"| @RawString"`
}

type astPipe struct {
	Pos  lexer.Position
	Name string      `parser:"'|' @Ident"`
	Args []*astValue `parser:"( @@ ( ',' @@ )* )?"`
}

type astOr struct {
	Pos   lexer.Position
	Left  *astAnd   `parser:"@@"`
	Right []*astAnd `parser:"( 'or' @@ )*"`
}

type astAnd struct {
	Pos   lexer.Position
	Left  *astNot   `parser:"@@"`
	Right []*astNot `parser:"( 'and' @@ )*"`
}

type astNot struct {
	Pos  lexer.Position
	Not  *astNot  `parser:"  'not' @@"`
	Pred *astPred `parser:"| @@"`
}

type astPred struct {
	Pos  lexer.Position
	Left *astOperand `parser:"@@"`
	Tail *astTail    `parser:"@@?"`
}

// astTail is the operator and right side of a comparison. The right side is
// a parenthesised list or a single value that cannot itself start with a
// parenthesis, so that "(" always means a list.
type astTail struct {
	Pos   lexer.Position
	Not   bool        `parser:"@'not'?"`
	Op    string      `parser:"@( '==' | '!=' | '<=' | '>=' | '<' | '>' | ':' | '=' | '!:' | 'in' | 'in~' | 'like' | 'like~' | 'regex' | 'regex~' )"`
	List  []*astValue `parser:"( '(' @@ ( ',' @@ )* ')'"`
	Right *astValue   `parser:"| @@ )"`
}

// astOperand is a value or a parenthesised condition.
type astOperand struct {
	Pos   lexer.Position
	Paren *astOr    `parser:"  '(' @@ ')'"`
	Value *astValue `parser:"| @@"`
}

// astValue is a literal, a function call or a field.
type astValue struct {
	Pos    lexer.Position
	Null   bool     `parser:"  @'null'"`
	True   bool     `parser:"| @'true'"`
	False  bool     `parser:"| @'false'"`
	Number *string  `parser:"| @( '-'? Number )"`
	Str    *string  `parser:"| @String"`
	Raw    *string  `parser:"| @RawString"`
	Single *string  `parser:"| @SingleString"`
	Call   *astCall `parser:"| @@"`
	Field  *astFld  `parser:"| @@"`
}

type astCall struct {
	Pos  lexer.Position
	Name string      `parser:"@Ident '('"`
	Args []*astValue `parser:"( @@ ( ',' @@ )* )? ')'"`
}

type astFld struct {
	Pos      lexer.Position
	Optional bool     `parser:"@'?'?"`
	Parts    []string `parser:"@( Ident | Backtick ) ( '.' @( Ident | Backtick ) )*"`
}

var eqlParser = participle.MustBuild[astQuery](
	participle.Lexer(eqlLexer),
	participle.Elide("Whitespace", "Comment"),
	participle.UseLookahead(4),
)
