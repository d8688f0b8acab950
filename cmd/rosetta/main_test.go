package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/golden"
)

const regasm = "../../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"

// runCLI runs the command line in process.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestConvert(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string // in stdout
		stderr   []string // in stderr
	}{
		{"tstats default format", []string{"convert", "-t", "splunk", "../../rules/"}, 0,
			[]string{"from datamodel=Endpoint.Processes where Processes.parent_process_name=regasm.exe NOT (Processes.process_name IN (\"conhost.exe\"))", "`detect_regasm_spawning_a_process_filter`"}, nil},
		{"search", []string{"convert", "-t", "splunk", "--format", "search", regasm}, 0,
			[]string{`ParentImage="*\\regasm.exe"`, "source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"}, nil},
		{"macros", []string{"convert", "-t", "splunk", "--format", "macros", regasm}, 0,
			[]string{"[detect_regasm_spawning_a_process_filter]\ndefinition = search *", "[drop_dm_object_name(1)]"}, nil},
		{"kql", []string{"convert", "-t", "kql", regasm}, 0,
			[]string{`InitiatingProcessFileName =~ "regasm.exe"`, `not(FileName =~ "conhost.exe")`, "| invoke detect_regasm_spawning_a_process_filter()"}, nil},
		{"eql", []string{"convert", "-t", "eql", regasm}, 0,
			[]string{`process where`, `process.parent.name : "regasm.exe"`, `not process.name : "conhost.exe"`}, nil},
		{"eql exceptions", []string{"convert", "-t", "eql", "-f", "exceptions", regasm}, 0,
			[]string{`"list_id":"detect_regasm_spawning_a_process_filter"`}, nil},
		{"auto: tstats, else the plain search with a note", []string{"convert", "-t", "splunk", "../../testdata/bad/unmappable_field.yml", regasm}, 0,
			[]string{"datamodel=Endpoint.Processes", "SpecialSauce="},
			[]string{`../../testdata/bad/unmappable_field.yml:1:1: note: splunk auto: field "SpecialSauce": no mapping to the CIM data model Endpoint.Processes; emitted the plain search`}},
		{"bad inputs, batch goes on", []string{"convert", "-t", "splunk", "-f", "tstats", "../../testdata/bad", regasm}, 1,
			[]string{"datamodel=Endpoint.Processes"},
			[]string{
				"../../testdata/bad/broken_yaml.yml:7:1: invalid YAML",
				`../../testdata/bad/missing_search.yml:8:34: condition names search "filter"`,
				`../../testdata/bad/unknown_modifier.yml:7:9: unknown modifier "endswithh"`,
				`../../testdata/bad/unmappable_field.yml:8:9: field "SpecialSauce": no mapping to the CIM data model Endpoint.Processes`,
			}},
		{"missing path", []string{"convert", "-t", "kql", "nope.yml"}, 1, nil, []string{"nope.yml: no such file or directory"}},
		{"unknown target", []string{"convert", "-t", "qradar", regasm}, 2, nil, []string{`unknown target "qradar"`}},
		{"unknown format", []string{"convert", "-t", "kql", "-f", "pdf", regasm}, 2, nil, []string{`kql: unknown format "pdf"`}},
		{"no command", []string{}, 2, nil, []string{`expected one of "convert"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.code, errs)
			}
			for _, s := range tt.contains {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
		})
	}
}

func TestConvertStdin(t *testing.T) {
	data, err := os.ReadFile(regasm)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, string(data), "convert", "-t", "eql", "-")
	if code != 0 || !strings.Contains(out, `process.parent.name : "regasm.exe"`) {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
	code, _, errs = runCLI(t, "title: [", "convert", "-t", "eql", "-")
	if code != 1 || !strings.Contains(errs, "-:1:1: invalid YAML") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

func TestConvertOutputDir(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "", "convert", "-t", "kql", "-o", dir, "../../rules")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
	got, err := os.ReadFile(filepath.Join(dir, "proc_creation_win_regasm_spawning_a_process.kql"))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "../../testdata/golden/kql/defender/proc_creation_win_regasm_spawning_a_process.txt", got)
}

func TestConvertUserPipeline(t *testing.T) {
	p := filepath.Join(t.TempDir(), "p.yml")
	os.WriteFile(p, []byte("name: mine\npriority: 1\ntransformations:\n  - type: field_name_mapping\n    mapping:\n      User: AccountName\n"), 0o644)
	code, out, errs := runCLI(t, "", "convert", "-t", "kql", "-p", p, "../../testdata/rules/proc_creation_user_field.yml")
	if code != 0 || !strings.Contains(out, `AccountName contains "AUTHORI"`) {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
	os.WriteFile(p, []byte("name: mine\ntransformations:\n  - type: nonsense\n"), 0o644)
	code, _, errs = runCLI(t, "", "convert", "-t", "kql", "-p", p, regasm)
	if code != 1 || !strings.Contains(errs, p+`:3:11: unknown transformation type "nonsense"`) {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

func TestBackends(t *testing.T) {
	code, out, _ := runCLI(t, "", "backends")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range []string{"splunk", "--format auto (default)", "--format tstats", "--format search", "--format macros", "kql", "--format defender (default)", "--format sentinel", "eql", "--format query (default)", "--format exceptions"} {
		if !strings.Contains(out, s) {
			t.Errorf("backends output lacks %q:\n%s", s, out)
		}
	}
}

const regasmEvents = "../../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.events.jsonl"

func TestTestCommand(t *testing.T) {
	code, out, errs := runCLI(t, "", "test", "-v", "../../rules")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, target := range []string{"splunk/tstats", "splunk/search", "kql/defender", "kql/sentinel", "eql/query"} {
		if !regexp.MustCompile(target + `\s+14\s+14\s+-`).MatchString(out) {
			t.Errorf("no agreeing row for %s:\n%s", target, out)
		}
	}
	// kql/sentinel reads process_creation from Sysmon 1 in WindowsEvent.
	if !strings.Contains(out, "5 checks: 5 agree, 0 disagree, 0 mislabelled, 0 do not convert") {
		t.Errorf("summary:\n%s", out)
	}
}

// TestTestCommandCatchesMislabel copies the regasm rule with a sample whose
// label is wrong: the run must fail and say which sample.
func TestTestCommandCatchesMislabel(t *testing.T) {
	dir := t.TempDir()
	rule, _ := os.ReadFile(regasm)
	os.WriteFile(filepath.Join(dir, "r.yml"), rule, 0o644)
	os.WriteFile(filepath.Join(dir, "r.events.jsonl"), []byte(`{"expect":"match","note":"conhost child labelled as a match","event":{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\Windows\\System32\\conhost.exe","ParentImage":"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\RegAsm.exe","User":"CORP\\a","Computer":"h","CommandLine":"c","ParentCommandLine":"p","ProcessId":1,"ParentProcessId":2}}`+"\n"), 0o644)
	code, out, _ := runCLI(t, "", "test", dir)
	if code != 1 || !strings.Contains(out, `"conhost child labelled as a match": labelled match, but the rule says no match`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestQueryCommand(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		count string
	}{
		{"rosetta's KQL", []string{"--lang", "kql", "--model", "defender", `DeviceProcessEvents | where InitiatingProcessFileName =~ "regasm.exe" and not(FileName =~ "conhost.exe")`}, 0, "6 of 14 events match"},
		// A hand-edited query that is too broad: contains instead of the
		// basename, and a case-sensitive != that lets CONHOST.EXE through.
		{"a wrong KQL is caught", []string{"--lang", "kql", "--model", "defender", `DeviceProcessEvents | where InitiatingProcessCommandLine contains "regasm" and FileName != "conhost.exe"`}, 0, "9 of 14 events match"},
		{"case-sensitive EQL misses RegAsm.exe", []string{"--lang", "eql", "--model", "ecs", `process where process.parent.name == "regasm.exe"`}, 0, "4 of 14 events match"},
		{"rosetta's EQL", []string{"--lang", "eql", "--model", "ecs", `process where event.type : "start" and process.parent.name : "regasm.exe" and not process.name : "conhost.exe"`}, 0, "6 of 14 events match"},
		{"SPL search", []string{"--lang", "spl", "--model", "splunk", `source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" ParentImage="*\\regasm.exe" NOT Image="*\\conhost.exe"`}, 0, "6 of 14 events match"},
		{"unknown command", []string{"--lang", "spl", `ParentImage=x | frobnicate`}, 1, `query:1:17: unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"query", "--events", regasmEvents}, tt.args...)
			code, _, errs := runCLI(t, "", args...)
			if code != tt.code || !strings.Contains(errs, tt.count) {
				t.Errorf("exit %d, stderr %q, want %q", code, errs, tt.count)
			}
		})
	}
}
