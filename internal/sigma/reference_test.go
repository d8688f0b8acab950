package sigma

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/gen"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

const refHead = "title: t\nlogsource: {product: windows, category: process_creation}\ndetection:\n"

func decodeEvent(t *testing.T, s string) event.Event {
	t.Helper()
	var ev event.Event
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestReferenceAgrees checks sigma-go's verdict and rosetta's matcher on
// small rules that the reference supports.
func TestReferenceAgrees(t *testing.T) {
	tests := []struct {
		name, detection, event string
		want                   bool
	}{
		{"equal any case", "  s:\n    Image: 'C:\\Windows\\x.exe'\n  condition: s\n", `{"Image":"c:\\windows\\X.EXE"}`, true},
		{"equal other", "  s:\n    Image: 'C:\\Windows\\x.exe'\n  condition: s\n", `{"Image":"C:\\Windows\\y.exe"}`, false},
		{"lone backslash literal", "  s:\n    A: 'C:\\Windows\\'\n  condition: s\n", `{"A":"C:\\Windows\\"}`, true},
		{"endswith", "  s:\n    Image|endswith: '\\regasm.exe'\n  condition: s\n", `{"Image":"C:\\x\\RegAsm.exe"}`, true},
		{"startswith", "  s:\n    A|startswith: 'ab'\n  condition: s\n", `{"A":"ABc"}`, true},
		{"contains all", "  s:\n    A|contains|all: [a, b]\n  condition: s\n", `{"A":"xAyBz"}`, true},
		{"contains all one missing", "  s:\n    A|contains|all: [a, b]\n  condition: s\n", `{"A":"xAyz"}`, false},
		{"list is any", "  s:\n    A: [x, y]\n  condition: s\n", `{"A":"Y"}`, true},
		{"missing field", "  s:\n    A: x\n  condition: s\n", `{}`, false},
		{"not keeps missing", "  s:\n    A: x\n  condition: not s\n", `{}`, true},
		{"number rule, number event", "  s:\n    EventID: 1\n  condition: s\n", `{"EventID":1}`, true},
		{"number rule, string event", "  s:\n    EventID: 4688\n  condition: s\n", `{"EventID":"4688"}`, true},
		{"bool", "  s:\n    A: true\n  condition: s\n", `{"A":"True"}`, true},
		{"empty value", "  s:\n    A: ''\n  condition: s\n", `{"A":""}`, true},
		{"empty value, missing field", "  s:\n    A: ''\n  condition: s\n", `{}`, false},
		{"re", "  s:\n    A|re: 'ab+c'\n  condition: s\n", `{"A":"xabbbcx"}`, true},
		{"re case-sensitive", "  s:\n    A|re: 'ab+c'\n  condition: s\n", `{"A":"ABBC"}`, false},
		{"re keeps *", "  s:\n    A|re: '^a.*z$'\n  condition: s\n", `{"A":"abcz"}`, true},
		{"cidr", "  s:\n    A|cidr: 10.0.0.0/8\n  condition: s\n", `{"A":"10.1.2.3"}`, true},
		{"cidr out", "  s:\n    A|cidr: 10.0.0.0/8\n  condition: s\n", `{"A":"11.1.2.3"}`, false},
		{"cidr v6", "  s:\n    A|cidr: 'fe80::/10'\n  condition: s\n", `{"A":"fe80::1"}`, true},
		{"list of maps", "  s:\n    - A: x\n    - B: y\n  condition: s\n", `{"B":"y"}`, true},
		{"1 of pattern", "  sel_a:\n    A: x\n  sel_b:\n    B: y\n  condition: 1 of sel_*\n", `{"B":"y"}`, true},
		{"all of pattern", "  sel_a:\n    A: x\n  sel_b:\n    B: y\n  condition: all of sel_*\n", `{"B":"y"}`, false},
		{"all of them", "  a:\n    A: x\n  b:\n    B: y\n  condition: all of them\n", `{"A":"x","B":"y"}`, true},
		{"and not", "  a:\n    A: x\n  f:\n    B: y\n  condition: a and not f\n", `{"A":"x","B":"y"}`, false},
		{"two conditions", "  a:\n    A: x\n  b:\n    B: y\n  condition:\n    - a\n    - b\n", `{"B":"y"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(refHead + tt.detection)
			ref, err := NewReference("r.yml", src)
			if err != nil {
				t.Fatal(err)
			}
			ev := decodeEvent(t, tt.event)
			got, err := ref.Match(ev)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("sigma-go: %v, want %v", got, tt.want)
			}
			rules, errs := Load("r.yml", src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if mine := anyCondition(t, rules[0].Conditions, match.FoldASCII, ev); mine != tt.want {
				t.Errorf("rosetta: %v, want %v", mine, tt.want)
			}
		})
	}
}

// anyCondition is rosetta's verdict on a rule: whether any condition holds.
func anyCondition(t *testing.T, conds []ir.Expr, fold match.Fold, ev event.Event) bool {
	t.Helper()
	for _, c := range conds {
		m, err := match.CompileFold(c, fold)
		if err != nil {
			t.Fatal(err)
		}
		if m.Match(ev) {
			return true
		}
	}
	return false
}

// TestReferenceUnsupported checks that each feature of the unsupported
// table is detected, with its reason, and that the table has no entry
// without a test.
func TestReferenceUnsupported(t *testing.T) {
	tests := []struct {
		feature Feature
		src     string
	}{
		{FeatureCondition, refHead + "  s:\n    A: x\n  condition: s and (\n"},
		{FeatureCondition, refHead + "  sel_1_a:\n    A: x\n  condition: 1 of sel_1_*\n"},
		{FeatureParse, "title: t\ndetection: [1]\n"},
		{FeatureDocuments, refHead + "  s:\n    A: x\n  condition: s\n---\ntitle: u\n"},
		{FeatureAlias, refHead + "  s: &x\n    A: x\n  t: *x\n  condition: s or t\n"},
		{FeatureTimeframe, refHead + "  s:\n    A: x\n  timeframe: 5m\n  condition: s\n"},
		{FeatureAggregation, refHead + "  s:\n    A: x\n  condition: s | count() > 5\n"},
		{FeatureOfSearch, refHead + "  s:\n    - A: x\n    - B: y\n  condition: all of s\n"},
		{FeatureOfSearch, refHead + "  s:\n    A: x\n  condition: 1 of s\n"},
		{FeatureThemUnderscore, refHead + "  s:\n    A: x\n  _f:\n    B: y\n  condition: 1 of them\n"},
		{FeatureKeywords, refHead + "  k:\n    - mimikatz\n  condition: k\n"},
		{FeatureKeywords, refHead + "  k: mimikatz\n  condition: k\n"},
		{FeatureKeywords, refHead + "  k:\n    '|all': [a, b]\n  condition: k\n"},
		{FeatureNonScalar, refHead + "  s:\n    A: {b: c}\n  condition: s\n"},
		{FeatureNull, refHead + "  s:\n    A: null\n  condition: s\n"},
		{FeatureNull, refHead + "  s:\n    A: ~\n  condition: s\n"},
		{FeatureNullText, refHead + "  s:\n    A: 'null'\n  condition: s\n"},
		{FeatureScalarText, refHead + "  s:\n    A: 0x10\n  condition: s\n"},
		{FeatureScalarText, refHead + "  s:\n    A: 1.0\n  condition: s\n"},
		{FeatureScalarText, refHead + "  s:\n    A: 2024-01-02\n  condition: s\n"},
		{FeatureScalarText, refHead + "  s:\n    A: 18446744073709551615\n  condition: s\n"},
		{FeaturePlaceholder, refHead + "  s:\n    A|contains: '%APPDATA%'\n  condition: s\n"},
		{FeaturePlaceholder, refHead + "  s:\n    A|endswith: '%'\n  condition: s\n"},
		{FeatureWildcard, refHead + "  s:\n    A: 'a*b'\n  condition: s\n"},
		{FeatureWildcard, refHead + "  s:\n    A|endswith: '?.exe'\n  condition: s\n"},
		{FeatureEscape, refHead + "  s:\n    A: 'a\\*b'\n  condition: s\n"},
		{FeatureEscape, refHead + "  s:\n    A: 'a\\\\b'\n  condition: s\n"},
		{FeatureAllNotLast, refHead + "  s:\n    A|all|contains: [a, b]\n  condition: s\n"},
		{FeatureModifier, refHead + "  s:\n    A|nosuch: x\n  condition: s\n"},
		{"|cased", refHead + "  s:\n    A|cased: X\n  condition: s\n"},
		{"|exists", refHead + "  s:\n    A|exists: true\n  condition: s\n"},
		{"|fieldref", refHead + "  s:\n    A|fieldref: B\n  condition: s\n"},
		{"|windash", refHead + "  s:\n    A|windash|contains: -x\n  condition: s\n"},
		{"|base64offset", refHead + "  s:\n    A|base64offset|contains: x\n  condition: s\n"},
		{"|utf16", refHead + "  s:\n    A|utf16|base64offset|contains: x\n  condition: s\n"},
		{"|utf16le", refHead + "  s:\n    A|utf16le|base64|contains: x\n  condition: s\n"},
		{"|utf16be", refHead + "  s:\n    A|utf16be|base64|contains: x\n  condition: s\n"},
		{"|wide", refHead + "  s:\n    A|wide|base64|contains: x\n  condition: s\n"},
		{"|expand", refHead + "  s:\n    A|expand: '%x%'\n  condition: s\n"},
		{"|neq", refHead + "  s:\n    A|neq: x\n  condition: s\n"},
		{"|i", refHead + "  s:\n    A|re|i: x\n  condition: s\n"},
		{"|m", refHead + "  s:\n    A|re|m: x\n  condition: s\n"},
		{"|s", refHead + "  s:\n    A|re|s: x\n  condition: s\n"},
		{"|gt", refHead + "  s:\n    A|gt: 1\n  condition: s\n"},
		{"|gte", refHead + "  s:\n    A|gte: 1\n  condition: s\n"},
		{"|lt", refHead + "  s:\n    A|lt: 1\n  condition: s\n"},
		{"|lte", refHead + "  s:\n    A|lte: 1\n  condition: s\n"},
	}
	tested := map[Feature]bool{}
	for _, tt := range tests {
		tested[tt.feature] = true
		t.Run(string(tt.feature), func(t *testing.T) {
			_, err := NewReference("r.yml", []byte(tt.src))
			if !errors.Is(err, ErrUnsupported) || !errors.Is(err, errors.ErrUnsupported) {
				t.Fatalf("err = %v, want ErrUnsupported", err)
			}
			var u *UnsupportedError
			if !errors.As(err, &u) || !u.Has(tt.feature) {
				t.Fatalf("err = %v, want feature %q", err, tt.feature)
			}
			if !strings.Contains(err.Error(), unsupported[tt.feature]) {
				t.Errorf("err = %v, want reason %q", err, unsupported[tt.feature])
			}
		})
	}
	for f := range unsupported {
		if !tested[f] {
			t.Errorf("feature %q has no test", f)
		}
	}
}

// TestReferencePanicIsError checks that Match turns a panic of sigma-go's
// evaluator into an error.
func TestReferencePanicIsError(t *testing.T) {
	ref, err := NewReference("r.yml", []byte(refHead+"  s:\n    A: x\n  condition: s\n"))
	if err != nil {
		t.Fatal(err)
	}
	ref.eval.Detection.Conditions[0].Search = nil // sigma-go panics on an unknown node
	if _, err := ref.Match(map[string]any{"A": "x"}); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("err = %v, want a panic turned into an error", err)
	}
}

// corpusDir is the SigmaHQ rule corpus, shared by the project's sessions.
const corpusDir = "../../../shared/corpus/sigmahq/rules"

// minCrossChecked is how many corpus rules the cross-check must cover: the
// measured count (2718 of 3141 files) minus a small margin.
const minCrossChecked = 2700

// model is rosetta's matcher adjusted to read an event as sigma-go does in
// one respect. A difference between sigma-go and rosetta is explained when
// the model of a known, documented semantic difference gives sigma-go's
// verdict, on an event where that difference can show.
type model struct {
	fold    match.Fold // how case-insensitive comparisons fold
	toLower bool       // contains/startswith/endswith compare strings.ToLower of both sides
	nilText bool       // a missing field reads as the text "<nil>"
}

// knownDifference is a semantic difference between sigma-go v0.6.6's
// evaluator and rosetta's reference matcher.
type knownDifference struct {
	cause   string
	doc     string
	m       model                                      // sigma-go's reading, as rosetta's matcher adjusted
	applies func(conds []ir.Expr, ev event.Event) bool // whether the difference can show on ev
}

// knownDifferences are the differences that generated events hit, in the
// order they are tried. Each has a case in TestKnownDifferences.
var knownDifferences = []knownDifference{
	{
		cause: "Unicode case folding",
		doc: "sigma-go compares equality with strings.EqualFold, Unicode simple folding (the Kelvin sign " +
			"is k, the long s is s); rosetta's reference folds ASCII only, as KQL does, and offers " +
			"match.FoldUnicode for the other choice. Sigma does not say which.",
		m:       model{fold: match.FoldUnicode},
		applies: nonASCII,
	},
	{
		cause: "strings.ToLower in contains/startswith/endswith",
		doc: "sigma-go lower-cases both sides with strings.ToLower for contains, startswith and " +
			"endswith, which is neither ASCII nor simple folding: İ lowers to i (EqualFold keeps them " +
			"apart), the Kelvin sign to k, but the long s stays ſ (EqualFold makes it s).",
		m:       model{fold: match.FoldUnicode, toLower: true},
		applies: nonASCII,
	},
	{
		cause: "missing field reads as <nil>",
		doc: "sigma-go reads a missing (or null) field as nil and compares fmt.Sprint(nil), the text " +
			"<nil>: contains 'l' or '<' holds on an event without the field.",
		m:       model{nilText: true},
		applies: missingField,
	},
}

// nonASCII reports whether the event or a value of the rule has a
// character outside ASCII, where folding can differ.
func nonASCII(conds []ir.Expr, ev event.Event) bool {
	for _, v := range ev {
		if s, ok := event.String(v); ok && !isASCII(s) {
			return true
		}
	}
	for _, c := range conds {
		for _, m := range ir.Matches(c) {
			if !isASCII(m.Pattern.Text()) {
				return true
			}
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// missingField reports whether a field the rule reads is missing or null.
func missingField(conds []ir.Expr, ev event.Event) bool {
	for _, c := range conds {
		for _, m := range ir.Matches(c) {
			if v, ok := ev[m.Field]; m.Field != "" && (!ok || v == nil) {
				return true
			}
		}
	}
	return false
}

// explain returns the cause of a difference between sigma-go's verdict
// got and rosetta's, or "".
func explain(t *testing.T, conds []ir.Expr, ev event.Event, got bool) string {
	t.Helper()
	for _, k := range knownDifferences {
		if k.applies(conds, ev) && k.m.verdict(t, conds, ev) == got {
			return k.cause
		}
	}
	return ""
}

// verdict is the model's verdict on an event for a rule's conditions.
func (md model) verdict(t *testing.T, conds []ir.Expr, ev event.Event) bool {
	t.Helper()
	ev = copyEvent(ev)
	var out []ir.Expr
	for _, c := range conds {
		if md.nilText {
			for _, m := range ir.Matches(c) {
				if v, ok := ev[m.Field]; m.Field != "" && (!ok || v == nil) {
					ev[m.Field] = "<nil>"
				}
			}
		}
		if md.toLower {
			c = lowerShapes(c)
		}
		out = append(out, c)
	}
	if md.toLower {
		for k, v := range ev {
			if s, ok := event.String(v); ok {
				ev[k+lowerSuffix] = strings.ToLower(s)
			}
		}
	}
	return anyCondition(t, out, md.fold, ev)
}

func copyEvent(ev event.Event) event.Event {
	out := make(event.Event, len(ev))
	for k, v := range ev {
		out[k] = v
	}
	return out
}

// TestKnownDifferences shows each known difference on a small rule: sigma-go
// and rosetta disagree, and the difference's model, and no model tried
// before it, gives sigma-go's verdict.
func TestKnownDifferences(t *testing.T) {
	tests := []struct {
		cause, detection, event string
		sigmaGo                 bool
	}{
		{"Unicode case folding", "  s:\n    A: 'task'\n  condition: s\n", `{"A":"tas\u212a"}`, true},
		{"Unicode case folding", "  s:\n    A: 'ä'\n  condition: s\n", `{"A":"Ä"}`, true},
		{"Unicode case folding", "  s:\n    A|contains: 'ä'\n  condition: s\n", `{"A":"xÄx"}`, true},
		{"strings.ToLower in contains/startswith/endswith", "  s:\n    A|endswith: '\\mimikatz.exe'\n  condition: s\n", `{"A":"C:\\M\u0130M\u0130KATZ.EXE"}`, true},
		{"strings.ToLower in contains/startswith/endswith", "  s:\n    A|startswith: 'invoke'\n  condition: s\n", `{"A":"\u0130nvoke-x"}`, true},
		{"missing field reads as <nil>", "  s:\n    A|contains: 'l'\n  condition: s\n", `{}`, true},
		{"missing field reads as <nil>", "  s:\n    A|startswith: '<'\n  condition: s\n", `{"A":null}`, true},
	}
	documented := map[string]bool{}
	for _, k := range knownDifferences {
		documented[k.cause] = k.doc != ""
	}
	tested := map[string]bool{}
	for _, tt := range tests {
		tested[tt.cause] = true
		t.Run(tt.cause, func(t *testing.T) {
			if !documented[tt.cause] {
				t.Fatalf("cause %q is not in knownDifferences", tt.cause)
			}
			src := []byte(refHead + tt.detection)
			ref, err := NewReference("r.yml", src)
			if err != nil {
				t.Fatal(err)
			}
			ev := decodeEvent(t, tt.event)
			got, err := ref.Match(ev)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.sigmaGo {
				t.Fatalf("sigma-go: %v, want %v", got, tt.sigmaGo)
			}
			rules, errs := Load("r.yml", src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			conds := rules[0].Conditions
			if anyCondition(t, conds, match.FoldASCII, ev) == got {
				t.Fatal("rosetta agrees with sigma-go: no difference to explain")
			}
			if cause := explain(t, conds, ev, got); cause != tt.cause {
				t.Errorf("explained as %q, want %q", cause, tt.cause)
			}
		})
	}
	for _, k := range knownDifferences {
		if !tested[k.cause] {
			t.Errorf("known difference %q has no test", k.cause)
		}
	}
}

// lowerSuffix names the copy of a field that holds its strings.ToLower.
const lowerSuffix = "\x00lower"

// lowerShapes rewrites the contains/startswith/endswith leaves of e (the
// patterns with a * at an end: sigma-go supports no other wildcard) to
// compare strings.ToLower of the field, case-sensitively, with the lowered
// value.
func lowerShapes(e ir.Expr) ir.Expr {
	switch n := e.(type) {
	case *ir.And:
		out := &ir.And{Pos: n.Pos}
		for _, a := range n.Args {
			out.Args = append(out.Args, lowerShapes(a))
		}
		return out
	case *ir.Or:
		out := &ir.Or{Pos: n.Pos, FromList: n.FromList}
		for _, a := range n.Args {
			out.Args = append(out.Args, lowerShapes(a))
		}
		return out
	case *ir.Not:
		return &ir.Not{Arg: lowerShapes(n.Arg), Pos: n.Pos}
	case *ir.Match:
		p := n.Pattern
		if n.Op != ir.OpEq || n.Cased || len(p) == 0 || p[0].Kind != ir.AnyString && p[len(p)-1].Kind != ir.AnyString {
			return n
		}
		c := *n
		c.Field, c.Cased, c.Pattern = n.Field+lowerSuffix, true, nil
		for _, part := range p {
			part.Text = strings.ToLower(part.Text)
			c.Pattern = append(c.Pattern, part)
		}
		return &c
	}
	return e
}

// TestCrossCheckCorpus compares sigma-go's verdict with rosetta's matcher
// on events generated from every corpus rule that both support. Every
// difference must be one of the known differences.
func TestCrossCheckCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus walk is slow; skipped with -short")
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no rule corpus at %s: %v", corpusDir, err)
	}
	var (
		files, checked, events, positive, unloaded int
		features                                   = map[Feature]int{}
		causes                                     = map[string]int{}
		causeRules                                 = map[string]map[string]bool{}
		unexplained                                int
	)
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		ref, err := NewReference(path, data)
		if err != nil {
			var u *UnsupportedError
			if !errors.As(err, &u) {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			for _, f := range u.Features {
				features[f.Feature]++
			}
			return nil
		}
		rules, errs := Load(path, data)
		if len(errs) > 0 || len(rules) != 1 {
			unloaded++
			return nil
		}
		r := rules[0]
		var ms []*match.Matcher
		for _, cond := range r.Conditions {
			m, err := match.Compile(cond)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			ms = append(ms, m)
		}
		checked++
		for _, cond := range r.Conditions {
			for _, s := range gen.Generate(r, cond, gen.Options{}) {
				events++
				got, err := ref.Match(s.Event)
				if err != nil {
					t.Errorf("%s: %s: sigma-go: %v", path, s.Note, err)
					continue
				}
				want := false
				for _, m := range ms {
					want = want || m.Match(s.Event)
				}
				if got == want {
					if got {
						positive++
					}
					continue
				}
				cause := explain(t, r.Conditions, s.Event, got)
				if cause == "" {
					unexplained++
					if unexplained <= 50 {
						b, _ := json.Marshal(s.Event)
						t.Errorf("%s: %s: sigma-go says %v, rosetta %v, unexplained: %s", path, s.Note, got, want, b)
					}
					continue
				}
				causes[cause]++
				if causeRules[cause] == nil {
					causeRules[cause] = map[string]bool{}
				}
				causeRules[cause][path] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files, %d rules cross-checked on %d events (%d matched by both), %d supported by sigma-go but not loaded by rosetta",
		files, checked, events, positive, unloaded)
	for _, f := range sortedKeys(features) {
		t.Logf("not supported by sigma-go: %-28s %d rules", f, features[Feature(f)])
	}
	for _, c := range sortedKeys(causes) {
		t.Logf("explained difference: %-48s %d events in %d rules", c, causes[c], len(causeRules[c]))
		for _, p := range sortedKeys(causeRules[c])[:min(3, len(causeRules[c]))] {
			t.Logf("    e.g. %s", p)
		}
	}
	if unexplained > 0 {
		t.Errorf("%d unexplained differences", unexplained)
	}
	if checked < minCrossChecked {
		t.Errorf("%d rules cross-checked, want at least %d", checked, minCrossChecked)
	}
}

func sortedKeys[K ~string, V any](m map[K]V) []string {
	var out []string
	for k := range m {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}
