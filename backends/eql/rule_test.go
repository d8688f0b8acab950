package eql_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends/eql"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/eval"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// kibanaKey is one key of Kibana's EQL rule schema as the rules import API
// validates it (Kibana's rule_schemas.schema.yaml: BaseRequiredFields,
// EqlRequiredFields, BaseDefaultableFields; common_attributes.schema.yaml
// for the types, enums and bounds; import also requires rule_id).
type kibanaKey struct {
	name     string
	required bool
	check    func(v any) bool
}

var (
	intervalRe = regexp.MustCompile(`^[1-9][0-9]*[smhd]$`)           // Kibana's parseDuration units
	dateMathRe = regexp.MustCompile(`^now(-[1-9][0-9]*[smhdwMy])?$`) // now or now minus a whole unit
)

func isString(v any) bool   { _, ok := v.(string); return ok }
func isNonEmpty(v any) bool { s, ok := v.(string); return ok && s != "" }
func isBool(v any) bool     { _, ok := v.(bool); return ok }
func oneOf(vals ...string) func(any) bool {
	return func(v any) bool {
		s, ok := v.(string)
		for _, x := range vals {
			if ok && s == x {
				return true
			}
		}
		return false
	}
}
func intIn(lo, hi float64) func(any) bool {
	return func(v any) bool {
		n, ok := v.(float64)
		return ok && n == float64(int64(n)) && n >= lo && n <= hi
	}
}
func matches(re *regexp.Regexp) func(any) bool {
	return func(v any) bool { s, ok := v.(string); return ok && re.MatchString(s) }
}
func stringArray(v any) bool {
	a, ok := v.([]any)
	for _, x := range a {
		ok = ok && isString(x)
	}
	return ok
}
func objectArray(keys []kibanaKey) func(any) bool {
	return func(v any) bool {
		a, ok := v.([]any)
		for _, x := range a {
			m, isMap := x.(map[string]any)
			ok = ok && isMap && len(schemaProblems(m, keys)) == 0
		}
		return ok
	}
}
func object(keys []kibanaKey) func(any) bool {
	return func(v any) bool { m, ok := v.(map[string]any); return ok && len(schemaProblems(m, keys)) == 0 }
}

// attackKeys are ThreatTactic's and ThreatSubtechnique's keys.
var attackKeys = []kibanaKey{{"id", true, isNonEmpty}, {"name", true, isNonEmpty}, {"reference", true, isNonEmpty}}

// ruleSchema is the EQL rule of the import API.
var ruleSchema = []kibanaKey{
	{"rule_id", true, isNonEmpty},
	{"name", true, isNonEmpty},
	{"description", true, isNonEmpty},
	{"risk_score", true, intIn(0, 100)},
	{"severity", true, oneOf("low", "medium", "high", "critical")},
	{"type", true, oneOf("eql")},
	{"language", true, oneOf("eql")},
	{"query", true, isNonEmpty},
	{"index", false, stringArray},
	{"author", false, stringArray},
	{"license", false, isString},
	{"references", false, stringArray},
	{"false_positives", false, stringArray},
	{"tags", false, stringArray},
	{"interval", false, matches(intervalRe)},
	{"from", false, matches(dateMathRe)},
	{"to", false, matches(dateMathRe)},
	{"enabled", false, isBool},
	{"max_signals", false, intIn(1, 1e9)},
	{"version", false, intIn(1, 1e9)},
	{"threat", false, objectArray([]kibanaKey{
		{"framework", true, oneOf("MITRE ATT&CK")},
		{"tactic", true, object(attackKeys)},
		{"technique", false, objectArray(append(append([]kibanaKey{}, attackKeys...),
			kibanaKey{"subtechnique", false, objectArray(attackKeys)}))},
	})},
	{"exceptions_list", false, objectArray([]kibanaKey{
		{"id", true, isNonEmpty},
		{"list_id", true, isNonEmpty},
		{"type", true, oneOf("detection", "rule_default", "endpoint")},
		{"namespace_type", true, oneOf("agnostic", "single")},
	})},
}

// listSchema is an exception list container of the import (Kibana's
// ImportExceptionsListSchema): the rules import takes a line with list_id
// as an exception list.
var listSchema = []kibanaKey{
	{"list_id", true, isNonEmpty},
	{"name", true, isNonEmpty},
	{"description", true, isString},
	{"type", true, oneOf("detection", "rule_default", "endpoint")},
	{"namespace_type", false, oneOf("agnostic", "single")},
	{"tags", false, stringArray},
	{"os_types", false, stringArray},
}

