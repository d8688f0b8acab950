package eql

import (
	"errors"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/rosetta-sigma/rosetta/internal/event"
)

// lowerer turns the parse tree into the evaluation tree and collects the
// referenced fields.
type lowerer struct {
	fields   []string
	seen     map[string]bool
	optional []string
	seenOpt  map[string]bool
}

// keywords are the reserved words of Elasticsearch EQL that the lexer does
// not already turn into Keyword tokens; they cannot be a bare field name or
// category (write `by` to use one).
var keywords = map[string]bool{
	"any": true, "sequence": true, "join": true, "sample": true, "by": true,
	"with": true, "until": true, "of": true, "maxspan": true, "fork": true,
	"runs": true,
}

func (l *lowerer) query(a *astQuery) (*Query, error) {
	cat, err := l.category(a.Category)
	if err != nil {
		return nil, err
	}
	c, err := l.or(a.Cond)
	if err != nil {
		return nil, err
	}
	for _, p := range a.Pipes {
		if err := l.pipe(p); err != nil {
			return nil, err
		}
	}
	return &Query{category: cat, cond: c, fields: l.fields, optional: l.optional}, nil
}

func (l *lowerer) category(c *astCategory) (string, error) {
	switch {
	case c.Ident != nil:
		name := *c.Ident
		if name == "any" {
			return "", nil
		}
		if strings.HasSuffix(name, "~") || keywords[name] {
			return "", errAt(c.Pos, "invalid event category %q", name)
		}
		return name, nil
	case c.Str != nil:
		s, err := l.unquote(*c.Str, c.Pos)
		if err != nil {
			return "", err
		}
		return s, nil
	default:
		return unquoteRaw(*c.Raw), nil
	}
}

// pipe accepts head and tail, which only limit the number of results and
// leave the verdict on a single event unchanged.
func (l *lowerer) pipe(p *astPipe) error {
	switch p.Name {
	case "head", "tail":
	default:
		return errAt(p.Pos, "pipe %s is not supported (only head and tail)", p.Name)
	}
	if len(p.Args) != 1 || p.Args[0].Number == nil {
		return errAt(p.Pos, "%s takes one positive integer", p.Name)
	}
	n, err := strconv.Atoi(*p.Args[0].Number)
	if err != nil || n <= 0 {
		return errAt(p.Args[0].Pos, "%s takes one positive integer, got %s", p.Name, *p.Args[0].Number)
	}
	return nil
}

