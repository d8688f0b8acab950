package eql

import (
	"encoding/json"
	"strconv"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/rosetta-sigma/rosetta/internal/event"
)

// litKind is the type of a literal in the query text.
type litKind uint8

const (
	litNull litKind = iota
	litBool
	litNum
	litStr
)

func (k litKind) String() string {
	switch k {
	case litNull:
		return "null"
	case litBool:
		return "boolean"
	case litNum:
		return "number"
	default:
		return "string"
	}
}

// literal is a constant from the query text.
type literal struct {
	kind litKind
	str  string // the decoded string, or the number as written
	num  float64
	b    bool
	pos  lexer.Position // where it is written, for errors
}

// fieldRef names an event field; optional is the ?field form.
type fieldRef struct {
	name     string
	optional bool
}

// scalars returns the values of a field that Elasticsearch would index: a
// JSON array contributes each of its elements (recursively), while null,
// objects and a missing field contribute nothing. A comparison is true when
// any of these values satisfies it, as a term, wildcard, prefix or regexp
// query on a multi-valued field is.
func (f fieldRef) scalars(ev event.Event) []any {
	var out []any
	for _, v := range f.raw(ev) {
		out = appendScalars(out, v)
	}
	return out
}

// raw returns every value found at the field's path. Like
// event.Event.Lookup it accepts dotted keys, nested objects and mixtures of
// both; unlike it, and as Elasticsearch's object mapping does, it descends
// into arrays of objects and merges the values found under every spelling of
// the path ({"a.b":1,"a":{"b":2}} gives a.b both values).
func (f fieldRef) raw(ev event.Event) []any {
	return collectPath(nil, map[string]any(ev), f.name, 0)
}

// maxPathDepth bounds the walk over pathological events.
const maxPathDepth = 64

func collectPath(out []any, cur any, rest string, depth int) []any {
	if rest == "" {
		return append(out, cur)
	}
	if depth > maxPathDepth {
		return out
	}
	switch x := cur.(type) {
	case map[string]any:
		for i := len(rest); i > 0; i-- {
			if i < len(rest) && rest[i] != '.' {
				continue
			}
			if v, ok := x[rest[:i]]; ok {
				next := ""
				if i < len(rest) {
					next = rest[i+1:]
				}
				out = collectPath(out, v, next, depth+1)
			}
		}
	case []any:
		for _, e := range x {
			out = collectPath(out, e, rest, depth+1)
		}
	}
	return out
}

func appendScalars(out []any, v any) []any {
	switch x := v.(type) {
	case nil, map[string]any:
		return out
	case []any:
		for _, e := range x {
			out = appendScalars(out, e)
		}
		return out
	default:
		return append(out, v)
	}
}

// exists reports whether the field has a value, as an exists query does: a
// non-null scalar, or an object with at least one key.
func (f fieldRef) exists(ev event.Event) bool {
	for _, v := range f.raw(ev) {
		if present(v) {
			return true
		}
	}
	return false
}

func present(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case []any:
		for _, e := range x {
			if present(e) {
				return true
			}
		}
		return false
	case map[string]any:
		return len(x) > 0
	default:
		return true
	}
}

// numberOf returns a value as a number: JSON numbers, and strings that are
// spelled as a JSON number (a keyword field holding "4624").
func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case string:
		if !looksNumeric(x) {
			return 0, false
		}
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E':
		default:
			return false
		}
	}
	return digits
}

// equalTo is the equality of a term query: strings compare as text (exactly,
// or with Unicode simple case folding when insensitive), numbers numerically,
// booleans as booleans or as the strings "true"/"false".
func equalTo(lit literal, insensitive bool, v any) bool {
	switch lit.kind {
	case litStr:
		s, ok := event.String(v)
		if !ok {
			return false
		}
		if insensitive {
			return foldEqual(s, lit.str)
		}
		return s == lit.str
	case litNum:
		n, ok := numberOf(v)
		return ok && n == lit.num
	case litBool:
		switch x := v.(type) {
		case bool:
			return x == lit.b
		case string:
			return x == strconv.FormatBool(lit.b)
		}
	}
	return false
}

// compareTo orders a value against a literal for < <= > >=: numerically for a
// number literal, by case-sensitive code-point (UTF-8 byte) order for a string
// literal. ok is false when the value has no comparable form.
func compareTo(lit literal, v any) (int, bool) {
	switch lit.kind {
	case litNum:
		n, ok := numberOf(v)
		if !ok {
			return 0, false
		}
		switch {
		case n < lit.num:
			return -1, true
		case n > lit.num:
			return 1, true
		}
		return 0, true
	case litStr:
		s, ok := event.String(v)
		if !ok {
			return 0, false
		}
		switch {
		case s < lit.str:
			return -1, true
		case s > lit.str:
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func orderHolds(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	default: // ">="
		return c >= 0
	}
}
