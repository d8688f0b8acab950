package kql_test

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends/kql"
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

// where converts a rule and returns its where clause, or the error.
func where(t *testing.T, rule *ir.Rule, user []*pipeline.Pipeline) (string, error) {
	t.Helper()
	conv, err := kql.Backend{}.NewConversion("defender", user)
	if err != nil {
		t.Fatal(err)
	}
	files, err := conv.Convert(rule)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(files[0].Text, "\n") {
		if w, ok := strings.CutPrefix(line, "| where "); ok {
			return w, nil
		}
	}
	t.Fatalf("no where clause in\n%s", files[0].Text)
	return "", nil
}

// TestLeaves pins the rendering of each leaf form, and proves each query
// that converts on events generated from its rule.
func TestLeaves(t *testing.T) {
	tests := []struct {
		name, detection string
		keywords        bool   // with a pipeline naming a keyword column
		want            string // the where clause, or a part of the error
		// unproven: the text is pinned but not proven on generated events,
		// which put text a number column cannot hold ("12x", "0.0.0.1",
		// "1234\n" read as 1234) or no keyword column.
		unproven bool
	}{
		// re: RE2, flags inline, verbatim strings for backslashes.
		{"re", "  sel:\n    CommandLine|re: 'a\\d+\\.exe'\n  condition: sel", false,
			`ProcessCommandLine matches regex @"a\d+\.exe"`, false},
		{"re flags", "  sel:\n    CommandLine|re|i|m|s: '^x.y$'\n  condition: sel", false,
			`ProcessCommandLine matches regex "(?ims)^x.y$"`, false},
		{"re quote", "  sel:\n    CommandLine|re: '\"a\\.b\"'\n  condition: sel", false,
			`ProcessCommandLine matches regex @"""a\.b"""`, false},
		{"re word boundary", "  sel:\n    CommandLine|re: '\\bnet\\b'\n  condition: sel", false,
			`ProcessCommandLine matches regex @"\bnet\b"`, false},
		{"re on a number column", "  sel:\n    ProcessId|re: '^4\\d$'\n  condition: sel", false,
			`tostring(ProcessId) matches regex @"^4\d$"`, true},
		{"re lookbehind", "  sel:\n    CommandLine|re: '(?<=a)b'\n  condition: sel", false,
			`leaf.yml:8:5: re: lookbehind (?<=...): kql: not supported because RE2 (matches regex) has no lookarounds`, false},
		{"re backreference", "  sel:\n    CommandLine|re: '(a)\\1'\n  condition: sel", false,
			`re: backreference \1: kql: not supported because RE2 (matches regex) has no backreferences`, false},
		{"re possessive", "  sel:\n    CommandLine|re: 'a*+'\n  condition: sel", false,
			`re: possessive quantifier *+: kql: not supported because RE2 (matches regex) has no possessive quantifiers`, false},
		{"re atomic group", "  sel:\n    CommandLine|re: '(?>a)'\n  condition: sel", false,
			`re: atomic group (?>...): kql: not supported because RE2 (matches regex) has no atomic groups`, false},
		{"re invalid", "  sel:\n    CommandLine|re: '[a'\n  condition: sel", false,
			`not supported because it is not a valid regular expression in RE2`, false},
		// cidr: by address family, the text required to be an address.
		{"cidr v4", "  sel:\n    CommandLine|cidr: '10.0.0.0/8'\n  condition: sel", false,
			`ipv4_is_in_range(ProcessCommandLine, "10.0.0.0/8") and ProcessCommandLine matches regex "^[0-9A-Fa-f.:]+$"`, false},
		{"cidr list", "  sel:\n    CommandLine|cidr:\n      - '10.0.0.0/8'\n      - 'fc00::/7'\n  condition: not sel", false,
			`not((coalesce(ipv4_is_in_range(ProcessCommandLine, "10.0.0.0/8"), false) or coalesce(ipv6_is_in_range(ProcessCommandLine, "fc00::/7"), false)) and ProcessCommandLine matches regex "^[0-9A-Fa-f.:]+$")`, false},
		{"cidr on a number column", "  sel:\n    ProcessId|cidr: '0.0.0.0/0'\n  condition: sel", false,
			`ipv4_is_in_range(tostring(ProcessId), "0.0.0.0/0") and tostring(ProcessId) matches regex "^[0-9A-Fa-f.:]+$"`, true},
		{"cidr v6 over mapped v4", "  sel:\n    CommandLine|cidr: '::/0'\n  condition: sel", false,
			`cidr ::/0: kql: not supported because the network holds ::ffff:0:0/96`, false},
		{"cidr mapped v4", "  sel:\n    CommandLine|cidr: '::ffff:10.0.0.0/104'\n  condition: sel", false,
			`cidr ::ffff:10.0.0.0/104: kql: not supported`, false},
		// fieldref: exact comparison of two columns.
		{"fieldref", "  sel:\n    Image|fieldref: ParentImage\n  condition: sel", false,
			`FolderPath == InitiatingProcessFolderPath`, false},
		{"fieldref numbers", "  sel:\n    ProcessId|fieldref: ParentProcessId\n  condition: not sel", false,
			`not(coalesce(ProcessId == InitiatingProcessId, false))`, false},
		{"fieldref mixed types", "  sel:\n    ProcessId|fieldref: CommandLine\n  condition: sel", false,
			`tostring(ProcessId) == tostring(ProcessCommandLine)`, true},
		{"fieldref unmapped", "  sel:\n    Image|fieldref: Hashes\n  condition: sel", false,
			`fieldref Hashes: kql: not supported because no pipeline maps "Hashes" to a column of DeviceProcessEvents`, false},
		// keywords: refused unless a pipeline names a raw-text column.
		{"keyword", "  kw:\n    - 'mimikatz'\n  condition: kw", false,
			`leaf.yml:7:3: keyword: kql: not supported because a keyword searches the whole event`, false},
		{"keyword column", "  kw:\n    - 'mimikatz'\n    - 'sekurlsa::*'\n    - 'a*b'\n  condition: kw", true,
			`AdditionalFields contains "mimikatz" or AdditionalFields contains "sekurlsa::" or AdditionalFields matches regex "(?i)^(?s:.*)a(?s:.*)b(?s:.*)$"`, true},
		// exists, null, numbers.
		{"exists", "  sel:\n    OriginalFileName|exists: true\n  f:\n    CommandLine|exists: false\n  condition: sel and not f", false,
			`isnotempty(ProcessVersionInfoOriginalFileName) and not(isempty(ProcessCommandLine))`, false},
		{"null", "  sel:\n    CommandLine: null\n  condition: sel", false,
			`isempty(ProcessCommandLine)`, false},
		{"numbers", "  sel:\n    ProcessId|gt: 1000000\n    ParentProcessId|lte: 4\n  condition: sel", false,
			`ProcessId > 1000000 and InitiatingProcessId <= 4`, false},
		{"negated numbers", "  sel:\n    ProcessId|lt: 10\n  f:\n    CommandLine|gt: 2\n  condition: not sel and not f", false,
			`not(coalesce(ProcessId < 10, false)) and not(coalesce(toreal(ProcessCommandLine) > 2, false))`, false},
		{"number on a string column", "  sel:\n    CommandLine|gte: 3\n  condition: sel", false,
			`toreal(ProcessCommandLine) >= 3`, false},
		{"value on a number column", "  sel:\n    ProcessId: 1234\n    ParentProcessId|startswith: '12'\n  condition: sel", false,
			`ProcessId == 1234 and tostring(InitiatingProcessId) startswith "12"`, true},
		{"list on a number column", "  sel:\n    ProcessId:\n      - 4\n      - 8\n    ParentProcessId:\n      - '04'\n      - '8'\n  condition: sel", false,
			`ProcessId in (4, 8) and tostring(InitiatingProcessId) in~ ("04", "8")`, true},
		// cased: the _cs operators, or a case-sensitive anchored regex.
		{"cased", "  sel:\n    OriginalFileName|cased: 'Cmd.EXE'\n    CommandLine|cased|contains: 'A*b?'\n  condition: sel", false,
			`ProcessVersionInfoOriginalFileName == "Cmd.EXE" and ProcessCommandLine matches regex "^(?s:.*)A(?s:.*)b(?s:.)(?s:.*)$"`, false},
		{"cased list", "  sel:\n    CommandLine|cased:\n      - 'A'\n      - 'b'\n  condition: sel", false,
			`ProcessCommandLine in ("A", "b")`, false},
		{"literal wildcards", "  sel:\n    CommandLine|contains: 'a\\*b\\?'\n  condition: sel", false,
			`ProcessCommandLine contains "a*b?"`, false},
	}
	checker, err := prove.NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	target := prove.Target{Backend: "kql", Format: "defender", Lang: "kql", Model: "defender"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := load(t, tt.detection)
			var user []*pipeline.Pipeline
			if tt.keywords {
				user = userPipelines(t, keywordPipeline)
			}
			got, err := where(t, rule, user)
			if err != nil {
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v\nwant it to hold %q", err, tt.want)
				}
				return
			}
			if got != tt.want {
				t.Errorf("where\n got %s\nwant %s", got, tt.want)
			}
			if tt.unproven {
				return
			}
			for _, res := range checker.Check(rule, target, prove.Generated(rule)) {
				if res.Err != nil {
					t.Errorf("prove: %v", res.Err)
				} else if res.First != nil {
					t.Errorf("prove: %q: rule %v, query %v\n%s", res.First.Sample.Note, res.First.Reference, res.First.Translation, res.Query)
				}
			}
		})
	}
}

