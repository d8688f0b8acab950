package deploy

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

func loadRule(t *testing.T, path, text string) *ir.Rule {
	t.Helper()
	rules, errs := sigma.Load(path, []byte(text))
	if len(errs) > 0 || len(rules) != 1 {
		t.Fatalf("load %s: %v", path, errs)
	}
	return rules[0]
}

// The bundled regasm rule resolves to the configuration Splunk publishes
// for "Detect Regasm Spawning a Process".
func TestRegasmSettings(t *testing.T) {
	const path = "../../rules/windows/process_creation/proc_creation_win_regasm_spawning_a_process.yml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Default().For(loadRule(t, path, string(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := &Settings{
		Type:     "TTP",
		Disabled: true,
		Schedule: Schedule{Cron: "0 * * * *", Earliest: "-70m@m", Latest: "-10m@m", Window: "auto"},
		Notable:  Notable{Enabled: true, Title: "%name%", Description: "%description%", Fields: []string{"user", "dest"}},
		Risk: Risk{
			Enabled:    true,
			Message:    "An instance of $parent_process_name$ spawning $process_name$ was identified on endpoint $dest$ by user $user$ spawning a child process, typically not normal behavior for $parent_process_name$.",
			Impact:     80,
			Confidence: 80,
			Objects:    []RiskObject{{Field: "user", Type: "user"}, {Field: "dest", Type: "system"}},
		},
		AnalyticStories: []string{"Suspicious Regsvcs Regasm Activity"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("settings:\n got %+v\nwant %+v", s, want)
	}
	if s.Risk.Score() != 64 {
		t.Errorf("risk score %d, want 64", s.Risk.Score())
	}
}

const ruleHead = `title: T
logsource: {product: windows, category: process_creation}
detection: {sel: {Image: x}, condition: sel}
`

