package backends_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/backends/kql"
	"github.com/rosetta-sigma/rosetta/internal/corpus"
	evalkql "github.com/rosetta-sigma/rosetta/internal/eval/kql"
)

// TestDefenderCorpusColumnsExist converts the public corpus with --format
// defender and checks that every table and column of every query is in
// backends/kql/tables.json, Microsoft's table reference as transcribed, and
// in ../shared/schemas/kql/defender-sentinel.json for the tables it lists.
func TestDefenderCorpusColumnsExist(t *testing.T) {
	files := corpus.Require(t, corpusDir())
	schemas := map[string][]byte{"backends/kql/tables.json": kql.TablesJSON()}
	if shared, err := os.ReadFile("../../shared/schemas/kql/defender-sentinel.json"); err == nil {
		schemas["../shared/schemas/kql/defender-sentinel.json"] = shared
	}
	parsed := map[string]map[string]map[string]string{}
	for name, data := range schemas {
		var s struct {
			Tables map[string]map[string]string `json:"tables"`
		}
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		parsed[name] = s.Tables
	}
	b, _ := backends.Lookup("kql")
	conv, err := b.NewConversion("defender", nil)
	if err != nil {
		t.Fatal(err)
	}
	queries := 0
	for _, f := range files {
		path, rules := f.Path, f.Rules
		for _, r := range rules {
			files, err := conv.Convert(r)
			if err != nil {
				continue
			}
			for _, f := range files {
				for _, q := range splitQueries("kql", f.Text) {
					queries++
					checkColumns(t, path, q, parsed)
				}
			}
		}
	}
	if queries == 0 {
		t.Fatal("no corpus rule converts")
	}
}

// checkColumns reports each table and column of a query that a schema
// lacks; the repository's schema must list every table, the shared one is
// checked for the tables it lists.
func checkColumns(t *testing.T, path, q string, schemas map[string]map[string]map[string]string) {
	t.Helper()
	compiled, err := evalkql.Compile(q)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	for name, tables := range schemas {
		for _, table := range compiled.Tables() {
			cols, ok := tables[table]
			if !ok {
				if name == "backends/kql/tables.json" {
					t.Errorf("%s: table %s is not in %s", path, table, name)
				}
				continue
			}
			for _, c := range compiled.Columns() {
				if _, ok := cols[c]; !ok && !aggregateColumn(c) {
					t.Errorf("%s: column %s.%s is not in %s", path, table, c, name)
				}
			}
		}
	}
}
