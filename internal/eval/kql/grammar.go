package kql

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The parse tree. Each struct is one production; lower_*.go turns it into the
// evaluation tree. Names start with g so that they never leak into the
// evaluator.

// gScript is a query: let statements, then one tabular expression.
type gScript struct {
	Lets  []*gLet `parser:"( @@ ';'+ )*"`
	Query *gPipe  `parser:"@@ ';'*"`
}

// gLet is `let name = value`, where value is a function, a view, a tabular
// expression or a scalar.
type gLet struct {
	Pos   lexer.Position
	Name  *gName `parser:"'let' @@ '='"`
	Func  *gFunc `parser:"( @@"`
	View  *gFunc `parser:"| 'view' @@"`
	Value *gPipe `parser:"| @@ )"`
}

// gFunc is `(params) { body }`.
type gFunc struct {
	Pos    lexer.Position
	Params []*gParam `parser:"'(' ( @@ ( ',' @@ )* )? ')'"`
	Body   *gBody    `parser:"'{' @@ '}'"`
}

// gParam is `name:type`, `name:(*)` or `name:(col:type, ...)` with an
// optional default.
type gParam struct {
	Pos     lexer.Position
	Name    *gName     `parser:"@@ ':'"`
	Tabular bool       `parser:"( @'('"`
	Star    bool       `parser:"  ( @'*'"`
	Cols    []*gColDef `parser:"    | @@ ( ',' @@ )* )? ')'"`
	Type    string     `parser:"| @Ident )"`
	Default *gExpr     `parser:"( '=' @@ )?"`
}

// gColDef is one column of a tabular parameter's declared schema.
type gColDef struct {
	Name *gName `parser:"@@ ':'"`
	Type string `parser:"@Ident"`
}

// gBody is the body of a function or view.
type gBody struct {
	Lets  []*gLet `parser:"( @@ ';'+ )*"`
	Query *gPipe  `parser:"@@ ';'*"`
}

// gPipe is `source | op | op ...`. As a let value without operators it may
// also be a scalar expression.
type gPipe struct {
	Pos    lexer.Position
	Source *gExpr `parser:"@@"`
	Ops    []*gOp `parser:"( '|' @@ )*"`
}

// gOp is one tabular operator after a pipe.
type gOp struct {
	Pos            lexer.Position
	Where          *gExpr      `parser:"  ( 'where' | 'filter' ) @@"`
	Summarize      *gSummarize `parser:"| 'summarize' @@"`
	ProjectAway    []*gName    `parser:"| 'project' '-' 'away' @@ ( ',' @@ )*"`
	ProjectKeep    []*gName    `parser:"| 'project' '-' 'keep' @@ ( ',' @@ )*"`
	ProjectRename  []*gRename  `parser:"| 'project' '-' 'rename' @@ ( ',' @@ )*"`
	ProjectReorder []*gName    `parser:"| 'project' '-' 'reorder' @@ ( ',' @@ )*"`
	Project        []*gNamed   `parser:"| 'project' @@ ( ',' @@ )*"`
	Extend         []*gNamed   `parser:"| 'extend' @@ ( ',' @@ )*"`
	Invoke         *gInvoke    `parser:"| 'invoke' @@"`
	Take           *gExpr      `parser:"| ( 'take' | 'limit' ) @@"`
	Top            *gTop       `parser:"| 'top' @@"`
	DistinctAll    bool        `parser:"| 'distinct' ( @'*'"`
	Distinct       []*gName    `parser:"  | @@ ( ',' @@ )* )"`
	Sort           []*gSortKey `parser:"| ( 'order' | 'sort' ) 'by' @@ ( ',' @@ )*"`
	Count          bool        `parser:"| @'count'"`
	Unknown        *gUnknownOp `parser:"| @@"`
}

// gUnknownOp captures any other operator so that Compile can name it.
type gUnknownOp struct {
	Pos  lexer.Position
	Name string `parser:"(?! 'where' | 'filter' | 'summarize' | 'project' | 'extend' | 'invoke' | 'take' | 'limit' | 'top' | 'distinct' | 'order' | 'sort' | 'count' ) @Ident ( @'-' @Ident )*"`
	Rest int    `parser:"( ~( '|' | ';' | '}' ) )*"`
}

// gSummarize is `aggregates by keys`.
type gSummarize struct {
	Aggs []*gNamed `parser:"( (?! 'by' ) @@ ( ',' @@ )* )?"`
	By   []*gNamed `parser:"( 'by' @@ ( ',' @@ )* )?"`
}

// gRename is `new = old`.
type gRename struct {
	New *gName `parser:"@@ '='"`
	Old *gName `parser:"@@"`
}

// gTop is `N by key`.
type gTop struct {
	N   *gExpr    `parser:"@@ 'by'"`
	Key *gSortKey `parser:"@@"`
}

// gSortKey is `expr [asc|desc] [nulls first|last]`.
type gSortKey struct {
	Expr  *gExpr `parser:"@@"`
	Dir   string `parser:"@( 'asc' | 'desc' )?"`
	Nulls string `parser:"( 'nulls' @( 'first' | 'last' ) )?"`
}

// gNamed is `[name =] expr`.
type gNamed struct {
	Pos  lexer.Position
	Name *gName `parser:"( @@ '=' )?"`
	Expr *gExpr `parser:"@@"`
}

// gName is an identifier or a bracketed name ['any text'].
type gName struct {
	Pos    lexer.Position
	Ident  string `parser:"  @Ident"`
	Quoted string `parser:"| '[' @( String | VString ) ']'"`
}