func (l *lowerer) or(a *astOr) (cond, error) {
	first, err := l.and(a.Left)
	if err != nil || len(a.Right) == 0 {
		return first, err
	}
	out := []cond{first}
	for _, r := range a.Right {
		c, err := l.and(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return foldLogic(out, false), nil
}

func (l *lowerer) and(a *astAnd) (cond, error) {
	first, err := l.not(a.Left)
	if err != nil || len(a.Right) == 0 {
		return first, err
	}
	out := []cond{first}
	for _, r := range a.Right {
		c, err := l.not(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return foldLogic(out, true), nil
}

func (l *lowerer) not(a *astNot) (cond, error) {
	if a.Not != nil {
		c, err := l.not(a.Not)
		if err != nil {
			return nil, err
		}
		return negate(c), nil
	}
	return l.pred(a.Pred)
}

func (l *lowerer) pred(p *astPred) (cond, error) {
	if p.Tail == nil {
		return l.bare(p.Left)
	}
	return l.compare(p.Left, p.Tail)
}

// bare lowers an operand standing alone as a condition.
func (l *lowerer) bare(o *astOperand) (cond, error) {
	if o.Paren != nil {
		return l.or(o.Paren)
	}
	v := o.Value
	switch {
	case v.Call != nil:
		return l.boolCall(v.Call)
	case v.True:
		return constCond(true), nil
	case v.False:
		return constCond(false), nil
	case v.Field != nil:
		ref, err := l.field(v.Field)
		if err != nil {
			return nil, err
		}
		return nil, errAt(v.Pos, "field %s is not a condition; compare it with a value (for example %s != null)", ref.name, ref.name)
	case v.Single != nil:
		return nil, errAt(v.Pos, "single-quoted strings are not supported; use double quotes")
	case v.Null:
		return nil, errAt(v.Pos, "null is not a condition")
	}
	return nil, errAt(v.Pos, "a literal is not a condition (EQL has no full-text search)")
}

// compare lowers "left op right".
func (l *lowerer) compare(left *astOperand, t *astTail) (cond, error) {
	op := t.Op
	switch op {
	case "=":
		return nil, errAt(t.Pos, "= is not an EQL operator; use == (case-sensitive) or : (case-insensitive)")
	case "!:":
		return nil, errAt(t.Pos, "!: is not supported; write not field : value")
	}
	if t.Not && op != "in" && op != "in~" {
		return nil, errAt(t.Pos, "not may only precede in or in~ here; put not before the comparison")
	}
	rhs := t.List
	if rhs == nil {
		if op == "in" || op == "in~" {
			return nil, errAt(t.Right.Pos, "%s needs a parenthesized list of values", op)
		}
		rhs = []*astValue{t.Right}
	}
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		if len(rhs) > 1 {
			return nil, errAt(rhs[1].Pos, "%s takes a single value (use in (...) for a list)", op)
		}
	}
	if left.Paren != nil {
		return nil, errAt(t.Pos, "a parenthesized condition cannot be compared with %s", op)
	}
	var fn valueFunc
	var ref fieldRef
	switch lv := left.Value; {
	case lv.Field != nil:
		var err error
		if ref, err = l.field(lv.Field); err != nil {
			return nil, err
		}
	case lv.Call != nil:
		var err error
		if fn, err = l.valueCall(lv.Call); err != nil {
			return nil, err
		}
	default:
		return nil, errAt(lv.Pos, "the left side of %s must be a field (a literal on the left is not supported)", op)
	}
	lits := make([]literal, 0, len(rhs))
	for _, o := range rhs {
		lit, err := l.literal(o)
		if err != nil {
			return nil, err
		}
		lits = append(lits, lit)
	}
	if fn != nil {
		return scriptCompare(fn, op, t, lits)
	}
	return fieldCompare(ref, op, t, lits)
}

// fieldCompare lowers a comparison on a field into Query DSL semantics.
func fieldCompare(ref fieldRef, op string, t *astTail, lits []literal) (cond, error) {
	switch op {
	case "==", "!=":
		lit := lits[0]
		if lit.kind == litNull {
			// f == null is must_not(exists); f != null is exists.
			if op == "==" {
				return notCond{existsCond{ref}}, nil
			}
			return existsCond{ref}, nil
		}
		c := fieldCond{ref, func(v any) bool { return equalTo(lit, false, v) }}
		if op == "!=" {
			return notCond{c}, nil // must_not(term): keeps events without the field
		}
		return c, nil
	case "<", "<=", ">", ">=":
		lit := lits[0]
		if lit.kind != litNum && lit.kind != litStr {
			return nil, errAt(lit.pos, "%s compares numbers or strings, not %s", op, lit.kind)
		}
		return fieldCond{ref, func(v any) bool {
			c, ok := compareTo(lit, v)
			return ok && orderHolds(op, c)
		}}, nil
	case "in", "in~":
		insensitive := op == "in~"
		var set []literal
		for _, lit := range lits {
			if lit.kind != litNull { // a term query on null matches nothing
				set = append(set, lit)
			}
		}
		var c cond = fieldCond{ref, func(v any) bool {
			for _, lit := range set {
				if equalTo(lit, insensitive, v) {
					return true
				}
			}
			return false
		}}
		if t.Not {
			c = notCond{c}
		}
		return c, nil
	}
	// :, like, like~, regex, regex~: string patterns.
	matchers := make([]strMatcher, 0, len(lits))
	for _, lit := range lits {
		if lit.kind != litStr {
			return nil, errAt(lit.pos, "%s can only compare strings, got %s (use == for numbers and booleans)", op, lit.kind)
		}
		switch op {
		case ":":
			matchers = append(matchers, wildcardMatcher(lit.str, true))
		case "like", "like~":
			matchers = append(matchers, wildcardMatcher(lit.str, op == "like~"))
		default: // regex, regex~
			re, err := compileLucene(lit.str, op == "regex~")
			if err != nil {
				return nil, errAt(lit.pos, "invalid Lucene regular expression %q: %v", lit.str, err)
			}
			matchers = append(matchers, regexMatcher{re})
		}
	}
	return fieldCond{ref, func(v any) bool {
		s, ok := event.String(v)
		if !ok {
			return false
		}
		for _, m := range matchers {
			if m.matchString(s) {
				return true
			}
		}
		return false
	}}, nil
}

// scriptCompare lowers a comparison on a function result into script
// semantics (three-valued).
func scriptCompare(fn valueFunc, op string, t *astTail, lits []literal) (cond, error) {
	switch op {
	case "==", "!=":
		lit := lits[0]
		if lit.kind == litNull {
			if op == "==" {
				return scriptIsNull{fn}, nil
			}
			return scriptNot{scriptIsNull{fn}}, nil
		}
		want := op == "=="
		return scriptCmp{fn, func(v any) bool { return equalTo(lit, false, v) == want }}, nil
	case "<", "<=", ">", ">=":
		lit := lits[0]
		if lit.kind != litNum && lit.kind != litStr {
			return nil, errAt(lit.pos, "%s compares numbers or strings, not %s", op, lit.kind)
		}
		return scriptCmp{fn, func(v any) bool {
			c, ok := compareTo(lit, v)
			return ok && orderHolds(op, c)
		}}, nil
	case "in":
		var c scriptCond = scriptCmp{fn, func(v any) bool {
			for _, lit := range lits {
				if equalTo(lit, false, v) {
					return true
				}
			}
			return false
		}}
		if t.Not {
			c = scriptNot{c}
		}
		return c, nil
	}
	return nil, errAt(t.Pos, "%s on a function result is not supported by this evaluator", op)
}

// field lowers a field reference and records it.
func (l *lowerer) field(f *astFld) (fieldRef, error) {
	parts := make([]string, len(f.Parts))
	for i, p := range f.Parts {
		if strings.HasPrefix(p, "`") {
			name := unquoteBacktick(p)
			if name == "" {
				return fieldRef{}, errAt(f.Pos, "empty field name ``")
			}
			parts[i] = name
			continue
		}
		if strings.HasSuffix(p, "~") {
			return fieldRef{}, errAt(f.Pos, "unexpected ~ in field name %q", p)
		}
		if i == 0 && keywords[p] {
			return fieldRef{}, errAt(f.Pos, "unexpected keyword %q", p)
		}
		parts[i] = p
	}
	ref := fieldRef{name: strings.Join(parts, "."), optional: f.Optional}
	if !l.seen[ref.name] {
		l.seen[ref.name] = true
		l.fields = append(l.fields, ref.name)
	}
	if ref.optional && !l.seenOpt[ref.name] {
		l.seenOpt[ref.name] = true
		l.optional = append(l.optional, ref.name)
	}
	return ref, nil
}

// literal lowers a constant on the right side of a comparison or in a
// function argument.
func (l *lowerer) literal(o *astValue) (literal, error) {
	lit := literal{pos: o.Pos}
	switch {
	case o.Null:
		lit.kind = litNull
	case o.True, o.False:
		lit.kind, lit.b = litBool, o.True
	case o.Number != nil:
		f, err := strconv.ParseFloat(*o.Number, 64)
		if err != nil {
			return lit, errAt(o.Pos, "invalid number %s", *o.Number)
		}
		lit.kind, lit.num, lit.str = litNum, f, *o.Number
	case o.Str != nil:
		s, err := l.unquote(*o.Str, o.Pos)
		if err != nil {
			return lit, err
		}
		lit.kind, lit.str = litStr, s
	case o.Raw != nil:
		lit.kind, lit.str = litStr, unquoteRaw(*o.Raw)
	case o.Single != nil:
		return lit, errAt(o.Pos, "single-quoted strings are not supported; use double quotes")
	case o.Field != nil:
		return lit, errAt(o.Pos, "comparisons against fields are not supported; the right side must be a literal")
	case o.Call != nil:
		if !knownFunction(o.Call.Name) {
			return lit, unknownFunction(o.Call)
		}
		return lit, errAt(o.Pos, "function %s is not supported here; a literal is required", o.Call.Name)
	default:
		return lit, errAt(o.Pos, "a literal is required")
	}
	return lit, nil
}

// unquote decodes a string token, turning an escape error into a positioned
// compile error.
func (l *lowerer) unquote(tok string, pos lexer.Position) (string, error) {
	s, err := unquoteString(tok)
	if err != nil {
		var ee *escapeError
		if errors.As(err, &ee) {
			pos.Column += ee.offset
			pos.Offset += ee.offset
		}
		return "", errAt(pos, "%s", err.Error())
	}
	return s, nil
}
