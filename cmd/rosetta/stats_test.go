package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unmappable writes rules into a folder, one per field name, each with a
// field no Splunk pipeline maps.
func unmappable(t *testing.T, fields ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i, f := range fields {
		rule := "title: Unmappable " + f + "\nlogsource:\n    product: windows\n    category: process_creation\n" +
			"detection:\n    selection:\n        " + f + ": 'yes'\n    condition: selection\n"
		if err := os.WriteFile(filepath.Join(dir, string(rune('a'+i))+".yml"), []byte(rule), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestConvertStats(t *testing.T) {
	three := unmappable(t, "Sauce", "Spice", "Sauce")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // in stdout
		stderr []string // in stderr, in this order
		absent []string // not in stderr
	}{
		{"all converted", []string{"convert", "--stats", "-t", "kql", "../../rules"}, 0,
			[]string{"DeviceProcessEvents"},
			[]string{"kql/defender: 1 rule: 1 converted, 0 failed\n"},
			[]string{"problems by cause"}},
		{"bad inputs: diagnostics, then stats", []string{"convert", "--stats", "-t", "splunk", "-f", "tstats", "../../testdata/bad", regasm}, 1,
			[]string{"datamodel=Endpoint.Processes"},
			[]string{
				"../../testdata/bad/unmappable_field.yml:8:9: field \"SpecialSauce\"",
				"splunk/tstats: 12 rules: 1 converted, 11 failed (10 did not load, 1 did not convert)\n",
				"problems by cause (11 messages):\n",
				"  1  field …: no mapping to the CIM data model Endpoint.Processes\n       SpecialSauce (1)\n",
			},
			nil},
		{"quiet drops the diagnostics", []string{"convert", "--stats", "-q", "-t", "splunk", "-f", "tstats", "../../testdata/bad"}, 1, nil,
			[]string{"splunk/tstats: 11 rules: 0 converted, 11 failed (10 did not load, 1 did not convert)\n", "invalid YAML"},
			[]string{"../../testdata/bad/", "    ^"}},
		{"quiet alone prints nothing", []string{"convert", "-q", "-t", "splunk", "-f", "tstats", "../../testdata/bad"}, 1, nil, nil,
			[]string{"testdata", "rules:", "problems by cause"}},
		{"same cause groups, fields counted", []string{"convert", "--stats", "-q", "-t", "splunk", "-f", "tstats", three}, 1, nil,
			[]string{
				"splunk/tstats: 3 rules: 0 converted, 3 failed (0 did not load, 3 did not convert)\n",
				"problems by cause (3 messages):\n  3  field …: no mapping to the CIM data model Endpoint.Processes\n       Sauce (2), Spice (1)\n",
			},
			nil},
		{"causes by count, details by count then name", []string{"convert", "--stats", "-q", "-t", "kql",
			"../../testdata/rules/aws_cloudtrail_iam_user.yml", "../../testdata/rules/aws_cloudtrail_nested_refused.yml",
			"../../testdata/rules/system_service_install.yml", "../../testdata/rules/okta_admin_console_target.yml", three}, 1, nil,
			[]string{
				"  4  logsource …: kql: no pipeline gives it a Defender XDR table\n       product=aws service=cloudtrail (2), product=okta service=okta (1), product=windows service=system (1)\n",
				"  3  field …: no mapping to the Defender XDR table DeviceProcessEvents\n       Sauce (2), Spice (1)\n",
			},
			nil},
		{"several formats of one backend: rules converted by at least one", []string{"convert", "--stats", "-q", "-t", "kql/defender", "-t", "kql/sentinel", "-t", "eql", "../../testdata/rules/system_service_install.yml", "../../testdata/rules/proc_creation_cidr.yml", three}, 1, nil,
			[]string{
				"kql/defender: 5 rules: 1 converted, 4 failed",
				"kql/sentinel: 5 rules: 2 converted, 3 failed",
				"kql (defender, sentinel): 5 rules: 2 converted by at least one format\n",
			},
			[]string{"eql (", "eql/query (", "splunk ("}},
		{"one format per backend: no union line", []string{"convert", "--stats", "-q", "-t", "kql/defender", "-t", "eql", regasm}, 0, nil,
			[]string{"kql/defender: 1 rule: 1 converted, 0 failed\n"},
			[]string{"at least one format"}},
		{"missing path counts as a rule that did not load", []string{"convert", "--stats", "-q", "-t", "eql", "nope.yml", regasm}, 1, nil,
			[]string{"eql/query: 2 rules: 1 converted, 1 failed (1 did not load, 0 did not convert)\n", "  1  no such file or directory\n"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.code, errs)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			rest := errs
			for _, s := range tt.stderr {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Errorf("stderr lacks %q (after the previous ones):\n%s", s, errs)
					continue
				}
				rest = rest[i+len(s):]
			}
			for _, s := range tt.absent {
				if strings.Contains(errs, s) {
					t.Errorf("stderr holds %q:\n%s", s, errs)
				}
			}
		})
	}
}

func TestCause(t *testing.T) {
	tests := []struct{ msg, key, detail string }{
		{`field "Hashes": no mapping to ECS (process events)`, `field …: no mapping to ECS (process events)`, "Hashes"},
		{`field "Hashes": value "*IMPHASH=AB*": the Defender XDR table DeviceProcessEvents has no IMPHASH column`, `field …: value …: the Defender XDR table DeviceProcessEvents has no IMPHASH column`, "Hashes"},
		{`fields: "User": no mapping to the Defender XDR table DeviceProcessEvents`, `fields: …: no mapping to the Defender XDR table DeviceProcessEvents`, "User"},
		{`logsource product=windows category=file_event: kql: no pipeline gives it a Defender XDR table`,
			`logsource …: kql: no pipeline gives it a Defender XDR table`, "product=windows category=file_event"},
		{`invalid condition "1 of sel* or x": 1:12: invalid token '*'`, `invalid condition …: invalid token '*'`, "1 of sel* or x"},
		{`condition names search "filter", which the detection does not define`, `condition names search …, which the detection does not define`, "filter"},
		{`search "sel" is empty`, `search … is empty`, "sel"},
		{`keyword "@": splunk search: not supported because x`, `keyword …: splunk search: not supported because x`, "@"},
		{`query of length 10785: kql sentinel-rule: not supported because Sentinel takes a query of at most 10000 characters`,
			`length …: kql sentinel-rule: not supported because Sentinel takes a query of at most 10000 characters`, "10785"},
		{"invalid rule: unmarshal errors:\n  line 8: mapping key \"Image\" already defined at line 7",
			`invalid rule: unmarshal errors: line N: mapping key "Image" already defined at line N`, ""},
		{`modifier "windash": not supported yet`, `modifier "windash": not supported yet`, ""},
		{`wildcard '?': splunk search: not supported because SPL search has no single-character wildcard`,
			`wildcard '?': splunk search: not supported because SPL search has no single-character wildcard`, ""},
	}
	for _, tt := range tests {
		key, detail := cause(tt.msg)
		if key != tt.key || detail != tt.detail {
			t.Errorf("cause(%q) = %q, %q; want %q, %q", tt.msg, key, detail, tt.key, tt.detail)
		}
	}
}
