// Package deploy resolves the deployment settings of a rule: how often the
// SIEM runs its query, over which time range, whether it starts disabled,
// and what it raises when it fires (a notable event, risk on users and
// hosts). The settings come from a profile (YAML: defaults, then per
// detection type; rosetta embeds one and --profile replaces it) and from the
// rule's own custom attribute "rosetta:", which the Sigma specification
// allows as a top-level custom attribute. The deployment formats of the
// backends (Splunk app, Kibana rule, Sentinel analytic rule) read them.
package deploy

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Attribute is the name of the rule's custom attribute that holds its own
// deployment settings.
const Attribute = "rosetta"

//go:embed profile.yml
var defaultProfile []byte

// DefaultPath is the name the embedded profile's positions carry.
const DefaultPath = "rosetta:profile.yml"

// Settings are the resolved deployment settings of one rule.
type Settings struct {
	Type            string   // detection type: TTP, Anomaly, Hunting or one the profile defines
	Disabled        bool     // the detection is installed disabled
	Schedule        Schedule // when it runs and over which events
	Notable         Notable  // the notable event (Splunk ES) it raises
	Risk            Risk     // the risk it adds to users and hosts
	AnalyticStories []string // Splunk analytic stories the detection belongs to
}

// Schedule says when a detection runs and which events each run reads.
type Schedule struct {
	Cron     string // five-field cron expression
	Earliest string // Splunk relative time the range starts at, "-70m@m"
	Latest   string // Splunk relative time the range ends at, "-10m@m" or "now"
	Window   string // Splunk schedule_window: "auto", "0" or minutes
}

// Notable is the notable event a detection raises.
type Notable struct {
	Enabled        bool
	Title          string   // rule title template, "%name%"
	Description    string   // rule description template, "%description%"
	Fields         []string // the fields the analyst sees first
	SecurityDomain string   // endpoint, network, access, identity, threat, audit; empty: chosen per log source
}

// Risk is the risk a detection adds to the objects it names.
type Risk struct {
	Enabled    bool
	Message    string // with $field$ tokens; the rule's title when empty
	Impact     int    // 0-100
	Confidence int    // 0-100
	Objects    []RiskObject
}

// Score is Splunk's risk score of a detection: impact times confidence over
// 100 (80 and 80 give 64).
func (r Risk) Score() int { return r.Impact * r.Confidence / 100 }

// RiskObject is one field of the results that names a risk object.
type RiskObject struct {
	Field string `yaml:"field"`
	Type  string `yaml:"type"` // user, system or other
}

// riskObjectTypes are the risk object types Splunk ES knows.
var riskObjectTypes = map[string]bool{"user": true, "system": true, "other": true}

// Profile is a deployment profile: settings for every rule, per detection
// type, and the detection type of each Sigma level.
type Profile struct {
	Path        string
	TypeByLevel map[string]string
	defaults    layer
	types       map[string]layer
	typeNames   []string
}

// Default returns the embedded profile, parsed once: a profile is only read
// after Parse, so every conversion may share it.
func Default() *Profile { return defaultParsed() }

var defaultParsed = sync.OnceValue(func() *Profile {
	p, errs := Parse(DefaultPath, defaultProfile)
	if len(errs) > 0 {
		panic("deploy: embedded profile: " + errs.Error())
	}
	return p
})

// DefaultText is the YAML of the embedded profile.
func DefaultText() []byte { return append([]byte(nil), defaultProfile...) }

// profileKeys are the top-level keys of a profile.
var profileKeys = []string{"type_by_level", "defaults", "types"}

// sigmaLevels are the levels type_by_level may name.
var sigmaLevels = []string{"informational", "low", "medium", "high", "critical"}

