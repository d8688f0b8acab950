package splunk

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/conf"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

const regasmPath = "../../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"

func loadRules(t *testing.T, path string, text []byte) []*ir.Rule {
	t.Helper()
	rules, errs := sigma.Load(path, text)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", path, errs)
	}
	return rules
}

func newApp(t *testing.T, p *deploy.Profile) *appConversion {
	t.Helper()
	c, err := Backend{}.NewConversion("app", nil)
	if err != nil {
		t.Fatal(err)
	}
	app := c.(*appConversion)
	if p != nil {
		app.UseProfile(p)
	}
	return app
}

// appFiles parses every file of the app with the .conf reader.
func appFiles(t *testing.T, files []render.File) map[string]*conf.File {
	t.Helper()
	out := map[string]*conf.File{}
	for _, f := range files {
		parsed, err := conf.Parse(f.Text)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", f.Name, err, f.Text)
		}
		out[f.Name] = parsed
	}
	return out
}

// TestRegasmAppStanza pins the correlation search of the regasm rule, key
// by key: Splunk's published configuration of "Detect Regasm Spawning a
// Process" (disabled, hourly over -70m@m..-10m@m, a notable on user and
// dest, risk 64 on user and dest, T1218 and T1218.009), with the search
// Splunk publishes.
func TestRegasmAppStanza(t *testing.T) {
	data, err := os.ReadFile(regasmPath)
	if err != nil {
		t.Fatal(err)
	}
	app := newApp(t, nil)
	if _, err := app.Convert(loadRules(t, regasmPath, data)[0]); err != nil {
		t.Fatal(err)
	}
	files := appFiles(t, app.Finish())
	st := files[savedSearches].Stanza("rosetta - Detect Regasm Spawning a Process - Rule")
	if st == nil {
		t.Fatalf("no regasm stanza in %v", files[savedSearches].Stanzas)
	}
	want := [][2]string{
		{"description", "Detects regasm.exe spawning a child process. regasm.exe spawning a process is rare and can indicate an attempt to bypass application control; if confirmed malicious, an attacker may run arbitrary code, escalate privileges or persist."},
		{"search", "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name=regasm.exe NOT (Processes.process_name IN (\"conhost.exe\")) by Processes.dest Processes.user Processes.parent_process Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `detect_regasm_spawning_a_process_filter`"},
		{"cron_schedule", "0 * * * *"},
		{"dispatch.earliest_time", "-70m@m"},
		{"dispatch.latest_time", "-10m@m"},
		{"schedule_window", "auto"},
		{"enableSched", "1"},
		{"disabled", "true"},
		{"is_visible", "false"},
		{"alert.digest_mode", "1"},
		{"allow_skew", "100%"},
		{"counttype", "number of events"},
		{"relation", "greater than"},
		{"quantity", "0"},
		{"realtime_schedule", "0"},
		{"action.correlationsearch.enabled", "1"},
		{"action.correlationsearch.label", "rosetta - Detect Regasm Spawning a Process - Rule"},
		{"action.correlationsearch.annotations", `{"analytic_story":["Suspicious Regsvcs Regasm Activity"],"confidence":80,"impact":80,"mitre_attack":["T1218","T1218.009"]}`},
		{"action.correlationsearch.metadata", `{"deprecated":"0","detection_id":"72170ec5-f7d2-42f5-aefb-2b8be6aad15f"}`},
		{"action.notable", "1"},
		{"action.notable.param.rule_title", "Detect Regasm Spawning a Process"}, // %name%
		{"action.notable.param.rule_description", "Detects regasm.exe spawning a child process. regasm.exe spawning a process is rare and can indicate an attempt to bypass application control; if confirmed malicious, an attacker may run arbitrary code, escalate privileges or persist."}, // %description%
		{"action.notable.param.nes_fields", "user,dest"},
		{"action.notable.param.security_domain", "endpoint"},
		{"action.notable.param.severity", "high"},
		{"action.risk", "1"},
		{"action.risk.param._risk_message", "An instance of $parent_process_name$ spawning $process_name$ was identified on endpoint $dest$ by user $user$ spawning a child process, typically not normal behavior for $parent_process_name$."},
		{"action.risk.param._risk", `[{"risk_object_field":"user","risk_object_type":"user","risk_score":64},{"risk_object_field":"dest","risk_object_type":"system","risk_score":64}]`},
		{"action.risk.param._risk_score", "0"},
		{"action.risk.param.verbose", "0"},
	}
	var keys []string
	for _, kv := range want {
		keys = append(keys, kv[0])
		if got, ok := st.Get(kv[0]); !ok || got != kv[1] {
			t.Errorf("%s = %q, want %q", kv[0], got, kv[1])
		}
	}
	if !reflect.DeepEqual(st.Keys(), keys) {
		t.Errorf("keys %q\nwant %q", st.Keys(), keys)
	}
	macros := files[appMacros]
	for _, name := range []string{"detect_regasm_spawning_a_process_filter", "security_content_summariesonly", "drop_dm_object_name(1)", "security_content_ctime(1)"} {
		if macros.Stanza(name) == nil {
			t.Errorf("macros.conf has no [%s]", name)
		}
	}
	if v, _ := files[appConf].Stanza("package").Get("id"); v != appID {
		t.Errorf("app.conf [package] id = %q", v)
	}
	if v, _ := files[appDefaultMeta].Stanza("").Get("export"); v != "system" {
		t.Errorf("default.meta [] export = %q", v)
	}
}

