package spl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// etype is the static type of an eval expression, used to reject
// non-boolean where clauses and operands at Compile time.
type etype uint8

const (
	tAny   etype = iota // unknown until run time (if(), coalesce(), ...)
	tBool               // comparisons, logic, predicates
	tValue              // strings, numbers, arithmetic
	tField              // a bare field reference
)

// expr is a lowered where/eval expression.
type expr interface {
	eval(rc *rowCtx) value
	typ() etype
	String() string
}

type litExpr struct{ v value }

func (e *litExpr) eval(*rowCtx) value { return e.v }
func (e *litExpr) typ() etype {
	if e.v.k == vBool {
		return tBool
	}
	return tValue
}

func (e *litExpr) String() string {
	if e.v.k == vStr {
		return strconv.Quote(e.v.s)
	}
	t, _ := e.v.text()
	return t
}

type fieldExpr struct{ name string }

func (e *fieldExpr) eval(rc *rowCtx) value {
	v, ok := rc.row.Lookup(e.name)
	if !ok {
		return nullValue
	}
	return fromAny(v)
}
func (e *fieldExpr) typ() etype     { return tField }
func (e *fieldExpr) String() string { return "'" + e.name + "'" }

// logicExpr is AND, OR or XOR over two or more operands, three-valued.
type logicExpr struct {
	op    string
	terms []expr
}

func (e *logicExpr) eval(rc *rowCtx) value {
	switch e.op {
	case "AND", "OR":
		decisive := e.op == "OR" // the value that decides the result
		sawNull := false
		for _, t := range e.terms {
			v := t.eval(rc)
			if v.k != vBool {
				sawNull = true
				continue
			}
			if v.b == decisive {
				return boolValue(decisive)
			}
		}
		if sawNull {
			return nullValue
		}
		return boolValue(!decisive)
	default: // XOR
		acc := false
		for _, t := range e.terms {
			v := t.eval(rc)
			if v.k != vBool {
				return nullValue
			}
			acc = acc != v.b
		}
		return boolValue(acc)
	}
}
func (e *logicExpr) typ() etype { return tBool }
func (e *logicExpr) String() string {
	s := make([]string, len(e.terms))
	for i, t := range e.terms {
		s[i] = t.String()
	}
	return strings.ToLower(e.op) + "(" + strings.Join(s, ", ") + ")"
}

type notExpr struct{ x expr }

func (e *notExpr) eval(rc *rowCtx) value {
	v := e.x.eval(rc)
	if v.k != vBool {
		return nullValue
	}
	return boolValue(!v.b)
}
func (e *notExpr) typ() etype     { return tBool }
func (e *notExpr) String() string { return "not(" + e.x.String() + ")" }

type cmpExpr struct {
	op   string
	l, r expr
}

func (e *cmpExpr) eval(rc *rowCtx) value { return compareValues(e.op, e.l.eval(rc), e.r.eval(rc)) }
func (e *cmpExpr) typ() etype            { return tBool }
func (e *cmpExpr) String() string        { return fmt.Sprintf("(%s %s %s)", e.l, e.op, e.r) }

// arithExpr is + - * / % and the . concatenation. Non-numeric operands of
// arithmetic give null; + of two non-numeric strings concatenates.
type arithExpr struct {
	op   string
	l, r expr
}

func (e *arithExpr) eval(rc *rowCtx) value {
	a, b := e.l.eval(rc), e.r.eval(rc)
	if a.k == vNull || b.k == vNull || a.k == vMulti || b.k == vMulti {
		return nullValue
	}
	if e.op == "." {
		ta, _ := a.text()
		tb, _ := b.text()
		return strValue(ta + tb)
	}
	if !a.num || !b.num {
		if e.op == "+" && !a.num && !b.num && a.k == vStr && b.k == vStr {
			return strValue(a.s + b.s)
		}
		return nullValue
	}
	switch e.op {
	case "+":
		return numValue(a.n + b.n)
	case "-":
		return numValue(a.n - b.n)
	case "*":
		return numValue(a.n * b.n)
	case "/":
		if b.n == 0 {
			return nullValue
		}
		return numValue(a.n / b.n)
	case "%":
		if b.n == 0 {
			return nullValue
		}
		return numValue(math.Mod(a.n, b.n))
	}
	return nullValue
}
func (e *arithExpr) typ() etype     { return tValue }
func (e *arithExpr) String() string { return fmt.Sprintf("(%s %s %s)", e.l, e.op, e.r) }

type negExpr struct{ x expr }

func (e *negExpr) eval(rc *rowCtx) value {
	v := e.x.eval(rc)
	if v.k == vMulti || !v.num {
		return nullValue
	}
	return numValue(-v.n)
}
func (e *negExpr) typ() etype     { return tValue }
func (e *negExpr) String() string { return "-" + e.x.String() }

// callExpr is a function call; fn was prepared at Compile time (regular
// expressions, patterns and subnets are compiled once).
type callExpr struct {
	name string
	args []expr
	t    etype
	fn   func(rc *rowCtx, args []value) value
}

func (e *callExpr) eval(rc *rowCtx) value {
	vals := make([]value, len(e.args))
	for i, a := range e.args {
		vals[i] = a.eval(rc)
	}
	return e.fn(rc, vals)
}
func (e *callExpr) typ() etype { return e.t }
func (e *callExpr) String() string {
	s := make([]string, len(e.args))
	for i, a := range e.args {
		s[i] = a.String()
	}
	return e.name + "(" + strings.Join(s, ", ") + ")"
}