// Parse reads a profile from data; path names it in positions.
func Parse(path string, data []byte) (*Profile, diag.List) {
	r := reader{path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		r.errs.Add(diag.Pos{File: path, Line: 1, Col: 1}, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, r.errs
	}
	p := &Profile{Path: path, TypeByLevel: map[string]string{}, types: map[string]layer{}}
	if len(doc.Content) == 0 {
		r.errs.Add(diag.Pos{File: path, Line: 1, Col: 1}, "empty profile: it needs %s", strings.Join(profileKeys, ", "))
		return nil, r.errs
	}
	root := doc.Content[0]
	if !r.mapping(root, profileKeys, "profile") {
		return nil, r.errs
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "type_by_level":
			if r.mapping(v, sigmaLevels, "type_by_level") {
				for j := 0; j+1 < len(v.Content); j += 2 {
					p.TypeByLevel[v.Content[j].Value] = r.str(v.Content[j+1], "type_by_level."+v.Content[j].Value)
				}
			}
		case "defaults":
			p.defaults = r.layer(v, "defaults")
		case "types":
			if r.mapping(v, nil, "types") {
				for j := 0; j+1 < len(v.Content); j += 2 {
					name := v.Content[j].Value
					p.types[name] = r.layer(v.Content[j+1], "types."+name)
					p.typeNames = append(p.typeNames, name)
				}
			}
		}
	}
	for level, t := range p.TypeByLevel {
		if _, ok := p.types[t]; !ok && t != "" {
			r.errs.Add(r.pos(root), "type_by_level.%s: unknown detection type %q (types: %s)", level, t, strings.Join(p.typeNames, ", "))
		}
	}
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	return p, nil
}

// For resolves the settings of rule: the profile's defaults, then its
// detection type's, then the rule's own "rosetta:" attribute. Problems in
// the attribute are positioned in the rule's file.
func (p *Profile) For(rule *ir.Rule) (*Settings, error) {
	r := reader{path: rule.Path}
	var own layer
	if n := rule.CustomYAML[Attribute]; n != nil {
		own = r.layer(n, Attribute)
	}
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	typ := p.TypeByLevel[strings.ToLower(rule.Level)]
	if own.Type != nil {
		typ = *own.Type
	}
	if typ == "" {
		typ = p.TypeByLevel["medium"]
	}
	tl, ok := p.types[typ]
	if !ok {
		pos := rule.Pos
		if own.Type != nil {
			pos = own.typePos
		}
		return nil, diag.List{diag.Errorf(pos, "%s.type: unknown detection type %q (profile %s has %s)", Attribute, typ, p.Path, strings.Join(p.typeNames, ", "))}
	}
	s := &Settings{Type: typ}
	for _, l := range []layer{p.defaults, tl, own} {
		l.apply(s)
	}
	if s.Risk.Message == "" {
		s.Risk.Message = rule.Title
	}
	if err := s.check(rule, p); err != nil {
		return nil, err
	}
	return s, nil
}

// AttributePos is the position of the rule's "rosetta:" attribute, where a
// problem with its resolved settings is reported (they may come from
// several layers), or the rule's own when it has none.
func AttributePos(rule *ir.Rule) diag.Pos {
	if n := rule.CustomYAML[Attribute]; n != nil {
		return diag.Pos{File: rule.Path, Line: n.Line, Col: n.Column}
	}
	return rule.Pos
}