// schemaProblems checks an object against keys: each required key present,
// each value of the right type, no key outside the schema.
func schemaProblems(obj map[string]any, keys []kibanaKey) []string {
	var out []string
	known := map[string]bool{}
	for _, k := range keys {
		known[k.name] = true
		v, ok := obj[k.name]
		switch {
		case !ok && k.required:
			out = append(out, "missing "+k.name)
		case ok && !k.check(v):
			out = append(out, "bad "+k.name)
		}
	}
	for k := range obj {
		if !known[k] {
			out = append(out, "unknown key "+k)
		}
	}
	sort.Strings(out)
	return out
}

func TestSchemaProblems(t *testing.T) {
	ok := map[string]any{"rule_id": "x", "name": "n", "description": "d", "risk_score": 64.0, "severity": "high", "type": "eql", "language": "eql", "query": "any where true"}
	if p := schemaProblems(ok, ruleSchema); len(p) != 0 {
		t.Errorf("minimal rule: %v", p)
	}
	for _, c := range []struct {
		key  string
		val  any
		want string
	}{
		{"severity", "informational", "bad severity"},
		{"risk_score", 101.0, "bad risk_score"},
		{"risk_score", 6.5, "bad risk_score"},
		{"interval", "1 h", "bad interval"},
		{"interval", "0m", "bad interval"},
		{"from", "now-70m@m", "bad from"},
		{"language", "kuery", "bad language"},
		{"threat", []any{map[string]any{"framework": "MITRE ATT&CK", "tactic": map[string]any{"id": "TA0005"}}}, "bad threat"},
		{"exceptions_list", []any{map[string]any{"list_id": "l", "type": "detection", "namespace_type": "single"}}, "bad exceptions_list"},
		{"query", nil, "bad query"},
		{"nope", 1.0, "unknown key nope"},
	} {
		obj := map[string]any{}
		for k, v := range ok {
			obj[k] = v
		}
		obj[c.key] = c.val
		if p := schemaProblems(obj, ruleSchema); !reflect.DeepEqual(p, []string{c.want}) {
			t.Errorf("%s=%v: %v, want %s", c.key, c.val, p, c.want)
		}
	}
	delete(ok, "query")
	if p := schemaProblems(ok, ruleSchema); !reflect.DeepEqual(p, []string{"missing query"}) {
		t.Errorf("no query: %v", p)
	}
}

