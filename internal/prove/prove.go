// Package prove checks translations: it converts a rule with a backend,
// compiles the emitted query text with the independent evaluator of its
// language, runs it on sample events shaped by the matching ingest model,
// and compares each verdict with the rule's own (Sigma semantics on the raw
// event) and with the sample's label.
package prove

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/eval"
	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// Target is one query format of one backend, with the language its text is
// in and the ingest model that shapes events the way that SIEM stores them.
type Target struct {
	Backend string // backends.Lookup name
	Format  string // the backend's format
	Lang    string // eval language
	Model   string // event.ModelByName name
	Macros  string // for SPL: the format that gives the macros.conf the query calls
}

// String names the target as "backend/format".
func (t Target) String() string { return t.Backend + "/" + t.Format }

// Targets are the query formats rosetta proves.
var Targets = []Target{
	{Backend: "splunk", Format: "tstats", Lang: "spl", Model: "cim", Macros: "macros"},
	{Backend: "splunk", Format: "search", Lang: "spl", Model: "splunk", Macros: "macros"},
	{Backend: "kql", Format: "defender", Lang: "kql", Model: "defender"},
	{Backend: "kql", Format: "sentinel", Lang: "kql", Model: "sentinel"},
	{Backend: "eql", Format: "query", Lang: "eql", Model: "ecs"},
}

// Sample is one raw event to check a rule on. Expect is the label of a
// hand-written sample ("must match" or "must not match"); nil for generated
// ones.
type Sample struct {
	Note   string
	Expect *bool
	Event  event.Event
}

// Disagreement is the first sample on which a translation and the rule
// differ.
type Disagreement struct {
	Sample      Sample
	Reference   bool        // the rule's verdict on the raw event
	Translation bool        // the query's verdict on the shaped event
	Shaped      event.Event // the event as the target stores it (nil when it has no such record)
}

// Result is the check of one rule condition on one target.
type Result struct {
	Rule        *ir.Rule
	Condition   int // index of the condition in the rule
	Target      Target
	Query       string        // the emitted query text
	Err         error         // the rule does not convert (a positioned diagnostic), or the query does not compile
	Compiled    bool          // the query text compiled: Err is a conversion error otherwise
	Events      int           // samples run
	Agreeing    int           // samples on which query and rule agree
	Undecided   int           // of those, samples whose verdict depends on how non-ASCII letters fold, which Sigma leaves open
	OutOfDomain int           // samples left out: no SIEM holds such an event (see pathFields)
	First       *Disagreement // the first disagreement, if any
	Mislabels   []Sample      // samples whose label the rule itself contradicts
}

// OK reports whether every sample agreed and every label held.
func (r *Result) OK() bool { return r.Err == nil && r.First == nil && len(r.Mislabels) == 0 }

// Checker converts and evaluates; it keeps one conversion per target.
type Checker struct {
	user  []*pipeline.Pipeline
	conv  map[string]render.Conversion
	model map[string]event.Model
}

// NewChecker prepares conversions for every target with the user's
// pipelines added to each backend's own.
func NewChecker(user []*pipeline.Pipeline) (*Checker, error) {
	c := &Checker{user: user, conv: map[string]render.Conversion{}, model: map[string]event.Model{}}
	for _, t := range Targets {
		b, ok := backends.Lookup(t.Backend)
		if !ok {
			return nil, fmt.Errorf("prove: no backend %q", t.Backend)
		}
		q, err := b.NewConversion(t.Format, user)
		if err != nil {
			return nil, err
		}
		c.conv[t.String()] = q
		m, ok := event.ModelByName(t.Model)
		if !ok {
			return nil, fmt.Errorf("prove: no ingest model %q", t.Model)
		}
		c.model[t.String()] = m
	}
	return c, nil
}

// macros returns the batch output of the target's macros format for one
// rule: the macros.conf its query calls.
func (c *Checker) macros(t Target, rule *ir.Rule) (string, error) {
	if t.Macros == "" {
		return "", nil
	}
	b, _ := backends.Lookup(t.Backend)
	conv, err := b.NewConversion(t.Macros, c.user)
	if err != nil {
		return "", err
	}
	if _, err := conv.Convert(rule); err != nil {
		return "", err
	}
	var text strings.Builder
	for _, f := range conv.Finish() {
		text.WriteString(f.Text)
	}
	return text.String(), nil
}

