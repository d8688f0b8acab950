package backends_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/backends"
)

// embeddedQuery is the query a deployment file holds, with the query
// format whose output it is.
type embeddedQuery struct{ backend, format, text string }

// sentinelRuleQuery reads the query out of a Sentinel analytic rule; ok is
// false for every other format.
func sentinelRuleQuery(t *testing.T, backend, format, text string) (embeddedQuery, bool) {
	t.Helper()
	if backend != "kql" || format != "sentinel-rule" {
		return embeddedQuery{}, false
	}
	var doc struct {
		Query string `yaml:"query"`
	}
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil || doc.Query == "" {
		t.Errorf("kql/sentinel-rule: no query in the rule (%v):\n%s", err, text)
	}
	return embeddedQuery{"kql", "sentinel", doc.Query}, true
}

// spec is the documented shape of one key of a Sentinel analytic rule.
type spec struct {
	required bool
	kind     string // string, int, list, map
	enum     []string
	pattern  string
	min, max int             // string length or int range, when max > 0
	items    *spec           // a list's items
	fields   map[string]spec // a map's keys (no others allowed)
}

var (
	str      = spec{required: true, kind: "string", min: 1}
	strList  = spec{required: true, kind: "list", items: &str}
	duration = spec{required: true, kind: "string", pattern: `^[0-9]+[mhd]$`}
)

// analyticRuleShape is the shape of a scheduled analytic rule in the
// Azure-Sentinel repository: its template validation
// (.script/tests/detectionTemplateSchemaValidation: required keys, the
// Severity, AttackTactic and trigger operator enums, lengths, durations
// "<n>m|h|d" from 5 minutes to 14 days, entity mappings) and the alert rule
// API (kind Scheduled, aggregation kinds).
var analyticRuleShape = map[string]spec{
	"id":          {required: true, kind: "string", pattern: `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`},
	"name":        {required: true, kind: "string", min: 1, max: 256},
	"description": {required: true, kind: "string", min: 1, max: 5000},
	"severity":    {required: true, kind: "string", enum: []string{"Informational", "Low", "Medium", "High"}},
	"status":      {kind: "string", enum: []string{"Available"}},
	"requiredDataConnectors": {required: true, kind: "list", items: &spec{kind: "map", fields: map[string]spec{
		"connectorId": str, "dataTypes": strList}}},
	"queryFrequency":   duration,
	"queryPeriod":      duration,
	"triggerOperator":  {required: true, kind: "string", enum: []string{"gt", "lt", "eq", "ne"}},
	"triggerThreshold": {required: true, kind: "int", min: 0, max: 10000},
	"tactics": {kind: "list", items: &spec{kind: "string", enum: []string{"Reconnaissance", "ResourceDevelopment",
		"InitialAccess", "Execution", "Persistence", "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess",
		"Discovery", "LateralMovement", "Collection", "Exfiltration", "CommandAndControl", "Impact",
		"ImpairProcessControl", "InhibitResponseFunction", "PreAttack"}}},
	"relevantTechniques": {kind: "list", items: &spec{kind: "string", pattern: `^T[0-9]{4}(\.[0-9]{3})?$`}},
	"query":              {required: true, kind: "string", min: 1, max: 10000},
	"entityMappings": {kind: "list", items: &spec{kind: "map", fields: map[string]spec{
		"entityType": {required: true, kind: "string", enum: []string{"Account", "Host", "IP"}},
		"fieldMappings": {required: true, kind: "list", items: &spec{kind: "map", fields: map[string]spec{
			"identifier": str,
			"columnName": {required: true, kind: "string", pattern: `^[a-zA-Z_]+\w*$`}}}}}}},
	"eventGroupingSettings": {kind: "map", fields: map[string]spec{
		"aggregationKind": {required: true, kind: "string", enum: []string{"SingleAlert", "AlertPerResult"}}}},
	"version": {required: true, kind: "string", pattern: `^[0-9]+\.[0-9]+\.[0-9]+$`},
	"kind":    {required: true, kind: "string", enum: []string{"Scheduled"}},
	"metadata": {kind: "map", fields: map[string]spec{
		"source":  {required: true, kind: "map", fields: map[string]spec{"kind": str}},
		"author":  {kind: "map", fields: map[string]spec{"name": str}},
		"support": {required: true, kind: "map", fields: map[string]spec{"tier": str}}}},
}

