package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/golden"
)

const buildAgentFilter = "../../testdata/filters/mf_regasm_build_agent.yml"

// TestConvertFilter converts the regasm rule with the build-agent filter in
// every format of every backend; the outputs are golden files.
func TestConvertFilter(t *testing.T) {
	for _, tf := range [][2]string{{"splunk", "tstats"}, {"splunk", "search"}, {"kql", "defender"}, {"eql", "query"}} {
		t.Run(tf[0]+"/"+tf[1], func(t *testing.T) {
			code, out, errs := runCLI(t, "", "convert", "-t", tf[0], "-f", tf[1], "--filter", "../../testdata/filters", regasm)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errs)
			}
			golden.Check(t, filepath.Join("../../testdata/golden/filters", tf[0], tf[1], "proc_creation_win_regasm_spawning_a_process.txt"), []byte(out))
		})
	}
}

// TestConvertFilterErrors: a filter that does not load is reported with its
// position and the exit status is 1, but the rules still convert, with the
// filters that did load.
func TestConvertFilterErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "mf_bad.yml")
	os.WriteFile(bad, []byte("title: bad\nlogsource:\n  product: windows\nfilter:\n  rules: [x]\n  selection:\n    Image: a\n  condition: not selektion\n"), 0o644)
	code, out, errs := runCLI(t, "", "convert", "-t", "eql", "--filter", dir, "--filter", buildAgentFilter, regasm)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := bad + `:8:18: condition names search "selektion"`; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	if !strings.Contains(out, `and not (process.parent.command_line : "*\\BuildAgent\\*" and process.name : "cmd.exe")`) {
		t.Errorf("the rule was not converted with the filter that loaded:\n%s", out)
	}
	code, _, errs = runCLI(t, "", "convert", "-t", "eql", "--filter", "nope.yml", regasm)
	if code != 1 || !strings.Contains(errs, "nope.yml: no such file or directory") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

// TestTestCommandFilter proves the filtered regasm rule on its samples and
// on events generated from its detection, the filter's branches included.
func TestTestCommandFilter(t *testing.T) {
	events := regexp.MustCompile(`eql/query\s+(\d+)\s+(\d+)\s+-`)
	code, plain, errs := runCLI(t, "", "test", "-v", "-g", regasm)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, plain, errs)
	}
	code, out, errs := runCLI(t, "", "test", "-v", "-g", "--filter", buildAgentFilter, regasm)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "5 checks: 5 agree, 0 disagree, 0 mislabelled, 0 do not convert") {
		t.Errorf("summary:\n%s", out)
	}
	p, f := events.FindStringSubmatch(plain), events.FindStringSubmatch(out)
	if p == nil || f == nil || atoi(f[1]) <= atoi(p[1]) {
		t.Errorf("the filtered rule was not tested on more generated events than the plain one:\n%s\n%s", plain, out)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
