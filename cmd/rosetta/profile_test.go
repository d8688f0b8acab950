package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hourly := write("hourly.yml", "type_by_level: {high: Alert}\ndefaults: {schedule: {cron: '*/30 * * * *', earliest: -35m, latest: -5m}}\ntypes: {Alert: {risk: {enabled: true, objects: [{field: dest, type: system}]}}}\n")
	badProfile := write("bad.yml", "types: {TTP: {risk: {impakt: 3}}}\n")
	badRule := write("rule.yml", "title: x\nlevel: high\nlogsource: {product: windows, category: process_creation}\ndetection: {s: {Image: a}, condition: s}\nrosetta:\n  schedule: {cron: '0 * *'}\n")
	const regasm = "../../rules/"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"show prints the embedded profile", []string{"profile"}, 0, []string{"type_by_level:", "earliest: \"-70m@m\""}, nil},
		{"check resolves the regasm rule", []string{"profile", "check", regasm}, 0,
			[]string{`proc_creation_win_regasm_spawning_a_process.yml: TTP disabled=true cron="0 * * * *" -70m@m..-10m@m window=auto notable=true risk=true(64)`}, nil},
		{"check with another profile", []string{"profile", "check", "--profile", hourly, regasm}, 1, nil,
			[]string{`rosetta.type: unknown detection type "TTP"`}},
		{"a bad profile is a positioned error", []string{"profile", "check", "--profile", badProfile, regasm}, 1, nil,
			[]string{badProfile + `:1:22: types.TTP.risk: unknown key "impakt"`}},
		{"a bad rule attribute is a positioned error, the rest still checked", []string{"profile", "check", badRule, regasm}, 1,
			[]string{"proc_creation_win_regasm_spawning_a_process.yml: TTP"},
			[]string{badRule + `:6:20: rosetta.schedule.cron: a cron schedule has 5 fields`}},
		{"convert takes --profile", []string{"convert", "-t", "splunk", "--profile", badProfile, regasm}, 1, nil,
			[]string{`types.TTP.risk: unknown key "impakt"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
		})
	}
}
