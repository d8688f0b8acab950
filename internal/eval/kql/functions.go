package kql

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"unicode/utf8"
)

// scalarFunc is a built-in scalar function: its arity and result type, and
// its implementation over evaluated arguments.
type scalarFunc struct {
	minArgs, maxArgs int // maxArgs < 0: variadic
	t                staticType
	fn               func(args []value) value
}

// scalarFuncs holds the scalar functions the evaluator knows. Anything else is
// a compile error naming the function. not(), iff() and the typed null
// literals (long(null), ...) are handled by the compiler.
var scalarFuncs = map[string]scalarFunc{
	"isempty":    {1, 1, typeBool, func(a []value) value { return boolVal(isEmpty(a[0])) }},
	"isnotempty": {1, 1, typeBool, func(a []value) value { return boolVal(!isEmpty(a[0])) }},
	"isnull":     {1, 1, typeBool, func(a []value) value { return boolVal(a[0].k == kindNull) }},
	"isnotnull":  {1, 1, typeBool, func(a []value) value { return boolVal(a[0].k != kindNull) }},
	"tolower":    {1, 1, typeString, func(a []value) value { return stringVal(strings.ToLower(a[0].str())) }},
	"toupper":    {1, 1, typeString, func(a []value) value { return stringVal(strings.ToUpper(a[0].str())) }},
	"strlen":     {1, 1, typeLong, func(a []value) value { return longVal(int64(utf8.RuneCountInString(a[0].str()))) }},
	"tostring":   {1, 1, typeString, func(a []value) value { return stringVal(a[0].str()) }},
	"tolong":     {1, 1, typeLong, toLong},
	"toint":      {1, 1, typeLong, toLong},
	"toreal":     {1, 1, typeReal, toReal},
	"todouble":   {1, 1, typeReal, toReal},
	"tobool":     {1, 1, typeBool, func(a []value) value { return triValue(a[0].truth()) }},
	"toboolean":  {1, 1, typeBool, func(a []value) value { return triValue(a[0].truth()) }},
	"todatetime": {1, 1, typeDatetime, toDatetime},
	"strcat":     {1, 64, typeString, strcat},
	"substring":  {2, 3, typeString, substring},
	"coalesce":   {1, 64, typeUnknown, coalesce},
	"parse_json": {1, 1, typeDynamic, parseJSON},
	"todynamic":  {1, 1, typeDynamic, parseJSON},

	"datetime_part": {2, 2, typeLong, datetimePart},
	"hourofday":     {1, 1, typeLong, partOfDate(datetimeParts["hour"])},
	"dayofmonth":    {1, 1, typeLong, partOfDate(datetimeParts["day"])},
	"week_of_year":  {1, 1, typeLong, partOfDate(datetimeParts["week_of_year"])},
	"getmonth":      {1, 1, typeLong, partOfDate(datetimeParts["month"])},
	"getyear":       {1, 1, typeLong, partOfDate(datetimeParts["year"])},

	"ipv4_is_in_range": {2, 2, typeBool, ipv4IsInRange},
	"ipv6_is_in_range": {2, 2, typeBool, ipv6IsInRange},
	"ipv4_is_match":    {2, 3, typeBool, ipv4IsMatch},
	"ipv4_is_private":  {1, 1, typeBool, ipv4IsPrivate},
}

// isEmpty is true for "", a missing column and a null.
func isEmpty(v value) bool {
	switch v.k {
	case kindNull, kindAbsent:
		return true
	case kindString:
		return v.s == ""
	}
	return false
}

func toLong(a []value) value {
	i, f, isInt, ok := a[0].number()
	switch {
	case !ok:
		if a[0].k == kindBool {
			return longVal(int64(b2i(a[0].b)))
		}
		return nullValue
	case isInt:
		return longVal(i)
	case math.IsNaN(f) || math.IsInf(f, 0) || f >= math.MaxInt64 || f < math.MinInt64:
		return nullValue
	}
	return longVal(int64(f))
}

func toReal(a []value) value {
	_, f, _, ok := a[0].number()
	if !ok {
		return nullValue
	}
	return realVal(f)
}

func toDatetime(a []value) value {
	if t, ok := a[0].datetime(); ok {
		return value{k: kindDatetime, t: t}
	}
	return nullValue
}

func strcat(a []value) value {
	var b strings.Builder
	for _, v := range a {
		b.WriteString(v.str())
	}
	return stringVal(b.String())
}

// substring(s, start[, length]) counts characters; out-of-range parts are cut.
func substring(a []value) value {
	rs := []rune(a[0].str())
	start, _, isInt, ok := a[1].number()
	if !ok || !isInt {
		return stringVal("")
	}
	start = max(0, min(start, int64(len(rs))))
	end := int64(len(rs))
	if len(a) == 3 {
		n, _, isInt, ok := a[2].number()
		if !ok || !isInt || n < 0 {
			return stringVal("")
		}
		if n < end-start {
			end = start + n
		}
	}
	return stringVal(string(rs[start:end]))
}

// coalesce returns its first argument that is neither null nor "".
func coalesce(a []value) value {
	for _, v := range a {
		if !isEmpty(v) {
			return v
		}
	}
	return a[len(a)-1]
}

// parseJSON is parse_json() and its synonym todynamic(): a dynamic value is
// returned as is; a string holding JSON is parsed (numbers read as long or
// real); any other string is a dynamic holding that string; an empty string
// or a null is null. Other scalars are dynamic values of themselves.
func parseJSON(a []value) value {
	v := a[0]
	switch v.k {
	case kindString:
		dec := json.NewDecoder(bytes.NewReader([]byte(v.s)))
		dec.UseNumber()
		var x any
		if err := dec.Decode(&x); err != nil || dec.More() {
			if v.s == "" {
				return nullValue
			}
			return v
		}
		if _, err := dec.Token(); err == nil {
			return v // trailing text after the JSON value
		}
		return fromJSON(x, true)
	case kindAbsent:
		return nullValue
	}
	return v
}
