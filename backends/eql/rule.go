package eql

import (
	"fmt"
	"strings"
	"time"

	"github.com/rosetta-sigma/rosetta/internal/attack"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// RulesFile is the file the rule format writes: the Kibana detection rules,
// one JSON object a line, then the exception list containers they
// reference, for one call of Kibana's rules import API.
const RulesFile = "rules.ndjson"

// kibanaRule is a Kibana detection-engine rule of type eql as the rules
// import API (POST /api/detection_engine/rules/_import) takes it; the keys
// are the rule schema's (Kibana's rule_schemas.schema.yaml and
// common_attributes.schema.yaml). README "Elastic detection rules" says
// where each value comes from.
type kibanaRule struct {
	RuleID         string         `json:"rule_id"`
	Name           string         `json:"name"`
	Description    string         `json:"description"`
	Type           string         `json:"type"`
	Language       string         `json:"language"`
	Query          string         `json:"query"`
	Index          []string       `json:"index,omitempty"`
	Author         []string       `json:"author,omitempty"`
	License        string         `json:"license,omitempty"`
	References     []string       `json:"references"`
	FalsePositives []string       `json:"false_positives"`
	RiskScore      int            `json:"risk_score"`
	Severity       string         `json:"severity"`
	Threat         []threat       `json:"threat"`
	Tags           []string       `json:"tags"`
	Interval       string         `json:"interval"`
	From           string         `json:"from"`
	To             string         `json:"to"`
	Enabled        bool           `json:"enabled"`
	MaxSignals     int            `json:"max_signals"`
	Version        int            `json:"version"`
	ExceptionsList []exceptionRef `json:"exceptions_list"`
}

// threat is one ATT&CK tactic of a rule with its techniques.
type threat struct {
	Framework string      `json:"framework"`
	Tactic    attackRef   `json:"tactic"`
	Technique []technique `json:"technique"`
}

// attackRef names a tactic or sub-technique: id, name, page.
type attackRef struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference"`
}

// technique is a technique with the sub-techniques the rule names.
type technique struct {
	attackRef
	Subtechnique []attackRef `json:"subtechnique"`
}

// exceptionRef points a rule at an exception list. Kibana's import finds
// the list by list_id, type and namespace_type and replaces id with the
// list's own saved-object id, so id only has to be a non-empty string: it
// is the list_id.
type exceptionRef struct {
	ID            string `json:"id"`
	ListID        string `json:"list_id"`
	Type          string `json:"type"`
	NamespaceType string `json:"namespace_type"`
}

// Fixed values of every rule: Kibana's default alerts per run, the version
// Kibana gives a custom rule, the framework Kibana's threat field knows.
const (
	maxSignals      = 100
	ruleVersion     = 1
	attackFramework = "MITRE ATT&CK"
	rosettaTag      = "rosetta"
)

// severities are Kibana's severities by Sigma level; a rule without a level
// is medium, as the deployment profile types it.
var severities = map[string]string{
	"informational": "low", "low": "low", "medium": "medium", "high": "high", "critical": "critical", "": "medium",
}

// ruleConversion writes the Kibana rules of a run into one NDJSON file:
// each rule's query is the query format's, its schedule and risk the
// deployment profile's, its exception list the filter hook's.
type ruleConversion struct {
	query   *render.QueryConversion
	stateOf []*pipeline.Pipeline // the query's pipelines with kibana_index.yml
	profile *deploy.Profile
	lines   []string
	lists   exceptionsConversion
	ruleIDs map[string]string // rule_id -> the file that has it
}

// newRuleConversion wraps the query format's conversion qc; the index
// comes from the backend's pipelines ps with index (kibana_index.yml) and
// the user's.
func newRuleConversion(qc *render.QueryConversion, ps []*pipeline.Pipeline, index *pipeline.Pipeline, user []*pipeline.Pipeline) *ruleConversion {
	state := append(append(append([]*pipeline.Pipeline(nil), ps...), index), user...)
	return &ruleConversion{query: qc, stateOf: state, ruleIDs: map[string]string{}}
}

// UseProfile implements render.Deployer.
func (c *ruleConversion) UseProfile(p *deploy.Profile) { c.profile = p }

// Convert implements render.Conversion: the rule's lines are kept for
// Finish; the file returned, if any, only carries a note.
func (c *ruleConversion) Convert(rule *ir.Rule) ([]render.File, error) {
	out, err := c.query.Convert(rule)
	if err != nil {
		return nil, err
	}
	queries := strings.Split(strings.TrimSuffix(out[0].Text, "\n"), "\n")
	objs, notes, err := c.rules(rule, queries)
	if err != nil {
		return nil, err
	}
	for _, o := range objs {
		line, err := render.CompactJSON(o)
		if err != nil {
			return nil, err
		}
		c.lines = append(c.lines, line)
		c.ruleIDs[o.RuleID] = rule.Path
	}
	if _, err := c.lists.Convert(rule); err != nil {
		return nil, err
	}
	if len(notes) == 0 {
		return nil, nil
	}
	return []render.File{{Rule: rule, Note: strings.Join(notes, "; ")}}, nil
}

