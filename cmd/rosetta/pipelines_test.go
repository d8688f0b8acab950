package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestPipelinesCmd(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string // in stdout
		lacks    []string // not in stdout
		stderr   []string
	}{
		{"list", []string{"pipelines"}, 0,
			[]string{"NAME", "LOG SOURCES", "splunk/pipelines/splunk_cim.yml", "kql/pipelines/defender.yml", "eql/pipelines/ecs.yml", "windows/process_creation"}, nil, nil},
		{"list one target", []string{"pipelines", "-t", "kql"}, 0,
			[]string{"defender", "windows/registry_set"}, []string{"splunk_cim", "ecs.yml"}, nil},
		{"list explicit", []string{"pipelines", "list", "--target", "eql"}, 0,
			[]string{"ecs"}, []string{"defender"}, nil},
		{"unknown target", []string{"pipelines", "-t", "qradar"}, 2, nil, nil, []string{`unknown target "qradar"`}},
		{"show by name", []string{"pipelines", "show", "splunk_cim"}, 0,
			[]string{"name: splunk_cim", "transformations:"}, []string{"name: splunk_windows"}, nil},
		{"show by file", []string{"pipelines", "show", "eql/pipelines/ecs.yml"}, 0,
			[]string{"name: ecs"}, nil, nil},
		{"show unknown", []string{"pipelines", "show", "nope"}, 2, nil, nil,
			[]string{`unknown pipeline "nope"`, "defender, ecs, ecs-windows-channels, sentinel, sentinel-4688, sentinel-event, sentinel-securityevent, splunk_cim, splunk_windows"}},
		{"show needs a name", []string{"pipelines", "show"}, 2, nil, nil, []string{"expected \"<name>\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.code, errs)
			}
			for _, s := range tt.contains {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(out, s) {
					t.Errorf("stdout has %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
		})
	}
}

// TestPipelinesListColumns checks each row: name, backend, priority, file,
// a positive number of transformations and the log sources.
func TestPipelinesListColumns(t *testing.T) {
	_, out, _ := runCLI(t, "", "pipelines")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 10 {
		t.Fatalf("want a header and 9 pipelines, got:\n%s", out)
	}
	row := regexp.MustCompile(`^([\w-]+)\s+(splunk|kql|eql)\s+(-?\d+)\s+(\w+/pipelines/\w+\.yml)\s+([1-9]\d*)\s+(\S.*)$`)
	for _, l := range lines[1:] {
		m := row.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("row does not parse: %q", l)
			continue
		}
		if !strings.HasPrefix(m[4], m[2]+"/") {
			t.Errorf("file %s is not under backend %s", m[4], m[2])
		}
	}
}