// Resolve returns the rule with its expand placeholders resolved by the
// user's pipelines (value_placeholders, wildcard_placeholders), as every
// conversion resolves them: the rule the reference verdict and the
// generated events are about.
func (c *Checker) Resolve(rule *ir.Rule) (*ir.Rule, error) {
	if !hasPlaceholders(rule) {
		return rule, nil
	}
	out, errs := pipeline.ExpandPlaceholders(rule, c.user)
	if len(errs) > 0 {
		return rule, errs
	}
	return out, nil
}

// hasPlaceholders reports whether a condition of the rule holds a value
// with an expand placeholder.
func hasPlaceholders(rule *ir.Rule) bool {
	found := false
	for _, c := range rule.Conditions {
		ir.WalkLeaves(c, func(m *ir.Match, _ bool) {
			found = found || len(m.Pattern.Placeholders()) > 0
		})
	}
	return found
}

// Check runs every condition of the rule on the target over the samples;
// placeholders are resolved first (see Resolve).
func (c *Checker) Check(rule *ir.Rule, t Target, samples []Sample) []*Result {
	var out []*Result
	if resolved, err := c.Resolve(rule); err == nil {
		rule = resolved
	}
	for i, cond := range rule.Conditions {
		out = append(out, c.checkCondition(rule, i, cond, t, samples))
	}
	return out
}

func (c *Checker) checkCondition(rule *ir.Rule, i int, cond ir.Expr, t Target, samples []Sample) *Result {
	res := &Result{Rule: rule, Condition: i, Target: t}
	one := *rule
	one.Conditions = []ir.Expr{cond}
	files, err := c.conv[t.String()].Convert(&one)
	if err != nil {
		res.Err = err
		return res
	}
	res.Query = strings.TrimSuffix(files[0].Text, "\n")
	macros, err := c.macros(t, &one)
	if err != nil {
		res.Err = err
		return res
	}
	q, err := eval.Compile(t.Lang, res.Query, eval.Options{Macros: macros})
	if err != nil {
		res.Err = fmt.Errorf("%s: the emitted query does not compile: %w", t, err)
		return res
	}
	res.Compiled = true
	ref, err := match.Compile(cond)
	if err != nil {
		res.Err = err
		return res
	}
	refUnicode, err := match.CompileFold(cond, match.FoldUnicode)
	if err != nil {
		res.Err = err
		return res
	}
	model := c.model[t.String()]
	fields := conditionFields(cond)
	for _, s := range samples {
		if !inDomain(s.Event) {
			res.OutOfDomain++
			continue
		}
		res.Events++
		want := ref.Match(s.Event)
		if s.Expect != nil && *s.Expect != want {
			res.Mislabels = append(res.Mislabels, s)
		}
		shaped, stored := model.Shape(s.Event)
		got := stored && q.Match(shaped)
		if got == want {
			res.Agreeing++
			continue
		}
		if refUnicode.Match(s.Event) != want || ref.Match(withoutEmpty(s.Event)) != want || ref.Match(withEmpty(s.Event, fields)) != want {
			// The verdict depends on something the rule cannot decide
			// for these targets: how letters outside ASCII fold (Sigma
			// does not say), or whether an empty value is a value (the
			// SIEMs store none: Splunk's Windows extraction and ECS drop
			// it, Defender's string columns cannot be null). Either
			// answer is the rule's.
			res.Agreeing++
			res.Undecided++
			continue
		}
		if res.First == nil {
			d := &Disagreement{Sample: s, Reference: want, Translation: got}
			if stored {
				d.Shaped = shaped
			}
			res.First = d
		}
	}
	return res
}

