package spl

import (
	"encoding/json"
	"testing"
)

// A CIM Endpoint.Processes row as the ingest model shapes it.
const cimRegasmChild = `{"_datamodel":"Endpoint.Processes","_time":"1700000000","dest":"host1","user":"alice",
 "parent_process":"C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\RegAsm.exe /u x.dll",
 "parent_process_name":"RegAsm.exe","process_name":"cmd.exe","process":"cmd.exe /c whoami",
 "process_id":"4242","parent_process_id":"4200"}`

func TestFixtureTstats(t *testing.T) {
	m := fixtureMacroSet(t)
	runMatchCases(t, m, []matchCase{
		{"regasm child", fixtureTstats, cimRegasmChild, true},
		{"parent case differs", fixtureTstats, `{"_datamodel":"Endpoint.Processes","parent_process_name":"REGASM.EXE","process_name":"cmd.exe","dest":"h"}`, true},
		{"conhost child excluded", fixtureTstats, `{"_datamodel":"Endpoint.Processes","parent_process_name":"regasm.exe","process_name":"conhost.exe"}`, false},
		{"other parent", fixtureTstats, `{"_datamodel":"Endpoint.Processes","parent_process_name":"regsvcs.exe","process_name":"cmd.exe"}`, false},
		{"other data model", fixtureTstats, `{"_datamodel":"Endpoint.Filesystem","parent_process_name":"regasm.exe","process_name":"cmd.exe"}`, false},
		{"no data model", fixtureTstats, `{"parent_process_name":"regasm.exe","process_name":"cmd.exe"}`, false},
		{"prefixed field names do not exist in CIM rows", fixtureTstats, `{"_datamodel":"Endpoint.Processes","Processes.parent_process_name":"regasm.exe"}`, false},
		// fillnull_value=null keeps rows whose by fields are missing.
		{"missing by fields filled", fixtureTstats, `{"_datamodel":"Endpoint.Processes","parent_process_name":"regasm.exe"}`, true},
		{"child data set", fixtureTstats, `{"_datamodel":"Endpoint.Processes.Child","parent_process_name":"regasm.exe"}`, true},
		{"similar data set name", fixtureTstats, `{"_datamodel":"Endpoint.ProcessesX","parent_process_name":"regasm.exe"}`, false},
	})
}

func TestFixtureSearch(t *testing.T) {
	m := fixtureMacroSet(t)
	const src = `"source":"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational","sourcetype":"XmlWinEventLog"`
	runMatchCases(t, m, []matchCase{
		{"regasm child", fixtureSearch, `{` + src + `,"EventCode":1,"ParentImage":"C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\RegAsm.exe","Image":"C:\\Windows\\System32\\cmd.exe"}`, true},
		{"event code as string", fixtureSearch, `{` + src + `,"EventCode":"1","ParentImage":"C:\\x\\regasm.exe","Image":"C:\\x\\cmd.exe"}`, true},
		{"conhost excluded", fixtureSearch, `{` + src + `,"EventCode":1,"ParentImage":"C:\\x\\regasm.exe","Image":"C:\\Windows\\System32\\conhost.exe"}`, false},
		{"missing Image kept by NOT", fixtureSearch, `{` + src + `,"EventCode":1,"ParentImage":"C:\\x\\regasm.exe"}`, true},
		{"wrong event code", fixtureSearch, `{` + src + `,"EventCode":10,"ParentImage":"C:\\x\\regasm.exe","Image":"C:\\x\\cmd.exe"}`, false},
		{"parent without backslash", fixtureSearch, `{` + src + `,"EventCode":1,"ParentImage":"notregasm.exe","Image":"C:\\x\\cmd.exe"}`, false},
		{"other source", fixtureSearch, `{"source":"WinEventLog:Security","EventCode":1,"ParentImage":"C:\\x\\regasm.exe","Image":"C:\\x\\cmd.exe"}`, false},
	})
}