// Finish implements render.Conversion: the rules, then the exception lists
// they reference, which Kibana's rules import creates first.
func (c *ruleConversion) Finish() []render.File {
	if len(c.lines) == 0 {
		return nil
	}
	text := strings.Join(c.lines, "\n") + "\n"
	for _, f := range c.lists.Finish() {
		text += f.Text
	}
	return []render.File{{Name: RulesFile, Text: text}}
}

// rules builds the Kibana rules of one Sigma rule, one per query.
func (c *ruleConversion) rules(rule *ir.Rule, queries []string) ([]kibanaRule, []string, error) {
	if c.profile == nil {
		c.profile = deploy.Default()
	}
	s, err := c.profile.For(rule)
	if err != nil {
		return nil, nil, err
	}
	var errs diag.List
	index, err := c.index(rule)
	errs.Append(rule.Pos, err)
	interval, from, to, err := schedule(rule, s.Schedule)
	errs.Append(rule.Pos, err)
	severity, ok := severities[strings.ToLower(rule.Level)]
	if !ok {
		errs.Append(rule.Pos, render.Unsupported(rule.Pos, "level "+rule.Level, "eql", "Kibana's severities are low, medium, high and critical, read from Sigma's levels informational to critical"))
	}
	ids, err := c.ruleIDsOf(rule, len(queries))
	errs.Append(rule.Pos, err)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	threats, notes := threatsOf(rule.Tags)
	list := render.FilterName(rule.Title)
	base := kibanaRule{
		Description: rule.Description, Type: "eql", Language: "eql", Index: index,
		License: rule.License, References: nonNil(rule.References), FalsePositives: nonNil(rule.FalsePositives),
		RiskScore: s.Risk.Score(), Severity: severity, Threat: threats, Tags: tagsOf(rule.Tags),
		Interval: interval, From: from, To: to, Enabled: !s.Disabled, MaxSignals: maxSignals, Version: ruleVersion,
		ExceptionsList: []exceptionRef{{ID: list, ListID: list, Type: "detection", NamespaceType: "single"}},
	}
	if base.Description == "" {
		base.Description = rule.Title
	}
	if rule.Author != "" {
		base.Author = []string{rule.Author}
	}
	out := make([]kibanaRule, len(queries))
	for i, q := range queries {
		r := base
		r.RuleID, r.Query, r.Name = ids[i], q, rule.Title
		if len(queries) > 1 {
			r.Name = fmt.Sprintf("%s (condition %d of %d)", rule.Title, i+1, len(queries))
		}
		out[i] = r
	}
	if len(queries) > 1 {
		notes = append(notes, fmt.Sprintf("%d conditions: one Kibana rule each, rule_id %s-1 to -%d", len(queries), rule.ID, len(queries)))
	}
	return out, notes, nil
}

// ruleIDsOf gives the rule_id of each query: the Sigma id, with "-n" for
// the n-th of several conditions. Kibana identifies a rule by it, so a rule
// without an id, or with one another rule of the run has, is refused.
func (c *ruleConversion) ruleIDsOf(rule *ir.Rule, n int) ([]string, error) {
	if rule.ID == "" {
		return nil, render.Unsupported(rule.Pos, "id", "eql", "a Kibana rule is imported and updated by its rule_id, which is the Sigma id, and the rule has none")
	}
	ids := []string{rule.ID}
	if n > 1 {
		ids = ids[:0]
		for i := range n {
			ids = append(ids, fmt.Sprintf("%s-%d", rule.ID, i+1))
		}
	}
	for _, id := range ids {
		if other, ok := c.ruleIDs[id]; ok {
			return nil, render.Unsupported(rule.Pos, "id "+rule.ID, "eql", "Kibana identifies a rule by its rule_id, and "+other+" already has rule_id "+id)
		}
	}
	return ids, nil
}

// index is the rule's index patterns, from the pipelines' state "index"
// (kibana_index.yml); an empty list leaves them to Kibana's defaults.
func (c *ruleConversion) index(rule *ir.Rule) ([]string, error) {
	res, errs := pipeline.Apply(rule, c.stateOf)
	if len(errs) > 0 {
		return nil, errs
	}
	if _, ok := res.State["index"]; !ok {
		return nil, render.NoTarget(rule, "eql", "Kibana index pattern (set_state index)", "")
	}
	return res.State.Strings("index"), nil
}

// schedule writes a profile schedule in Kibana's terms: interval, the fixed
// time between runs of the cron schedule, and from and to, date math
// relative to the run's start ("now-70m"). Kibana's executor parses both
// with the run's start as now and reads the range between them, so a latest
// of -10m is to "now-10m". Splunk's snap ("@m") has no counterpart and is
// dropped: each run reads the same length of time.
func schedule(rule *ir.Rule, s deploy.Schedule) (interval, from, to string, err error) {
	pos := deploy.AttributePos(rule)
	every, err := deploy.Interval(s.Cron)
	if err != nil {
		return "", "", "", render.Unsupported(pos, fmt.Sprintf("schedule.cron %q", s.Cron), "eql", "a Kibana rule runs at a fixed interval, and this schedule "+err.Error())
	}
	earliest, _ := deploy.Offset(s.Earliest) // checked when the profile and the attribute were read
	latest, _ := deploy.Offset(s.Latest)
	return dateMath(every), relative(earliest), relative(latest), nil
}

