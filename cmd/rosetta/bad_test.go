package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badInputs is the first diagnostic each file of testdata/bad gives,
// position and message: every bad input is refused where it is written.
var badInputs = map[string]string{
	"base64offset_without_contains.yml": `base64offset_without_contains.yml:7:9: modifier "base64offset" must be followed by "contains": its variants are cut at both ends and match only inside the encoded text`,
	"broken_yaml.yml":                   `broken_yaml.yml:7:1: invalid YAML: found unexpected end of stream`,
	"cidr_then_startswith.yml":          `cidr_then_startswith.yml:7:9: modifier "startswith" cannot follow "cidr"`,
	"exists_not_boolean.yml":            `exists_not_boolean.yml:7:29: exists takes true or false, not "yes"`,
	"gt_string.yml":                     `gt_string.yml:7:23: gt takes a number, not "many"`,
	"hour_out_of_range.yml":             `hour_out_of_range.yml:7:23: hour takes a whole number from 0 to 23, not "24"`,
	"missing_search.yml":                `missing_search.yml:8:34: condition names search "filter", which the detection does not define`,
	"re_then_contains.yml":              `re_then_contains.yml:7:9: modifier "contains" cannot follow "re"`,
	"unknown_modifier.yml":              `unknown_modifier.yml:7:9: unknown modifier "endswithh"`,
	"unmappable_field.yml":              `unmappable_field.yml:8:9: field "SpecialSauce": no mapping to the CIM data model Endpoint.Processes`,
	"utf16le_without_base64.yml":        `utf16le_without_base64.yml:7:9: modifier "utf16le" must be followed by "base64" or "base64offset", not "contains"`,
}

// TestBadInputs converts each bad input alone and checks its first
// diagnostic; a file of testdata/bad missing from the table fails.
func TestBadInputs(t *testing.T) {
	files, err := filepath.Glob("../../testdata/bad/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		name := filepath.Base(path)
		seen[name] = true
		want, ok := badInputs[name]
		if !ok {
			t.Errorf("%s has no expected diagnostic in badInputs", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", "convert", "-t", "splunk", "-f", "tstats", path)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			first, _, _ := strings.Cut(errs, "\n")
			if first != "../../testdata/bad/"+want {
				t.Errorf("first diagnostic\n got %s\nwant ../../testdata/bad/%s", first, want)
			}
		})
	}
	for name := range badInputs {
		if !seen[name] {
			t.Errorf("badInputs names %s, which is not in testdata/bad", name)
		}
	}
	if _, err := os.Stat("../../testdata/bad"); err != nil {
		t.Fatal(err)
	}
}