// entityIdentifiers are the identifiers each entity type takes, and the
// combinations one of which it needs (the repository's
// EntityMappingIdentifiers).
var entityIdentifiers = map[string]struct{ all, required []string }{
	"Account": {[]string{"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"},
		[]string{"FullName", "Sid", "Name", "AadUserId", "PUID", "ObjectGuid"}},
	"Host": {[]string{"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
		[]string{"FullName", "HostName", "NetBiosName", "AzureID", "OMSAgentID"}},
	"IP": {[]string{"Address"}, []string{"Address"}},
}

// checkShape reports where v departs from s.
func checkShape(path string, v any, s spec) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	switch s.kind {
	case "string":
		x, ok := v.(string)
		if !ok {
			bad("%v is not a string", v)
			break
		}
		if n := len([]rune(x)); n < s.min || (s.max > 0 && n > s.max) {
			bad("length %d is not in %d..%d", n, s.min, s.max)
		}
		if s.enum != nil && !in(s.enum, x) {
			bad("%q is not one of %v", x, s.enum)
		}
		if s.pattern != "" && !regexp.MustCompile(s.pattern).MatchString(x) {
			bad("%q does not match %s", x, s.pattern)
		}
	case "int":
		x, ok := v.(int)
		if !ok || x < s.min || x > s.max {
			bad("%v is not a whole number in %d..%d", v, s.min, s.max)
		}
	case "list":
		l, ok := v.([]any)
		if !ok {
			bad("%v is not a list", v)
			break
		}
		for i, item := range l {
			errs = append(errs, checkShape(fmt.Sprintf("%s[%d]", path, i), item, *s.items)...)
		}
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			bad("%v is not a mapping", v)
			break
		}
		errs = append(errs, checkFields(path, m, s.fields)...)
	}
	return errs
}

func checkFields(path string, m map[string]any, fields map[string]spec) []string {
	var errs []string
	for k, s := range fields {
		if v, ok := m[k]; ok {
			errs = append(errs, checkShape(path+"."+k, v, s)...)
		} else if s.required {
			errs = append(errs, path+": missing "+k)
		}
	}
	for k := range m {
		if _, ok := fields[k]; !ok {
			errs = append(errs, path+": unknown key "+k)
		}
	}
	sort.Strings(errs)
	return errs
}

func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// spanOf reads a duration of the short form "<n>m|h|d".
func spanOf(s string) time.Duration {
	n, _ := strconv.Atoi(s[:len(s)-1])
	return time.Duration(n) * map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[s[len(s)-1]]
}

// checkAnalyticRule validates one emitted rule: the shape, then what ties
// keys together (the schedule's bounds, entity identifiers, entity columns
// the query outputs).
func checkAnalyticRule(text string) []string {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return []string{err.Error()}
	}
	errs := checkFields("rule", doc, analyticRuleShape)
	if len(errs) > 0 {
		return errs
	}
	freq, period := spanOf(doc["queryFrequency"].(string)), spanOf(doc["queryPeriod"].(string))
	for _, d := range []time.Duration{freq, period} {
		if d < 5*time.Minute || d > 14*24*time.Hour {
			errs = append(errs, fmt.Sprintf("schedule %v is not in 5m..14d", d))
		}
	}
	if period < freq {
		errs = append(errs, fmt.Sprintf("queryPeriod %v is shorter than queryFrequency %v", period, freq))
	}
	query := doc["query"].(string)
	m := regexp.MustCompile(`(?m)^\| summarize .* by (.+)$`).FindStringSubmatch(query)
	for _, e := range listOf(doc["entityMappings"]) {
		e := e.(map[string]any)
		ids := entityIdentifiers[e["entityType"].(string)]
		var used []string
		for _, f := range listOf(e["fieldMappings"]) {
			f := f.(map[string]any)
			id, col := f["identifier"].(string), f["columnName"].(string)
			used = append(used, id)
			if !in(ids.all, id) {
				errs = append(errs, fmt.Sprintf("%s: %s is no identifier of it", e["entityType"], id))
			}
			if m == nil || !in(strings.Split(m[1], ", "), col) {
				errs = append(errs, fmt.Sprintf("%s: column %s is not in the query's output", e["entityType"], col))
			}
		}
		if !anyIn(ids.required, used) {
			errs = append(errs, fmt.Sprintf("%s: needs one of %v", e["entityType"], ids.required))
		}
	}
	return errs
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

