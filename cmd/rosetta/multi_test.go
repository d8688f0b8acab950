package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/render"
)

// TestConvertSeveralTargets checks that -t given more than once writes each
// target's output, under a header, exactly as separate runs do.
func TestConvertSeveralTargets(t *testing.T) {
	paths := []string{"../../rules", "../../testdata/rules", "../../testdata/bad"}
	targets := []string{"splunk", "kql/sentinel", "eql"}
	var want strings.Builder
	wantCode := 0
	for i, tg := range targets {
		code, out, _ := runCLI(t, "", append([]string{"convert", "-q", "-t", tg}, paths...)...)
		wantCode = max(wantCode, code)
		if i > 0 {
			want.WriteString("\n")
		}
		name := tg
		if !strings.Contains(name, "/") {
			name += map[string]string{"splunk": "/auto", "eql": "/query"}[tg]
		}
		want.WriteString("==> " + name + " <==\n" + out)
	}
	args := []string{"convert", "-q", "-t", "splunk", "-t", "kql/sentinel", "-t", "eql"}
	code, out, errOut := runCLI(t, "", append(args, paths...)...)
	if code != wantCode || out != want.String() {
		t.Errorf("exit %d (want %d), stdout differs from the separate runs:\n%s\nwant:\n%s\nstderr:\n%s", code, wantCode, out, want.String(), errOut)
	}
}

func TestConvertSeveralTargetsStats(t *testing.T) {
	code, _, errOut := runCLI(t, "", "convert", "--stats", "-t", "splunk/tstats", "-t", "kql", "../../testdata/bad", regasm)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, s := range []string{
		"splunk/tstats: 12 rules: 1 converted, 11 failed (10 did not load, 1 did not convert)\n",
		"kql/defender: 12 rules: ",
		`unmappable_field.yml:8:9: splunk/tstats: field "SpecialSauce"`,
		"../../testdata/bad/broken_yaml.yml:7:1: invalid YAML",
	} {
		if !strings.Contains(errOut, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errOut)
		}
	}
	if n := strings.Count(errOut, "broken_yaml.yml:7:1: invalid YAML"); n != 1 {
		t.Errorf("the load problem is printed %d times, want once:\n%s", n, errOut)
	}
}

func TestConvertSeveralTargetsOutputDir(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "convert", "-t", "splunk/search", "-t", "eql", "-o", dir, regasm); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"splunk-search/proc_creation_win_regasm_spawning_a_process.spl", "eql-query/proc_creation_win_regasm_spawning_a_process.eql"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestConvertTargetErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-t", "kql/tstats"}, `kql: unknown format "tstats"`},
		{[]string{"-t", "eql", "-t", "eql/query"}, "target eql/query given twice"},
		{[]string{"-t", "splunk", "-t", "nope"}, `unknown target "nope"`},
	} {
		code, _, errOut := runCLI(t, "", append(append([]string{"convert"}, tc.args...), regasm)...)
		if code == 0 || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.msg)
		}
	}
}

// TestWriteFilesInOrder: files are written on every CPU, but a name given
// twice ends up with the later file, as writing them in order would.
func TestWriteFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	files := []render.File{{Name: "a.spl", Text: "1"}, {Name: "a.spl", Text: "2"}, {Name: "a-2.spl", Text: "3"}, {Name: "b.spl", Text: "4"}}
	if err := writeFiles(nil, dir, files); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.spl": "1", "a-2.spl": "3", "b.spl": "4"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
}