// ruleFiles are the bundled and test rules.
func ruleFiles(t *testing.T) []*ir.Rule {
	t.Helper()
	var rules []*ir.Rule
	for _, dir := range []string{"../../rules", "../../testdata/rules"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rs, errs := sigma.Load(p, data)
			if len(errs) > 0 {
				t.Fatalf("%s: %v", p, errs)
			}
			rules = append(rules, rs...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return rules
}

func newConversion(t *testing.T, format string) render.Conversion {
	t.Helper()
	conv, err := eql.Backend{}.NewConversion(format, nil)
	if err != nil {
		t.Fatal(err)
	}
	return conv
}

// kibanaObjects converts the rules with the rule format and decodes the
// NDJSON: the rule objects and the exception lists, in file order.
func kibanaObjects(t *testing.T, rules []*ir.Rule) (objs, lists []map[string]any) {
	t.Helper()
	conv := newConversion(t, "rule")
	for _, r := range rules {
		files, _ := conv.Convert(r)
		for _, f := range files {
			if f.Name != "" || f.Text != "" {
				t.Errorf("%s: per-rule file %q with text: the rules go into %s", r.Path, f.Name, eql.RulesFile)
			}
		}
	}
	finish := conv.Finish()
	if len(finish) != 1 || finish[0].Name != eql.RulesFile {
		t.Fatalf("Finish = %v, want one %s", finish, eql.RulesFile)
	}
	seenList := false
	for i, line := range strings.Split(strings.TrimSuffix(finish[0].Text, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d: %v\n%s", i+1, err, line)
		}
		if _, isList := m["list_id"]; isList {
			seenList = true
			lists = append(lists, m)
			continue
		}
		if seenList {
			t.Errorf("line %d: a rule after the exception lists", i+1)
		}
		objs = append(objs, m)
	}
	return objs, lists
}

// TestKibanaRulesMatchSchema validates every emitted object against the
// schema above, and every exception list reference against the lists of
// the same file the way Kibana's import resolves it (list_id, type and
// namespace_type).
func TestKibanaRulesMatchSchema(t *testing.T) {
	objs, lists := kibanaObjects(t, ruleFiles(t))
	if len(objs) < 100 {
		t.Fatalf("%d rules written, want the converted test rules", len(objs))
	}
	byListID := map[string]map[string]any{}
	for _, l := range lists {
		if p := schemaProblems(l, listSchema); len(p) > 0 {
			t.Errorf("list %v: %v", l["list_id"], p)
		}
		byListID[l["list_id"].(string)] = l
	}
	ids := map[string]bool{}
	for _, o := range objs {
		if p := schemaProblems(o, ruleSchema); len(p) > 0 {
			t.Errorf("rule %v: %v", o["rule_id"], p)
		}
		id, _ := o["rule_id"].(string)
		if ids[id] {
			t.Errorf("rule_id %s twice", id)
		}
		ids[id] = true
		refs, _ := o["exceptions_list"].([]any)
		if len(refs) != 1 {
			t.Errorf("rule %s: %d exception list references, want the filter hook's", id, len(refs))
		}
		for _, r := range refs {
			ref := r.(map[string]any)
			l := byListID[ref["list_id"].(string)]
			if l == nil || l["type"] != ref["type"] || l["namespace_type"] != ref["namespace_type"] {
				t.Errorf("rule %s references %v, which the file does not hold", id, ref)
			}
		}
	}
	if len(byListID) != len(lists) {
		t.Errorf("%d lists, %d list_ids: a list written twice", len(lists), len(byListID))
	}
}

// TestKibanaRuleQueries: each rule's query is the query format's output for
// the Sigma rule, condition by condition, and parses back with the EQL
// evaluator; a rule the query format refuses is refused the same way.
func TestKibanaRuleQueries(t *testing.T) {
	queryConv, ruleConv := newConversion(t, "query"), newConversion(t, "rule")
	var want []string
	for _, r := range ruleFiles(t) {
		files, qerr := queryConv.Convert(r)
		_, rerr := ruleConv.Convert(r)
		if qerr != nil {
			if rerr == nil || rerr.Error() != qerr.Error() {
				t.Errorf("%s: rule format error %v, want the query format's %v", r.Path, rerr, qerr)
			}
			continue
		}
		if rerr != nil {
			t.Errorf("%s: %v", r.Path, rerr)
			continue
		}
		want = append(want, strings.Split(strings.TrimSuffix(files[0].Text, "\n"), "\n")...)
	}
	var got []string
	for _, f := range ruleConv.Finish() {
		for _, line := range strings.Split(strings.TrimSuffix(f.Text, "\n"), "\n") {
			var o struct {
				RuleID string `json:"rule_id"`
				Query  string `json:"query"`
			}
			if err := json.Unmarshal([]byte(line), &o); err != nil {
				t.Fatal(err)
			}
			if o.RuleID == "" {
				continue
			}
			got = append(got, o.Query)
			if _, err := eval.Compile("eql", o.Query, eval.Options{}); err != nil {
				t.Errorf("%s: query does not parse back: %v\n%s", o.RuleID, err, o.Query)
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("queries differ from the query format's:\n%d got, %d want", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("first difference: %s\nwant %s", got[i], want[i])
				break
			}
		}
	}
}

// TestKibanaRuleRegasm pins the bundled regasm rule: Splunk's published
// settings (risk 80x80, TTP, disabled, hourly over -70m..-10m) in Kibana's
// terms, and its ATT&CK tags as threat entries.
func TestKibanaRuleRegasm(t *testing.T) {
	rules := ruleFiles(t)[:0]
	for _, r := range ruleFiles(t) {
		if r.ID == "72170ec5-f7d2-42f5-aefb-2b8be6aad15f" {
			rules = append(rules, r)
		}
	}
	objs, lists := kibanaObjects(t, rules)
	if len(objs) != 1 || len(lists) != 1 {
		t.Fatalf("%d rules, %d lists, want one each", len(objs), len(lists))
	}
	o := objs[0]
	want := map[string]any{
		"rule_id":    "72170ec5-f7d2-42f5-aefb-2b8be6aad15f",
		"name":       "Detect Regasm Spawning a Process",
		"type":       "eql",
		"language":   "eql",
		"query":      `process where event.type : "start" and process.parent.name : "regasm.exe" and not process.name : "conhost.exe"`,
		"index":      []any{"logs-windows.sysmon_operational-*", "logs-windows.forwarded-*", "winlogbeat-*"},
		"author":     []any{"Michael Haag, Splunk"},
		"risk_score": 64.0,
		"severity":   "high",
		"interval":   "1h",
		"from":       "now-70m",
		"to":         "now-10m",
		"enabled":    false,
		"tags":       []any{"attack.defense-evasion", "attack.t1218", "attack.t1218.009", "rosetta"},
		"threat": []any{map[string]any{
			"framework": "MITRE ATT&CK",
			"tactic":    map[string]any{"id": "TA0005", "name": "Defense Evasion", "reference": "https://attack.mitre.org/tactics/TA0005/"},
			"technique": []any{map[string]any{
				"id": "T1218", "name": "System Binary Proxy Execution", "reference": "https://attack.mitre.org/techniques/T1218/",
				"subtechnique": []any{map[string]any{"id": "T1218.009", "name": "Regsvcs/Regasm", "reference": "https://attack.mitre.org/techniques/T1218/009/"}},
			}},
		}},
		"exceptions_list": []any{map[string]any{
			"id": "detect_regasm_spawning_a_process_filter", "list_id": "detect_regasm_spawning_a_process_filter",
			"type": "detection", "namespace_type": "single",
		}},
	}
	for k, v := range want {
		if !reflect.DeepEqual(o[k], v) {
			t.Errorf("%s = %#v, want %#v", k, o[k], v)
		}
	}
	if _, ok := o["license"]; ok {
		t.Errorf("license %v: the rule names none", o["license"])
	}
	if lists[0]["list_id"] != "detect_regasm_spawning_a_process_filter" {
		t.Errorf("list %v", lists[0])
	}
}

// kibanaRuleOf converts one rule written inline and returns its first
// Kibana rule, the note and the error.
func kibanaRuleOf(t *testing.T, src string, user ...string) (map[string]any, string, error) {
	t.Helper()
	rules, errs := sigma.Load("inline.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("load: %v\n%s", errs, src)
	}
	conv, err := eql.Backend{}.NewConversion("rule", userPipelines(t, user...))
	if err != nil {
		t.Fatal(err)
	}
	files, err := conv.Convert(rules[0])
	if err != nil {
		return nil, "", err
	}
	note := ""
	for _, f := range files {
		note += f.Note
	}
	out := conv.Finish()
	var o map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(out[0].Text, "\n", 2)[0]), &o); err != nil {
		t.Fatal(err)
	}
	return o, note, nil
}

const inlineHead = "title: Inline Rule\nid: 0b9a0f0e-0000-4000-8000-0000000009f1\n"
const inlineBody = "logsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        Image|endswith: '\\whoami.exe'\n    condition: sel\n"

// TestKibanaRuleValues: where each value comes from, key by key.
func TestKibanaRuleValues(t *testing.T) {
	cases := []struct {
		name, src string
		user      []string
		want      map[string]any
		absent    []string
	}{
		{"no level is medium; no description is the title; no author, no license",
			inlineHead + inlineBody, nil,
			map[string]any{"severity": "medium", "description": "Inline Rule", "risk_score": 25.0, "enabled": false,
				"references": []any{}, "false_positives": []any{}, "threat": []any{}, "tags": []any{"rosetta"}},
			[]string{"author", "license"}},
		{"informational is low; the licence the rule names",
			inlineHead + "level: informational\nlicense: DRL-1.1\ntags: [rosetta, attack.t1218]\n" + inlineBody, nil,
			map[string]any{"severity": "low", "license": "DRL-1.1", "tags": []any{"rosetta", "attack.t1218"}}, nil},
		{"critical, and a schedule of the rule's own",
			inlineHead + "level: critical\nrosetta:\n    disabled: false\n    schedule:\n        cron: '*/15 * * * *'\n        earliest: -1d\n        latest: now\n" + inlineBody, nil,
			map[string]any{"severity": "critical", "interval": "15m", "from": "now-1d", "to": "now", "enabled": true, "risk_score": 25.0}, nil},
		{"weekly, over 90 seconds",
			inlineHead + "rosetta:\n    schedule:\n        cron: '30 6 * * 1'\n        earliest: -90s\n        latest: -30s\n" + inlineBody, nil,
			map[string]any{"interval": "7d", "from": "now-90s", "to": "now-30s"}, nil},
		{"a user pipeline's index",
			inlineHead + inlineBody, []string{"name: idx\npriority: 30\ntransformations:\n  - type: set_state\n    key: index\n    val: [my-sysmon-*]\n"},
			map[string]any{"index": []any{"my-sysmon-*"}}, nil},
		{"a proxy log reads Kibana's default indices",
			inlineHead + "logsource:\n    category: proxy\ndetection:\n    sel:\n        c-uri|contains: '/evil'\n    condition: sel\n", nil,
			map[string]any{"query": `web where url.original : "*/evil*"`}, []string{"index"}},
	}
	for _, c := range cases {
		o, _, err := kibanaRuleOf(t, c.src, c.user...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for k, v := range c.want {
			if !reflect.DeepEqual(o[k], v) {
				t.Errorf("%s: %s = %#v, want %#v", c.name, k, o[k], v)
			}
		}
		for _, k := range c.absent {
			if _, ok := o[k]; ok {
				t.Errorf("%s: %s = %v, want none", c.name, k, o[k])
			}
		}
	}
}

// TestKibanaRuleRefusals: what Kibana cannot hold is refused at its place.
func TestKibanaRuleRefusals(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no id", "title: Inline Rule\n" + inlineBody,
			"inline.yml:1:1: id: eql: not supported because a Kibana rule is imported and updated by its rule_id, which is the Sigma id, and the rule has none"},
		{"a schedule without a fixed interval", inlineHead + "rosetta:\n    schedule:\n        cron: '0 9 1 * *'\n" + inlineBody,
			`inline.yml:4:5: schedule.cron "0 9 1 * *": eql: not supported because a Kibana rule runs at a fixed interval, and this schedule runs on given days of the month or months, which no fixed interval says`},
		{"an unknown level", inlineHead + "level: severe\n" + inlineBody,
			"inline.yml:1:1: level severe: eql: not supported because Kibana's severities are low, medium, high and critical, read from Sigma's levels informational to critical"},
		{"deployment settings the profile refuses", inlineHead + "rosetta:\n    schedule:\n        earliest: -5m\n        latest: -10m\n" + inlineBody,
			`inline.yml:4:5: schedule: earliest "-5m" is not before latest "-10m"`},
	}
	for _, c := range cases {
		_, _, err := kibanaRuleOf(t, c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error\n%v\nwant\n%s", c.name, err, c.want)
		}
	}
}