const appRule = `title: Whoami By Alice
id: 11111111-2222-3333-4444-555555555555
description: |
    Detects whoami.
    Second line.
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
level: high
`

// convertOne converts a rule and returns its stanzas, the note and the error.
func convertOne(t *testing.T, p *deploy.Profile, text string) (map[string]*conf.Stanza, string, error) {
	t.Helper()
	app := newApp(t, p)
	files, err := app.Convert(loadRules(t, "r.yml", []byte(text))[0])
	if err != nil {
		return nil, "", err
	}
	note := ""
	for _, f := range files {
		if f.Name != "" || f.Text != "" {
			t.Errorf("Convert returned a file to write: %+v", f)
		}
		note += f.Note
	}
	out := map[string]*conf.Stanza{}
	for _, s := range appFiles(t, app.Finish())[savedSearches].Stanzas {
		out[s.Name] = s
	}
	return out, note, nil
}

func get(st *conf.Stanza, key string) string {
	v, _ := st.Get(key)
	return v
}

// TestAppTypes: a TTP raises a notable and adds risk, an Anomaly only adds
// risk, a Hunting search does neither; the level gives the severity; a
// multi-line description is written on continuation lines.
func TestAppTypes(t *testing.T) {
	for _, c := range []struct {
		level, notable, risk, severity string
	}{
		{"critical", "1", "1", "critical"},
		{"high", "1", "1", "high"},
		{"medium", "0", "1", ""},
		{"low", "0", "0", ""},
		{"informational", "0", "0", ""},
	} {
		stanzas, note, err := convertOne(t, nil, strings.Replace(appRule, "level: high", "level: "+c.level, 1))
		if err != nil {
			t.Fatalf("%s: %v", c.level, err)
		}
		st := stanzas["rosetta - Whoami By Alice - Rule"]
		if st == nil {
			t.Fatalf("%s: stanzas %v", c.level, stanzas)
		}
		if get(st, "action.notable") != c.notable || get(st, "action.risk") != c.risk || get(st, "action.notable.param.severity") != c.severity {
			t.Errorf("%s: notable %s risk %s severity %q", c.level, get(st, "action.notable"), get(st, "action.risk"), get(st, "action.notable.param.severity"))
		}
		if c.risk == "1" && get(st, "action.risk.param._risk") != `[{"risk_object_field":"user","risk_object_type":"user","risk_score":25},{"risk_object_field":"dest","risk_object_type":"system","risk_score":25}]` {
			t.Errorf("%s: _risk %s", c.level, get(st, "action.risk.param._risk"))
		}
		if c.risk == "1" && get(st, "action.risk.param._risk_message") != "Whoami By Alice" {
			t.Errorf("%s: the risk message defaults to the title: %q", c.level, get(st, "action.risk.param._risk_message"))
		}
		if get(st, "description") != "Detects whoami.\nSecond line." {
			t.Errorf("%s: description %q", c.level, get(st, "description"))
		}
		if note != "" {
			t.Errorf("%s: note %q", c.level, note)
		}
	}
}