func anyIn(list, xs []string) bool {
	for _, x := range xs {
		if in(list, x) {
			return true
		}
	}
	return false
}

// TestSentinelRuleShape validates every analytic rule the test rules give
// against the documented shape, and checks that its query is the sentinel
// format's output for the rule, character for character.
func TestSentinelRuleShape(t *testing.T) {
	b, _ := backends.Lookup("kql")
	rules, err := b.NewConversion("sentinel-rule", nil)
	if err != nil {
		t.Fatal(err)
	}
	queries, _ := b.NewConversion("sentinel", nil)
	converted := 0
	for _, path := range ruleFiles(t) {
		rule := loadRule(t, path)
		files, err := rules.Convert(rule)
		if err != nil {
			continue
		}
		converted++
		for _, e := range checkAnalyticRule(files[0].Text) {
			t.Errorf("%s: %s", path, e)
		}
		want, err := queries.Convert(rule)
		if err != nil {
			t.Fatalf("%s: the analytic rule converts and the sentinel query does not: %v", path, err)
		}
		if q, _ := sentinelRuleQuery(t, "kql", "sentinel-rule", files[0].Text); q.text != want[0].Text {
			t.Errorf("%s: query\n%s\nis not the sentinel format's\n%s", path, q.text, want[0].Text)
		}
		if got, want := files[0].Name, strings.TrimSuffix(filepath.Base(path), ".yml")+".yaml"; got != want {
			t.Errorf("%s: file %s, want %s", path, got, want)
		}
	}
	if converted < 100 {
		t.Errorf("only %d test rules convert to analytic rules", converted)
	}
}

// TestSentinelRuleShapeRejects: the shape check rejects what Sentinel
// rejects, so that TestSentinelRuleShape can fail.
func TestSentinelRuleShapeRejects(t *testing.T) {
	b, _ := backends.Lookup("kql")
	conv, _ := b.NewConversion("sentinel-rule", nil)
	files, err := conv.Convert(loadRule(t, "../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"))
	if err != nil {
		t.Fatal(err)
	}
	good := files[0].Text
	if errs := checkAnalyticRule(good); len(errs) > 0 {
		t.Fatalf("the regasm rule fails the check: %v", errs)
	}
	for _, c := range []struct{ old, new, want string }{
		{"severity: High", "severity: Critical", `rule.severity: "Critical" is not one of`},
		{"triggerOperator: gt", "triggerOperator: GreaterThan", `rule.triggerOperator: "GreaterThan"`},
		{"kind: Scheduled", "kind: NRT", `rule.kind: "NRT"`},
		{"  - DefenseEvasion", "  - Stealth", `rule.tactics[0]: "Stealth"`},
		{"queryPeriod: 70m", "queryPeriod: 30m", "queryPeriod 30m0s is shorter than queryFrequency 1h0m0s"},
		{"queryFrequency: 1h", "queryFrequency: 1 hour", `does not match`},
		{"queryPeriod: 70m", "queryPeriod: 15d", "schedule 360h0m0s is not in 5m..14d"},
		{"identifier: FullName\n        columnName: Account", "identifier: HostName\n        columnName: Account", "Account: HostName is no identifier of it"},
		{"columnName: Computer", "columnName: DeviceName", "Host: column DeviceName is not in the query's output"},
		{"triggerThreshold: 0", "triggerThreshold: \"0\"", "rule.triggerThreshold"},
		{"version: 1.0.0", "version: one", `rule.version: "one"`},
		{"id: 72170ec5", "id: x72170ec5", "rule.id"},
		{"status: Available", "status: Available\nenabled: true", "unknown key enabled"},
	} {
		bad := strings.Replace(good, c.old, c.new, 1)
		if bad == good {
			t.Fatalf("%q is not in the regasm rule", c.old)
		}
		if errs := checkAnalyticRule(bad); !strings.Contains(strings.Join(errs, "\n"), c.want) {
			t.Errorf("%s -> %s: got %v, want %s", c.old, c.new, errs, c.want)
		}
	}
}