// pathFields hold full paths in every event a Windows SIEM stores: Sysmon
// writes the image and target paths of processes, files and modules in
// full. The basename mappings (Image ends with "\\x.exe" is process_name
// "x.exe") rely on that, so a sample whose path field has no separator at
// all is outside what the targets can hold, and is left out.
var pathFields = []string{"Image", "ParentImage", "SourceImage", "TargetImage", "ImageLoaded", "TargetFilename"}

// enumFields hold one of a few words in every event Sysmon writes; the
// ingest models may rely on that (CIM lower-cases the integrity level).
var enumFields = map[string][]string{
	"IntegrityLevel": {"untrusted", "low", "medium", "high", "system", "appcontainer", "protected"},
	"Initiated":      {"true", "false"}, // Defender tells the two by ActionType
	// Okta's System Log writes a JSON boolean (Elastic: a boolean field).
	"securityContext.isProxy": {"true", "false"},
	// Zeek's dns.log writes rejected as a JSON boolean (Elastic: a boolean field).
	"rejected": {"true", "false"},
}

// numberFields hold a whole number in every event Sysmon writes (and
// sc-status in every W3C log line, responseStatus.code, the HTTP code, in
// every Kubernetes audit event, id.resp_p, a port, in every Zeek log), and
// the targets store them in number columns (Defender's ProcessId is a long,
// ECS's http.response.status_code and destination.port, the Kubernetes
// integration's kubernetes.audit.responseStatus.code).
var numberFields = []string{"ProcessId", "ParentProcessId", "SourceProcessId", "TargetProcessId", "SourcePort", "DestinationPort", "sc-status", "responseStatus.code", "id.resp_p"}

// hashLengths are the algorithms Sysmon writes into Hashes and the length of
// each in hex digits: the field is a comma-separated list of ALGO=<hash>,
// every hash whole, in every event Sysmon writes. The targets that split it
// into one column per algorithm rely on that.
var hashLengths = map[string]int{"MD5": 32, "SHA1": 40, "SHA256": 64, "IMPHASH": 32}

// sysmonHashes reports whether a Hashes value has the shape Sysmon writes.
func sysmonHashes(v string) bool {
	for _, item := range strings.Split(v, ",") {
		algo, hex, ok := strings.Cut(item, "=")
		n, known := hashLengths[algo]
		if !ok || !known || len(hex) != n || strings.Trim(asciiLower(hex), "0123456789abcdef") != "" {
			return false
		}
	}
	return true
}

// inDomain reports whether a SIEM could hold the raw event at all.
func inDomain(ev event.Event) bool {
	if v, ok := ev["Hashes"].(string); ok && v != "" && !sysmonHashes(v) {
		return false
	}
	for _, f := range numberFields {
		if v, ok := ev[f]; ok {
			if s, _ := event.String(v); !isWholeNumber(s) {
				return false
			}
		}
	}
	for _, f := range pathFields {
		v, ok := ev[f].(string)
		if ok && v != "" && !strings.ContainsAny(v, `\/`) {
			return false
		}
	}
	for f, words := range enumFields {
		v, ok := ev[f].(string)
		if ok && v != "" && !slices.Contains(words, asciiLower(v)) {
			return false
		}
	}
	for f, words := range exactEnumFields {
		if v, ok := ev[f].(string); ok && !slices.Contains(words, v) {
			return false
		}
	}
	src, _ := ev[event.WebLogSourceField].(string)
	for f, want := range sourceConstants[src] {
		if v, ok := ev[f]; !ok || v != want {
			return false
		}
	}
	for _, f := range hashFields {
		if v, ok := ev[f].(string); ok && v != "" && !isSysmonHashes(v) {
			return false
		}
	}
	if lineSources[src] && hasControl(ev) {
		return false
	}
	ch, _ := ev["Channel"].(string)
	if strings.EqualFold(ch, sysmonChannel) {
		if v, ok := ev["User"].(string); ok && v != "" && !isAccount(v) {
			return false
		}
	}
	if strings.EqualFold(ch, sysmonChannel) || ch == event.LinuxSysmonChannel {
		for _, f := range sysmonTimeFields {
			if v, ok := ev[f].(string); ok && !isTimestamp(v) {
				return false
			}
		}
	}
	return true
}