// TestAppRefusals: a field the rule's attribute or a --profile names that
// no result carries is refused at its position; so are values Splunk does
// not take.
func TestAppRefusals(t *testing.T) {
	own := func(attr string) string { return appRule + "rosetta:\n" + attr }
	profile, errs := deploy.Parse("my.yml", []byte(strings.Replace(string(deploy.DefaultText()), "field: dest", "field: src_ip", 1)))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		name, rule string
		profile    *deploy.Profile
		want       string
	}{
		{"risk object", own("    risk:\n        objects:\n            - field: src_ip\n              type: system\n"), nil,
			`r.yml:17:22: risk object field "src_ip": splunk app: not supported because the search's results do not carry it`},
		{"notable field", own("    notable:\n        fields: [user, CommandLine]\n"), nil,
			`r.yml:16:24: notable field "CommandLine": splunk app: not supported because`},
		{"risk message token", own("    risk:\n        message: $user$ ran $CommandLine$\n"), nil,
			`r.yml:16:18: risk message token $CommandLine$: splunk app: not supported because`},
		{"notable title token", own("    notable:\n        title: $src$ did %name%\n"), nil,
			`r.yml:16:16: notable title token $src$: splunk app: not supported because`},
		{"security domain", own("    notable:\n        security_domain: cloud\n"), nil,
			`r.yml:16:26: security domain "cloud": splunk app: not supported because Enterprise Security's notable events have the domains access, audit, endpoint, identity, network, threat`},
		{"schedule window", own("    schedule:\n        window: soon\n"), nil,
			`r.yml:16:17: schedule window "soon": splunk app: not supported because Splunk's schedule_window is auto or a whole number of minutes`},
		{"a --profile's object", appRule, profile,
			`r.yml:1:1: risk object field "src_ip": splunk app: not supported because the search's results do not carry it (they carry count, dest, firstTime, lastTime, parent_process, parent_process_id, parent_process_name, process, process_id, process_name, user), so Enterprise Security could never fill it (named in profile my.yml)`},
		{"a token in the rule's description", strings.Replace(appRule, "Second line.", "Runs $CommandLine$.", 1), nil,
			`r.yml:1:1: notable description token $CommandLine$: splunk app: not supported because the search's results do not carry it`},
		{"a line of the description ends in a backslash", strings.Replace(appRule, "Second line.", `C:\`, 1), nil,
			`r.yml:1:1: setting: splunk app: not supported because description: a line ending in a backslash`},
	} {
		_, _, err := convertOne(t, c.profile, c.rule)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v\nwant %s", c.name, err, c.want)
		}
		if _, ok := err.(diag.List); err != nil && !ok {
			t.Errorf("%s: error %T, want a diag.List", c.name, err)
		}
	}
}

// TestAppEmbeddedFallback: where the search's results carry neither user
// nor dest, the embedded profile's notable fields and risk objects are left
// out with a note, and the search adds no risk; ATT&CK tags the table does
// not know are left out with a note.
func TestAppEmbeddedFallback(t *testing.T) {
	rule := `title: Linux Curl
tags:
    - attack.t9999
    - attack.t1218.009
logsource:
    product: linux
    service: auditd
detection:
    selection:
        exe|endswith: /curl
    condition: selection
level: high
`
	stanzas, note, err := convertOne(t, nil, rule)
	if err != nil {
		t.Fatal(err)
	}
	st := stanzas["rosetta - Linux Curl - Rule"]
	if get(st, "action.risk") != "0" || get(st, "action.notable") != "1" || get(st, "action.notable.param.nes_fields") != "" {
		t.Errorf("risk %s notable %s nes_fields %q", get(st, "action.risk"), get(st, "action.notable"), get(st, "action.notable.param.nes_fields"))
	}
	if get(st, "action.correlationsearch.annotations") != `{"confidence":50,"impact":50,"mitre_attack":["T1218.009"]}` {
		t.Errorf("annotations %s", get(st, "action.correlationsearch.annotations"))
	}
	for _, want := range []string{
		"emitted the plain search",
		"left out the embedded profile's notable fields user, dest and risk objects user, dest: no result of the search carries them; the search adds no risk",
		"ATT&CK tags attack.t9999 are not in the ATT&CK",
	} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q\nwant it to say %q", note, want)
		}
	}
	if get(st, "action.notable.param.security_domain") != "endpoint" {
		t.Errorf("security domain %q", get(st, "action.notable.param.security_domain"))
	}
}

// TestAppConditionsAndTitles: a rule with several conditions has a stanza
// per condition; a second rule with the same title is refused.
func TestAppConditionsAndTitles(t *testing.T) {
	two := strings.Replace(appRule, "    condition: selection", "    other:\n        Image|endswith: '\\id.exe'\n    condition:\n        - selection\n        - other", 1)
	stanzas, _, err := convertOne(t, nil, two)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"whoami.exe", "id.exe"} {
		name := "rosetta - Whoami By Alice (condition " + string(rune('1'+i)) + " of 2) - Rule"
		if st := stanzas[name]; st == nil || !strings.Contains(get(st, "search"), want) {
			t.Errorf("%s: %v", name, st)
		}
	}
	app := newApp(t, nil)
	rule := loadRules(t, "a.yml", []byte(appRule))[0]
	if _, err := app.Convert(rule); err != nil {
		t.Fatal(err)
	}
	again := *rule
	again.Path = "b.yml"
	again.Pos.File = "b.yml"
	if _, err := app.Convert(&again); err == nil || !strings.Contains(err.Error(), "b.yml:1:1: title \"Whoami By Alice\": splunk app: not supported because the stanza [rosetta - Whoami By Alice - Rule] is already the one of a.yml") {
		t.Errorf("same title: %v", err)
	}
}

// TestStanzaText: what the writer writes, the .conf reader reads back the
// same; what the syntax cannot carry is an error.
func TestStanzaText(t *testing.T) {
	for _, c := range []struct {
		value, err string
	}{
		{"plain", ""},
		{"two\nlines", ""},
		{"blank\n\nline", ""},
		{`a "quoted" \\ value with \ inside`, ""},
		{"", ""},
		{`ends in \`, "a line ending in a backslash"},
		{"line one \\\nline two", "a line ending in a backslash"},
		{" leading", "a blank at the start or end"},
		{"trailing\n", "a blank at the start or end"},
		{"cr\r\nlf", "a carriage return"},
	} {
		checkRoundTrip(t, "name - with [brackets] - Rule", c.value, c.err)
	}
}

func checkRoundTrip(t *testing.T, name, value, wantErr string) {
	t.Helper()
	text, err := stanzaText(confStanza{name: name, settings: [][2]string{{"first", value}, {"next", "x"}}})
	if err != nil {
		if wantErr == "" || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%q: error %v, want %q", value, err, wantErr)
		}
		return
	}
	if wantErr != "" {
		t.Errorf("%q: no error, want %q", value, wantErr)
		return
	}
	f, err := conf.Parse(text)
	if err != nil {
		t.Fatalf("%q: written text does not parse: %v\n%s", value, err, text)
	}
	if len(f.Stanzas) != 1 || f.Stanzas[0].Name != name || get(f.Stanzas[0], "first") != value || get(f.Stanzas[0], "next") != "x" {
		t.Errorf("%q: read back %+v from\n%s", value, f.Stanzas, text)
	}
}

// FuzzStanzaText: any value the writer accepts reads back the same.
func FuzzStanzaText(f *testing.F) {
	for _, s := range []string{"a", "a\nb", `x \ y`, "a\\\nb", "#c\n[d]\ne = f"} {
		f.Add("n", s)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		text, err := stanzaText(confStanza{name: name, settings: [][2]string{{"first", value}, {"next", "x"}}})
		if err != nil {
			return
		}
		parsed, err := conf.Parse(text)
		if err != nil {
			t.Fatalf("written text does not parse: %v\n%s", err, text)
		}
		if len(parsed.Stanzas) != 1 || parsed.Stanzas[0].Name != name || get(parsed.Stanzas[0], "first") != value || get(parsed.Stanzas[0], "next") != "x" {
			t.Fatalf("read back %+v from\n%q", parsed.Stanzas, text)
		}
	})
}
