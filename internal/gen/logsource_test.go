package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// testRules holds the test rules that get a golden per backend and format.
const testRules = "../../testdata/rules"

// TestEveryLogSourceHasTestRule fails when a row of the log-source table
// is read by no rule under testdata/rules: every log source the generator
// shapes events for must have a golden in every backend and format, and be
// proved on generated events (internal/prove TestTestRulesAgree).
func TestEveryLogSourceHasTestRule(t *testing.T) {
	covered := make([]bool, len(sources))
	paths, err := filepath.Glob(filepath.Join(testRules, "*.yml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test rules under %s: %v", testRules, err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rules, _ := sigma.Load(path, data)
		for _, r := range rules {
			if i := sourceRow(r.Logsource); i >= 0 {
				covered[i] = true
			}
		}
	}
	var missing []string
	for i, s := range sources {
		if !covered[i] {
			missing = append(missing, sourceName(s))
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d log sources of the generator have no test rule under %s:\n  %s", len(missing), testRules, strings.Join(missing, "\n  "))
	}
}

// TestSourceRow pins the row lookup the coverage test relies on.
func TestSourceRow(t *testing.T) {
	tests := []struct {
		ls   ir.Logsource
		want string // sourceName of the row, "" for none
	}{
		{ir.Logsource{Product: "windows", Category: "process_creation"}, "product=windows category=process_creation"},
		{ir.Logsource{Product: "linux", Category: "process_creation"}, "product=linux category=process_creation"},
		{ir.Logsource{Category: "process_creation"}, "product=windows category=process_creation"},
		{ir.Logsource{Category: "proxy"}, "category=proxy"},
		{ir.Logsource{Product: "windows", Service: "security"}, "product=windows service=security"},
		{ir.Logsource{Product: "windows", Service: "taskscheduler"}, ""},
		{ir.Logsource{Product: "zeek", Service: "dns"}, "product=zeek service=dns"},
	}
	for _, tt := range tests {
		got := ""
		if i := sourceRow(tt.ls); i >= 0 {
			got = sourceName(sources[i])
		}
		if got != tt.want {
			t.Errorf("%+v: row %q, want %q", tt.ls, got, tt.want)
		}
	}
}

// sourceRow is the index of the table row lookupSource picks for ls, or -1.
func sourceRow(ls ir.Logsource) int {
	s, ok := lookupSource(ls)
	if !ok {
		return -1
	}
	for i := range sources {
		if sourceName(sources[i]) == sourceName(s) {
			return i
		}
	}
	return -1
}

// sourceName names a row as a rule's logsource would.
func sourceName(s source) string {
	var parts []string
	for _, kv := range [][2]string{{"product", s.product}, {"category", s.category}, {"service", s.service}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(parts, " ")
}

// TestKeywordKey: the witnesses of a web server rule carry keywords in the
// query string (a W3C line has no message field); other log sources in
// keywordField.
func TestKeywordKey(t *testing.T) {
	tests := []struct {
		ls   ir.Logsource
		want string
	}{
		{ir.Logsource{Category: "webserver"}, "cs-uri-query"},
		{ir.Logsource{Product: "windows", Service: "system"}, keywordField},
		{ir.Logsource{Product: "linux"}, keywordField},
		{ir.Logsource{Product: "nosuchproduct"}, keywordField},
	}
	for _, tt := range tests {
		if got := keywordKey(tt.ls); got != tt.want {
			t.Errorf("keywordKey(%+v) = %q, want %q", tt.ls, got, tt.want)
		}
	}
	cond := &ir.Match{Op: ir.OpEq, Pattern: ir.Lit("whoami")}
	carried := false
	for _, s := range Generate(&ir.Rule{Logsource: ir.Logsource{Category: "webserver"}}, cond, Options{}) {
		if _, ok := s.Event[keywordField]; ok {
			t.Errorf("web server sample %q has %s", s.Note, keywordField)
		}
		if q, _ := s.Event["cs-uri-query"].(string); strings.Contains(q, "whoami") {
			carried = true
		}
	}
	if !carried {
		t.Error("no web server sample carries the keyword in cs-uri-query")
	}
}
