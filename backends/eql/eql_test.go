package eql_test

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends/eql"
	"github.com/rosetta-sigma/rosetta/internal/golden"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/prove"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// Every test binary knows -update (see internal/golden).
var _ = golden.Update

// keywordPipeline names a column for keywords, as a user's pipeline would.
const keywordPipeline = `name: keywords
priority: 20
transformations:
  - type: set_state
    key: keyword_field
    val: AdditionalFields
`

// typedPipeline names typed fields, as ecs.yml does for Kubernetes and
// Okta: process.pid is a long in ECS; process.pe.original_file_name stands
// in for a boolean field here (the generated events hold no boolean there,
// so those cases are not proven).
const typedPipeline = `name: typed
priority: 20
transformations:
  - type: set_state
    key: integer_fields
    val: [process.pid]
  - type: set_state
    key: boolean_fields
    val: [process.pe.original_file_name]
`

// load lowers a process_creation rule with the given detection.
func load(t *testing.T, detection string) *ir.Rule {
	t.Helper()
	src := "title: Leaf\nid: 0b9a0f0e-0000-4000-8000-000000000399\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n" + detection
	rules, errs := sigma.Load("leaf.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("load: %v\n%s", errs, src)
	}
	return rules[0]
}

func userPipelines(t *testing.T, texts ...string) []*pipeline.Pipeline {
	t.Helper()
	var out []*pipeline.Pipeline
	for _, text := range texts {
		p, err := pipeline.Parse("user.yml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// condition converts a rule and returns its condition (after "where"), or
// the error.
func condition(t *testing.T, rule *ir.Rule, user []*pipeline.Pipeline) (string, error) {
	t.Helper()
	conv, err := eql.Backend{}.NewConversion("query", user)
	if err != nil {
		t.Fatal(err)
	}
	files, err := conv.Convert(rule)
	if err != nil {
		return "", err
	}
	const prefix = `process where event.type : "start" and `
	q := strings.TrimSuffix(files[0].Text, "\n")
	c, ok := strings.CutPrefix(q, prefix)
	if !ok {
		t.Fatalf("query does not start with %q:\n%s", prefix, q)
	}
	return c, nil
}

// TestLeaves pins the rendering of each leaf form, and proves each query
// that converts on events generated from its rule.
func TestLeaves(t *testing.T) {
	tests := []struct {
		name, detection string
		keywords        bool   // with a pipeline naming a keyword field
		want            string // the condition, or a part of the error
		unproven        bool   // the generated events hold no keyword field
	}{
		// re: a Lucene regular expression over the whole value.
		{"re", "  sel:\n    CommandLine|re: 'a\\d+\\.exe'\n  condition: sel", false,
			`process.command_line regex """.*a[0-9]+\.exe.*"""`, false},
		{"re anchored", "  sel:\n    CommandLine|re: '^abc$'\n  condition: sel", false,
			`process.command_line regex "abc"`, false},
		{"re dot", "  sel:\n    CommandLine|re: 'a.b'\n    Image|re|s: 'a.b'\n  condition: sel", false,
			"process.command_line regex \".*a[^\\n]b.*\" and process.executable regex \".*a.b.*\"", false},
		{"re i", "  sel:\n    CommandLine|re|i: 'cmd\\.exe /c'\n  condition: sel", false,
			`process.command_line regex~ """.*cmd\.exe /c.*"""`, false},
		{"re i folds beyond ASCII", "  sel:\n    CommandLine|re|i: 'sekurlsa'\n  condition: sel", false,
			"process.command_line regex~ \".*[sS\u017f]e[kK\u212a]url[sS\u017f]a.*\"", false},
		{"re i non-ASCII", "  sel:\n    CommandLine|re|i: 'é'\n  condition: sel", false,
			`process.command_line regex ".*[éÉ].*"`, false},
		{"re partly folded", "  sel:\n    CommandLine|re: '(?i:a)B[a-c]'\n  condition: sel", false,
			`process.command_line regex ".*[aA]B[a-c].*"`, false},
		{"re folded class", "  sel:\n    CommandLine|re|i: '[a-c]x'\n  condition: sel", false,
			`process.command_line regex~ ".*[A-Ca-c]x.*"`, false},
		{"re m", "  sel:\n    CommandLine|re|m: '^whoami$'\n  condition: sel", false,
			"process.command_line regex \"(.*\\n)?whoami(\\n.*)?\"", false},
		{"re anchor in a group", "  sel:\n    Image|re: '(^|\\\\)net1?\\.exe$'\n  condition: sel", false,
			`process.executable regex """net1?\.exe|.*\\net1?\.exe"""`, false},
		{"re anchored alternatives", "  sel:\n    CommandLine|re: '^a|b$|c'\n  condition: sel", false,
			`process.command_line regex "a.*|.*b|.*c.*"`, false},
		{"re lazy", "  sel:\n    CommandLine|re: 'a.*?b+?'\n  condition: sel", false,
			"process.command_line regex \".*a[^\\n]*b+.*\"", false},
		{"re classes", "  sel:\n    CommandLine|re: '\\w\\S[^a-c\\]]'\n  condition: sel", false,
			"process.command_line regex \".*[0-9A-Z\\\\_a-z][^\\t\\n\\u{0C}\\r ][^\\\\]a-c].*\"", false},
		{"re specials", "  sel:\n    CommandLine|re: '\"<@#&~>\"'\n  condition: sel", false,
			`process.command_line regex ".*\\\"\\<\\@\\#\\&\\~\\>\\\".*"`, false},
		{"re empty alternative", "  sel:\n    CommandLine|re: 'x(|y)z{2,}'\n  condition: sel", false,
			`process.command_line regex ".*x(()|y)z{2,}.*"`, false},
		{"re word boundary", "  sel:\n    CommandLine|re: '\\bnet\\b'\n  condition: sel", false,
			`leaf.yml:8:5: re: word boundary \b: eql: not supported because a Lucene regular expression has no word boundaries`, false},
		{"re inner anchor", "  sel:\n    CommandLine|re: 'a(^b)'\n  condition: sel", false,
			`re: anchor ^ inside the expression: eql: not supported because a Lucene regular expression always matches the whole value and has no anchors`, false},
		{"re lookahead", "  sel:\n    CommandLine|re: 'a(?=b)'\n  condition: sel", false,
			`re: lookahead (?=...): eql: not supported because a Lucene regular expression has no lookarounds`, false},
		{"re backreference", "  sel:\n    CommandLine|re: '(a)\\1'\n  condition: sel", false,
			`re: backreference \1: eql: not supported because a Lucene regular expression has no backreferences`, false},
		// literal * and ?: a Lucene regular expression, which can quote them.
		{"literal star", "  sel:\n    CommandLine|contains: 'a\\*b?'\n  condition: sel", false,
			`process.command_line regex~ """.*a\*b..*"""`, false},
		{"literal question mark cased", "  sel:\n    CommandLine|cased|endswith: 'What\\?'\n  condition: sel", false,
			`process.command_line regex """.*What\?"""`, false},
		{"literal star in a list", "  sel:\n    CommandLine|contains:\n      - 'a\\*'\n      - 'b'\n  condition: sel", false,
			`(process.command_line regex~ """.*a\*.*""" or process.command_line : "*b*")`, false},
		// cidr.
		{"cidr", "  sel:\n    CommandLine|cidr:\n      - '10.0.0.0/8'\n      - 'fe80::/10'\n  condition: not sel", false,
			`not (cidrMatch(process.command_line, "10.0.0.0/8") or cidrMatch(process.command_line, "fe80::/10"))`, false},
		{"cidr v6 over mapped v4", "  sel:\n    CommandLine|cidr: '::/1'\n  condition: sel", false,
			`cidr ::/1: eql: not supported because the network holds ::ffff:0:0/96`, false},
		// fieldref.
		{"fieldref", "  sel:\n    Image|fieldref: ParentImage\n  condition: sel", false,
			`fieldref process.parent.executable: eql: not supported because Elasticsearch EQL cannot compare a field with another field`, false},
		// keywords.
		{"keyword", "  kw:\n    - 'mimikatz'\n  condition: kw", false,
			`leaf.yml:7:3: keyword: eql: not supported because EQL has no full-text search`, false},
		{"keyword field", "  kw:\n    - 'mimikatz'\n    - 'sekurlsa::*'\n    - 'a\\*'\n  condition: kw", true,
			`(AdditionalFields : "*mimikatz*" or AdditionalFields : "*sekurlsa::*" or AdditionalFields regex~ """.*a\*.*""")`, true},
		// exists, null, numbers, cased.
		{"exists and null", "  sel:\n    OriginalFileName|exists: true\n    CommandLine: null\n  condition: sel", false,
			`process.pe.original_file_name != null and (process.command_line == null or process.command_line : "")`, false},
		{"empty value: absent or empty", "  sel:\n    CommandLine: ''\n    CurrentDirectory|cased: ''\n  condition: sel", false,
			`(process.command_line == null or process.command_line : "") and (process.working_directory == null or process.working_directory == "")`, false},
		{"empty value not in a list", "  sel:\n    CommandLine:\n      - ''\n      - 'x'\n  condition: sel", false,
			`((process.command_line == null or process.command_line : "") or process.command_line : "x")`, false},
		{"numbers", "  sel:\n    ProcessId|gt: 1000000\n    ParentProcessId|lte: 4\n  condition: sel", false,
			`process.pid > 1000000 and process.parent.pid <= 4`, false},
		{"cased", "  sel:\n    OriginalFileName|cased: 'Cmd.EXE'\n    CommandLine|cased|contains:\n      - 'A'\n      - 'b?'\n  condition: sel", false,
			`process.pe.original_file_name == "Cmd.EXE" and process.command_line like ("*A*", "*b?*")`, false},
		{"control characters", "  sel:\n    CommandLine|contains: \"a\\x01\\tb\"\n  condition: sel", false,
			`process.command_line : "*a\u{01}\tb*"`, false},
	}
	checker, err := prove.NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := load(t, tt.detection)
			var user []*pipeline.Pipeline
			if tt.keywords {
				user = userPipelines(t, keywordPipeline)
			}

			checkCondition(t, checker, rule, user, tt.want, !tt.unproven)
		})
	}
}

