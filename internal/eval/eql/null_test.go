package eql

import "testing"

// Missing fields and null follow Elasticsearch's translation to Query DSL (see
// doc.go): a comparison never matches a document without the field; not and
// != are must_not, so they keep it; a comparison on a function result is a
// three-valued script.
func TestMissingFieldsAndNot(t *testing.T) {
	const (
		missing  = `{"g":"1"}`
		jsonNull = `{"f":null,"g":"1"}`
		empty    = `{"f":[],"g":"1"}`
		nullArr  = `{"f":[null],"g":"1"}`
		object   = `{"f":{"h":"x"},"g":"1"}`
		present  = `{"f":"x","g":"1"}`
		other    = `{"f":"y","g":"1"}`
	)
	tests := []struct {
		name  string
		cond  string
		cases []matchCase
	}{
		{"positive comparisons drop missing fields", `f : "x"`, []matchCase{
			{missing, false}, {jsonNull, false}, {empty, false}, {nullArr, false}, {object, false}, {present, true}}},
		{"== drops missing", `f == "x"`, []matchCase{{missing, false}, {jsonNull, false}}},
		{"in drops missing", `f in ("x", "y")`, []matchCase{{missing, false}}},
		{"like drops missing", `f like "*"`, []matchCase{{missing, false}, {present, true}}},
		{"regex drops missing", `f regex ".*"`, []matchCase{{missing, false}, {present, true}}},
		{"range drops missing", `f > "a"`, []matchCase{{missing, false}, {present, true}}},
		{"functions drop missing", `startsWith(f, "")`, []matchCase{{missing, false}, {present, true}}},
		{"cidrMatch drops missing", `cidrMatch(f, "0.0.0.0/0")`, []matchCase{{missing, false}}},
		// The question the translator asks: does not f : "x" keep an event without f? Yes.
		{"not keeps missing", `not f : "x"`, []matchCase{
			{missing, true}, {jsonNull, true}, {empty, true}, {nullArr, true}, {object, true}, {present, false}, {other, true}}},
		{"not == keeps missing", `not f == "x"`, []matchCase{{missing, true}, {present, false}}},
		{"!= keeps missing", `f != "x"`, []matchCase{{missing, true}, {jsonNull, true}, {present, false}, {other, true}}},
		{"not in keeps missing", `f not in ("x")`, []matchCase{{missing, true}, {present, false}}},
		{"not like keeps missing", `not f like "*"`, []matchCase{{missing, true}, {present, false}}},
		{"not function keeps missing", `not endsWith(f, "x")`, []matchCase{{missing, true}, {present, false}}},
		{"not range keeps missing", `not f > "a"`, []matchCase{{missing, true}, {present, false}}},
		{"not around and", `not (f : "x" and g : "1")`, []matchCase{{missing, true}, {present, false}}},
		{"double not is the comparison", `not not f : "x"`, []matchCase{{missing, false}, {present, true}}},
		{"== null", `f == null`, []matchCase{
			{missing, true}, {jsonNull, true}, {empty, true}, {nullArr, true}, {object, false}, {present, false}, {`{"f":""}`, false}}},
		{"!= null", `f != null`, []matchCase{
			{missing, false}, {jsonNull, false}, {empty, false}, {present, true}, {`{"f":""}`, true}, {`{"f":false}`, true}}},
		{"not == null", `not f == null`, []matchCase{{missing, false}, {present, true}}},
		{"?field missing is null", `?f == null`, []matchCase{{missing, true}, {present, false}}},
		{"?field comparison", `?f : "x"`, []matchCase{{missing, false}, {present, true}}},
		{"not ?field comparison", `not ?f : "x"`, []matchCase{{missing, true}, {present, false}}},
		// Scripts are three-valued: null in, null out, and not null is null.
		{"script comparison on missing is null", `length(f) > 0`, []matchCase{{missing, false}, {present, true}}},
		{"not script keeps null out", `not length(f) > 5`, []matchCase{{missing, false}, {jsonNull, false}, {present, true}}},
		{"script != on missing", `length(f) != 5`, []matchCase{{missing, false}, {present, true}}},
		{"script not in on missing", `length(f) not in (5)`, []matchCase{{missing, false}, {present, true}}},
		{"script == null", `length(f) == null`, []matchCase{{missing, true}, {present, false}}},
		{"script != null", `length(f) != null`, []matchCase{{missing, false}, {present, true}}},
		{"not script under and is a query again", `not (length(f) > 5 and g : "1")`, []matchCase{{missing, true}, {present, true}}},
		{"constants fold away", `not (length(f) > 5 and true)`, []matchCase{{missing, false}, {present, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMatches(t, "any where "+tt.cond, tt.cases)
		})
	}
}