// TestSentinelProcessTables: a process_creation rule is read from Security
// 4688 when every field it names is one 4688 holds, else from Sysmon 1 in
// WindowsEvent; a user pipeline applies to both.
func TestSentinelProcessTables(t *testing.T) {
	rename := userPipelines(t, `name: rename
priority: 20
transformations:
  - type: set_state
    key: by_fields
    val: [Computer]
`)
	tests := []struct {
		name, detection, table string
	}{
		{"image and command line", "    sel:\n        Image|endswith: '\\x.exe'\n        CommandLine|contains: ' -a'\n    condition: sel\n", "SecurityEvent\n| where EventID == 4688 and NewProcessName endswith"},
		{"a field 4688 lacks", "    sel:\n        Image|endswith: '\\x.exe'\n        OriginalFileName: 'x.exe'\n    condition: sel\n", "WindowsEvent\n| where Channel =~ \"Microsoft-Windows-Sysmon/Operational\" and EventID == 1"},
		{"a field 4688 holds otherwise", "    sel:\n        ProcessId: 4\n    condition: sel\n", "WindowsEvent\n"},
	}
	conv, err := kql.Backend{}.NewConversion("sentinel", rename)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := conv.Convert(load(t, tt.detection))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(files[0].Text, tt.table) {
				t.Errorf("want %q in\n%s", tt.table, files[0].Text)
			}
			if !strings.Contains(files[0].Text, "by Computer\n") {
				t.Errorf("the user pipeline did not apply:\n%s", files[0].Text)
			}
		})
	}
	if _, err := conv.Convert(load(t, "    sel:\n        Sauce: 'x'\n    condition: sel\n")); err == nil || !strings.Contains(err.Error(), "WindowsEvent") {
		t.Errorf("a field neither table has: want the WindowsEvent refusal, got %v", err)
	}
}

