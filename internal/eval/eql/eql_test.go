package eql

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// ev decodes a JSON event the way the event package does (UseNumber).
func ev(t testing.TB, src string) event.Event {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	var e event.Event
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("bad test event %s: %v", src, err)
	}
	return e
}

type matchCase struct {
	event string
	want  bool
}

// checkMatches compiles query and checks every event.
func checkMatches(t *testing.T, query string, cases []matchCase) {
	t.Helper()
	q, err := Compile(query)
	if err != nil {
		t.Fatalf("Compile(%q): %v", query, err)
	}
	for _, c := range cases {
		if got := q.Match(ev(t, c.event)); got != c.want {
			t.Errorf("%s\n  on %s: got %v, want %v", query, c.event, got, c.want)
		}
	}
}

// The query the EQL backend emits for the regasm rule, on ECS events.
const regasmQuery = `process where event.type == "start" and process.parent.name : "regasm.exe" and not process.name : "conhost.exe"`

func TestRegasmFixture(t *testing.T) {
	checkMatches(t, regasmQuery, []matchCase{
		{`{"event":{"category":["process"],"type":["start"]},"process":{"name":"cmd.exe","parent":{"name":"RegAsm.exe"}}}`, true},
		{`{"event.category":["process"],"event.type":["start"],"process.parent.name":"regasm.exe","process.name":"calc.exe"}`, true},
		{`{"event":{"category":"process","type":"start"},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}}}`, true},
		{`{"event":{"category":["process"],"type":["info","start"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}}}`, true},
		// not keeps an event without process.name (must_not).
		{`{"event":{"category":["process"],"type":["start"]},"process":{"parent":{"name":"regasm.exe"}}}`, true},
		{`{"event":{"category":["process"],"type":["start"]},"process":{"name":"Conhost.EXE","parent":{"name":"regasm.exe"}}}`, false},
		{`{"event":{"category":["process"],"type":["START"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}}}`, false},
		{`{"event":{"category":["process"],"type":["end"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}}}`, false},
		{`{"event":{"category":["process"],"type":["start"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe.bak"}}}`, false},
		{`{"event":{"category":["process"],"type":["start"]},"process":{"name":"cmd.exe"}}`, false},
		{`{"event":{"category":["file"],"type":["start"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}}}`, false},
		{`{"event":{"type":["start"]},"process":{"name":"cmd.exe","parent":{"name":"regasm.exe"}}}`, false},
	})
	q, err := Compile(regasmQuery)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Category(); got != "process" {
		t.Errorf("Category() = %q", got)
	}
	want := []string{"event.type", "process.parent.name", "process.name"}
	if got := q.Fields(); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %v, want %v", got, want)
	}
}

