package kql

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// testTable is the table every test event belongs to unless it says otherwise.
const testTable = "DeviceProcessEvents"

// decodeEvent decodes a JSON object the way rosetta reads events (UseNumber)
// and puts it in testTable unless it names its own "_table".
func decodeEvent(t testing.TB, src string) event.Event {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	var ev event.Event
	if err := dec.Decode(&ev); err != nil {
		t.Fatalf("bad test event %s: %v", src, err)
	}
	if _, ok := ev[tableKey]; !ok {
		ev[tableKey] = testTable
	}
	return ev
}

// mustCompile compiles a query that the test expects to be valid.
func mustCompile(t testing.TB, src string) *Query {
	t.Helper()
	q, err := Compile(src)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	return q
}

// matchCase is one query run on one event.
type matchCase struct {
	name  string
	query string // a where-expression in whereCases, a whole query elsewhere
	event string // JSON object
	want  bool
}

// runWhereCases runs `DeviceProcessEvents | where <expr>` for each case.
func runWhereCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := mustCompile(t, testTable+"\n| where "+tc.query)
			if got := q.Match(decodeEvent(t, tc.event)); got != tc.want {
				t.Errorf("where %s\non %s\n= %v, want %v", tc.query, tc.event, got, tc.want)
			}
		})
	}
}

// runQueryCases runs whole queries.
func runQueryCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := mustCompile(t, tc.query)
			if got := q.Match(decodeEvent(t, tc.event)); got != tc.want {
				t.Errorf("%s\non %s\n= %v, want %v", tc.query, tc.event, got, tc.want)
			}
		})
	}
}