// The rows after the tstats pipeline have the unprefixed names, the
// aggregates and the fillnull value.
func TestTstatsRows(t *testing.T) {
	q, err := Compile(fixtureTstats, fixtureMacroSet(t))
	if err != nil {
		t.Fatal(err)
	}
	rows := q.run(decodeEvent(t, `{"_datamodel":"Endpoint.Processes","_time":"1700000000","parent_process_name":"RegAsm.exe","process_name":"cmd.exe","dest":"host1"}`))
	if len(rows) != 1 {
		t.Fatalf("got %d rows, want 1", len(rows))
	}
	want := map[string]any{
		"dest": "host1", "user": "null", "parent_process_name": "RegAsm.exe", "process_name": "cmd.exe",
		"count": json.Number("1"), "firstTime": "1700000000", "lastTime": "1700000000",
	}
	for k, v := range want {
		if rows[0][k] != v {
			t.Errorf("row[%q] = %#v, want %#v (row %v)", k, rows[0][k], v, rows[0])
		}
	}
	if _, ok := rows[0]["Processes.dest"]; ok {
		t.Errorf("rename left Processes.dest in %v", rows[0])
	}
}

func TestTstatsAndStats(t *testing.T) {
	const proc = `{"_datamodel":"Endpoint.Processes","process_name":"x.exe","dest":"h"}`
	const noDest = `{"_datamodel":"Endpoint.Processes","process_name":"x.exe"}`
	runMatchCases(t, nil, []matchCase{
		{"by field present", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x.exe by Processes.dest`, proc, true},
		{"by field missing drops the event", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x.exe by Processes.dest`, noDest, false},
		{"fillnull_value keeps it", `| tstats fillnull_value="unknown" count from datamodel=Endpoint.Processes where Processes.process_name=x.exe by Processes.dest | search dest=unknown`, noDest, false},
		{"fillnull_value keeps it (prefixed)", `| tstats fillnull_value="unknown" count from datamodel=Endpoint.Processes where Processes.process_name=x.exe by Processes.dest | search Processes.dest=unknown`, noDest, true},
		{"output names are prefixed", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x.exe by Processes.dest | search dest=h`, proc, false},
		{"rename matters", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x.exe by Processes.dest | rename Processes.* AS * | search dest=h`, proc, true},
		{"where is case-insensitive", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=X.EXE by Processes.dest`, proc, true},
		{"where wildcard", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=*.exe by Processes.dest`, proc, true},
		{"where IN", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name IN ("a.exe", "x.exe") by Processes.dest`, proc, true},
		{"where no match", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=y.exe by Processes.dest`, proc, false},
		{"no where", `| tstats count from datamodel=Endpoint.Processes by Processes.dest`, proc, true},
		// Without a by clause tstats and stats always return one row.
		{"no by clause returns count=0", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=y.exe`, proc, true},
		{"no by clause count filter", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=y.exe | where count > 0`, proc, false},
		{"no by clause count filter hit", `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x.exe | where count > 0`, proc, true},
		{"values aggregate", `| tstats values(Processes.process_name) as names from datamodel=Endpoint.Processes by Processes.dest | search names=x.exe`, proc, true},
		{"dc aggregate", `| tstats dc(Processes.process_name) from datamodel=Endpoint.Processes by Processes.dest | where 'dc(Processes.process_name)'=1`, proc, true},
		{"by _time span", `| tstats count from datamodel=Endpoint.Processes by _time Processes.dest span=1h`, `{"_datamodel":"Endpoint.Processes","_time":"1","dest":"h"}`, true},
		{"multivalue by field", `| tstats count from datamodel=Endpoint.Processes by Processes.dest | search Processes.dest=b`, `{"_datamodel":"Endpoint.Processes","dest":["a","b"]}`, true},

		{"stats by present", `* | stats count by a`, `{"a":"x"}`, true},
		{"stats by missing", `* | stats count by a`, `{}`, false},
		{"stats without by", `a=nomatch | stats count`, `{"a":"x"}`, true},
		{"stats without by filtered", `a=nomatch | stats count | where count>0`, `{"a":"x"}`, false},
		{"stats min max", `* | stats min(n) as lo max(n) as hi by a | where lo=2 AND hi=10`, `{"a":"x","n":[10,2]}`, true},
		{"stats by comma list", `* | stats count BY a, b`, `{"a":1,"b":2}`, true},
	})
}
