package spl

import "github.com/alecthomas/participle/v2/lexer"

// The participle grammar. Every production is a struct; Compile lowers the
// parse tree to the evaluation tree in lower*.go and never evaluates it.

// astQuery is a whole search: a leading search expression or a generating
// command after "|", then piped commands.
type astQuery struct {
	Head *astHead    `parser:"@@"`
	Tail []*astPiped `parser:"@@*"`
}

type astHead struct {
	Pos    lexer.Position
	Piped  *astPiped     `parser:"  @@"`
	Search *astSearchAnd `parser:"| 'search'? @@"`
}

// astPiped is one "| command". where and eval have their own pipe tokens
// because their arguments are lexed as expressions.
type astPiped struct {
	Pos   lexer.Position
	Where *astExpr     `parser:"  PipeWhere @@"`
	Eval  []*astAssign `parser:"| PipeEval @@ ( ',' @@ )*"`
	Cmd   *astCommand  `parser:"| Pipe @@"`
}

type astCommand struct {
	Pos      lexer.Position
	Search   *astSearchCmd `parser:"  @@"`
	Tstats   *astTstats    `parser:"| @@"`
	Stats    *astStats     `parser:"| @@"`
	Regex    *astRegex     `parser:"| @@"`
	Rename   *astRename    `parser:"| @@"`
	Convert  *astConvert   `parser:"| @@"`
	Fields   *astFields    `parser:"| @@"`
	Table    *astTable     `parser:"| @@"`
	HeadCmd  *astHeadCmd   `parser:"| @@"`
	Fillnull *astFillnull  `parser:"| @@"`
	Unknown  *astUnknown   `parser:"| @@"`
}

// astUnknown catches any other command so that lowering can name it. The
// lookahead must list every command above, so that a malformed known command
// is reported as a syntax error rather than as an unknown command.
type astUnknown struct {
	Pos  lexer.Position
	Name string   `parser:"(?! 'search' | 'tstats' | 'stats' | 'regex' | 'rename' | 'convert' | 'fields' | 'table' | 'head' | 'fillnull' ) @(Word | String | Op | Bool)"`
	Rest []string `parser:"@~(Pipe | PipeWhere | PipeEval)*"`
}

type astSearchCmd struct {
	Kw   string        `parser:"@'search'"`
	Expr *astSearchAnd `parser:"@@"`
}

// --- search expressions: NOT > OR > AND ---

type astSearchOnly struct {
	Expr *astSearchAnd `parser:"@@"`
}

type astSearchAnd struct {
	Pos   lexer.Position
	Terms []*astSearchOr `parser:"@@ ( 'AND':Bool? @@ )*"`
}

type astSearchOr struct {
	Pos   lexer.Position
	Terms []*astSearchNot `parser:"@@ ( 'OR':Bool @@ )*"`
}

type astSearchNot struct {
	Pos   lexer.Position
	Not   *astSearchNot `parser:"  'NOT':Bool @@"`
	Group *astSearchAnd `parser:"| '(' @@ ')'"`
	Cmp   *astCmp       `parser:"| @@"`
	Term  *astValue     `parser:"| @@"`
}

// astCmp is field op value or field IN (values).
type astCmp struct {
	Pos   lexer.Position
	Field string      `parser:"@Word"`
	Op    string      `parser:"( @('=' | '!=' | '<=' | '>=' | '<' | '>')"`
	Value *astValue   `parser:"  @@"`
	In    []*astValue `parser:"| 'IN':Bool '(' @@ ( ',' @@ )* ')' )"`
}

// astValue is a search value or bare term: a word, a quoted string, or
// CASE(...) / TERM(...).
type astValue struct {
	Pos       lexer.Position
	Directive *astDirective `parser:"  @@"`
	Str       *string       `parser:"| @String"`
	Word      *string       `parser:"| @Word"`
}

type astDirective struct {
	Name string  `parser:"@('CASE' | 'TERM') '('"`
	Str  *string `parser:"( @String"`
	Word *string `parser:"| @Word ) ')'"`
}

// --- tstats and stats ---

type astTstats struct {
	Kw      string       `parser:"@'tstats'"`
	Options []*astOption `parser:"@@*"`
	Aggs    []*astAgg    `parser:"@@+"`
	From    *astFrom     `parser:"@@?"`
	Where   *astTsAnd    `parser:"( 'where' @@ )?"`
	By      *astBy       `parser:"@@?"`
}

type astOption struct {
	Pos   lexer.Position
	Key   string `parser:"@Word '='"`
	Value string `parser:"@(Word | String)"`
}

type astFrom struct {
	Pos       lexer.Position
	Datamodel string `parser:"'from' 'datamodel' '=' @(Word | String)"`
}

type astAgg struct {
	Pos  lexer.Position
	Func string  `parser:"(?! 'by' | 'from' | 'where' ) @Word"`
	Arg  *string `parser:"( '(' @(Word | String)? ')' )?"`
	As   *string `parser:"( 'as' @(Word | String) )?"`
}

type astBy struct {
	Pos    lexer.Position
	Fields []string `parser:"'by' ( (?! 'span' '=' ) @(Word | String) ','? )+"`
	Span   *string  `parser:"( 'span' '=' @Word )?"`
}

// tstats where clauses have no bare terms, so that the clause ends at "by".
type astTsAnd struct {
	Pos   lexer.Position
	Terms []*astTsOr `parser:"@@ ( 'AND':Bool? @@ )*"`
}

