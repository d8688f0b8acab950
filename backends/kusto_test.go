package backends_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/backends/kql"
	evalkql "github.com/rosetta-sigma/rosetta/internal/eval/kql"
)

// kqlOutputs converts every rule that converts to KQL, in every format,
// keyed by format and file name.
func kqlOutputs(t *testing.T) map[string]string {
	t.Helper()
	b, _ := backends.Lookup("kql")
	out := map[string]string{}
	for _, format := range b.Formats() {
		conv, err := b.NewConversion(format.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range ruleFiles(t) {
			files, err := conv.Convert(loadRule(t, path))
			if err != nil {
				continue
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Name, ".kql") {
					continue // a deployment format: its query is the sentinel format's
				}
				out[format.Name+"-"+f.Name] = f.Text
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no rule converts to KQL")
	}
	return out
}

// TestKQLColumnsExist checks every table and column an emitted query reads
// against the repository's schema and, when ../shared is present, against
// the shared transcription of Microsoft's table reference.
func TestKQLColumnsExist(t *testing.T) {
	schemas := map[string][]byte{"backends/kql/tables.json": kql.TablesJSON()}
	if shared, err := os.ReadFile("../../shared/schemas/kql/defender-sentinel.json"); err == nil {
		schemas["../shared/schemas/kql/defender-sentinel.json"] = shared
	} else {
		t.Log("../shared is absent: checking against the repository's schema only")
	}
	for name, text := range kqlOutputs(t) {
		for _, q := range splitQueries("kql", text) {
			compiled, err := evalkql.Compile(q)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for schemaName, data := range schemas {
				var s struct {
					Tables map[string]map[string]string `json:"tables"`
				}
				if err := json.Unmarshal(data, &s); err != nil {
					t.Fatal(err)
				}
				for _, table := range compiled.Tables() {
					cols, ok := s.Tables[table]
					if !ok && schemaName != "backends/kql/tables.json" {
						// The shared transcription covers DeviceProcessEvents
						// and SecurityEvent only; the repository's schema
						// must hold every table.
						continue
					}
					if !ok {
						t.Errorf("%s: table %s is not in %s", name, table, schemaName)
						continue
					}
					for _, c := range compiled.Columns() {
						if _, ok := cols[c]; !ok && !aggregateColumn(c) {
							t.Errorf("%s: column %s.%s is not in %s", name, table, c, schemaName)
						}
					}
				}
			}
		}
	}
}

// aggregateColumn names the columns the summarize itself creates.
func aggregateColumn(c string) bool {
	return c == "count" || c == "firstTime" || c == "lastTime"
}

// TestMicrosoftKustoParser runs every KQL output through Microsoft's own
// parser and semantic analyzer (@kusto/language-service-next, installed by
// `npm ci --prefix .ci/kusto`, which .ci/run does) with the table schema.
// It skips when node or the install is missing.
func TestMicrosoftKustoParser(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	if _, err := os.Stat("../.ci/kusto/node_modules/@kusto/language-service-next"); err != nil {
		t.Skip("Microsoft's Kusto parser is not installed: run npm ci --prefix .ci/kusto")
	}
	dir := t.TempDir()
	for name, text := range kqlOutputs(t) {
		for i, q := range splitQueries("kql", text) {
			file := filepath.Join(dir, strings.TrimSuffix(name, ".kql")+"-"+string(rune('a'+i))+".kql")
			if err := os.WriteFile(file, []byte(q), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	schema := filepath.Join(dir, "schema.json")
	if err := os.WriteFile(schema, kql.TablesJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "../.ci/kusto/check.js", "--warnings", "--schema", schema, dir).CombinedOutput()
	if err != nil {
		t.Errorf("Microsoft's Kusto parser rejects an output: %v\n%s", err, out)
	}
}
