package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeShowsTheRegasmOutput: every query the README shows for the
// bundled regasm rule is what the CLI prints today.
func TestReadmeShowsTheRegasmOutput(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-t", "splunk", "--format", "tstats"},
		{"-t", "splunk", "--format", "search"},
		{"-t", "kql"},
		{"-t", "kql/sentinel"},
		{"-t", "eql"},
	} {
		code, out, errs := runCLI(t, "", append(append([]string{"convert"}, args...), regasm)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.Contains(string(readme), "```\n"+out+"```\n") {
			t.Errorf("README.md does not show the output of convert %s:\n%s", strings.Join(args, " "), out)
		}
	}
}
