package main

import (
	"strings"
	"testing"
)

const (
	expandRule      = "../../testdata/rules/proc_creation_expand.yml"
	expandPipeline  = "../../testdata/pipelines/placeholders.yml"
	unresolvedGroup = "../../testdata/rules/proc_creation_expand.yml:13:9: expand: placeholder %admin_group%: no pipeline resolves it"
)

// TestExpandWithUserPipeline converts and proves a rule whose values hold
// placeholders: refused without vars, resolved by a -p pipeline's
// value_placeholders.
func TestExpandWithUserPipeline(t *testing.T) {
	code, _, errs := runCLI(t, "", "convert", "-t", "kql", expandRule)
	if code != 1 || !strings.Contains(errs, unresolvedGroup) {
		t.Errorf("without vars: exit %d, stderr:\n%s", code, errs)
	}
	code, out, errs := runCLI(t, "", "convert", "-t", "kql", "-t", "splunk/search", "-t", "eql", "-p", expandPipeline, expandRule)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	for _, want := range []string{
		`(ProcessCommandLine contains "group \"Domain Admins\"" or ProcessCommandLine contains "group \"Enterprise Admins\"")`,
		`not(InitiatingProcessFolderPath startswith "C:\\Program Files\\Backup\\")`,
		`CommandLine IN ("*group \"Domain Admins\"*", "*group \"Enterprise Admins\"*")`,
		`process.command_line : ("*group \"Domain Admins\"*", "*group \"Enterprise Admins\"*")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	code, out, errs = runCLI(t, "", "test", "-g", "-p", expandPipeline, expandRule)
	if code != 0 || !strings.Contains(out, "0 disagree, 0 mislabelled") {
		t.Errorf("test -p: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "", "test", expandRule)
	if code != 0 || !strings.Contains(out, "0 agree, 0 disagree, 0 mislabelled, 5 do not convert") {
		t.Errorf("test without vars: exit %d\n%s", code, out)
	}
}