func TestOperators(t *testing.T) {
	tests := []struct {
		cond  string
		cases []matchCase
	}{
		// : is case-insensitive equality with * and ? wildcards.
		{`f : "abc"`, []matchCase{{`{"f":"ABC"}`, true}, {`{"f":"abc"}`, true}, {`{"f":"abcd"}`, false}, {`{"f":" abc"}`, false}}},
		{`f : "a*c"`, []matchCase{{`{"f":"aXYZc"}`, true}, {`{"f":"ac"}`, true}, {`{"f":"A\nc"}`, true}, {`{"f":"ab"}`, false}}},
		{`f : "a?c"`, []matchCase{{`{"f":"abc"}`, true}, {`{"f":"AÉC"}`, true}, {`{"f":"ac"}`, false}, {`{"f":"abbc"}`, false}}},
		{`f : "é"`, []matchCase{{`{"f":"É"}`, true}, {`{"f":"e"}`, false}}},
		{`f : ("x", "y*")`, []matchCase{{`{"f":"X"}`, true}, {`{"f":"Yes"}`, true}, {`{"f":"z"}`, false}}},
		{`f : "C:\\Windows\\*"`, []matchCase{{`{"f":"c:\\windows\\system32"}`, true}, {`{"f":"C:Windows"}`, false}}},
		// No escape for wildcards: the backslash is literal and * still a wildcard.
		{`f : "a\\*"`, []matchCase{{`{"f":"a\\xyz"}`, true}, {`{"f":"a\\"}`, true}, {`{"f":"a*"}`, false}}},
		{`f : "4624"`, []matchCase{{`{"f":4624}`, true}, {`{"f":"4624"}`, true}, {`{"f":4625}`, false}}},
		// == is case-sensitive and has no wildcards.
		{`f == "abc"`, []matchCase{{`{"f":"abc"}`, true}, {`{"f":"ABC"}`, false}, {`{"f":"abcd"}`, false}}},
		{`f == "a*c"`, []matchCase{{`{"f":"a*c"}`, true}, {`{"f":"abc"}`, false}}},
		{`f == "a?c"`, []matchCase{{`{"f":"a?c"}`, true}, {`{"f":"abc"}`, false}}},
		{`f == 4624`, []matchCase{{`{"f":4624}`, true}, {`{"f":"4624"}`, true}, {`{"f":4624.0}`, true}, {`{"f":4625}`, false}, {`{"f":"x"}`, false}}},
		{`f == -1.5`, []matchCase{{`{"f":-1.5}`, true}, {`{"f":1.5}`, false}}},
		{`f == true`, []matchCase{{`{"f":true}`, true}, {`{"f":"true"}`, true}, {`{"f":false}`, false}, {`{"f":1}`, false}}},
		// != is case-sensitive inequality.
		{`f != "abc"`, []matchCase{{`{"f":"abd"}`, true}, {`{"f":"ABC"}`, true}, {`{"f":"abc"}`, false}}},
		{`n > 10`, []matchCase{{`{"n":11}`, true}, {`{"n":"11"}`, true}, {`{"n":10}`, false}, {`{"n":"abc"}`, false}}},
		{`n >= 10`, []matchCase{{`{"n":10}`, true}, {`{"n":9.99}`, false}}},
		{`n < 10`, []matchCase{{`{"n":9.5}`, true}, {`{"n":10}`, false}}},
		{`n <= 10`, []matchCase{{`{"n":10}`, true}, {`{"n":10.5}`, false}}},
		{`s < "b"`, []matchCase{{`{"s":"a"}`, true}, {`{"s":"B"}`, true}, {`{"s":"b"}`, false}, {`{"s":"ba"}`, false}}},
		{`s >= "b"`, []matchCase{{`{"s":"b"}`, true}, {`{"s":"c"}`, true}, {`{"s":"B"}`, false}}},
		// in is case-sensitive, in~ is not; neither has wildcards.
		{`f in ("a", "b")`, []matchCase{{`{"f":"a"}`, true}, {`{"f":"b"}`, true}, {`{"f":"A"}`, false}, {`{"f":"c"}`, false}}},
		{`f in ("a*")`, []matchCase{{`{"f":"a*"}`, true}, {`{"f":"abc"}`, false}}},
		{`f in~ ("a", "b")`, []matchCase{{`{"f":"A"}`, true}, {`{"f":"c"}`, false}}},
		{`f not in ("a", "b")`, []matchCase{{`{"f":"c"}`, true}, {`{"f":"A"}`, true}, {`{"f":"a"}`, false}}},
		{`f not in~ ("a")`, []matchCase{{`{"f":"b"}`, true}, {`{"f":"A"}`, false}}},
		{`f in (1, 2, null)`, []matchCase{{`{"f":2}`, true}, {`{"f":"2"}`, true}, {`{"f":3}`, false}, {`{"f":null}`, false}}},
		// like is case-sensitive, like~ is not.
		{`f like "DOC*"`, []matchCase{{`{"f":"DOCS"}`, true}, {`{"f":"DOC"}`, true}, {`{"f":"docs"}`, false}}},
		{`f like "D?C"`, []matchCase{{`{"f":"DOC"}`, true}, {`{"f":"DISC"}`, false}}},
		{`f like~ "doc?"`, []matchCase{{`{"f":"DOCS"}`, true}, {`{"f":"DOC"}`, false}}},
		{`f like ("a*", "b")`, []matchCase{{`{"f":"b"}`, true}, {`{"f":"ax"}`, true}, {`{"f":"B"}`, false}}},
		// regex is a whole-value Lucene regular expression.
		{`f regex "a.c"`, []matchCase{{`{"f":"abc"}`, true}, {`{"f":"xabc"}`, false}, {`{"f":"abcx"}`, false}, {`{"f":"ABC"}`, false}}},
		{`f regex~ "a[bc]+"`, []matchCase{{`{"f":"ABC"}`, true}, {`{"f":"abcb"}`, true}, {`{"f":"abd"}`, false}}},
		{`f regex ("x", "[vV]alue-[0-9]")`, []matchCase{{`{"f":"Value-7"}`, true}, {`{"f":"x"}`, true}, {`{"f":"value-a"}`, false}}},
		{`f regex~ "C:\\\\Windows\\\\.*"`, []matchCase{{`{"f":"c:\\windows\\system32\\x.exe"}`, true}, {`{"f":"C:Windows"}`, false}}},
		{`f regex """C:\\Windows\\.*"""`, []matchCase{{`{"f":"C:\\Windows\\x"}`, true}, {`{"f":"c:\\windows\\x"}`, false}}},
		// Functions.
		{`startsWith(f, "ab")`, []matchCase{{`{"f":"abc"}`, true}, {`{"f":"ABc"}`, false}, {`{"f":"xab"}`, false}}},
		{`startsWith~(f, "ab")`, []matchCase{{`{"f":"ABc"}`, true}, {`{"f":"xab"}`, false}}},
		{`startsWith(f, "C:\\Win*")`, []matchCase{{`{"f":"C:\\Win*dows"}`, true}, {`{"f":"C:\\Windows"}`, false}}},
		{`endsWith(f, ".exe")`, []matchCase{{`{"f":"a.exe"}`, true}, {`{"f":"a.EXE"}`, false}, {`{"f":"a.exe.x"}`, false}}},
		{`endsWith~(f, ".exe")`, []matchCase{{`{"f":"a.EXE"}`, true}}},
		{`stringContains(f, "mid")`, []matchCase{{`{"f":"amidb"}`, true}, {`{"f":"aMIDb"}`, false}}},
		{`stringContains~(f, "mid")`, []matchCase{{`{"f":"aMIDb"}`, true}, {`{"f":"amdb"}`, false}}},
		{`STARTSWITH(f, "a")`, []matchCase{{`{"f":"ab"}`, true}}},
		{`cidrMatch(ip, "10.0.0.0/8", "192.168.0.0/16")`, []matchCase{
			{`{"ip":"10.1.2.3"}`, true}, {`{"ip":"192.168.5.5"}`, true}, {`{"ip":"11.0.0.1"}`, false},
			{`{"ip":"::ffff:10.0.0.1"}`, true}, {`{"ip":"not an ip"}`, false}, {`{"ip":["1.1.1.1","10.0.0.9"]}`, true}}},
		{`cidrMatch(ip, "2001:db8::/32")`, []matchCase{{`{"ip":"2001:db8::1"}`, true}, {`{"ip":"2001:db9::1"}`, false}, {`{"ip":"10.0.0.1"}`, false}}},
		{`cidrMatch(ip, "10.0.0.1")`, []matchCase{{`{"ip":"10.0.0.1"}`, true}, {`{"ip":"10.0.0.2"}`, false}}},
		{`length(f) > 3`, []matchCase{{`{"f":"abcd"}`, true}, {`{"f":"abc"}`, false}, {`{"f":"ééé"}`, false}, {`{"f":"😀😀"}`, true}}},
		{`length(f) == 2`, []matchCase{{`{"f":"😀"}`, true}, {`{"f":"ab"}`, true}, {`{"f":"a"}`, false}}},
		{`length(f) in (1, 3)`, []matchCase{{`{"f":"abc"}`, true}, {`{"f":"ab"}`, false}}},
		// Literal conditions.
		{`true`, []matchCase{{`{}`, true}}},
		{`false`, []matchCase{{`{}`, false}}},
		// Field names.
		{"`my field` : \"x\"", []matchCase{{`{"my field":"x"}`, true}, {`{"my":{"field":"x"}}`, false}}},
		{"`a``b` == \"x\"", []matchCase{{"{\"a`b\":\"x\"}", true}}},
		{"process.`pe`.name : \"x\"", []matchCase{{`{"process":{"pe":{"name":"x"}}}`, true}}},
		{`@timestamp != null`, []matchCase{{`{"@timestamp":"2024-01-01"}`, true}, {`{}`, false}}},
		{`f : "\u{41}\t"`, []matchCase{{"{\"f\":\"a\\t\"}", true}, {`{"f":"a"}`, false}}},
		{`f == """a\d"""`, []matchCase{{`{"f":"a\\d"}`, true}}},
		{`f == """a""""`, []matchCase{{`{"f":"a\""}`, true}}},
	}
	for _, tt := range tests {
		checkMatches(t, "any where "+tt.cond, tt.cases)
	}
}