// check reports settings that no SIEM accepts, at the rule's attribute
// (or the rule) since they may come from several layers.
func (s *Settings) check(rule *ir.Rule, p *Profile) error {
	pos := AttributePos(rule)
	var errs diag.List
	earliest, _ := Offset(s.Schedule.Earliest) // read and checked with its layer
	latest, _ := Offset(s.Schedule.Latest)
	if earliest <= latest {
		errs.Add(pos, "schedule: earliest %q is not before latest %q", s.Schedule.Earliest, s.Schedule.Latest)
	}
	if s.Risk.Enabled && len(s.Risk.Objects) == 0 {
		errs.Add(pos, "risk: enabled with no objects (profile %s, type %s)", p.Path, s.Type)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// layer is one level of settings; nil fields are not set at that level.
type layer struct {
	Type     *string
	typePos  diag.Pos
	Disabled *bool
	Cron     *string
	Earliest *string
	Latest   *string
	Window   *string
	Notable  struct {
		Enabled                            *bool
		Title, Description, SecurityDomain *string
		Fields                             *[]string
	}
	Risk struct {
		Enabled            *bool
		Message            *string
		Impact, Confidence *int
		Objects            *[]RiskObject
	}
	Stories *[]string
}

func (l layer) apply(s *Settings) {
	set(&s.Type, l.Type)
	set(&s.Disabled, l.Disabled)
	set(&s.Schedule.Cron, l.Cron)
	set(&s.Schedule.Earliest, l.Earliest)
	set(&s.Schedule.Latest, l.Latest)
	set(&s.Schedule.Window, l.Window)
	set(&s.Notable.Enabled, l.Notable.Enabled)
	set(&s.Notable.Title, l.Notable.Title)
	set(&s.Notable.Description, l.Notable.Description)
	set(&s.Notable.SecurityDomain, l.Notable.SecurityDomain)
	set(&s.Notable.Fields, l.Notable.Fields)
	set(&s.Risk.Enabled, l.Risk.Enabled)
	set(&s.Risk.Message, l.Risk.Message)
	set(&s.Risk.Impact, l.Risk.Impact)
	set(&s.Risk.Confidence, l.Risk.Confidence)
	set(&s.Risk.Objects, l.Risk.Objects)
	set(&s.AnalyticStories, l.Stories)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// settingKeys are the keys of a settings layer and of its mappings.
var settingKeys = map[string][]string{
	"":         {"type", "disabled", "schedule", "notable", "risk", "analytic_stories"},
	"schedule": {"cron", "earliest", "latest", "window"},
	"notable":  {"enabled", "title", "description", "fields", "security_domain"},
	"risk":     {"enabled", "message", "impact", "confidence", "objects"},
	"object":   {"field", "type"},
}

// reader decodes profile and attribute YAML, collecting positioned
// problems.
type reader struct {
	path string
	errs diag.List
}

func (r *reader) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: r.path, Line: n.Line, Col: n.Column}
}

// mapping reports whether n is a mapping whose keys are all in allowed (any
// key when allowed is nil), adding a problem for each that is not.
func (r *reader) mapping(n *yaml.Node, allowed []string, where string) bool {
	if n.Kind != yaml.MappingNode {
		r.errs.Add(r.pos(n), "%s: must be a mapping", where)
		return false
	}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if allowed != nil && !contains(allowed, k.Value) {
			r.errs.Add(r.pos(k), "%s: unknown key %q (known: %s)", where, k.Value, strings.Join(allowed, ", "))
			ok = false
		}
	}
	return ok
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (r *reader) str(n *yaml.Node, where string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.errs.Add(r.pos(n), "%s: must be a string", where)
		return ""
	}
	return n.Value
}

func (r *reader) strp(n *yaml.Node, where string) *string {
	s := r.str(n, where)
	return &s
}

// cronp reads a cron expression: five fields. Whether it repeats at a fixed
// interval matters only to the formats that schedule by interval, which
// check it themselves (Interval).
func (r *reader) cronp(n *yaml.Node, where string) *string {
	s := r.strp(n, where)
	if f := strings.Fields(*s); len(f) != 5 && n.Kind == yaml.ScalarNode {
		r.errs.Add(r.pos(n), "%s: a cron schedule has 5 fields (minute hour day month weekday), not %d", where, len(f))
	}
	return s
}

// offsetp reads a Splunk relative time.
func (r *reader) offsetp(n *yaml.Node, where string) *string {
	s := r.strp(n, where)
	if _, err := Offset(*s); err != nil && n.Kind == yaml.ScalarNode {
		r.errs.Add(r.pos(n), "%s: %v", where, err)
	}
	return s
}

func (r *reader) boolp(n *yaml.Node, where string) *bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		r.errs.Add(r.pos(n), "%s: must be true or false", where)
	}
	return &b
}

// percentp reads a whole number from 0 to 100.
func (r *reader) percentp(n *yaml.Node, where string) *int {
	var v int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil || v < 0 || v > 100 {
		r.errs.Add(r.pos(n), "%s: must be a whole number from 0 to 100", where)
	}
	return &v
}

func (r *reader) stringsp(n *yaml.Node, where string) *[]string {
	var out []string
	if n.Kind != yaml.SequenceNode {
		r.errs.Add(r.pos(n), "%s: must be a list of strings", where)
		return &out
	}
	for _, item := range n.Content {
		out = append(out, r.str(item, where+"[]"))
	}
	return &out
}

