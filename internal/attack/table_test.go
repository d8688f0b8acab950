package attack

import (
	"strings"
	"testing"
)

// TestEmbeddedTable parses enterprise.tsv as the package does and checks it
// against the published size of ATT&CK Enterprise v19: 15 tactics, 222
// techniques and 475 sub-techniques, plus the one retired tactic.
func TestEmbeddedTable(t *testing.T) {
	tab, err := parse(tableFile, enterpriseTSV)
	if err != nil {
		t.Fatal(err)
	}
	var techniques, subs int
	for _, tech := range tab.techniques {
		if tech.Parent() == "" {
			techniques++
		} else {
			subs++
		}
	}
	if len(tab.matrix) != 15 || techniques != 222 || subs != 475 {
		t.Errorf("%d tactics, %d techniques, %d sub-techniques; want 15, 222, 475", len(tab.matrix), techniques, subs)
	}
	if retired := len(tab.tactics) - len(tab.matrix); retired != 1 {
		t.Errorf("%d retired tactics, want 1 (defense-evasion)", retired)
	}
}

// TestParseErrors: each malformed line is an error that names file and line.
func TestParseErrors(t *testing.T) {
	const head = "# a table\ntactic\tTA0002\tExecution\texecution\ntactic\tTA0005\tStealth\tstealth\n"
	tests := []struct {
		name, body, want string
	}{
		{"too few fields", "technique\tT1059\tCommand and Scripting Interpreter\n",
			"x.tsv:4: 3 tab-separated fields, want 4"},
		{"too many fields", "technique\tT1059\tCommand\texecution\textra\n",
			"x.tsv:4: 5 tab-separated fields, want 4"},
		{"unknown kind", "subtechnique\tT1059.001\tPowerShell\texecution\n",
			`x.tsv:4: unknown kind "subtechnique"`},
		{"empty name", "technique\tT1059\t\texecution\n",
			`x.tsv:4: T1059: name "" is empty or has surrounding spaces`},
		{"padded name", "technique\tT1059\t Command \texecution\n",
			`x.tsv:4: T1059: name " Command " is empty`},
		{"bad tactic id", "tactic\tTA05\tImpact\timpact\n",
			`x.tsv:4: tactic id "TA05" is not TA and four digits`},
		{"bad shortname", "tactic\tTA0040\tImpact\tImpact\n",
			`x.tsv:4: tactic TA0040: shortname "Impact" is not lower-case`},
		{"shortname twice", "retired-tactic\tTA0002\tExecution\texecution\n",
			`x.tsv:4: tactic TA0002: shortname "execution" declared twice`},
		{"tactic after technique", "technique\tT1059\tCommand\texecution\n\ntactic\tTA0040\tImpact\timpact\n",
			"x.tsv:6: tactic impact after the first technique"},
		{"bad technique id", "technique\tT1059.1\tPowerShell\texecution\n",
			`x.tsv:4: technique id "T1059.1" is not T`},
		{"lower-case technique id", "technique\tt1059\tCommand\texecution\n",
			`x.tsv:4: technique id "t1059" is not T`},
		{"technique twice", "technique\tT1059\tCommand\texecution\ntechnique\tT1059\tCommand\texecution\n",
			"x.tsv:5: technique T1059 declared twice"},
		{"no tactics", "technique\tT1059\tCommand\t\n",
			`x.tsv:4: technique T1059: "" is not a tactic of the matrix`},
		{"undeclared tactic", "technique\tT1059\tCommand\texecution,defense-evasion\n",
			`x.tsv:4: technique T1059: "defense-evasion" is not a tactic of the matrix`},
		{"retired tactic", "retired-tactic\tTA0005\tDefense Evasion\tdefense-evasion\ntechnique\tT1218\tSystem Binary Proxy Execution\tdefense-evasion\n",
			`x.tsv:5: technique T1218: "defense-evasion" is not a tactic of the matrix`},
		{"tactics out of order", "technique\tT1078\tValid Accounts\tstealth,execution\n",
			`x.tsv:4: technique T1078: tactic "execution" repeated or out of matrix order`},
		{"tactic repeated", "technique\tT1078\tValid Accounts\tstealth,stealth\n",
			`x.tsv:4: technique T1078: tactic "stealth" repeated`},
		{"orphan sub-technique", "technique\tT1059.001\tPowerShell\texecution\n",
			"x.tsv: sub-technique T1059.001: no technique T1059"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("x.tsv", []byte(head+tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestParseCollectsErrors: a table with several bad lines reports each.
func TestParseCollectsErrors(t *testing.T) {
	_, err := parse("x.tsv", []byte("tactic\tTA0002\tExecution\texecution\nbad\nalso bad\r\n\ntechnique\tT1059\tCommand\texecution\n"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"x.tsv:2: 1 tab-separated", "x.tsv:3: 1 tab-separated"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestParseValid: a well-formed table loads with its comments, blank lines
// and CRLF line ends.
func TestParseValid(t *testing.T) {
	tab, err := parse("x.tsv", []byte("# c\r\ntactic\tTA0002\tExecution\texecution\r\n\r\n"+
		"retired-tactic\tTA0005\tDefense Evasion\tdefense-evasion\r\n"+
		"technique\tT1059\tCommand and Scripting Interpreter\texecution\r\n"+
		"technique\tT1059.001\tPowerShell\texecution\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.matrix) != 1 || len(tab.tactics) != 2 || len(tab.techniques) != 2 {
		t.Errorf("matrix %v, tactics %v, techniques %v", tab.matrix, tab.tactics, tab.techniques)
	}
	if got := tab.techniques["T1059.001"].Name; got != "PowerShell" {
		t.Errorf("T1059.001 name %q", got)
	}
}
