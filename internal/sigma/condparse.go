package sigma

import (
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// The fallback condition parser. sigma-go's condition lexer rejects some
// conditions that the Sigma specification allows, most often a search
// pattern with a digit before its wildcard ("1 of selection_1_*",
// "all of set1*"), but also "any of" and identifiers with dots or dashes.
// rosetta parses every condition with sigma-go first and uses this parser
// only for what sigma-go rejects, so that both produce the same IR.
//
// Grammar (keywords are case-insensitive; not binds tighter than and, and
// tighter than or):
//
//	or      = and { "or" and }
//	and     = not { "and" not }
//	not     = "not" not | primary
//	primary = "(" or ")" | quant "of" target | name
//	quant   = "1" | "any" | "all"
//	target  = "them" | name | pattern

// condToken is one token of a condition: a parenthesis, a pipe or a word,
// with its byte offset in the condition text.
type condToken struct {
	text string
	off  int
}

func lexCondition(s string) []condToken {
	var out []condToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == '|':
			out = append(out, condToken{string(c), i})
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			out = append(out, condToken{s[i:j], i})
			i = j
		}
	}
	return out
}

// condParser parses one condition into IR over the lowered searches.
type condParser struct {
	c    *condLowerer
	toks []condToken
	i    int
	end  int // offset of the end of the text, for "unexpected end"
}

// condSyntaxError is a positioned error of the fallback parser.
type condSyntaxError struct {
	off int
	msg string
}

func (e *condSyntaxError) Error() string { return e.msg }

// parseFallback parses text with the fallback grammar. Syntax errors are
// returned with their offset; errors about searches (undefined names,
// patterns that match nothing) are reported through the lowerer and make
// the result nil.
func (c *condLowerer) parseFallback(text string) (ir.Expr, *condSyntaxError) {
	p := &condParser{c: c, toks: lexCondition(text), end: len(text)}
	if len(p.toks) == 0 {
		return nil, &condSyntaxError{0, "empty condition"}
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t, ok := p.peek(); ok {
		if t.text == "|" {
			return nil, &condSyntaxError{t.off, "aggregation: not supported: Sigma 2 expresses aggregations as correlation rules"}
		}
		return nil, &condSyntaxError{t.off, fmt.Sprintf("unexpected %q", t.text)}
	}
	return e, nil
}

func (p *condParser) peek() (condToken, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return condToken{off: p.end}, false
}

// peek2 returns the token after the next one.
func (p *condParser) peek2() (condToken, bool) {
	if p.i+1 < len(p.toks) {
		return p.toks[p.i+1], true
	}
	return condToken{off: p.end}, false
}

// missingOf reports whether the token after "any" or "all" looks like the
// target of a missing "of" rather than an operator after a search of that
// name.
func (p *condParser) missingOf() bool {
	next, ok := p.peek2()
	return ok && isConditionName(next.text) && !p.keyword(next, "and", "or")
}

func (p *condParser) keyword(t condToken, words ...string) bool {
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

// list parses sub { word sub } into an n-ary node, as sigma-go does.
func (p *condParser) list(word string, sub func() (ir.Expr, *condSyntaxError), mk func([]ir.Expr) ir.Expr) (ir.Expr, *condSyntaxError) {
	first, err := sub()
	if err != nil {
		return nil, err
	}
	args := []ir.Expr{first}
	for {
		t, ok := p.peek()
		if !ok || !p.keyword(t, word) {
			break
		}
		p.i++
		next, err := sub()
		if err != nil {
			return nil, err
		}
		args = append(args, next)
	}
	if len(args) == 1 {
		return first, nil
	}
	for _, a := range args {
		if a == nil { // a search error, already reported
			return nil, nil
		}
	}
	return mk(args), nil
}

func (p *condParser) or() (ir.Expr, *condSyntaxError) {
	return p.list("or", p.and, func(args []ir.Expr) ir.Expr { return &ir.Or{Args: args, Pos: p.c.l.pos(p.c.node)} })
}

func (p *condParser) and() (ir.Expr, *condSyntaxError) {
	return p.list("and", p.not, func(args []ir.Expr) ir.Expr { return &ir.And{Args: args, Pos: p.c.l.pos(p.c.node)} })
}

func (p *condParser) not() (ir.Expr, *condSyntaxError) {
	t, ok := p.peek()
	if ok && p.keyword(t, "not") {
		p.i++
		arg, err := p.not()
		if err != nil || arg == nil {
			return nil, err
		}
		return &ir.Not{Arg: arg, Pos: p.c.l.pos(p.c.node)}, nil
	}
	return p.primary()
}

func (p *condParser) primary() (ir.Expr, *condSyntaxError) {
	t, ok := p.peek()
	if !ok {
		return nil, &condSyntaxError{t.off, "condition ends where a search was expected"}
	}
	switch {
	case t.text == "(":
		p.i++
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		closing, ok := p.peek()
		if !ok || closing.text != ")" {
			return nil, &condSyntaxError{closing.off, fmt.Sprintf("missing \")\" for the \"(\" at column %d of the condition", t.off+1)}
		}
		p.i++
		return e, nil
	case p.keyword(t, "1", "any", "all") && p.i+1 < len(p.toks) && p.keyword(p.toks[p.i+1], "of"):
		p.i += 2
		target, ok := p.peek()
		if !ok || !isConditionName(target.text) {
			return nil, &condSyntaxError{target.off, fmt.Sprintf("%q must be followed by \"them\", a search name or a pattern", t.text+" of")}
		}
		p.i++
		all := p.keyword(t, "all")
		pos := p.c.offsetPos(target.off)
		switch {
		case p.keyword(target, "them"):
			return p.c.ofPatternAt("*", all, pos), nil
		case strings.ContainsAny(target.text, "*?"):
			return p.c.ofPatternAt(target.text, all, pos), nil
		}
		return p.c.ofSearchAt(target.text, all, pos), nil
	case p.keyword(t, "1") || p.keyword(t, "any", "all") && p.missingOf():
		of, _ := p.peek2()
		return nil, &condSyntaxError{of.off, fmt.Sprintf("%q must be followed by \"of\"", t.text)}
	case isConditionName(t.text) && !p.keyword(t, "and", "or", "not", "of", "them"):
		p.i++
		if strings.ContainsAny(t.text, "*?") {
			return nil, &condSyntaxError{t.off, fmt.Sprintf("pattern %q needs \"1 of\" or \"all of\"", t.text)}
		}
		s := p.c.lookupAt(t.text, p.c.offsetPos(t.off))
		if s == nil {
			return nil, nil
		}
		return s.expr, nil
	}
	return nil, &condSyntaxError{t.off, fmt.Sprintf("unexpected %q", t.text)}
}

// isConditionName reports whether a word can name a search or a pattern of
// names: letters, digits, "_", ".", "-" and the wildcards.
func isConditionName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r == '-' || r == '*' || r == '?' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// offsetPos is the position of the byte at offset off in the condition
// text. It is exact for a condition written on one line as a plain or
// quoted scalar without escapes; otherwise it is the scalar's own position.
func (c *condLowerer) offsetPos(off int) diag.Pos {
	p := c.l.pos(c.node)
	v := c.node.Value
	if strings.Contains(v, "\n") || off < 0 || off > len(v) {
		return p
	}
	switch c.node.Style {
	case 0:
		p.Col += len([]rune(v[:off]))
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		if strings.ContainsAny(v, `'\"`) {
			return p
		}
		p.Col += 1 + len([]rune(v[:off]))
	}
	return p
}