func TestForTypesAndLayers(t *testing.T) {
	tests := []struct {
		name, extra string
		want        string // Settings.String()
	}{
		{"level high is a TTP", "level: high\n", `TTP disabled=true cron="0 * * * *" -70m@m..-10m@m window=auto notable=true risk=true(25)`},
		{"level medium is an Anomaly", "level: medium\n", `Anomaly disabled=true cron="0 * * * *" -70m@m..-10m@m window=auto notable=false risk=true(25)`},
		{"level low is Hunting", "level: low\n", `Hunting disabled=true cron="0 * * * *" -70m@m..-10m@m window=auto notable=false risk=false(25)`},
		{"no level is medium's", "", `Anomaly disabled=true cron="0 * * * *" -70m@m..-10m@m window=auto notable=false risk=true(25)`},
		{"the rule's type wins", "level: low\nrosetta: {type: TTP}\n", `TTP disabled=true cron="0 * * * *" -70m@m..-10m@m window=auto notable=true risk=true(25)`},
		{"the rule's settings win key by key", "level: high\nrosetta: {disabled: false, schedule: {cron: '*/15 * * * *', earliest: -20m}, risk: {impact: 90}}\n",
			`TTP disabled=false cron="*/15 * * * *" -20m..-10m@m window=auto notable=true risk=true(45)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Default().For(loadRule(t, "r.yml", ruleHead+tt.extra))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestForErrors(t *testing.T) {
	tests := []struct{ name, extra, want string }{
		{"unknown key", "rosetta:\n  schedul: {}\n", "r.yml:5:3: rosetta: unknown key \"schedul\""},
		{"unknown nested key", "rosetta:\n  risk:\n    score: 3\n", "r.yml:6:5: rosetta.risk: unknown key \"score\""},
		{"not a mapping", "rosetta: yes\n", "r.yml:4:10: rosetta: must be a mapping"},
		{"impact out of range", "rosetta:\n  risk: {impact: 120}\n", "r.yml:5:18: rosetta.risk.impact: must be a whole number from 0 to 100"},
		{"bad risk object type", "rosetta:\n  risk: {objects: [{field: u, type: person}]}\n", "r.yml:5:37: rosetta.risk.objects[].type: \"person\" is not a risk object type"},
		{"unknown type", "rosetta: {type: Correlation}\n", "r.yml:4:17: rosetta.type: unknown detection type \"Correlation\""},
		{"disabled not a bool", "rosetta: {disabled: 'no'}\n", "r.yml:4:21: rosetta.disabled: must be true or false"},
		{"cron without 5 fields", "rosetta: {schedule: {cron: '0 * * *'}}\n", "r.yml:4:28: rosetta.schedule.cron: a cron schedule has 5 fields"},
		{"bad relative time", "rosetta: {schedule: {latest: +5m}}\n", "r.yml:4:30: rosetta.schedule.latest: \"+5m\": a relative time in the past starts with '-'"},
		{"earliest after latest", "rosetta: {schedule: {earliest: -5m}}\n", "r.yml:4:10: schedule: earliest \"-5m\" is not before latest \"-10m@m\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().For(loadRule(t, "r.yml", ruleHead+tt.extra))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant it to contain %s", err, tt.want)
			}
		})
	}
}

func TestParseProfileErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unknown top key", "defaults: {}\ntypes: {TTP: {}}\nextra: 1\n", "p.yml:3:1: profile: unknown key \"extra\""},
		{"unknown level", "type_by_level: {severe: TTP}\ntypes: {TTP: {}}\n", "p.yml:1:17: type_by_level: unknown key \"severe\""},
		{"level names a missing type", "type_by_level: {high: TTP}\ntypes: {Hunting: {}}\n", "p.yml:1:1: type_by_level.high: unknown detection type \"TTP\""},
		{"bad setting in a type", "types: {TTP: {notable: {feilds: [a]}}}\n", "p.yml:1:25: types.TTP.notable: unknown key \"feilds\""},
		{"not YAML", "types: [\n", "p.yml:1:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse("p.yml", []byte(tt.text))
			if len(errs) == 0 || !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors %v\nwant them to contain %s", errs, tt.want)
			}
		})
	}
}

func TestInterval(t *testing.T) {
	tests := []struct {
		cron string
		want time.Duration // 0: an error
	}{
		{"0 * * * *", time.Hour},
		{"17 * * * *", time.Hour},
		{"*/15 * * * *", 15 * time.Minute},
		{"* * * * *", time.Minute},
		{"5 */4 * * *", 4 * time.Hour},
		{"30 2 * * *", 24 * time.Hour},
		{"0 3 * * 1", 7 * 24 * time.Hour},
		{"*/7 * * * *", 0},
		{"0 */5 * * *", 0},
		{"0 0 1 * *", 0},
		{"0,30 * * * *", 0},
		{"0 * * *", 0},
		{"60 * * * *", 0},
	}
	for _, tt := range tests {
		got, err := Interval(tt.cron)
		if (err != nil) != (tt.want == 0) || got != tt.want {
			t.Errorf("Interval(%q) = %v, %v; want %v", tt.cron, got, err, tt.want)
		}
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"-70m@m", 70 * time.Minute, false},
		{"-10m@m", 10 * time.Minute, false},
		{"now", 0, false},
		{"", 0, false},
		{"-1h", time.Hour, false},
		{"-2days", 48 * time.Hour, false},
		{"-d@d", 24 * time.Hour, false},
		{"@d", 0, false},
		{"-1mon", 0, true},
		{"+5m", 0, true},
		{"-5m@q", 0, true},
	}
	for _, tt := range tests {
		got, err := Offset(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("Offset(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// Every key the profile reader accepts is one a layer sets: the key table
// and the readers agree.
func TestSettingKeysAreRead(t *testing.T) {
	for section, keys := range settingKeys {
		if section == "object" {
			continue
		}
		for _, k := range keys {
			text := "types: {X: {" + k + ": 1}}\n"
			if section != "" {
				text = "types: {X: {" + section + ": {" + k + ": 1}}}\n"
			}
			_, errs := Parse("p.yml", []byte(text))
			if strings.Contains(errs.Error(), "unknown key") {
				t.Errorf("%s.%s: %v", section, k, errs)
			}
		}
	}
}

func FuzzParseProfile(f *testing.F) {
	f.Add(defaultProfile)
	f.Add([]byte("types: {TTP: {risk: {objects: [{field: a, type: user}]}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, errs := Parse("p.yml", data)
		if p == nil && len(errs) == 0 {
			t.Fatal("no profile and no error")
		}
		if p != nil {
			_, _ = p.For(&ir.Rule{Path: "r.yml", Title: "T", Level: "high"})
		}
	})
}
