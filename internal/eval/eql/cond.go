package eql

import (
	"github.com/rosetta-sigma/rosetta/internal/event"
)

// The evaluation tree mirrors how Elasticsearch runs an event query: the
// condition is translated to Query DSL, leaf by leaf, and only what cannot be
// a query (a comparison on a function result) becomes a Painless script.
//
//   - Query leaves are two-valued: a term, wildcard, prefix, regexp, range or
//     terms query simply does not match a document without the field.
//   - "not X" is bool.must_not(X) and "f != v" is must_not(term): both keep
//     documents where the field is missing.
//   - A script leaf is three-valued (null in, null out) and keeps a document
//     only when it returns true; "not" around a script leaf is folded into the
//     script, so not(null) stays null and drops the document.

// cond is a node of the evaluation tree.
type cond interface {
	match(ev event.Event) bool
}

// tri is a three-valued boolean for script leaves.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triNull
)

// scriptCond is a condition Elasticsearch evaluates as a script.
type scriptCond interface {
	cond
	eval(ev event.Event) tri
}

type constCond bool

func (c constCond) match(event.Event) bool { return bool(c) }

type andCond []cond

func (c andCond) match(ev event.Event) bool {
	for _, x := range c {
		if !x.match(ev) {
			return false
		}
	}
	return true
}

type orCond []cond

func (c orCond) match(ev event.Event) bool {
	for _, x := range c {
		if x.match(ev) {
			return true
		}
	}
	return false
}

// foldLogic combines the operands of and (isAnd) or or, folding the
// constants true and false away as Elasticsearch's optimizer does, so that
// "x and true" is x itself (which matters when x is a script leaf under not).
func foldLogic(cs []cond, isAnd bool) cond {
	var kept []cond
	for _, c := range cs {
		if k, ok := c.(constCond); ok {
			if bool(k) != isAnd { // false in and, true in or: decides
				return k
			}
			continue // neutral element
		}
		kept = append(kept, c)
	}
	switch {
	case len(kept) == 0:
		return constCond(isAnd)
	case len(kept) == 1:
		return kept[0]
	case isAnd:
		return andCond(kept)
	default:
		return orCond(kept)
	}
}

// notCond is bool.must_not: true whenever the inner query does not match,
// including when the field is missing.
type notCond struct{ inner cond }

func (c notCond) match(ev event.Event) bool { return !c.inner.match(ev) }

// scriptNot is "not" folded into a script: three-valued.
type scriptNot struct{ inner scriptCond }

func (c scriptNot) eval(ev event.Event) tri {
	switch c.inner.eval(ev) {
	case triTrue:
		return triFalse
	case triFalse:
		return triTrue
	}
	return triNull
}

func (c scriptNot) match(ev event.Event) bool { return c.eval(ev) == triTrue }

// negate builds "not inner" the way Elasticsearch translates it; a constant
// is folded, as Elasticsearch's optimizer does.
func negate(inner cond) cond {
	if c, ok := inner.(constCond); ok {
		return !c
	}
	if s, ok := inner.(scriptCond); ok {
		return scriptNot{s}
	}
	return notCond{inner}
}

// fieldCond is a query leaf on one field: true when any indexed value of the
// field passes the test.
type fieldCond struct {
	field fieldRef
	test  func(v any) bool
}

func (c fieldCond) match(ev event.Event) bool {
	for _, v := range c.field.scalars(ev) {
		if c.test(v) {
			return true
		}
	}
	return false
}

// existsCond is an exists query (field != null).
type existsCond struct{ field fieldRef }

func (c existsCond) match(ev event.Event) bool { return c.field.exists(ev) }

// valueFunc is a function of a field evaluated in a script; an empty result
// is null.
type valueFunc interface {
	values(ev event.Event) []any
}

// scriptCmp compares a function result with literals in a script: null when
// the function is null, otherwise true when any value passes.
type scriptCmp struct {
	fn   valueFunc
	test func(v any) bool
}

func (c scriptCmp) eval(ev event.Event) tri {
	vals := c.fn.values(ev)
	if len(vals) == 0 {
		return triNull
	}
	for _, v := range vals {
		if c.test(v) {
			return triTrue
		}
	}
	return triFalse
}

func (c scriptCmp) match(ev event.Event) bool { return c.eval(ev) == triTrue }

// scriptIsNull is "fn(...) == null" in a script: never null itself.
type scriptIsNull struct{ fn valueFunc }

func (c scriptIsNull) eval(ev event.Event) tri {
	if len(c.fn.values(ev)) == 0 {
		return triTrue
	}
	return triFalse
}

func (c scriptIsNull) match(ev event.Event) bool { return c.eval(ev) == triTrue }
