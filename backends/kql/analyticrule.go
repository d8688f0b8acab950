package kql

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/attack"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// analyticRulesYAML says, per Sentinel table, which data connectors fill it
// and which output columns name an entity (sources in the file).
//
//go:embed analytic_rules.yml
var analyticRulesYAML []byte

// ruleFormat is the name of the analytic rule format.
const ruleFormat = "sentinel-rule"

// AnalyticRule is one Microsoft Sentinel scheduled analytic rule in the YAML
// shape of the Azure-Sentinel repository's Detections and Solutions
// "Analytic Rules" files (keys in the repository's order).
type AnalyticRule struct {
	ID                     string          `yaml:"id"`
	Name                   string          `yaml:"name"`
	Description            string          `yaml:"description"`
	Severity               string          `yaml:"severity"`
	Status                 string          `yaml:"status"`
	RequiredDataConnectors []DataConnector `yaml:"requiredDataConnectors"`
	QueryFrequency         string          `yaml:"queryFrequency"`
	QueryPeriod            string          `yaml:"queryPeriod"`
	TriggerOperator        string          `yaml:"triggerOperator"`
	TriggerThreshold       int             `yaml:"triggerThreshold"`
	Tactics                []string        `yaml:"tactics"`
	RelevantTechniques     []string        `yaml:"relevantTechniques"`
	Query                  literal         `yaml:"query"`
	EntityMappings         []EntityMapping `yaml:"entityMappings,omitempty"`
	EventGroupingSettings  EventGrouping   `yaml:"eventGroupingSettings"`
	Version                string          `yaml:"version"`
	Kind                   string          `yaml:"kind"`
	Metadata               RuleMetadata    `yaml:"metadata"`
}

// DataConnector is a connector the rule's tables need, with the tables it
// fills.
type DataConnector struct {
	ConnectorID string   `yaml:"connectorId"`
	DataTypes   []string `yaml:"dataTypes"`
}

// EntityMapping maps output columns to the identifiers of one entity.
type EntityMapping struct {
	EntityType    string         `yaml:"entityType"`
	FieldMappings []FieldMapping `yaml:"fieldMappings"`
}

// FieldMapping is one identifier of an entity and the column holding it.
type FieldMapping struct {
	Identifier string `yaml:"identifier"`
	ColumnName string `yaml:"columnName"`
}

// EventGrouping says whether the rule raises one alert per run or one per
// result row.
type EventGrouping struct {
	AggregationKind string `yaml:"aggregationKind"`
}

// RuleMetadata is the repository's content metadata: where the rule comes
// from and who wrote it.
type RuleMetadata struct {
	Source  struct{ Kind string }  `yaml:"source"`
	Author  *struct{ Name string } `yaml:"author,omitempty"`
	Support struct{ Tier string }  `yaml:"support"`
}

// literal is a string written as a YAML literal block, the way the
// repository writes queries.
type literal string

// MarshalYAML implements yaml.Marshaler.
func (l literal) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Value: string(l)}, nil
}

// tableFacts is an entry of analytic_rules.yml.
type tableFacts struct {
	Connectors []struct {
		ID        string   `yaml:"id"`
		DataTypes []string `yaml:"dataTypes"`
	} `yaml:"connectors"`
	Entities []struct {
		Type       string `yaml:"type"`
		Identifier string `yaml:"identifier"`
		Column     string `yaml:"column"`
	} `yaml:"entities"`
}

var (
	factsOnce sync.Once
	facts     map[string]tableFacts
	factsErr  error
)

// analyticTables reads analytic_rules.yml.
func analyticTables() (map[string]tableFacts, error) {
	factsOnce.Do(func() {
		var doc struct {
			Tables map[string]tableFacts `yaml:"tables"`
		}
		dec := yaml.NewDecoder(bytes.NewReader(analyticRulesYAML))
		dec.KnownFields(true)
		if factsErr = dec.Decode(&doc); factsErr == nil {
			facts = doc.Tables
		}
	})
	return facts, factsErr
}

