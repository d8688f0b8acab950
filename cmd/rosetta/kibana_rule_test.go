package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestConvertKibanaRules: -t eql --format rule writes one rules.ndjson
// (the rules, then their exception lists) under -o, prints the same to
// standard output without it, and prints a rule's notes to standard error.
func TestConvertKibanaRules(t *testing.T) {
	const conditions = "../../testdata/rules/proc_creation_condition_list.yml"
	dir := t.TempDir()
	code, out, errs := runCLI(t, "", "convert", "-t", "eql", "-f", "rule", "-o", dir, regasm, conditions)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
	if !strings.Contains(errs, conditions+":1:1: note: 2 conditions: one Kibana rule each") {
		t.Errorf("stderr lacks the note: %s", errs)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != "rules.ndjson" {
		t.Fatalf("files %v %v, want rules.ndjson alone", entries, err)
	}
	written, err := os.ReadFile(filepath.Join(dir, "rules.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	_, printed, _ := runCLI(t, "", "convert", "-t", "eql", "-f", "rule", regasm, conditions)
	if printed != string(written) {
		t.Errorf("standard output differs from the file:\n%s\n%s", printed, written)
	}
	var kinds []string
	for _, line := range strings.Split(strings.TrimSuffix(printed, "\n"), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		kind := "rule"
		if _, ok := o["list_id"]; ok {
			kind = "list"
		}
		kinds = append(kinds, kind)
	}
	if want := []string{"rule", "rule", "rule", "list", "list"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("lines %v, want %v", kinds, want)
	}
}

// TestReadmeShowsTheRegasmKibanaRule: the Kibana rule the README shows is
// the one the CLI writes for the regasm rule.
func TestReadmeShowsTheRegasmKibanaRule(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- kibana-regasm-rule -->\n```json\n")
	block, _, found := strings.Cut(block, "```")
	if !ok || !found {
		t.Fatal("README.md has no kibana-regasm-rule block")
	}
	_, out, _ := runCLI(t, "", "convert", "-t", "eql", "-f", "rule", regasm)
	var shown, written any
	if err := json.Unmarshal([]byte(block), &shown); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &written); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(shown, written) {
		t.Errorf("README shows\n%s\nthe CLI writes\n%s", block, out)
	}
}