// relative writes how long before the run a time lies as date math.
func relative(d time.Duration) string {
	if d == 0 {
		return "now"
	}
	return "now-" + dateMath(d)
}

// dateMathUnits are the units Kibana's interval and date math share, longest first.
var dateMathUnits = []struct {
	unit string
	d    time.Duration
}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}}

// dateMath writes a duration in the longest unit that divides it: 70m, 1h,
// 7d. deploy's offsets and intervals are whole seconds.
func dateMath(d time.Duration) string {
	u := dateMathUnits[len(dateMathUnits)-1]
	for _, l := range dateMathUnits {
		if d%l.d == 0 {
			u = l
			break
		}
	}
	return fmt.Sprintf("%d%s", d/u.d, u.unit)
}

// threatsOf turns the rule's ATT&CK tags into Kibana's threat entries: one
// per tactic the rule tags, in tag order, each technique under those of its
// tactics the rule tags, a sub-technique under its technique. A technique
// none of whose tactics the rule tags goes under all of its own tactics
// (which the entries then gain); tags the ATT&CK table does not hold are
// left out. The notes say what was added or left out.
func threatsOf(tags []string) ([]threat, []string) {
	m := attack.FromTags(tags)
	var notes []string
	if len(m.Unknown) > 0 {
		notes = append(notes, fmt.Sprintf("ATT&CK %s tags not in its table, left out of threat: %s", attack.Version, strings.Join(m.Unknown, ", ")))
	}
	b := threatBuilder{threats: []threat{}, byTactic: map[string]int{}}
	tagged := map[string]bool{} // by id: a retired shortname (defense-evasion) has its successor's id
	for _, t := range m.Tactics {
		b.tactic(t)
		tagged[t.ID] = true
	}
	for _, t := range m.Techniques {
		parent, sub := t, (*attack.Technique)(nil)
		if p := t.Parent(); p != "" {
			pt, ok := attack.LookupTechnique(p)
			if !ok {
				notes = append(notes, fmt.Sprintf("ATT&CK sub-technique %s left out of threat: its technique %s is not in the table", t.ID, p))
				continue
			}
			parent, sub = pt, &t
		}
		under := placement(t, tagged)
		if len(under) == 0 {
			under = t.Tactics
			notes = append(notes, fmt.Sprintf("ATT&CK %s placed under its tactics %s, which the rule does not tag", t.ID, strings.Join(t.Tactics, ", ")))
		}
		for _, short := range under {
			tac, ok := attack.LookupTactic(short)
			if !ok {
				continue
			}
			b.technique(b.tactic(tac), parent, sub)
		}
	}
	return b.threats, notes
}

// placement is the technique's tactics that the rule tags (by id, so that
// a technique of stealth, TA0005, goes under a rule's defense-evasion,
// TA0005 before ATT&CK v19).
func placement(t attack.Technique, tagged map[string]bool) []string {
	var out []string
	for _, short := range t.Tactics {
		if tac, ok := attack.LookupTactic(short); ok && tagged[tac.ID] {
			out = append(out, short)
		}
	}
	return out
}

// threatBuilder collects threat entries without duplicates.
type threatBuilder struct {
	threats  []threat
	byTactic map[string]int
}

// tactic returns the index of the tactic's entry, adding it.
func (b *threatBuilder) tactic(t attack.Tactic) int {
	if i, ok := b.byTactic[t.ID]; ok {
		return i
	}
	b.byTactic[t.ID] = len(b.threats)
	b.threats = append(b.threats, threat{
		Framework: attackFramework,
		Tactic:    attackRef{ID: t.ID, Name: t.Name, Reference: t.URL()},
		Technique: []technique{},
	})
	return len(b.threats) - 1
}

// technique adds the technique (and sub-technique) under the tactic entry i.
func (b *threatBuilder) technique(i int, t attack.Technique, sub *attack.Technique) {
	th := &b.threats[i]
	j := -1
	for k := range th.Technique {
		if th.Technique[k].ID == t.ID {
			j = k
		}
	}
	if j < 0 {
		th.Technique = append(th.Technique, technique{attackRef: attackRef{ID: t.ID, Name: t.Name, Reference: t.URL()}, Subtechnique: []attackRef{}})
		j = len(th.Technique) - 1
	}
	if sub == nil {
		return
	}
	for _, s := range th.Technique[j].Subtechnique {
		if s.ID == sub.ID {
			return
		}
	}
	th.Technique[j].Subtechnique = append(th.Technique[j].Subtechnique, attackRef{ID: sub.ID, Name: sub.Name, Reference: sub.URL()})
}

// tagsOf is the rule's tags and "rosetta", which marks the rules rosetta
// installed.
func tagsOf(tags []string) []string {
	out := append([]string{}, tags...)
	for _, t := range tags {
		if t == rosettaTag {
			return out
		}
	}
	return append(out, rosettaTag)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