// severities are Sentinel's severity of each Sigma level; Sentinel has no
// level above High.
var severities = map[string]string{
	"informational": "Informational",
	"low":           "Low",
	"medium":        "Medium",
	"high":          "High",
	"critical":      "High",
}

// sentinelTactics are the values of Sentinel's AttackTactic enum for the
// ATT&CK Enterprise tactics. ATT&CK v19 split Defense Evasion into Stealth
// and Defense Impairment; the enum predates the split and still names only
// DefenseEvasion, which covers both, so they map to it (with a note).
var sentinelTactics = map[string]string{
	"reconnaissance":       "Reconnaissance",
	"resource-development": "ResourceDevelopment",
	"initial-access":       "InitialAccess",
	"execution":            "Execution",
	"persistence":          "Persistence",
	"privilege-escalation": "PrivilegeEscalation",
	"defense-evasion":      "DefenseEvasion",
	"stealth":              "DefenseEvasion",
	"defense-impairment":   "DefenseEvasion",
	"credential-access":    "CredentialAccess",
	"discovery":            "Discovery",
	"lateral-movement":     "LateralMovement",
	"collection":           "Collection",
	"command-and-control":  "CommandAndControl",
	"exfiltration":         "Exfiltration",
	"impact":               "Impact",
}

// Limits of a scheduled analytic rule (the alert rule API and the
// repository's template validation).
const (
	minSchedule    = 5 * time.Minute
	maxSchedule    = 14 * 24 * time.Hour
	maxQueryLength = 10000
	maxNameLength  = 256
	maxDescLength  = 5000
)

// analyticRuleConversion writes one analytic rule per Sigma rule around the
// query the sentinel format writes for it.
type analyticRuleConversion struct {
	query   render.Conversion
	profile *deploy.Profile
}

// UseProfile implements render.Deployer.
func (c *analyticRuleConversion) UseProfile(p *deploy.Profile) { c.profile = p }

// Concurrent implements render.ConcurrentConversion: the profile is set
// before the first rule and Convert keeps nothing.
func (c *analyticRuleConversion) Concurrent() {}

// Finish implements render.Conversion: each rule is a file of its own.
func (c *analyticRuleConversion) Finish() []render.File { return nil }