// checkCondition compares the rule's EQL condition (with the user's
// pipelines) with want, or its error with a part of want, and, with proveIt,
// is set, proves the query on events generated from the rule.
func checkCondition(t *testing.T, checker *prove.Checker, rule *ir.Rule, user []*pipeline.Pipeline, want string, proveIt bool) {
	t.Helper()
	got, err := condition(t, rule, user)
	if err != nil {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant it to hold %q", err, want)
		}
		return
	}
	if got != want {
		t.Errorf("condition\n got %s\nwant %s", got, want)
	}
	if !proveIt {
		return
	}
	target := prove.Target{Backend: "eql", Format: "query", Lang: "eql", Model: "ecs"}
	for _, res := range checker.Check(rule, target, prove.Generated(rule)) {
		if res.Err != nil {
			t.Errorf("prove: %v", res.Err)
		} else if res.First != nil {
			t.Errorf("prove: %q: rule %v, query %v\n%s", res.First.Sample.Note, res.First.Reference, res.First.Translation, res.Query)
		}
	}
}

// TestTypedFields pins the rendering of the fields a pipeline names in
// integer_fields and boolean_fields, and proves those the generated events
// can hold.
func TestTypedFields(t *testing.T) {
	tests := []struct {
		name, detection string
		want            string // the condition, or a part of the error
		unproven        bool   // the generated events hold no boolean there
	}{
		{name: "integer field", detection: "  sel:\n    ProcessId:\n      - 4\n      - '100'\n  condition: sel",
			want: `process.pid in (4, 100)`},
		{name: "integer field leading zero", detection: "  sel:\n    ProcessId: '0100'\n  condition: sel",
			want: `holds a whole number only`},
		{name: "integer field one value, null, bound", detection: "  sel:\n    ProcessId: 4\n  other:\n    ProcessId: null\n  big:\n    ProcessId|gt: 9\n  condition: sel or other or big",
			want: `(process.pid == 4 or process.pid == null or process.pid > 9)`},
		{name: "integer field wildcard", detection: "  sel:\n    ProcessId|startswith: '4'\n  condition: sel",
			want: `leaf.yml:8:5: field process.pid: eql: not supported because the ingest stores it in a field that holds a whole number only`},
		{name: "integer field word", detection: "  sel:\n    ProcessId:\n      - 4\n      - 'ALLOW'\n  condition: sel",
			want: `field process.pid: eql: not supported because the ingest stores it in a field that holds a whole number only`},
		{name: "boolean field", detection: "  sel:\n    OriginalFileName: 'TRUE'\n  not_sel:\n    OriginalFileName: 'false'\n  condition: sel and not not_sel",
			want: `process.pe.original_file_name == true and not process.pe.original_file_name == false`, unproven: true},
		{name: "boolean field other value", detection: "  sel:\n    OriginalFileName: 'yes'\n  condition: sel",
			want: `holds true or false only`},
	}
	user := userPipelines(t, typedPipeline)
	checker, err := prove.NewChecker(user)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := load(t, tt.detection)
			checkCondition(t, checker, rule, user, tt.want, !tt.unproven)
		})
	}
}