func TestArrays(t *testing.T) {
	tests := []struct {
		cond  string
		cases []matchCase
	}{
		{`f : "x"`, []matchCase{{`{"f":["a","X"]}`, true}, {`{"f":["a","b"]}`, false}, {`{"f":[]}`, false}}},
		{`f == "a"`, []matchCase{{`{"f":[["b"],["a"]]}`, true}}},
		{`f == 3`, []matchCase{{`{"f":[1,2,3]}`, true}, {`{"f":[1,2]}`, false}}},
		// not and != negate the whole query: one matching element is enough to drop the event.
		{`not f : "x"`, []matchCase{{`{"f":["a","x"]}`, false}, {`{"f":["a","b"]}`, true}}},
		{`f != "a"`, []matchCase{{`{"f":["a","b"]}`, false}, {`{"f":["b","c"]}`, true}}},
		{`f not in ("a")`, []matchCase{{`{"f":["a","b"]}`, false}}},
		{`f : "x" and f : "y"`, []matchCase{{`{"f":["x","y"]}`, true}}},
		{`f like "a*" and f regex "b+"`, []matchCase{{`{"f":["ab","bb"]}`, true}, {`{"f":["ab"]}`, false}}},
		// Arrays of objects are flattened, as in an Elasticsearch object mapping.
		{`f.g : "x"`, []matchCase{{`{"f":[{"g":"y"},{"g":"X"}]}`, true}, {`{"f":{"g":["y","x"]}}`, true}, {`{"f":[{"h":"x"}]}`, false}}},
		// Every spelling of a dotted path contributes.
		{`f.g == "x"`, []matchCase{{`{"f.g":"y","f":{"g":"x"}}`, true}}},
		{`f : "x"`, []matchCase{{`{"f":{"g":"x"}}`, false}}},
	}
	for _, tt := range tests {
		checkMatches(t, "any where "+tt.cond, tt.cases)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		cond  string
		cases []matchCase
	}{
		// and binds tighter than or.
		{`a : "1" or b : "1" and c : "1"`, []matchCase{
			{`{"a":"1"}`, true}, {`{"b":"1"}`, false}, {`{"b":"1","c":"1"}`, true}}},
		{`(a : "1" or b : "1") and c : "1"`, []matchCase{{`{"a":"1"}`, false}, {`{"a":"1","c":"1"}`, true}}},
		// not binds tighter than and.
		{`not a : "1" and b : "1"`, []matchCase{
			{`{"a":"2","b":"1"}`, true}, {`{"a":"1","b":"1"}`, false}, {`{"a":"2","b":"2"}`, false}}},
		{`not (a : "1" and b : "1")`, []matchCase{{`{"a":"2","b":"2"}`, true}, {`{"a":"1","b":"1"}`, false}}},
		{`not not a : "1"`, []matchCase{{`{"a":"1"}`, true}, {`{"a":"2"}`, false}}},
		{`not a : "1" or b : "1"`, []matchCase{{`{"a":"1","b":"1"}`, true}, {`{"a":"1"}`, false}}},
		{`a : "1" and not b : "1" or c : "1"`, []matchCase{{`{"a":"1"}`, true}, {`{"a":"1","b":"1"}`, false}, {`{"c":"1"}`, true}}},
	}
	for _, tt := range tests {
		checkMatches(t, "any where "+tt.cond, tt.cases)
	}
}