// Convert implements render.Conversion.
func (c *analyticRuleConversion) Convert(rule *ir.Rule) ([]render.File, error) {
	files, err := c.query.Convert(rule)
	if err != nil {
		return nil, err
	}
	profile := c.profile
	if profile == nil {
		profile = deploy.Default()
	}
	settings, err := profile.For(rule)
	if err != nil {
		return nil, err
	}
	ar, notes, errs := analyticRule(rule, files[0].Text, settings)
	if len(errs) > 0 {
		return nil, errs
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(ar); err != nil {
		return nil, diag.List{diag.Errorf(rule.Pos, "kql %s: %v", ruleFormat, err)}
	}
	return []render.File{{Name: render.BaseName(rule.Path) + ".yaml", Text: b.String(), Rule: rule, Note: strings.Join(notes, "; ")}}, nil
}

// refusal is a problem of the rule that this format cannot deploy.
func refusal(pos diag.Pos, what, why string, args ...any) *diag.Diagnostic {
	return diag.Errorf(pos, "%s: kql %s: not supported because %s", what, ruleFormat, fmt.Sprintf(why, args...))
}

// analyticRule builds the rule around query, the sentinel format's text for
// it; notes say what the user should know about it.
func analyticRule(rule *ir.Rule, query string, s *deploy.Settings) (*AnalyticRule, []string, diag.List) {
	var errs diag.List
	var notes []string
	if len(rule.Conditions) > 1 {
		errs = append(errs, refusal(rule.Conditions[1].Position(), "condition list", "an analytic rule runs one query and this rule has %d conditions (--format sentinel writes a query for each)", len(rule.Conditions)))
	}
	ar := &AnalyticRule{
		ID: rule.ID, Name: rule.Title, Description: rule.Description, Status: "Available",
		TriggerOperator: "gt", TriggerThreshold: 0, Query: literal(query),
		EventGroupingSettings: EventGrouping{AggregationKind: "AlertPerResult"},
		Version:               "1.0.0", Kind: "Scheduled",
		RequiredDataConnectors: []DataConnector{}, Tactics: []string{}, RelevantTechniques: []string{},
	}
	errs = append(errs, ar.checkText(rule)...)
	ar.Severity = severities[strings.ToLower(rule.Level)]
	if ar.Severity == "" {
		ar.Severity = "Medium"
		notes = append(notes, fmt.Sprintf("level %q: severity Medium", rule.Level))
	}
	errs = append(errs, ar.schedule(rule, s)...)
	notes = append(notes, ar.attack(rule)...)
	table, by, err := queryOutput(query)
	if err != nil {
		return nil, nil, append(errs, diag.Errorf(rule.Pos, "kql %s: %v", ruleFormat, err))
	}
	n, err := ar.tableFacts(table, by)
	if err != nil {
		errs = append(errs, diag.Errorf(rule.Pos, "kql %s: %v", ruleFormat, err))
	}
	notes = append(notes, n...)
	ar.Metadata.Source.Kind = "Community"
	ar.Metadata.Support.Tier = "Community"
	if rule.Author != "" {
		ar.Metadata.Author = &struct{ Name string }{rule.Author}
	}
	return ar, notes, errs
}

// uuidPattern is the form of Sentinel's rule id (a GUID).
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// checkText refuses ids, names, descriptions and queries Sentinel does not
// take; a rule without description gets its title.
func (ar *AnalyticRule) checkText(rule *ir.Rule) diag.List {
	var errs diag.List
	if !uuidPattern.MatchString(ar.ID) {
		errs = append(errs, refusal(rule.Pos, "id", "an analytic rule's id is a GUID and the rule's id is %q", ar.ID))
	}
	if ar.Description == "" {
		ar.Description = ar.Name
	}
	for _, l := range []struct {
		what, text string
		max        int
	}{{"title", ar.Name, maxNameLength}, {"description", ar.Description, maxDescLength}, {"query", string(ar.Query), maxQueryLength}} {
		if n := len([]rune(l.text)); n > l.max {
			errs = append(errs, refusal(rule.Pos, fmt.Sprintf("%s of length %d", l.what, n), "Sentinel takes a %s of at most %d characters", l.what, l.max))
		}
	}
	return errs
}

// schedule sets queryFrequency from the cron schedule's interval and
// queryPeriod from the earliest time: Sentinel's period ends when the rule
// runs, so a latest time before now ("-10m@m") cannot be kept, and the
// period starts where Splunk's would (it reads the events Splunk's window
// reads, and the minutes after).
func (ar *AnalyticRule) schedule(rule *ir.Rule, s *deploy.Settings) diag.List {
	pos := deploy.AttributePos(rule)
	var errs diag.List
	freq, err := deploy.Interval(s.Schedule.Cron)
	if err != nil {
		return append(errs, refusal(pos, fmt.Sprintf("schedule.cron %q", s.Schedule.Cron), "Sentinel runs a rule at a fixed queryFrequency and the schedule %v", err))
	}
	period, _ := deploy.Offset(s.Schedule.Earliest) // checked when the settings were read
	for _, d := range []struct {
		what string
		v    time.Duration
	}{{fmt.Sprintf("schedule.cron %q", s.Schedule.Cron), freq}, {fmt.Sprintf("schedule.earliest %q", s.Schedule.Earliest), period}} {
		switch {
		case d.v < minSchedule || d.v > maxSchedule:
			errs = append(errs, refusal(pos, d.what, "Sentinel's queryFrequency and queryPeriod are 5 minutes to 14 days and this is %v", d.v))
		case d.v%time.Minute != 0:
			errs = append(errs, refusal(pos, d.what, "Sentinel's queryFrequency and queryPeriod are whole minutes and this is %v", d.v))
		}
	}
	if period < freq {
		errs = append(errs, refusal(pos, fmt.Sprintf("schedule.earliest %q", s.Schedule.Earliest), "Sentinel's queryPeriod must be at least its queryFrequency (%v) so that no events go unread", freq))
	}
	ar.QueryFrequency, ar.QueryPeriod = duration(freq), duration(period)
	return errs
}

// duration writes a time span in the repository's short form: a whole
// number of days, hours or minutes ("1h", "70m", "14d").
func duration(d time.Duration) string {
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if d%u.unit == 0 {
			return fmt.Sprintf("%d%s", d/u.unit, u.name)
		}
	}
	return d.String() // not whole minutes: refused by schedule
}