// gExpr is a disjunction; `and` binds tighter than `or`.
type gExpr struct {
	Pos   lexer.Position
	Terms []*gAnd `parser:"@@ ( 'or' @@ )*"`
}

// gAnd is a conjunction.
type gAnd struct {
	Pos   lexer.Position
	Terms []*gCmp `parser:"@@ ( 'and' @@ )*"`
}

// gCmp is an operand with at most one comparison or string operator.
type gCmp struct {
	Pos  lexer.Position
	Left *gAdd     `parser:"@@"`
	Tail *gCmpTail `parser:"@@?"`
}

// gCmpTail is the operator part of a comparison.
type gCmpTail struct {
	Pos    lexer.Position
	Regex  *gAdd    `parser:"  'matches' 'regex' @@"`
	ListOp string   `parser:"| @( 'in' | '!in' | InCI | 'has_any' | 'has_all' ) '('"`
	List   []*gExpr `parser:"  ( @@ ( ',' @@ )* )? ')'"`
	Op     string   `parser:"| @( '==' | '!=' | '=~' | '!~' | '<=' | '>=' | '<' | '>' | 'has' | 'has_cs' | 'hasprefix' | 'hasprefix_cs' | 'hassuffix' | 'hassuffix_cs' | 'contains' | 'contains_cs' | 'startswith' | 'startswith_cs' | 'endswith' | 'endswith_cs' | BangWord )"`
	Right  *gAdd    `parser:"  @@"`
}

// gAdd is a sum of products.
type gAdd struct {
	Pos  lexer.Position
	Left *gMul     `parser:"@@"`
	Rest []*gAddOp `parser:"@@*"`
}

// gAddOp is one `+ term` or `- term`.
type gAddOp struct {
	Pos   lexer.Position
	Op    string `parser:"@( '+' | '-' )"`
	Right *gMul  `parser:"@@"`
}

// gMul is a product of unary terms.
type gMul struct {
	Pos  lexer.Position
	Left *gUnary   `parser:"@@"`
	Rest []*gMulOp `parser:"@@*"`
}

// gMulOp is one `* term`, `/ term` or `% term`.
type gMulOp struct {
	Pos   lexer.Position
	Op    string  `parser:"@( '*' | '/' | '%' )"`
	Right *gUnary `parser:"@@"`
}

// gUnary is an optionally negated primary.
type gUnary struct {
	Pos     lexer.Position
	Neg     bool      `parser:"@'-'?"`
	Operand *gPrimary `parser:"@@"`
}

// gPrimary is a literal, a call, a parenthesised expression or a column.
type gPrimary struct {
	Pos      lexer.Position
	Strings  []string   `parser:"  @( String | VString | MLString )+"`
	Number   string     `parser:"| @Number"`
	Bool     string     `parser:"| @( 'true' | 'false' | 'True' | 'False' | 'TRUE' | 'FALSE' )"`
	Datetime *gDatetime `parser:"| 'datetime' '(' @@ ')'"`
	Dynamic  *gDynamic  `parser:"| 'dynamic' '(' @@ ')'"`
	Call     *gCall     `parser:"| @@"`
	Paren    *gExpr     `parser:"| '(' @@ ')'"`
	Column   *gPath     `parser:"| @@"`
}

// gDatetime is the argument of datetime(...): any tokens, read back from the
// source text between the first and the last.
type gDatetime struct {
	Pos    lexer.Position
	Parts  []string      `parser:"@( ~')' )+"`
	Tokens []lexer.Token // filled by participle, including elided tokens
}

// gDynamic is the argument of dynamic(...): an array of literals, null or a
// scalar literal.
type gDynamic struct {
	Array  bool     `parser:"  @'[' ( "`
	Elems  []*gExpr `parser:"    @@ ( ',' @@ )* )? ']'"`
	Null   bool     `parser:"| @'null'"`
	Scalar *gExpr   `parser:"| @@"`
}

// gCall is `name(args)`, optionally followed by accesses into the dynamic
// value it returns (parse_json(x).key).
type gCall struct {
	Pos     lexer.Position
	Name    string     `parser:"@Ident '('"`
	Args    []*gExpr   `parser:"( @@ ( ',' @@ )* )? ')'"`
	Members []*gMember `parser:"@@*"`
}

// gInvoke is the function call of `invoke`: its name may be bracketed
// (['7zip_filter']()), as a let may define it.
type gInvoke struct {
	Pos  lexer.Position
	Name *gName   `parser:"@@ '('"`
	Args []*gExpr `parser:"( @@ ( ',' @@ )* )? ')'"`
}

// gPath is a column name, optionally followed by .member accesses, then by
// any mix of .member, ["member"] and [index] accesses into a dynamic value.
type gPath struct {
	Pos     lexer.Position
	Parts   []*gName   `parser:"@@ ( '.' @@ )*"`
	Members []*gMember `parser:"@@*"`
}

// gMember is one access into a dynamic value after a subscript: .name,
// ['name'] or ["name"], or [index] (negative counts from the end).
type gMember struct {
	Pos   lexer.Position
	Name  *gName `parser:"  '.' @@"`
	Key   string `parser:"| '[' ( @( String | VString )"`
	Index string `parser:"      | @'-'? @Number ) ']'"`
}

// kqlParser is built once; participle parsers are safe for concurrent use.
var kqlParser = participle.MustBuild[gScript](
	participle.Lexer(kqlLexer),
	participle.Elide("Comment", "Whitespace"),
	participle.UseLookahead(participle.MaxLookahead),
)
