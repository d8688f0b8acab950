package kql

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// regasmQuery is the query the KQL backend emits for the regasm rule.
func regasmQuery(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "valid", "regasm.kql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

func TestRegasmFixture(t *testing.T) {
	q := mustCompile(t, regasmQuery(t))
	for _, tc := range []struct {
		name, event string
		want        bool
	}{
		{"regasm spawns cmd", `{"InitiatingProcessFileName":"regasm.exe","FileName":"cmd.exe","ProcessId":4312}`, true},
		{"parent name in other case", `{"InitiatingProcessFileName":"RegAsm.EXE","FileName":"cmd.exe"}`, true},
		{"conhost child is excluded", `{"InitiatingProcessFileName":"regasm.exe","FileName":"conhost.exe"}`, false},
		{"conhost child in other case is excluded", `{"InitiatingProcessFileName":"regasm.exe","FileName":"CONHOST.exe"}`, false},
		{"other parent", `{"InitiatingProcessFileName":"regsvcs.exe","FileName":"cmd.exe"}`, false},
		{"parent is a full path", `{"InitiatingProcessFileName":"C:\\Windows\\regasm.exe","FileName":"cmd.exe"}`, false},
		{"missing by columns still form a group", `{"InitiatingProcessFileName":"regasm.exe"}`, true},
		{"other table", `{"_table":"DeviceFileEvents","InitiatingProcessFileName":"regasm.exe","FileName":"cmd.exe"}`, false},
		{"no table", `{"_table":null,"InitiatingProcessFileName":"regasm.exe","FileName":"cmd.exe"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := q.Match(decodeEvent(t, tc.event)); got != tc.want {
				t.Errorf("Match(%s) = %v, want %v", tc.event, got, tc.want)
			}
		})
	}
	if got, want := q.Tables(), []string{"DeviceProcessEvents"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tables() = %v, want %v", got, want)
	}
	wantCols := []string{"AccountName", "DeviceName", "FileName", "InitiatingProcessCommandLine",
		"InitiatingProcessFileName", "InitiatingProcessId", "ProcessCommandLine", "ProcessId", "Timestamp"}
	if got := q.Columns(); !reflect.DeepEqual(got, wantCols) {
		t.Errorf("Columns() = %v, want %v", got, wantCols)
	}
}

// TestValidFixtures compiles every query in testdata/valid; the same files
// are checked by Microsoft's parser in TestMicrosoftParserAgrees.
func TestValidFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.kql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Compile(string(src)); err != nil {
			t.Errorf("%s:%v", f, err)
		}
	}
}

func TestLetAndInvoke(t *testing.T) {
	const regasm = `{"InitiatingProcessFileName":"regasm.exe","FileName":"cmd.exe","ProcessId":7}`
	runQueryCases(t, []matchCase{
		{"scalar let", `let target = "REGASM.exe"; DeviceProcessEvents | where InitiatingProcessFileName =~ target`, regasm, true},
		{"scalar let miss", `let target = "regsvcs.exe"; DeviceProcessEvents | where InitiatingProcessFileName =~ target`, regasm, false},
		{"dynamic let in list", `let kids = dynamic(["powershell.exe", "cmd.exe"]); DeviceProcessEvents | where FileName in (kids)`, regasm, true},
		{"let from let", `let a = 3; let b = a + 4; DeviceProcessEvents | where ProcessId == b`, regasm, true},
		{"tabular let", `let procs = DeviceProcessEvents | where FileName == "cmd.exe"; procs | where ProcessId == 7`, regasm, true},
		{"tabular let alias", `let procs = DeviceProcessEvents; procs`, regasm, true},
		{"view", `let v = view () { DeviceProcessEvents | where FileName == "cmd.exe" }; v`, regasm, true},
		{"view call", `let v = view () { DeviceProcessEvents | where FileName == "x" }; v()`, regasm, false},
		{"pass-through filter", `let f = (T:(*)) { T }; DeviceProcessEvents | invoke f()`, regasm, true},
		{"filtering filter", `let f = (T:(*)) { T | where FileName != "cmd.exe" }; DeviceProcessEvents | invoke f()`, regasm, false},
		{"filter with declared schema", `let f = (T:(FileName:string)) { T | where FileName == "cmd.exe" }; DeviceProcessEvents | invoke f()`, regasm, true},
		{"filter with argument", `let f = (T:(*), name:string) { T | where FileName == name }; DeviceProcessEvents | invoke f("cmd.exe")`, regasm, true},
		{"filter with default", `let f = (T:(*), name:string = "x.exe") { T | where FileName == name }; DeviceProcessEvents | invoke f()`, regasm, false},
		{"filter after summarize", `let f = (T:(*)) { T | where n > 1 }; DeviceProcessEvents | summarize n = count() by FileName | invoke f()`, regasm, false},
		{"function with inner let", `let f = (T:(*)) { let U = T | where ProcessId > 5; U }; DeviceProcessEvents | invoke f()`, regasm, true},
		{"nested invoke", `let g = (T:(*)) { T | where ProcessId == 7 }; let f = (T:(*)) { T | invoke g() }; DeviceProcessEvents | invoke f()`, regasm, true},
		{"table function without parameter", `let f = () { DeviceProcessEvents | where ProcessId == 7 }; f()`, regasm, true},
		{"comments and blank lines", "// header\nlet f = (T:(*)) { T }; // hook\n\nDeviceProcessEvents // table\n| invoke f()\n", regasm, true},
		{"trailing semicolon", `DeviceProcessEvents | where ProcessId == 7;`, regasm, true},
	})
}

func TestPipelineOperators(t *testing.T) {
	const ev = `{"FileName":"cmd.exe","FolderPath":"C:\\x\\cmd.exe","ProcessId":7,"Timestamp":"2024-05-01T00:00:00Z"}`
	runQueryCases(t, []matchCase{
		{"summarize by", `DeviceProcessEvents | summarize count() by FileName | where count_ == 1`, ev, true},
		{"summarize count over no rows still yields a row", `DeviceProcessEvents | where FileName == "x" | summarize count()`, ev, true},
		{"summarize count over no rows is 0", `DeviceProcessEvents | where FileName == "x" | summarize n = count() | where n > 0`, ev, false},
		{"summarize by over no rows yields nothing", `DeviceProcessEvents | where FileName == "x" | summarize count() by FileName`, ev, false},
		{"summarize threshold", `DeviceProcessEvents | summarize n = count() by FileName | where n > 1`, ev, false},
		{"summarize keeps empty groups", `DeviceProcessEvents | summarize count() by AccountName, ProcessId`, `{"FileName":"x"}`, true},
		{"summarize count column", `DeviceProcessEvents | summarize count=count() by FileName | where count >= 1`, ev, true},
		{"summarize bracketed count column", `DeviceProcessEvents | summarize ['count']=count() by FileName | where ['count'] >= 1`, ev, true},
		{"countif", `DeviceProcessEvents | summarize c = countif(ProcessId > 5) by FileName | where c == 1`, ev, true},
		{"min max", `DeviceProcessEvents | summarize lo = min(ProcessId), hi = max(ProcessId) | where lo == 7 and hi == 7`, ev, true},
		{"min of missing is null", `DeviceProcessEvents | summarize lo = min(Missing) | where isnull(lo)`, ev, true},
		{"sum avg dcount", `DeviceProcessEvents | summarize s = sum(ProcessId), a = avg(ProcessId), d = dcount(FileName) | where s == 7 and a == 7.0 and d == 1`, ev, true},
		{"default aggregate names", `DeviceProcessEvents | summarize min(ProcessId), dcount(FileName), take_any(FolderPath) | where min_ProcessId == 7 and dcount_FileName == 1 and isnotempty(any_FolderPath)`, ev, true},
		{"make_set", `DeviceProcessEvents | summarize s = make_set(FileName) | where tostring(s) == "[\"cmd.exe\"]"`, ev, true},
		{"extend", `DeviceProcessEvents | extend lower = toupper(FileName) | where lower == "CMD.EXE"`, ev, true},
		{"extend sees earlier", `DeviceProcessEvents | extend a = ProcessId + 1, b = a * 2 | where b == 16`, ev, true},
		{"extend replaces a column", `DeviceProcessEvents | extend FileName = "x" | where FileName == "x"`, ev, true},
		{"project", `DeviceProcessEvents | project FileName, Pid = ProcessId | where Pid == 7`, ev, true},
		{"project-away keeps the rest", `DeviceProcessEvents | project-away FolderPath | where FileName == "cmd.exe"`, ev, true},
		{"project-keep", `DeviceProcessEvents | project-keep FileName | where FileName == "cmd.exe"`, ev, true},
		{"project-rename", `DeviceProcessEvents | project-rename Image = FolderPath | where Image endswith "cmd.exe"`, ev, true},
		{"project-reorder", `DeviceProcessEvents | project FileName, ProcessId | project-reorder ProcessId | where ProcessId == 7`, ev, true},
		{"take 0", `DeviceProcessEvents | take 0`, ev, false},
		{"take 1", `DeviceProcessEvents | take 1`, ev, true},
		{"limit", `DeviceProcessEvents | limit 10`, ev, true},
		{"top", `DeviceProcessEvents | top 1 by Timestamp desc nulls last`, ev, true},
		{"distinct", `DeviceProcessEvents | distinct FileName | where FileName == "cmd.exe"`, ev, true},
		{"distinct star", `DeviceProcessEvents | distinct *`, ev, true},
		{"sort and order", `DeviceProcessEvents | sort by Timestamp desc | order by FileName asc`, ev, true},
		{"count of nothing is a row", `DeviceProcessEvents | where FileName == "x" | count`, ev, true},
		{"count filtered", `DeviceProcessEvents | where FileName == "x" | count | where Count > 0`, ev, false},
		{"filter as where", `DeviceProcessEvents | filter ProcessId == 7`, ev, true},
	})
}

func TestTablesAndColumns(t *testing.T) {
	q := mustCompile(t, `let unused = (T:(*)) { T | where Unused == 1 };
let procs = DeviceProcessEvents | where FileName == "a";
procs
| extend Lower = tolower(FolderPath)
| where Lower has "x" and AdditionalFields.Parent == "p"
| project-rename Pid = ProcessId
| summarize n = count() by Pid, Lower`)
	if got, want := q.Tables(), []string{"DeviceProcessEvents"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tables() = %v, want %v", got, want)
	}
	if got, want := q.Columns(), []string{"AdditionalFields", "FileName", "FolderPath", "ProcessId"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Columns() = %v, want %v", got, want)
	}
	// The slices are copies.
	q.Tables()[0] = "changed"
	if q.Tables()[0] != "DeviceProcessEvents" {
		t.Error("Tables() exposes the query's own slice")
	}
}

func TestMatchIsRepeatable(t *testing.T) {
	q := mustCompile(t, regasmQuery(t))
	pos := decodeEvent(t, `{"InitiatingProcessFileName":"regasm.exe","FileName":"cmd.exe"}`)
	neg := decodeEvent(t, `{"InitiatingProcessFileName":"regasm.exe","FileName":"conhost.exe"}`)
	for i := 0; i < 3; i++ {
		if !q.Match(pos) || q.Match(neg) {
			t.Fatalf("round %d: verdicts changed", i)
		}
	}
}