type astTsOr struct {
	Pos   lexer.Position
	Terms []*astTsNot `parser:"@@ ( 'OR':Bool @@ )*"`
}

type astTsNot struct {
	Pos   lexer.Position
	Not   *astTsNot `parser:"  'NOT':Bool @@"`
	Group *astTsAnd `parser:"| '(' @@ ')'"`
	Cmp   *astCmp   `parser:"| @@"`
}

type astStats struct {
	Kw   string    `parser:"@'stats'"`
	Aggs []*astAgg `parser:"@@+"`
	By   *astBy    `parser:"@@?"`
}

// --- other commands ---

type astRegex struct {
	Kw      string          `parser:"@'regex'"`
	Target  *astRegexTarget `parser:"@@?"`
	Pattern string          `parser:"@String"`
}

type astRegexTarget struct {
	Field string `parser:"@Word"`
	Op    string `parser:"@('=' | '!=')"`
}

type astRename struct {
	Kw    string           `parser:"@'rename'"`
	Pairs []*astRenamePair `parser:"@@ ( ','? @@ )*"`
}

type astRenamePair struct {
	Pos  lexer.Position
	From string `parser:"@(Word | String)"`
	To   string `parser:"'as' @(Word | String)"`
}

type astConvert struct {
	Kw         string          `parser:"@'convert'"`
	TimeFormat *string         `parser:"( 'timeformat' '=' @(String | Word) )?"`
	Funcs      []*astConvertFn `parser:"( @@ ','? )+"`
}

type astConvertFn struct {
	Pos   lexer.Position
	Name  string  `parser:"@Word '('"`
	Field string  `parser:"@(Word | String) ')'"`
	As    *string `parser:"( 'as' @(Word | String) )?"`
}

type astFields struct {
	Kw    string   `parser:"@'fields'"`
	Mode  *string  `parser:"@('+' | '-')?"`
	Names []string `parser:"( @(Word | String) ','? )+"`
}

type astTable struct {
	Kw    string   `parser:"@'table'"`
	Names []string `parser:"( @(Word | String) ','? )+"`
}

type astHeadCmd struct {
	Kw    string  `parser:"@'head'"`
	Count *string `parser:"@Word?"`
}

type astFillnull struct {
	Kw     string   `parser:"@'fillnull'"`
	Value  *string  `parser:"( 'value' '=' @(String | Word) )?"`
	Fields []string `parser:"( @(Word | String) ','? )*"`
}

// --- where/eval expressions: NOT > AND > OR > XOR ---

type astAssign struct {
	Pos   lexer.Position
	Field string   `parser:"@(Ident | Field)"`
	Expr  *astExpr `parser:"'=' @@"`
}

type astExpr struct {
	Pos   lexer.Position
	Terms []*astOrExpr `parser:"@@ ( 'XOR':Bool @@ )*"`
}

type astOrExpr struct {
	Pos   lexer.Position
	Terms []*astAndExpr `parser:"@@ ( 'OR':Bool @@ )*"`
}

type astAndExpr struct {
	Pos   lexer.Position
	Terms []*astNotExpr `parser:"@@ ( 'AND':Bool @@ )*"`
}

type astNotExpr struct {
	Pos lexer.Position
	Not *astNotExpr `parser:"  'NOT':Bool @@"`
	Cmp *astCmpExpr `parser:"| @@"`
}

type astCmpExpr struct {
	Pos   lexer.Position
	Left  *astAddExpr `parser:"@@"`
	Op    string      `parser:"( @('==' | '=' | '!=' | '<=' | '>=' | '<' | '>')"`
	Right *astAddExpr `parser:"  @@"`
	Like  *astAddExpr `parser:"| 'LIKE':Bool @@"`
	In    []*astExpr  `parser:"| 'IN':Bool '(' @@ ( ',' @@ )* ')' )?"`
}

type astAddExpr struct {
	Pos  lexer.Position
	Left *astMulExpr `parser:"@@"`
	Rest []*astAddOp `parser:"@@*"`
}

type astAddOp struct {
	Pos   lexer.Position
	Op    string      `parser:"@('+' | '-' | '.')"`
	Right *astMulExpr `parser:"@@"`
}

type astMulExpr struct {
	Pos  lexer.Position
	Left *astUnary   `parser:"@@"`
	Rest []*astMulOp `parser:"@@*"`
}

type astMulOp struct {
	Pos   lexer.Position
	Op    string    `parser:"@('*' | '/' | '%')"`
	Right *astUnary `parser:"@@"`
}

type astUnary struct {
	Pos  lexer.Position
	Neg  *astUnary `parser:"  '-' @@"`
	Prim *astPrim  `parser:"| @@"`
}

type astPrim struct {
	Pos    lexer.Position
	Call   *astCall `parser:"  @@"`
	Number *string  `parser:"| @Number"`
	Str    *string  `parser:"| @String"`
	Field  *string  `parser:"| @Field"`
	Ident  *string  `parser:"| @Ident"`
	Group  *astExpr `parser:"| '(' @@ ')'"`
}

type astCall struct {
	Pos  lexer.Position
	Name string     `parser:"@(Ident | Bool) '('"`
	Args []*astExpr `parser:"( @@ ( ',' @@ )* )? ')'"`
}