func (r *reader) objectsp(n *yaml.Node, where string) *[]RiskObject {
	var out []RiskObject
	if n.Kind != yaml.SequenceNode {
		r.errs.Add(r.pos(n), "%s: must be a list of {field, type}", where)
		return &out
	}
	for _, item := range n.Content {
		if !r.mapping(item, settingKeys["object"], where+"[]") {
			continue
		}
		var o RiskObject
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i].Value, item.Content[i+1]
			val := r.str(v, where+"[]."+k)
			switch k {
			case "field":
				o.Field = val
			case "type":
				if !riskObjectTypes[val] {
					r.errs.Add(r.pos(v), "%s[].type: %q is not a risk object type (%s)", where, val, strings.Join(sortedKeys(riskObjectTypes), ", "))
				}
				o.Type = val
			}
		}
		if o.Field == "" || o.Type == "" {
			r.errs.Add(r.pos(item), "%s[]: needs both field and type", where)
		}
		out = append(out, o)
	}
	return &out
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// layer decodes one level of settings.
func (r *reader) layer(n *yaml.Node, where string) layer {
	var l layer
	if !r.mapping(n, settingKeys[""], where) {
		return l
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		at := where + "." + k
		switch k {
		case "type":
			l.Type, l.typePos = r.strp(v, at), r.pos(v)
		case "disabled":
			l.Disabled = r.boolp(v, at)
		case "analytic_stories":
			l.Stories = r.stringsp(v, at)
		case "schedule":
			r.each(v, k, at, map[string]func(*yaml.Node, string){
				"cron":     func(v *yaml.Node, at string) { l.Cron = r.cronp(v, at) },
				"earliest": func(v *yaml.Node, at string) { l.Earliest = r.offsetp(v, at) },
				"latest":   func(v *yaml.Node, at string) { l.Latest = r.offsetp(v, at) },
				"window":   func(v *yaml.Node, at string) { l.Window = r.strp(v, at) },
			})
		case "notable":
			r.each(v, k, at, map[string]func(*yaml.Node, string){
				"enabled":         func(v *yaml.Node, at string) { l.Notable.Enabled = r.boolp(v, at) },
				"title":           func(v *yaml.Node, at string) { l.Notable.Title = r.strp(v, at) },
				"description":     func(v *yaml.Node, at string) { l.Notable.Description = r.strp(v, at) },
				"security_domain": func(v *yaml.Node, at string) { l.Notable.SecurityDomain = r.strp(v, at) },
				"fields":          func(v *yaml.Node, at string) { l.Notable.Fields = r.stringsp(v, at) },
			})
		case "risk":
			r.each(v, k, at, map[string]func(*yaml.Node, string){
				"enabled":    func(v *yaml.Node, at string) { l.Risk.Enabled = r.boolp(v, at) },
				"message":    func(v *yaml.Node, at string) { l.Risk.Message = r.strp(v, at) },
				"impact":     func(v *yaml.Node, at string) { l.Risk.Impact = r.percentp(v, at) },
				"confidence": func(v *yaml.Node, at string) { l.Risk.Confidence = r.percentp(v, at) },
				"objects":    func(v *yaml.Node, at string) { l.Risk.Objects = r.objectsp(v, at) },
			})
		}
	}
	return l
}

// each checks that n is a mapping with the keys of settingKeys[section] and
// hands each value to its reader.
func (r *reader) each(n *yaml.Node, section, where string, read map[string]func(*yaml.Node, string)) {
	if !r.mapping(n, settingKeys[section], where) {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		read[k](n.Content[i+1], where+"."+k)
	}
}

// String renders settings for messages and tests.
func (s *Settings) String() string {
	return fmt.Sprintf("%s disabled=%v cron=%q %s..%s window=%s notable=%v risk=%v(%d)",
		s.Type, s.Disabled, s.Schedule.Cron, s.Schedule.Earliest, s.Schedule.Latest, s.Schedule.Window,
		s.Notable.Enabled, s.Risk.Enabled, s.Risk.Score())
}
