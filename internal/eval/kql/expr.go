package kql

import (
	"regexp"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// row is one row flowing through a pipeline: the event's own columns (ev, nil
// once a project or summarize has replaced them) and computed columns held in
// slots that the compiler assigned.
type row struct {
	ev    event.Event
	slots []value
}

// staticType is what the compiler knows about an expression's type before
// running it; column values are unknown until an event arrives.
type staticType uint8

const (
	typeUnknown staticType = iota
	typeString
	typeLong
	typeReal
	typeBool
	typeDatetime
	typeDynamic
)

func (t staticType) String() string {
	return [...]string{"unknown", "string", "long", "real", "bool", "datetime", "dynamic"}[t]
}

// node is a lowered scalar expression.
type node interface {
	eval(r *row) value
	typ() staticType
}

// constNode is a literal or a constant-folded expression.
type constNode struct {
	v value
	t staticType
}

func (n constNode) eval(*row) value { return n.v }
func (n constNode) typ() staticType { return n.t }

// eventColumn reads a column of the row's event.
type eventColumn struct{ name string }

func (n eventColumn) eval(r *row) value {
	if r.ev == nil {
		return absentValue
	}
	v, ok := r.ev[n.name]
	return fromJSON(v, ok)
}
func (eventColumn) typ() staticType { return typeUnknown }

// slotColumn reads a computed column.
type slotColumn struct {
	slot int
	t    staticType
}

func (n slotColumn) eval(r *row) value {
	if n.slot < len(r.slots) {
		return r.slots[n.slot]
	}
	return absentValue
}
func (n slotColumn) typ() staticType { return n.t }

// step is one access into a dynamic value: a property by name, or an array
// element by index (negative counts from the end).
type step struct {
	key   string
	index int
	isIdx bool
}

// memberNode reads base.path... from a dynamic value. As in Kusto, a
// property of something that is no object, an element of something that is
// no array, a missing property and an index out of range are null.
type memberNode struct {
	base node
	path []step
}

func (n memberNode) eval(r *row) value {
	v := n.base.eval(r)
	for _, p := range n.path {
		v = p.of(v)
	}
	return v
}
func (memberNode) typ() staticType { return typeUnknown }

// of applies one access to v.
func (p step) of(v value) value {
	if v.k != kindDynamic {
		return nullValue
	}
	if p.isIdx {
		i := p.index
		if i < 0 {
			i += len(v.list)
		}
		if _, isArray := v.raw.([]any); !isArray || i < 0 || i >= len(v.list) {
			return nullValue
		}
		return v.list[i]
	}
	obj, ok := v.raw.(map[string]any)
	if !ok {
		return nullValue
	}
	x, found := obj[p.key]
	if !found {
		return nullValue
	}
	return fromJSON(x, true)
}

// andNode is three-valued and: false wins, then null.
type andNode struct{ terms []node }

func (n andNode) eval(r *row) value {
	res := 1
	for _, t := range n.terms {
		switch t.eval(r).truth() {
		case 0:
			return falseValue
		case -1:
			res = -1
		}
	}
	return triValue(res)
}
func (andNode) typ() staticType { return typeBool }

// orNode is three-valued or: true wins, then null.
type orNode struct{ terms []node }

func (n orNode) eval(r *row) value {
	res := 0
	for _, t := range n.terms {
		switch t.eval(r).truth() {
		case 1:
			return trueValue
		case -1:
			res = -1
		}
	}
	return triValue(res)
}
func (orNode) typ() staticType { return typeBool }

// notNode is not(x); not(null) is null.
type notNode struct{ x node }

func (n notNode) eval(r *row) value {
	if t := n.x.eval(r).truth(); t >= 0 {
		return boolVal(t == 0)
	}
	return nullValue
}
func (notNode) typ() staticType { return typeBool }

// equalNode is ==, != (case-sensitive) and =~, !~ (ASCII case-insensitive).
type equalNode struct {
	l, r   node
	fold   bool
	negate bool
}

func (n equalNode) eval(r *row) value {
	a, b := n.l.eval(r), n.r.eval(r)
	if n.negate {
		if n.fold {
			if e := equality(a, b, true); e >= 0 {
				return boolVal(e == 0)
			}
			return nullValue
		}
		return triValue(inequality(a, b))
	}
	return triValue(equality(a, b, n.fold))
}
func (equalNode) typ() staticType { return typeBool }

// orderNode is < <= > >=.
type orderNode struct {
	l, r node
	test func(c int) bool
}

func (n orderNode) eval(r *row) value {
	c, ok := ordering(n.l.eval(r), n.r.eval(r))
	if !ok {
		return nullValue
	}
	return boolVal(n.test(c))
}
func (orderNode) typ() staticType { return typeBool }

// stringOpNode is one of the string operators; both sides are read as strings.
type stringOpNode struct {
	l, r   node
	pred   stringPredicate
	negate bool
}

func (n stringOpNode) eval(r *row) value {
	return boolVal(n.pred(n.l.eval(r).str(), n.r.eval(r).str()) != n.negate)
}
func (stringOpNode) typ() staticType { return typeBool }

// inNode is in, !in, in~ and !in~; dynamic arrays in the list are flattened.
type inNode struct {
	l      node
	list   []node
	fold   bool
	negate bool
}

func (n inNode) eval(r *row) value {
	a := n.l.eval(r)
	found := false
	forEachElement(n.list, r, func(b value) bool {
		found = equality(a, b, n.fold) == 1
		return !found
	})
	return boolVal(found != n.negate)
}
func (inNode) typ() staticType { return typeBool }

// hasAnyNode is has_any (all false) and has_all (all true).
type hasAnyNode struct {
	l    node
	list []node
	all  bool
}

func (n hasAnyNode) eval(r *row) value {
	hay := foldASCII(n.l.eval(r).str())
	res := n.all
	forEachElement(n.list, r, func(b value) bool {
		if hasTerm(hay, foldASCII(b.str())) != n.all {
			res = !n.all
			return false
		}
		return true
	})
	return boolVal(res)
}
func (hasAnyNode) typ() staticType { return typeBool }

// forEachElement calls f on each list element, expanding dynamic arrays,
// until f returns false.
func forEachElement(list []node, r *row, f func(value) bool) {
	for _, e := range list {
		v := e.eval(r)
		if v.k == kindDynamic && v.list != nil {
			for _, x := range v.list {
				if !f(x) {
					return
				}
			}
			continue
		}
		if !f(v) {
			return
		}
	}
}

// regexNode is `matches regex`, with the pattern compiled at Compile.
type regexNode struct {
	l  node
	re *regexp.Regexp
}

func (n regexNode) eval(r *row) value { return boolVal(n.re.MatchString(n.l.eval(r).str())) }
func (regexNode) typ() staticType     { return typeBool }

// callNode is a scalar function call.
type callNode struct {
	fn   func(args []value) value
	args []node
	t    staticType
}

func (n callNode) eval(r *row) value {
	args := make([]value, len(n.args))
	for i, a := range n.args {
		args[i] = a.eval(r)
	}
	return n.fn(args)
}
func (n callNode) typ() staticType { return n.t }

// arithNode is + - * / % on numbers; anything else gives null.
type arithNode struct {
	op   string
	l, r node
}

func (n arithNode) eval(r *row) value { return arith(n.op, n.l.eval(r), n.r.eval(r)) }
func (n arithNode) typ() staticType {
	if n.l.typ() == typeLong && n.r.typ() == typeLong {
		return typeLong
	}
	return typeUnknown
}

func arith(op string, a, b value) value {
	ai, af, aInt, aok := a.number()
	bi, bf, bInt, bok := b.number()
	if !aok || !bok || a.k == kindString || b.k == kindString {
		return nullValue
	}
	if aInt && bInt {
		switch op {
		case "+":
			return longVal(ai + bi)
		case "-":
			return longVal(ai - bi)
		case "*":
			return longVal(ai * bi)
		case "/":
			if bi == 0 || (ai == -1<<63 && bi == -1) {
				return nullValue
			}
			return longVal(ai / bi)
		case "%":
			if bi == 0 {
				return nullValue
			}
			if bi == -1 {
				return longVal(0)
			}
			return longVal(ai % bi)
		}
	}
	switch op {
	case "+":
		return realVal(af + bf)
	case "-":
		return realVal(af - bf)
	case "*":
		return realVal(af * bf)
	case "/":
		return realVal(af / bf)
	}
	return nullValue
}
