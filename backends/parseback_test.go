package backends_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/eval"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/prove"
)

// checkParsesBack compiles every emitted query with the independent
// evaluator of its language (SPL with the macros.conf rosetta emits for the
// rule), so that no output is a query its own target would reject. Batch
// formats (macros.conf, exception lists) are not queries.
func checkParsesBack(t *testing.T, backend, format string, rule *ir.Rule, text string) {
	t.Helper()
	if q, ok := sentinelRuleQuery(t, backend, format, text); ok {
		backend, format, text = q.backend, q.format, q.text
	}
	for _, target := range prove.Targets {
		if target.Backend != backend || target.Format != format {
			continue
		}
		var opts eval.Options
		if target.Macros != "" {
			b, _ := backends.Lookup(backend)
			conv, err := b.NewConversion(target.Macros, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := conv.Convert(rule); err != nil {
				t.Fatal(err)
			}
			for _, f := range conv.Finish() {
				opts.Macros += f.Text
			}
		}
		for _, q := range splitQueries(target.Lang, text) {
			if _, err := eval.Compile(target.Lang, q, opts); err != nil {
				t.Errorf("%s/%s: %s: emitted query does not parse back: %v\n%s", backend, format, rule.Path, err, q)
			}
		}
	}
}

// deployedQueries reads the queries embedded in the files of the
// deployment formats, by backend/format: the language and an extractor
// that parses the file as its SIEM does.
var deployedQueries = map[string]struct {
	lang    string
	extract func(text string) ([]string, error)
}{
	"eql/rule": {"eql", kibanaQueries},
}

// kibanaQueries decodes a Kibana rules NDJSON file and returns the query of
// each rule (the lines without list_id, which are exception lists).
func kibanaQueries(text string) ([]string, error) {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			return nil, err
		}
		if _, isList := o["list_id"]; isList {
			continue
		}
		q, _ := o["query"].(string)
		out = append(out, q)
	}
	return out, nil
}

// checkDeployedParsesBack compiles every query embedded in a deployment
// format's file with the evaluator of its language.
func checkDeployedParsesBack(t *testing.T, backend, format, name, text string) {
	t.Helper()
	d, ok := deployedQueries[backend+"/"+format]
	if !ok || text == "" {
		return
	}
	queries, err := d.extract(text)
	if err != nil {
		t.Errorf("%s/%s: %s: %v", backend, format, name, err)
	}
	for _, q := range queries {
		if _, err := eval.Compile(d.lang, q, eval.Options{}); err != nil {
			t.Errorf("%s/%s: %s: embedded query does not parse back: %v\n%s", backend, format, name, err, q)
		}
	}
}

// splitQueries separates the queries of a rule with several conditions:
// one per line, except KQL whose queries start with their let statement.
func splitQueries(lang, text string) []string {
	text = strings.TrimSuffix(text, "\n")
	if lang != "kql" {
		return strings.Split(text, "\n")
	}
	var out []string
	for _, part := range strings.Split(text, "\nlet ") {
		if !strings.HasPrefix(part, "let ") {
			part = "let " + part
		}
		out = append(out, part)
	}
	return out
}

// refusalPinned reports whether the golden output of a rule for a target
// is a refusal (TestGolden checks that it is the current one).
func refusalPinned(t *testing.T, path string, target prove.Target) bool {
	t.Helper()
	name := strings.TrimSuffix(filepath.Base(path), ".yml") + ".txt"
	data, err := os.ReadFile(filepath.Join("..", "testdata", "golden", target.Backend, target.Format, name))
	return err == nil && strings.HasPrefix(string(data), "error:\n")
}

// TestSamplesAgree proves every bundled rule that has sample events on
// every target: each query agrees with the rule on every event, and the rule
// with every label.
func TestSamplesAgree(t *testing.T) {
	checker, err := prove.NewChecker(nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range ruleFiles(t) {
		samples, err := prove.LoadSamples(prove.SamplesPath(path))
		if err != nil {
			t.Fatal(err)
		}
		if len(samples) == 0 {
			continue
		}
		n++
		rule := loadRule(t, path)
		for _, target := range prove.Targets {
			for _, r := range checker.Check(rule, target, samples) {
				if target.Format == "sentinel" && rule.Logsource.Category == "process_creation" && r.Err != nil && !r.Compiled {
					continue // SecurityEvent does not hold the Sysmon 1 events these rules are written on
				}
				if r.Err != nil && !r.Compiled && refusalPinned(t, path, target) {
					continue // the format refuses the construct, and TestGolden pins the refusal
				}
				if !r.OK() {
					t.Errorf("%s on %s: err=%v first=%+v mislabels=%d\n%s", path, target, r.Err, r.First, len(r.Mislabels), r.Query)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no rule has sample events")
	}
}