func TestCategory(t *testing.T) {
	tests := []struct {
		query, category string
		cases           []matchCase
	}{
		{`process where true`, "process", []matchCase{
			{`{"event":{"category":"process"}}`, true},
			{`{"event":{"category":["network","process"]}}`, true},
			{`{"event.category":["process"]}`, true},
			{`{"event":{"category":"Process"}}`, false},
			{`{"event":{"category":["file"]}}`, false},
			{`{"event":{"category":null}}`, false},
			{`{}`, false}}},
		{`any where true`, "any", []matchCase{{`{}`, true}, {`{"event":{"category":"file"}}`, true}}},
		{`"my-category" where true`, "my-category", []matchCase{{`{"event":{"category":"my-category"}}`, true}}},
		{`"""a b""" where true`, "a b", []matchCase{{`{"event":{"category":"a b"}}`, true}}},
		{`file where f : "x" | head 10 | tail 2`, "file", []matchCase{{`{"event":{"category":"file"},"f":"x"}`, true}}},
		{"// leading comment\nfile /* inline */ where f : \"x\" // trailing", "file", []matchCase{{`{"event":{"category":"file"},"f":"X"}`, true}}},
	}
	for _, tt := range tests {
		checkMatches(t, tt.query, tt.cases)
		q, err := Compile(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Category(); got != tt.category {
			t.Errorf("%s: Category() = %q, want %q", tt.query, got, tt.category)
		}
	}
}

func TestFields(t *testing.T) {
	q, err := Compile("any where a : \"x\" and ?b.c != null and startsWith(d, \"x\") and length(?e) > 1 and a == \"y\" and `f g` : \"z\"")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.Fields(), []string{"a", "b.c", "d", "e", "f g"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %v, want %v", got, want)
	}
	if got, want := q.OptionalFields(), []string{"b.c", "e"}; !reflect.DeepEqual(got, want) {
		t.Errorf("OptionalFields() = %v, want %v", got, want)
	}
	// The result is a copy.
	q.Fields()[0] = "changed"
	if q.Fields()[0] != "a" {
		t.Error("Fields() exposes internal state")
	}
}