// TestKibanaRuleIDs: a rule_id once a run; several conditions are one
// Kibana rule each.
func TestKibanaRuleIDs(t *testing.T) {
	conv := newConversion(t, "rule")
	var list *ir.Rule
	for _, r := range ruleFiles(t) {
		if strings.HasSuffix(r.Path, "proc_creation_condition_list.yml") {
			list = r
		}
	}
	files, err := conv.Convert(list)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Note != "2 conditions: one Kibana rule each, rule_id 0b9a0f0e-0000-4000-8000-000000000125-1 to -2" {
		t.Errorf("files %+v", files)
	}
	again := *list
	again.Path = "copy.yml"
	if _, err := conv.Convert(&again); err == nil || !strings.Contains(err.Error(), "id 0b9a0f0e-0000-4000-8000-000000000125: eql: not supported because Kibana identifies a rule by its rule_id, and "+list.Path+" already has rule_id 0b9a0f0e-0000-4000-8000-000000000125-1") {
		t.Errorf("second rule with the id: %v", err)
	}
	var names, ids []string
	for _, line := range strings.Split(strings.TrimSpace(conv.Finish()[0].Text), "\n") {
		var o struct {
			RuleID string `json:"rule_id"`
			Name   string `json:"name"`
		}
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatal(err)
		}
		if o.RuleID != "" {
			ids, names = append(ids, o.RuleID), append(names, o.Name)
		}
	}
	wantIDs := []string{"0b9a0f0e-0000-4000-8000-000000000125-1", "0b9a0f0e-0000-4000-8000-000000000125-2"}
	wantNames := []string{list.Title + " (condition 1 of 2)", list.Title + " (condition 2 of 2)"}
	if !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(names, wantNames) {
		t.Errorf("ids %v names %v", ids, names)
	}
}

// TestKibanaRuleProfile: the run's profile (--profile) gives the risk
// score and schedule.
func TestKibanaRuleProfile(t *testing.T) {
	p, errs := deploy.Parse("mine.yml", []byte(`type_by_level: {high: TTP}
defaults:
  disabled: false
  schedule: {cron: "*/5 * * * *", earliest: "-6m", latest: now}
  risk: {impact: 90, confidence: 50}
types:
  TTP: {}
`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rules, lerrs := sigma.Load("inline.yml", []byte(inlineHead+"level: high\n"+inlineBody))
	if len(lerrs) > 0 {
		t.Fatal(lerrs)
	}
	conv := newConversion(t, "rule")
	d, ok := conv.(render.Deployer)
	if !ok {
		t.Fatal("the rule format is no render.Deployer")
	}
	d.UseProfile(p)
	if _, err := conv.Convert(rules[0]); err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(conv.Finish()[0].Text, "\n", 2)[0]), &o); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"risk_score": 45.0, "interval": "5m", "from": "now-6m", "to": "now", "enabled": true, "severity": "high"} {
		if o[k] != v {
			t.Errorf("%s = %v, want %v", k, o[k], v)
		}
	}
}