// sysmonTimeFields hold, in every event Sysmon (for Windows or Linux)
// writes, a time in its one format "2006-01-02 15:04:05.000": never text
// around it. The time-part modifiers' translations parse the field
// (Sentinel's todatetime on the WindowsEvent text, which reads a value
// with a trailing newline where the reference reads no timestamp).
var sysmonTimeFields = []string{"UtcTime", "CreationUtcTime", "PreviousCreationUtcTime"}

// isTimestamp reports whether the reference reads v as a timestamp.
func isTimestamp(v string) bool {
	_, ok := match.ParseTimestamp(v)
	return ok
}

// exactEnumFields hold one of a few words, in this case, in every event
// Sysmon writes; the ECS ingest maps them word for word (Initiated to
// network.direction, SourceIsIpv6 to network.type).
var exactEnumFields = map[string][]string{
	"Initiated":    {"true", "false"},
	"SourceIsIpv6": {"true", "false"},
}

// sourceConstants are fields that hold one value in every record of a
// log source (a Google Workspace admin record is always of the
// admin.googleapis.com service, a login record of login.googleapis.com); a
// pipeline may drop a comparison with it.
var sourceConstants = map[string]map[string]string{
	event.GoogleWorkspaceAdminLogSource: {"eventService": "admin.googleapis.com"},
	event.GoogleWorkspaceLoginLogSource: {"protoPayload.serviceName": "login.googleapis.com"},
}

// lineSources write each record as one line of printable key=value text
// (FortiGate's syslog lines; its Elastic pipeline strips control
// characters a transport may add): no value holds a control character.
var lineSources = map[string]bool{event.FortiGateEventLogSource: true}

// hasControl reports whether a value of the event holds a control character.
func hasControl(ev event.Event) bool {
	for _, v := range ev {
		if s, ok := v.(string); ok && strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return true
		}
	}
	return false
}

// hashFields hold, in every event Sysmon writes, a comma-separated list of
// ALGO=HEX items, each algorithm at most once with its number of digits;
// the ECS ingest splits them into one field per algorithm (the EQL
// pipeline's hashes_fields rewrite relies on that).
var hashFields = []string{"Hashes", "Hash"}

func isSysmonHashes(v string) bool {
	seen := map[string]bool{}
	for _, item := range strings.Split(v, ",") {
		algo, hex, _ := strings.Cut(item, "=")
		algo = strings.ToUpper(algo)
		n, known := pipeline.HashLengths[algo]
		if !known || seen[algo] || len(hex) != n || strings.Trim(hex, "0123456789abcdefABCDEF") != "" {
			return false
		}
		seen[algo] = true
	}
	return true
}

// sysmonChannel is the Windows Sysmon log, whose User is "DOMAIN\name":
// exactly one backslash with text on both sides (the ECS ingest splits it
// into user.domain and user.name, and keeps neither otherwise).
const sysmonChannel = "Microsoft-Windows-Sysmon/Operational"

func isAccount(v string) bool {
	domain, name, ok := strings.Cut(v, `\`)
	return ok && domain != "" && name != "" && !strings.Contains(name, `\`)
}

// asciiLower lower-cases A-Z only, so that no other letter folds into an
// enum word.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// conditionFields lists the fields a condition reads, a fieldref's other
// field included.
func conditionFields(cond ir.Expr) []string {
	var out []string
	for _, m := range ir.Matches(cond) {
		for _, f := range []string{m.Field, m.Ref} {
			if f != "" && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// withEmpty is the event with every absent field of fields present and
// empty: the same event to a SIEM that stores no empty values.
func withEmpty(ev event.Event, fields []string) event.Event {
	out := make(event.Event, len(ev)+len(fields))
	for k, v := range ev {
		out[k] = v
	}
	for _, f := range fields {
		if _, ok := out[f]; !ok {
			out[f] = ""
		}
	}
	return out
}

// withoutEmpty is the event with its empty string values removed.
func withoutEmpty(ev event.Event) event.Event {
	out := make(event.Event, len(ev))
	for k, v := range ev {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// isWholeNumber reports whether s is a decimal whole number.
func isWholeNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
