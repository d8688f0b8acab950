package backends_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/golden"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// ruleFiles are the rules the golden tests convert: the bundled rules and
// the test rules, each construct in a file of its own.
func ruleFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"../rules", "../testdata/rules"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(files)
	return files
}

func loadRule(t *testing.T, path string) *ir.Rule {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rules, errs := sigma.Load(path, data)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", path, errs)
	}
	return rules[0]
}

// TestGolden converts every rule to every format of every backend and
// compares with testdata/golden/<backend>/<format>/<rule>.txt; a rule a
// format refuses has its positioned errors there instead.
func TestGolden(t *testing.T) {
	files := ruleFiles(t)
	for _, b := range backends.All() {
		for _, f := range b.Formats() {
			t.Run(b.Name()+"/"+f.Name, func(t *testing.T) {
				conv, err := b.NewConversion(f.Name, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, path := range files {
					rule := loadRule(t, path)
					out, err := conv.Convert(rule)
					var got strings.Builder
					if err != nil {
						got.WriteString("error:\n")
						for _, d := range err.(diag.List) {
							got.WriteString(d.Error() + "\n")
						}
					}
					for _, o := range out {
						if o.Note != "" {
							got.WriteString("note: " + o.Note + "\n")
						}
						got.WriteString(o.Text)
						checkParsesBack(t, b.Name(), f.Name, rule, o.Text)
						checkDeployedParsesBack(t, b.Name(), f.Name, rule.Path, o.Text)
					}
					if got.Len() > 0 {
						name := strings.TrimSuffix(filepath.Base(path), ".yml") + ".txt"
						golden.Check(t, filepath.Join("..", "testdata", "golden", b.Name(), f.Name, name), []byte(got.String()))
					}
				}
				finished := conv.Finish()
				checkBatchParsesBack(t, b.Name(), f.Name, finished)
				for _, o := range finished {
					checkDeployedParsesBack(t, b.Name(), f.Name, o.Name, o.Text)
					golden.Check(t, filepath.Join("..", "testdata", "golden", b.Name(), f.Name, o.Name), []byte(o.Text))
				}
			})
		}
	}
}

// TestRegasmSplunkTstats pins the search Splunk publishes for the regasm
// detection, token for token (a plain value may be quoted or not).
func TestRegasmSplunkTstats(t *testing.T) {
	const published = "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name=regasm.exe NOT (Processes.process_name IN (\"conhost.exe\")) by Processes.dest Processes.user Processes.parent_process Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `detect_regasm_spawning_a_process_filter`"
	b, _ := backends.Lookup("splunk")
	conv, err := b.NewConversion("tstats", nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := conv.Convert(loadRule(t, "../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out[0].Text); unquote(got) != unquote(published) {
		t.Errorf("got\n%s\nwant\n%s", got, published)
	}
}

// unquote drops the quotes around plain values after "=", which SPL reads
// the same with or without.
func unquote(s string) string {
	return strings.NewReplacer(`="regasm.exe"`, `=regasm.exe`).Replace(s)
}

func TestRegistry(t *testing.T) {
	for _, name := range []string{"splunk", "kql", "eql"} {
		b, ok := backends.Lookup(name)
		if !ok {
			t.Fatalf("backend %s missing", name)
		}
		if len(b.Formats()) == 0 {
			t.Errorf("%s has no formats", name)
		}
		ps, err := b.Pipelines()
		if err != nil || len(ps) == 0 {
			t.Errorf("%s pipelines: %v", name, err)
		}
	}
	if _, ok := backends.Lookup("nope"); ok {
		t.Error("unknown backend found")
	}
}

// TestEveryModifierHasATestRule fails when a modifier rosetta lowers has no
// rule under testdata/rules, so that each has a golden output in every
// backend and format (or its refusal pinned) and samples where it converts.
func TestEveryModifierHasATestRule(t *testing.T) {
	var text strings.Builder
	for _, path := range ruleFiles(t) {
		if !strings.HasPrefix(path, "../testdata/rules/") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text.Write(data)
	}
	all := text.String()
	for _, name := range sigma.Modifiers() {
		if !strings.Contains(all, "|"+name+"|") && !strings.Contains(all, "|"+name+":") {
			t.Errorf("modifier %q: no rule under testdata/rules uses it", name)
		}
	}
}