// TestKeywordColumns checks keywords searched in several columns (state
// keyword_field a list): one comparison a column, or'ed, the number column
// only for a keyword that a number's text can hold.
func TestKeywordColumns(t *testing.T) {
	const columns = `name: keyword-columns
priority: 20
transformations:
  - type: set_state
    key: keyword_field
    val: [ProcessCommandLine, FileName, ProcessId]
`
	tests := []struct {
		name, detection, want string
	}{
		{"text", "  kw:\n    - 'mimikatz'\n  condition: kw",
			`(ProcessCommandLine contains "mimikatz" or FileName contains "mimikatz")`},
		{"digits", "  kw:\n    - '4-2'\n  condition: kw",
			`(ProcessCommandLine contains "4-2" or FileName contains "4-2" or tostring(ProcessId) contains "4-2")`},
		{"wildcard between digits", "  kw:\n    - '1*9'\n  condition: not kw",
			`not((ProcessCommandLine matches regex "(?i)^(?s:.*)1(?s:.*)9(?s:.*)$" or FileName matches regex "(?i)^(?s:.*)1(?s:.*)9(?s:.*)$" or tostring(ProcessId) matches regex "(?i)^(?s:.*)1(?s:.*)9(?s:.*)$"))`},
	}
	user := userPipelines(t, columns)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := where(t, load(t, tt.detection), user)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("where\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
