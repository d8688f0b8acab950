package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestConvertSentinelRules: -t kql --format sentinel-rule writes one YAML
// file per rule under -o, its schedule from the --profile given, and refuses
// at the rule's attribute a schedule Sentinel cannot run.
func TestConvertSentinelRules(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile.yml")
	if err := os.WriteFile(profile, []byte("type_by_level: {high: Alert}\ndefaults: {schedule: {cron: '*/30 * * * *', earliest: -35m, latest: now}}\ntypes: {Alert: {}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	// The regasm rule names its own type (TTP), which this profile lacks: a
	// copy without its rosetta: attribute takes the profile's.
	data, err := os.ReadFile(regasm)
	if err != nil {
		t.Fatal(err)
	}
	plain, _, _ := strings.Cut(string(data), "# rosetta's deployment settings")
	rule := filepath.Join(dir, "regasm.yml")
	if err := os.WriteFile(rule, []byte(plain), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "", "convert", "-t", "kql", "-f", "sentinel-rule", "--profile", profile, "-o", out, rule)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	written, err := os.ReadFile(filepath.Join(out, "regasm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ar map[string]any
	if err := yaml.Unmarshal(written, &ar); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{"queryFrequency": "30m", "queryPeriod": "35m", "severity": "High", "kind": "Scheduled"} {
		if ar[key] != want {
			t.Errorf("%s = %v, want %v", key, ar[key], want)
		}
	}
	if q, _ := ar["query"].(string); !strings.Contains(q, "SecurityEvent\n| where EventID == 4688") {
		t.Errorf("query %q", q)
	}

	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte(plain+"rosetta:\n    schedule: {cron: '0 9 1 * *'}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "", "convert", "-t", "kql", "-f", "sentinel-rule", "-o", out, bad, regasm)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, bad+":") || !strings.Contains(stderr, "Sentinel runs a rule at a fixed queryFrequency") {
		t.Errorf("stderr lacks the positioned refusal:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "proc_creation_win_regasm_spawning_a_process.yaml")); err != nil {
		t.Errorf("the other rule was not written: %v", err)
	}
}

// TestReadmeShowsTheRegasmAnalyticRule: the analytic rule the README shows
// is the one the CLI writes for the regasm rule, byte for byte.
func TestReadmeShowsTheRegasmAnalyticRule(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- sentinel-regasm-rule -->\n```yaml\n")
	block, _, found := strings.Cut(block, "```")
	if !ok || !found {
		t.Fatal("README.md has no sentinel-regasm-rule block")
	}
	_, out, _ := runCLI(t, "", "convert", "-t", "kql", "-f", "sentinel-rule", regasm)
	if out != block {
		t.Errorf("README shows\n%s\nthe CLI writes\n%s", block, out)
	}
}
