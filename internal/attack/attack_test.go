package attack

import (
	"reflect"
	"slices"
	"testing"
)

func TestLookupTactic(t *testing.T) {
	tests := []struct {
		short string
		want  Tactic
		ok    bool
	}{
		{"stealth", Tactic{"TA0005", "Stealth", "stealth"}, true},
		{"Defense-Impairment", Tactic{"TA0112", "Defense Impairment", "defense-impairment"}, true},
		{"COMMAND-AND-CONTROL", Tactic{"TA0011", "Command and Control", "command-and-control"}, true},
		{"reconnaissance", Tactic{"TA0043", "Reconnaissance", "reconnaissance"}, true},
		{"defense-evasion", Tactic{"TA0005", "Defense Evasion", "defense-evasion"}, true}, // retired in v19
		{"defense evasion", Tactic{}, false},
		{"evasion", Tactic{}, false},
		{"TA0005", Tactic{}, false},
		{"", Tactic{}, false},
	}
	for _, tt := range tests {
		got, ok := LookupTactic(tt.short)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LookupTactic(%q) = %+v, %v; want %+v, %v", tt.short, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLookupTechnique(t *testing.T) {
	tests := []struct {
		id   string
		want Technique
		ok   bool
	}{
		{"T1218.009", Technique{"T1218.009", "Regsvcs/Regasm", []string{"stealth"}}, true},
		{"t1218.009", Technique{"T1218.009", "Regsvcs/Regasm", []string{"stealth"}}, true},
		{"T1218", Technique{"T1218", "System Binary Proxy Execution", []string{"stealth"}}, true},
		{"T1078", Technique{"T1078", "Valid Accounts",
			[]string{"initial-access", "persistence", "privilege-escalation", "stealth"}}, true},
		{"T1685.001", Technique{"T1685.001", "Disable or Modify Windows Event Log", []string{"defense-impairment"}}, true},
		{"T1686.003", Technique{"T1686.003", "Windows Host Firewall", []string{"defense-impairment"}}, true},
		{"T1211", Technique{"T1211", "Exploitation for Stealth", []string{"stealth"}}, true},
		{"T1562", Technique{}, false}, // Impair Defenses: not in v19
		{"T1562.001", Technique{}, false},
		{"T9999", Technique{}, false},
		{"T1218.9", Technique{}, false},
		{"", Technique{}, false},
	}
	for _, tt := range tests {
		got, ok := LookupTechnique(tt.id)
		if !reflect.DeepEqual(got, tt.want) || ok != tt.ok {
			t.Errorf("LookupTechnique(%q) = %+v, %v; want %+v, %v", tt.id, got, ok, tt.want, tt.ok)
		}
	}
}

// TestLookupTechniqueCopies: a caller that changes what it got does not
// change the table.
func TestLookupTechniqueCopies(t *testing.T) {
	got, _ := LookupTechnique("T1078")
	got.Tactics[0] = "impact"
	again, _ := LookupTechnique("T1078")
	if again.Tactics[0] != "initial-access" {
		t.Errorf("table changed through a returned slice: %v", again.Tactics)
	}
	all := Tactics()
	all[0].Name = "changed"
	if Tactics()[0].Name != "Reconnaissance" {
		t.Error("table changed through Tactics()")
	}
}

func TestTactics(t *testing.T) {
	var got []string
	for _, tactic := range Tactics() {
		got = append(got, tactic.ID+" "+tactic.Short)
	}
	want := []string{
		"TA0043 reconnaissance", "TA0042 resource-development", "TA0001 initial-access", "TA0002 execution",
		"TA0003 persistence", "TA0004 privilege-escalation", "TA0005 stealth", "TA0112 defense-impairment",
		"TA0006 credential-access", "TA0007 discovery", "TA0008 lateral-movement", "TA0009 collection",
		"TA0011 command-and-control", "TA0010 exfiltration", "TA0040 impact",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tactics() = %q\nwant %q", got, want)
	}
}

func TestURLsAndParent(t *testing.T) {
	tests := []struct{ got, want string }{
		{Tactic{ID: "TA0005"}.URL(), "https://attack.mitre.org/tactics/TA0005/"},
		{Technique{ID: "T1218.009"}.URL(), "https://attack.mitre.org/techniques/T1218/009/"},
		{Technique{ID: "T1218"}.URL(), "https://attack.mitre.org/techniques/T1218/"},
		{Technique{ID: "T1218.009"}.Parent(), "T1218"},
		{Technique{ID: "T1218"}.Parent(), ""},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// TestTechniqueTactics: every technique of the table belongs to at least one
// tactic, and a sub-technique's tactics are among its technique's.
func TestTechniqueTactics(t *testing.T) {
	for id, tech := range enterprise().techniques {
		if len(tech.Tactics) == 0 {
			t.Errorf("%s has no tactic", id)
		}
		parent, ok := enterprise().techniques[tech.Parent()]
		if !ok {
			continue
		}
		for _, short := range tech.Tactics {
			if !slices.Contains(parent.Tactics, short) {
				t.Errorf("%s is in %s, its technique %s is not", id, short, parent.ID)
			}
		}
	}
}

// TestV19NewTechniques: the Enterprise techniques MITRE's v19 release notes
// list as new (attack.mitre.org/resources/updates/updates-april-2026/), with
// their names, are in the table.
func TestV19NewTechniques(t *testing.T) {
	news := map[string]string{
		"T1682": "Query Public AI Services", "T1683": "Generate Content", "T1683.001": "Written Content",
		"T1683.002": "Audio-Visual Content", "T1684": "Social Engineering", "T1684.001": "Impersonation",
		"T1684.002": "Email Spoofing", "T1685": "Disable or Modify Tools",
		"T1685.001": "Disable or Modify Windows Event Log", "T1685.002": "Disable or Modify Cloud Log",
		"T1685.003": "Modify or Spoof Tool UI", "T1685.004": "Disable or Modify Linux Audit System Log",
		"T1685.005": "Clear Windows Event Logs", "T1685.006": "Clear Linux or Mac System Logs",
		"T1686": "Disable or Modify System Firewall", "T1686.001": "Cloud Firewall",
		"T1686.002": "Network Device Firewall", "T1686.003": "Windows Host Firewall",
		"T1687": "Exploitation for Defense Impairment", "T1688": "Safe Mode Boot", "T1689": "Downgrade Attack",
		"T1690": "Prevent Command History Logging", "T1027.018": "Invisible Unicode",
	}
	for id, name := range news {
		if got, ok := LookupTechnique(id); !ok || got.Name != name {
			t.Errorf("LookupTechnique(%q) = %q, %v; want %q", id, got.Name, ok, name)
		}
	}
}
