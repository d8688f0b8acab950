package kql

import "encoding/json"

// aggState accumulates one aggregate over the rows of one group.
type aggState interface {
	add(r *row)
	result() value
}

// aggFunc describes an aggregation function: its arity, its result type, the
// prefix of the column it names when the summarize clause does not, and a
// constructor of fresh state over the lowered arguments.
type aggFunc struct {
	minArgs, maxArgs int
	t                staticType
	prefix           string
	newState         func(args []node) aggState
}

// aggFuncs holds the aggregation functions summarize accepts.
var aggFuncs = map[string]aggFunc{
	"count":    {0, 0, typeLong, "count", func([]node) aggState { return &countState{} }},
	"countif":  {1, 1, typeLong, "countif", func(a []node) aggState { return &countState{pred: a[0]} }},
	"dcount":   {1, 2, typeLong, "dcount", func(a []node) aggState { return &dcountState{x: a[0], seen: map[string]bool{}} }},
	"min":      {1, 1, typeUnknown, "min", func(a []node) aggState { return &extremeState{x: a[0], want: -1} }},
	"max":      {1, 1, typeUnknown, "max", func(a []node) aggState { return &extremeState{x: a[0], want: 1} }},
	"sum":      {1, 1, typeUnknown, "sum", func(a []node) aggState { return &sumState{x: a[0]} }},
	"avg":      {1, 1, typeReal, "avg", func(a []node) aggState { return &sumState{x: a[0], avg: true} }},
	"take_any": {1, 1, typeUnknown, "any", func(a []node) aggState { return &anyState{x: a[0]} }},
	"any":      {1, 1, typeUnknown, "any", func(a []node) aggState { return &anyState{x: a[0]} }},
	"make_set": {1, 2, typeDynamic, "set", func(a []node) aggState { return &listState{x: a[0], set: true, seen: map[string]bool{}} }},
	"make_list": {1, 2, typeDynamic, "list", func(a []node) aggState {
		return &listState{x: a[0]}
	}},
}

// countState is count() and countif(pred).
type countState struct {
	pred node
	n    int64
}

func (s *countState) add(r *row) {
	if s.pred == nil || s.pred.eval(r).truth() == 1 {
		s.n++
	}
}
func (s *countState) result() value { return longVal(s.n) }

// dcountState is dcount(x): the number of distinct non-null values (exact).
type dcountState struct {
	x    node
	seen map[string]bool
}

func (s *dcountState) add(r *row) {
	if v := s.x.eval(r); v.k != kindNull {
		s.seen[v.groupKey()] = true
	}
}
func (s *dcountState) result() value { return longVal(int64(len(s.seen))) }

// extremeState is min(x) (want -1) and max(x) (want 1); nulls are ignored.
type extremeState struct {
	x    node
	want int
	best value
	has  bool
}

func (s *extremeState) add(r *row) {
	v := s.x.eval(r)
	if v.isNullish() {
		return
	}
	if !s.has {
		s.best, s.has = v, true
		return
	}
	if c, ok := ordering(v, s.best); ok && c == s.want {
		s.best = v
	}
}

func (s *extremeState) result() value {
	if !s.has {
		return nullValue
	}
	return s.best
}

// sumState is sum(x) and avg(x) over numeric values; nulls are ignored.
type sumState struct {
	x      node
	avg    bool
	isReal bool
	i      int64
	f      float64
	n      int64
}

func (s *sumState) add(r *row) {
	v := s.x.eval(r)
	i, f, isInt, ok := v.number()
	if !ok || v.k == kindString {
		return
	}
	s.n++
	s.i += i
	s.f += f
	s.isReal = s.isReal || !isInt
}

func (s *sumState) result() value {
	switch {
	case s.avg && s.n == 0:
		return nullValue
	case s.avg:
		return realVal(s.f / float64(s.n))
	case s.n == 0:
		return nullValue
	case s.isReal:
		return realVal(s.f)
	}
	return longVal(s.i)
}

// anyState is take_any(x): the first value seen.
type anyState struct {
	x   node
	v   value
	has bool
}

func (s *anyState) add(r *row) {
	if !s.has {
		s.v, s.has = s.x.eval(r), true
	}
}

func (s *anyState) result() value {
	if !s.has {
		return nullValue
	}
	return s.v
}

// listState is make_list(x) and make_set(x); nulls are skipped.
type listState struct {
	x    node
	set  bool
	seen map[string]bool
	vals []value
}

func (s *listState) add(r *row) {
	v := s.x.eval(r)
	if v.k == kindNull {
		return
	}
	if s.set {
		k := v.groupKey()
		if s.seen[k] {
			return
		}
		s.seen[k] = true
	}
	s.vals = append(s.vals, v)
}

func (s *listState) result() value {
	raw := make([]any, len(s.vals))
	for i, v := range s.vals {
		switch v.k {
		case kindLong:
			raw[i] = json.Number(v.str())
		case kindReal:
			raw[i] = v.f
		case kindBool:
			raw[i] = v.b
		case kindDynamic:
			raw[i] = v.raw
		default:
			raw[i] = v.str()
		}
	}
	return value{k: kindDynamic, list: append([]value{}, s.vals...), raw: raw}
}