// attack sets the tactics and techniques from the rule's ATT&CK tags and
// says what it left out or renamed.
func (ar *AnalyticRule) attack(rule *ir.Rule) []string {
	m := attack.FromTags(rule.Tags)
	var notes []string
	seen := map[string]bool{}
	for _, t := range m.Tactics {
		name, ok := sentinelTactics[t.Short]
		switch {
		case !ok:
			notes = append(notes, fmt.Sprintf("ATT&CK tactic %s (%s) has no value in Sentinel's tactics: left out", t.Short, t.ID))
			continue
		case t.Short == "stealth" || t.Short == "defense-impairment":
			notes = append(notes, fmt.Sprintf("ATT&CK tactic %s (%s): Sentinel's tactics name it DefenseEvasion", t.Short, t.ID))
		}
		if !seen[name] {
			seen[name] = true
			ar.Tactics = append(ar.Tactics, name)
		}
	}
	for _, t := range m.Techniques {
		ar.RelevantTechniques = append(ar.RelevantTechniques, t.ID)
	}
	if len(m.Unknown) > 0 {
		notes = append(notes, fmt.Sprintf("tags not in ATT&CK %s, left out: %s", attack.Version, strings.Join(m.Unknown, ", ")))
	}
	return notes
}

// tableFacts sets the data connectors and entity mappings of the query's
// table, mapping only columns the query outputs.
func (ar *AnalyticRule) tableFacts(table string, by []string) ([]string, error) {
	all, err := analyticTables()
	if err != nil {
		return nil, fmt.Errorf("analytic_rules.yml: %v", err)
	}
	f, ok := all[table]
	if !ok {
		return nil, fmt.Errorf("analytic_rules.yml has no entry for table %s", table)
	}
	var notes []string
	for _, c := range f.Connectors {
		ar.RequiredDataConnectors = append(ar.RequiredDataConnectors, DataConnector{ConnectorID: c.ID, DataTypes: c.DataTypes})
	}
	if len(f.Connectors) == 0 {
		notes = append(notes, fmt.Sprintf("requiredDataConnectors is empty: no Sentinel data connector is documented for table %s", table))
	}
	out := map[string]bool{}
	for _, c := range by {
		out[c] = true
	}
	for _, e := range f.Entities {
		if out[e.Column] {
			ar.EntityMappings = append(ar.EntityMappings, EntityMapping{EntityType: e.Type, FieldMappings: []FieldMapping{{Identifier: e.Identifier, ColumnName: e.Column}}})
		}
	}
	if len(ar.EntityMappings) == 0 {
		notes = append(notes, fmt.Sprintf("no entityMappings: the query's output (%s) has no account, host or address column", strings.Join(by, ", ")))
	}
	return notes, nil
}

// summarizeBy finds the columns of a query's summarize.
var summarizeBy = regexp.MustCompile(`(?m)^\| summarize .* by (.+)$`)

// queryOutput reads, from a query the sentinel format wrote (a let
// statement, the table, a where, a summarize), the table it reads and the
// columns it outputs besides the aggregates.
func queryOutput(query string) (table string, by []string, err error) {
	lines := strings.Split(query, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "let ") {
		return "", nil, fmt.Errorf("the sentinel query does not start with its filter function and table:\n%s", query)
	}
	if m := summarizeBy.FindStringSubmatch(query); m != nil {
		by = strings.Split(m[1], ", ")
	}
	return lines[1], by, nil
}
