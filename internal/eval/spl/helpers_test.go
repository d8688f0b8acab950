package spl

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// decodeEvent decodes one JSON object the way rosetta loads events
// (numbers as json.Number).
func decodeEvent(t testing.TB, js string) event.Event {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	var ev event.Event
	if err := dec.Decode(&ev); err != nil {
		t.Fatalf("bad test event %s: %v", js, err)
	}
	return ev
}

// matchCase is one query run on one event.
type matchCase struct {
	name  string
	query string
	event string
	want  bool
}

func runMatchCases(t *testing.T, macros Macros, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Compile(tc.query, macros)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.query, err)
			}
			if got := q.Match(decodeEvent(t, tc.event)); got != tc.want {
				t.Errorf("query  %s\nevent  %s\ngot %v, want %v\nplan:\n%s", tc.query, tc.event, got, tc.want, q)
			}
		})
	}
}

// The exact text the Splunk backend emits for the regasm rule, and the
// macros.conf it ships with.
const (
	fixtureTstats = "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name=regasm.exe NOT (Processes.process_name IN (\"conhost.exe\")) by Processes.dest Processes.user Processes.parent_process Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `detect_regasm_spawning_a_process_filter`"

	fixtureSearch = "source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=1 ParentImage=\"*\\\\regasm.exe\" NOT Image=\"*\\\\conhost.exe\" | `detect_regasm_spawning_a_process_filter`"

	fixtureMacros = `[detect_regasm_spawning_a_process_filter]
definition = search *

[security_content_summariesonly]
definition = summariesonly=false allow_old_summaries=true fillnull_value=null

[drop_dm_object_name(1)]
args = object
definition = rename $object$.* AS *

[security_content_ctime(1)]
args = field
definition = convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)
`
)

func fixtureMacroSet(t testing.TB) Macros {
	t.Helper()
	m, err := ParseMacros(fixtureMacros)
	if err != nil {
		t.Fatalf("ParseMacros: %v", err)
	}
	return m
}
