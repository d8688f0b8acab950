package spl

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// vkind is the type of an eval value.
type vkind uint8

const (
	vNull vkind = iota
	vStr
	vNum
	vBool
	vMulti
)

// value is the result of an eval expression. Field values are strings that
// also read as numbers when they look like one, as Splunk's are.
type value struct {
	k   vkind
	s   string  // text of vStr and vNum
	n   float64 // vNum, or a vStr that reads as a number when num is set
	num bool
	b   bool
	mv  []value
}

var nullValue = value{}

func strValue(s string) value { return value{k: vStr, s: s} }

// dataValue is a string read from a row: numeric when it looks like a number.
func dataValue(s string) value {
	v := value{k: vStr, s: s}
	v.n, v.num = parseNumber(s)
	return v
}

func numValue(f float64) value { return value{k: vNum, n: f, num: true, s: formatNumber(f)} }

func boolValue(b bool) value { return value{k: vBool, b: b} }

func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// fromAny converts a row value: missing, null and objects are null, arrays
// are multivalue (a single element is a plain value).
func fromAny(v any) value {
	if arr, ok := v.([]any); ok {
		var mv []value
		for _, e := range arr {
			if s, ok := event.String(e); ok {
				mv = append(mv, dataValue(s))
			}
		}
		switch len(mv) {
		case 0:
			return nullValue
		case 1:
			return mv[0]
		}
		return value{k: vMulti, mv: mv}
	}
	if s, ok := event.String(v); ok {
		return dataValue(s)
	}
	return nullValue
}

// toAny converts a value back for storing in a row; ok is false for null.
func (v value) toAny() (any, bool) {
	switch v.k {
	case vStr:
		return v.s, true
	case vNum:
		return json.Number(v.s), true
	case vBool:
		return strconv.FormatBool(v.b), true
	case vMulti:
		out := make([]any, len(v.mv))
		for i, e := range v.mv {
			out[i], _ = e.toAny()
		}
		return out, true
	}
	return nil, false
}

// text is the string form of a scalar value.
func (v value) text() (string, bool) {
	switch v.k {
	case vStr, vNum:
		return v.s, true
	case vBool:
		return strconv.FormatBool(v.b), true
	}
	return "", false
}

// scalars is the list of scalar values: the elements of a multivalue, or the
// value itself; none for null.
func (v value) scalars() []value {
	switch v.k {
	case vNull:
		return nil
	case vMulti:
		return v.mv
	}
	return []value{v}
}

// anyText is the three-valued "some value satisfies f": null stays null.
func anyText(v value, f func(string) bool) value {
	if v.k == vNull {
		return nullValue
	}
	for _, e := range v.scalars() {
		if t, ok := e.text(); ok && f(t) {
			return boolValue(true)
		}
	}
	return boolValue(false)
}

// mapText applies f to every scalar value; null stays null.
func mapText(v value, f func(string) value) value {
	switch v.k {
	case vNull:
		return nullValue
	case vMulti:
		out := make([]value, len(v.mv))
		for i, e := range v.mv {
			t, _ := e.text()
			out[i] = f(t)
		}
		return value{k: vMulti, mv: out}
	}
	t, _ := v.text()
	return f(t)
}

// compareValues applies a comparison operator. Null operands give null; a
// multivalue operand is true when any of its values satisfies the operator.
// Two operands that both read as numbers compare numerically, anything else
// compares as case-sensitive text.
func compareValues(op string, a, b value) value {
	if a.k == vNull || b.k == vNull {
		return nullValue
	}
	for _, x := range a.scalars() {
		for _, y := range b.scalars() {
			if compareScalars(op, x, y) {
				return boolValue(true)
			}
		}
	}
	return boolValue(false)
}

func compareScalars(op string, a, b value) bool {
	if a.num && b.num {
		return cmpHolds(op, compareFloat(a.n, b.n))
	}
	ta, _ := a.text()
	tb, _ := b.text()
	return cmpHolds(op, strings.Compare(ta, tb))
}
