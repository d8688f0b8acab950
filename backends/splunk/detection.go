package splunk

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/attack"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// detection is one rule on its way to correlation-search stanzas: its
// resolved settings, its searches (one per condition) and the fields their
// results carry.
type detection struct {
	rule     *ir.Rule
	settings *deploy.Settings
	queries  []string
	fields   []string // what each result of the search carries
	embedded bool     // the settings come from the embedded profile
	profile  string   // the profile's path, for messages
	notes    []string
}

// outputs reports whether the search's results carry field.
func (d *detection) outputs(field string) bool {
	for _, f := range d.fields {
		if f == field {
			return true
		}
	}
	return false
}

// fit checks that every field the settings name (notable fields, risk
// objects, $tokens$ of the risk message and of the notable's title and
// description) is one the search outputs, and that the values Splunk reads
// are ones it accepts. A field the rule's "rosetta:" attribute or a
// --profile names is refused at its position; a field only the embedded
// profile's defaults name is left out (a note says so), since those are
// written for the usual user and dest and no risk object may be one no
// result fills: with no risk object left, the search adds no risk.
func (d *detection) fit() error {
	var errs diag.List
	var dropped []string // what the embedded profile names that the search cannot fill
	s := d.settings
	if s.Notable.Enabled {
		var out []string
		s.Notable.Fields, out = keepItems(d, s.Notable.Fields, func(f string) string { return f },
			[]string{"notable", "fields"}, "notable field", &errs)
		if len(out) > 0 {
			dropped = append(dropped, "notable fields "+strings.Join(out, ", "))
		}
		if dom := s.Notable.SecurityDomain; dom != "" && !securityDomains[dom] {
			pos, _ := d.attrPos("notable", "security_domain")
			errs = append(errs, render.Unsupported(pos, fmt.Sprintf("security domain %q", dom), appTarget,
				"Enterprise Security's notable events have the domains "+strings.Join(sortedSet(securityDomains), ", ")))
		}
	}
	if s.Risk.Enabled {
		var out []string
		s.Risk.Objects, out = keepItems(d, s.Risk.Objects, func(o deploy.RiskObject) string { return o.Field },
			[]string{"risk", "objects"}, "risk object field", &errs)
		if len(out) > 0 {
			dropped = append(dropped, "risk objects "+strings.Join(out, ", "))
		}
	}
	if len(dropped) > 0 {
		note := "splunk app: left out the embedded profile's " + strings.Join(dropped, " and ") + ": no result of the search carries them"
		if s.Risk.Enabled && len(s.Risk.Objects) == 0 {
			s.Risk.Enabled = false
			note += "; the search adds no risk"
		}
		d.notes = append(d.notes, note)
	}
	if w := s.Schedule.Window; w != "auto" && !isWholeNumber(w) {
		pos, _ := d.attrPos("schedule", "window")
		errs = append(errs, render.Unsupported(pos, fmt.Sprintf("schedule window %q", w), appTarget,
			"Splunk's schedule_window is auto or a whole number of minutes"))
	}
	d.checkTokens(&errs)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// keepItems keeps the items whose field the search outputs. An item only
// the embedded profile names is dropped (its field is returned); one the
// rule's attribute or a --profile names is an error at its position under
// the attribute (path, then the item).
func keepItems[T any](d *detection, items []T, field func(T) string, path []string, what string, errs *diag.List) (kept []T, dropped []string) {
	for _, it := range items {
		f := field(it)
		if d.outputs(f) {
			kept = append(kept, it)
			continue
		}
		pos, own := d.attrPos(append(append([]string(nil), path...), "="+f)...)
		if own || !d.embedded {
			*errs = append(*errs, render.Unsupported(pos, fmt.Sprintf("%s %q", what, f), appTarget, d.notOutput(own)))
			continue
		}
		dropped = append(dropped, f)
	}
	return kept, dropped
}

// notOutput is the reason a field named in the rule's attribute (own) or
// in the profile is refused.
func (d *detection) notOutput(own bool) string {
	where := "the rule's " + deploy.Attribute + " attribute"
	if !own {
		where = "profile " + d.profile
	}
	return d.notCarried() + " (named in " + where + ")"
}

func (d *detection) notCarried() string {
	return fmt.Sprintf("the search's results do not carry it (they carry %s), so Enterprise Security could never fill it",
		strings.Join(d.fields, ", "))
}

// token is a $field$ of a risk message or notable title: Splunk fills it
// from the result's field.
var token = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_.]*)\$`)

// checkTokens refuses a $field$ token the results do not carry, in the risk
// message and the notable's title and description as the stanza writes
// them.
func (d *detection) checkTokens(errs *diag.List) {
	s := d.settings
	texts := []struct {
		on         bool
		text, what string
		path       []string
	}{
		{s.Risk.Enabled, s.Risk.Message, "risk message", []string{"risk", "message"}},
		{s.Notable.Enabled, d.expand(s.Notable.Title), "notable title", []string{"notable", "title"}},
		{s.Notable.Enabled, d.expand(s.Notable.Description), "notable description", []string{"notable", "description"}},
	}
	for _, t := range texts {
		if !t.on {
			continue
		}
		for _, m := range token.FindAllStringSubmatch(t.text, -1) {
			if !d.outputs(m[1]) {
				pos, _ := d.attrPos(t.path...)
				*errs = append(*errs, render.Unsupported(pos, fmt.Sprintf("%s token %s", t.what, m[0]), appTarget, d.notCarried()))
			}
		}
	}
}

// attrPos is the position of the value at path under the rule's
// "rosetta:" attribute (a path step "=x" is the item of a list that is x or
// has field x) and whether the attribute sets it; else the attribute's or
// the rule's position.
func (d *detection) attrPos(path ...string) (diag.Pos, bool) {
	n := d.rule.CustomYAML[deploy.Attribute]
	pos := deploy.AttributePos(d.rule)
	if n == nil {
		return pos, false
	}
	for _, step := range path {
		next := n
		found := false
		if want, ok := strings.CutPrefix(step, "="); ok {
			for _, item := range n.Content {
				if item.Value == want {
					next, found = item, true
					break
				}
				for i := 0; i+1 < len(item.Content); i += 2 {
					if item.Content[i].Value == "field" && item.Content[i+1].Value == want {
						next, found = item.Content[i+1], true
					}
				}
				if found {
					break
				}
			}
		} else {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == step {
					next, found = n.Content[i+1], true
					break
				}
			}
		}
		if !found {
			return pos, false
		}
		n = next
		pos = diag.Pos{File: d.rule.Path, Line: n.Line, Col: n.Column}
	}
	return pos, true
}

// ruleVars are the %name% placeholders of the notable's title and
// description, filled from the rule as ES Content Update's build fills them
// from the detection.
var ruleVars = map[string]func(*ir.Rule) string{
	"name":        func(r *ir.Rule) string { return r.Title },
	"description": func(r *ir.Rule) string { return description(r) },
	"id":          func(r *ir.Rule) string { return r.ID },
	"level":       func(r *ir.Rule) string { return r.Level },
	"author":      func(r *ir.Rule) string { return r.Author },
}

var ruleVar = regexp.MustCompile(`%([a-z_]+)%`)

// expand fills the %name% placeholders; an unknown one stays as written.
func (d *detection) expand(s string) string {
	return ruleVar.ReplaceAllStringFunc(s, func(m string) string {
		if f, ok := ruleVars[m[1:len(m)-1]]; ok {
			return f(d.rule)
		}
		return m
	})
}

// description is the rule's description with each line's trailing blanks
// cut, or its title when it has none.
func description(r *ir.Rule) string {
	lines := strings.Split(strings.TrimSpace(r.Description), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	if s := strings.Join(lines, "\n"); s != "" {
		return s
	}
	return r.Title
}

// securityDomains are Enterprise Security's notable event domains.
var securityDomains = map[string]bool{"access": true, "endpoint": true, "network": true, "threat": true, "identity": true, "audit": true}

// domainRules choose the security domain of a rule whose settings name
// none, first match wins: network telemetry is network, the other logs of a
// host are endpoint, sign-ins to an identity provider are access, and the
// rest (cloud and application audit logs) threat.
var domainRules = []struct {
	domain string
	match  func(ir.Logsource) bool
}{
	{"network", func(ls ir.Logsource) bool {
		return in(ls.Category, "network_connection", "firewall", "dns", "dns_query", "proxy", "webserver") || ls.Product == "zeek"
	}},
	{"endpoint", func(ls ir.Logsource) bool { return in(ls.Product, "windows", "linux", "macos") }},
	{"access", func(ls ir.Logsource) bool { return in(ls.Product, "okta", "onelogin") || ls.Service == "signinlogs" }},
	{"threat", func(ir.Logsource) bool { return true }},
}

func securityDomain(s *deploy.Settings, ls ir.Logsource) string {
	if s.Notable.SecurityDomain != "" {
		return s.Notable.SecurityDomain
	}
	for _, r := range domainRules {
		if r.match(ls) {
			return r.domain
		}
	}
	return ""
}

func in(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// severities are the notable severities of Sigma's levels; a rule without
// a level is medium, as the profile types it.
var severities = map[string]string{"informational": "informational", "low": "low", "medium": "medium", "high": "high", "critical": "critical"}

func severity(level string) string {
	if s, ok := severities[strings.ToLower(level)]; ok {
		return s
	}
	return "medium"
}

// stanzas are the rule's correlation searches: one per query, the second
// and later of a rule with several conditions named "(condition N of M)".
func (d *detection) stanzas() ([]confStanza, error) {
	annotations, err := d.annotations()
	if err != nil {
		return nil, err
	}
	var out []confStanza
	for i, q := range d.queries {
		title := d.rule.Title
		if len(d.queries) > 1 {
			title = fmt.Sprintf("%s (condition %d of %d)", title, i+1, len(d.queries))
		}
		s, err := d.stanza(stanzaPrefix+" - "+title+" - Rule", q, annotations)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// stanza is one correlation search with the keys ES Content Update's
// stanzas carry (savedsearches.conf.spec; ES alert actions notable and
// risk), except its own "action.escu.*" alert action.
func (d *detection) stanza(name, query, annotations string) (confStanza, error) {
	s := d.settings
	st := confStanza{name: name, comment: attribution(d.rule)}
	st.set("description", description(d.rule))
	st.set("search", query)
	st.set("cron_schedule", s.Schedule.Cron)
	st.set("dispatch.earliest_time", s.Schedule.Earliest)
	st.set("dispatch.latest_time", s.Schedule.Latest)
	st.set("schedule_window", s.Schedule.Window)
	st.set("enableSched", "1")
	st.set("disabled", strconv.FormatBool(s.Disabled))
	st.set("is_visible", "false")
	st.set("alert.digest_mode", "1")
	st.set("allow_skew", "100%")
	st.set("counttype", "number of events")
	st.set("relation", "greater than")
	st.set("quantity", "0")
	st.set("realtime_schedule", "0")
	st.set("action.correlationsearch.enabled", "1")
	st.set("action.correlationsearch.label", name)
	st.set("action.correlationsearch.annotations", annotations)
	if d.rule.ID != "" {
		deprecated := "0"
		if d.rule.Status == "deprecated" {
			deprecated = "1"
		}
		meta, err := render.CompactJSON(map[string]string{"detection_id": d.rule.ID, "deprecated": deprecated})
		if err != nil {
			return st, err
		}
		st.set("action.correlationsearch.metadata", meta)
	}
	d.notable(&st)
	return st, d.risk(&st)
}

// notable sets the notable event action (a TTP's).
func (d *detection) notable(st *confStanza) {
	n := d.settings.Notable
	if !n.Enabled {
		st.set("action.notable", "0")
		return
	}
	st.set("action.notable", "1")
	st.set("action.notable.param.rule_title", d.expand(n.Title))
	st.set("action.notable.param.rule_description", d.expand(n.Description))
	if len(n.Fields) > 0 {
		st.set("action.notable.param.nes_fields", strings.Join(n.Fields, ","))
	}
	st.set("action.notable.param.security_domain", securityDomain(d.settings, d.rule.Logsource))
	st.set("action.notable.param.severity", severity(d.rule.Level))
}

// riskEntry is one object of action.risk.param._risk, in ESCU's key order.
type riskEntry struct {
	Field string `json:"risk_object_field"`
	Type  string `json:"risk_object_type"`
	Score int    `json:"risk_score"`
}

// risk sets the risk action (a TTP's and an Anomaly's): each object gets
// the detection's score.
func (d *detection) risk(st *confStanza) error {
	r := d.settings.Risk
	if !r.Enabled {
		st.set("action.risk", "0")
		return nil
	}
	var entries []riskEntry
	for _, o := range r.Objects {
		entries = append(entries, riskEntry{o.Field, o.Type, r.Score()})
	}
	objects, err := render.CompactJSON(entries)
	if err != nil {
		return err
	}
	st.set("action.risk", "1")
	st.set("action.risk.param._risk_message", r.Message)
	st.set("action.risk.param._risk", objects)
	st.set("action.risk.param._risk_score", "0")
	st.set("action.risk.param.verbose", "0")
	return nil
}

// annotations are ES's annotations of the search: the ATT&CK techniques of
// the rule's tags (a tag the table does not know is left out, with a
// note), its analytic stories, the risk's confidence and impact.
func (d *detection) annotations() (string, error) {
	m := attack.FromTags(d.rule.Tags)
	a := map[string]any{
		"confidence": d.settings.Risk.Confidence,
		"impact":     d.settings.Risk.Impact,
	}
	if len(d.settings.AnalyticStories) > 0 {
		a["analytic_story"] = d.settings.AnalyticStories
	}
	var ids []string
	for _, t := range m.Techniques {
		ids = append(ids, t.ID)
	}
	if len(ids) > 0 {
		a["mitre_attack"] = ids
	}
	if len(m.Unknown) > 0 {
		d.notes = append(d.notes, fmt.Sprintf("splunk app: ATT&CK tags %s are not in the ATT&CK %s table; left out of the annotations", strings.Join(m.Unknown, ", "), attack.Version))
	}
	return render.CompactJSON(a)
}

func isWholeNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

func sortedSet(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// attribution names the Sigma rule a stanza comes from and its author, as
// the licence of the public rules asks of output that shows a rule.
func attribution(rule *ir.Rule) string {
	out := "Sigma rule " + render.BaseName(rule.Path)
	if rule.ID != "" {
		out += " (" + rule.ID + ")"
	}
	if rule.Author != "" {
		out += " by " + rule.Author
	}
	return out
}