// TestRegasmSentinelRule pins the analytic rule of the regasm detection.
func TestRegasmSentinelRule(t *testing.T) {
	b, _ := backends.Lookup("kql")
	conv, _ := b.NewConversion("sentinel-rule", nil)
	files, err := conv.Convert(loadRule(t, "../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ID, Name, Severity, Kind, Version string
		Tactics                           []string
		RelevantTechniques                []string `yaml:"relevantTechniques"`
		RequiredDataConnectors            []struct {
			ConnectorID string   `yaml:"connectorId"`
			DataTypes   []string `yaml:"dataTypes"`
		} `yaml:"requiredDataConnectors"`
		EntityMappings []struct {
			EntityType    string `yaml:"entityType"`
			FieldMappings []struct {
				Identifier string `yaml:"identifier"`
				ColumnName string `yaml:"columnName"`
			} `yaml:"fieldMappings"`
		} `yaml:"entityMappings"`
		Metadata struct{ Author struct{ Name string } }
	}
	if err := yaml.Unmarshal([]byte(files[0].Text), &doc); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any // the schedule keys, as written
	_ = yaml.Unmarshal([]byte(files[0].Text), &raw)
	got := fmt.Sprintf("%s|%s|%s|%v|%v|%s|%s|%s|%s|%s",
		doc.ID, doc.Name, doc.Severity, doc.Tactics, doc.RelevantTechniques, raw["queryFrequency"], raw["queryPeriod"], doc.Kind, doc.Version, doc.Metadata.Author.Name)
	want := "72170ec5-f7d2-42f5-aefb-2b8be6aad15f|Detect Regasm Spawning a Process|High|[DefenseEvasion]|[T1218 T1218.009]|1h|70m|Scheduled|1.0.0|Michael Haag, Splunk"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var connectors, entities []string
	for _, c := range doc.RequiredDataConnectors {
		connectors = append(connectors, c.ConnectorID+"/"+strings.Join(c.DataTypes, ","))
	}
	for _, e := range doc.EntityMappings {
		for _, f := range e.FieldMappings {
			entities = append(entities, e.EntityType+"."+f.Identifier+"="+f.ColumnName)
		}
	}
	if got, want := strings.Join(connectors, " "), "SecurityEvents/SecurityEvent WindowsSecurityEvents/SecurityEvent"; got != want {
		t.Errorf("connectors %s, want %s", got, want)
	}
	if got, want := strings.Join(entities, " "), "Account.FullName=Account Host.FullName=Computer"; got != want {
		t.Errorf("entities %s, want %s", got, want)
	}
}

// corpusSentinelRules is the floor of corpus rules that become analytic
// rules: every rule the sentinel format converts but those whose query is
// longer than Sentinel takes (17).
const corpusSentinelRules = 2702

// TestSentinelRuleCorpus converts the public corpus to analytic rules,
// checks each against the documented shape and its query against the
// sentinel format's, and keeps the count from going down.
func TestSentinelRuleCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run takes a while; skipped with -short")
	}
	if os.Getenv("ROSETTA_CORPUS") != "" {
		t.Skip("ROSETTA_CORPUS names another corpus: the count is the public corpus's")
	}
	if _, err := os.Stat(corpusDir()); err != nil {
		t.Skipf("%s is absent: skipping", corpusDir())
	}
	_, rules := readCorpus(t)
	b, _ := backends.Lookup("kql")
	conv, _ := b.NewConversion("sentinel-rule", nil)
	queries, _ := b.NewConversion("sentinel", nil)
	converted := 0
	for _, r := range rules {
		files, err := conv.Convert(r)
		if err != nil {
			continue
		}
		converted++
		for _, e := range checkAnalyticRule(files[0].Text) {
			t.Errorf("%s: %s", r.Path, e)
		}
		want, _ := queries.Convert(r)
		if q, _ := sentinelRuleQuery(t, "kql", "sentinel-rule", files[0].Text); len(want) == 0 || q.text != want[0].Text {
			t.Errorf("%s: the rule's query is not the sentinel format's", r.Path)
		}
	}
	if converted < corpusSentinelRules {
		t.Errorf("%d of %d corpus rules become analytic rules, want at least %d", converted, len(rules), corpusSentinelRules)
	}
	t.Logf("kql/sentinel-rule: %d of %d rules convert", converted, len(rules))
}
