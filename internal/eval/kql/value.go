package kql

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// kind is the runtime type of a value.
type kind uint8

const (
	kindNull     kind = iota // a typed null: long(null), a JSON null, a failed conversion
	kindAbsent               // a column missing from the event: "" as a string, null otherwise
	kindString               // a string
	kindLong                 // a 64-bit integer
	kindReal                 // a float64
	kindBool                 // a boolean
	kindDatetime             // a point in time
	kindDynamic              // a JSON array or object
)

// value is one scalar as the evaluator sees it.
type value struct {
	k    kind
	s    string    // kindString; for numbers read from JSON, their original spelling
	i    int64     // kindLong
	f    float64   // kindReal
	b    bool      // kindBool
	t    time.Time // kindDatetime
	list []value   // kindDynamic arrays: the elements
	raw  any       // kindDynamic: the JSON value, for its string form
}

var (
	nullValue   = value{k: kindNull}
	absentValue = value{k: kindAbsent}
	trueValue   = value{k: kindBool, b: true}
	falseValue  = value{k: kindBool}
)

func stringVal(s string) value { return value{k: kindString, s: s} }
func longVal(i int64) value    { return value{k: kindLong, i: i} }
func realVal(f float64) value  { return value{k: kindReal, f: f} }

func boolVal(b bool) value {
	if b {
		return trueValue
	}
	return falseValue
}

// isNullish reports whether v has no value (null or a missing column).
func (v value) isNullish() bool { return v.k == kindNull || v.k == kindAbsent }

// isNumber reports whether v is a long or a real.
func (v value) isNumber() bool { return v.k == kindLong || v.k == kindReal }

// fromJSON converts a field of an event (decoded with UseNumber).
func fromJSON(x any, found bool) value {
	if !found {
		return absentValue
	}
	switch x := x.(type) {
	case nil:
		return nullValue
	case string:
		return stringVal(x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return value{k: kindLong, i: i, s: x.String()}
		}
		if f, err := x.Float64(); err == nil {
			return value{k: kindReal, f: f, s: x.String()}
		}
		return stringVal(x.String())
	case float64:
		return realVal(x)
	case int:
		return longVal(int64(x))
	case int64:
		return longVal(x)
	case bool:
		return boolVal(x)
	case []any:
		list := make([]value, len(x))
		for i, e := range x {
			list[i] = fromJSON(e, true)
		}
		return value{k: kindDynamic, list: list, raw: x}
	case map[string]any:
		return value{k: kindDynamic, raw: x}
	}
	return nullValue
}

// str is the string form of v, as tostring() gives it. Null and missing
// values are "" (KQL strings are never null).
func (v value) str() string {
	switch v.k {
	case kindString:
		return v.s
	case kindLong:
		if v.s != "" {
			return v.s
		}
		return strconv.FormatInt(v.i, 10)
	case kindReal:
		if v.s != "" {
			return v.s
		}
		return strconv.FormatFloat(v.f, 'g', -1, 64)
	case kindBool:
		if v.b {
			return "true"
		}
		return "false"
	case kindDatetime:
		return v.t.UTC().Format("2006-01-02T15:04:05.0000000Z")
	case kindDynamic:
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // Kusto writes <, > and & as they are
		if err := enc.Encode(v.raw); err != nil {
			return ""
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	return ""
}

// number returns v as a number: isInt tells whether i or f holds it. ok is
// false for nulls and for strings that do not spell a number.
func (v value) number() (i int64, f float64, isInt, ok bool) {
	switch v.k {
	case kindLong:
		return v.i, float64(v.i), true, true
	case kindReal:
		return 0, v.f, false, true
	case kindString:
		s := strings.TrimSpace(v.s)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, float64(n), true, true
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return 0, x, false, true
		}
	}
	return 0, 0, false, false
}

// datetime returns v as a point in time; strings are parsed.
func (v value) datetime() (time.Time, bool) {
	switch v.k {
	case kindDatetime:
		return v.t, true
	case kindString:
		return parseDatetime(v.s)
	}
	return time.Time{}, false
}

// datetimeLayouts are the spellings accepted by datetime() and todatetime().
var datetimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseDatetime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range datetimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// truth is the three-valued boolean reading of v: 1 true, 0 false, -1 null.
// Only booleans (and the strings "true"/"false") are truthy or falsy.
func (v value) truth() int {
	switch v.k {
	case kindBool:
		if v.b {
			return 1
		}
		return 0
	case kindString:
		switch strings.ToLower(v.s) {
		case "true":
			return 1
		case "false":
			return 0
		}
	}
	return -1
}

// triValue turns a three-valued truth back into a value.
func triValue(t int) value {
	switch t {
	case 1:
		return trueValue
	case 0:
		return falseValue
	}
	return nullValue
}

// groupKey is a string that identifies v for summarize and distinct groups.
// A missing column groups with "" (string columns are never null).
func (v value) groupKey() string {
	switch v.k {
	case kindNull:
		return "n"
	case kindAbsent:
		return "s"
	case kindLong:
		return "l" + strconv.FormatInt(v.i, 10)
	case kindReal:
		return "r" + strconv.FormatFloat(v.f, 'g', -1, 64)
	case kindBool:
		return "b" + v.str()
	case kindDatetime:
		return "t" + v.str()
	case kindDynamic:
		return "d" + v.str()
	}
	return "s" + v.s
}
