package kql

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/attack"
)

// sentinelPipelineTables are the tables the Sentinel pipelines select
// (set_state table), read from the embedded pipeline files.
func sentinelPipelineTables(t *testing.T) map[string]bool {
	t.Helper()
	files, err := fs.Glob(pipelineFiles, "pipelines/sentinel*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sentinel pipelines: %v", err)
	}
	tables := map[string]bool{}
	for _, f := range files {
		data, err := fs.ReadFile(pipelineFiles, f)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Transformations []struct {
				Type string `yaml:"type"`
				Key  string `yaml:"key"`
				Val  any    `yaml:"val"`
			} `yaml:"transformations"`
		}
		if err := yaml.Unmarshal(data, &p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, tr := range p.Transformations {
			if tr.Type == "set_state" && tr.Key == "table" {
				tables[tr.Val.(string)] = true
			}
		}
	}
	return tables
}

// entityIdentifiers are the identifiers of the entity types the table file
// uses, from the Azure-Sentinel repository's EntityMappingIdentifiers.
var entityIdentifiers = map[string][]string{
	"Account": {"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"},
	"Host":    {"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
	"IP":      {"Address"},
}

// TestAnalyticRuleTablesCovered: every table a Sentinel pipeline selects has
// an entry in analytic_rules.yml, and every entity column of an entry is a
// column of its table with a valid identifier.
func TestAnalyticRuleTablesCovered(t *testing.T) {
	all, err := analyticTables()
	if err != nil {
		t.Fatal(err)
	}
	for table := range sentinelPipelineTables(t) {
		if _, ok := all[table]; !ok {
			t.Errorf("analytic_rules.yml: no entry for table %s, which a Sentinel pipeline selects", table)
		}
	}
	for table, f := range all {
		cols, err := Columns(table)
		if err != nil {
			t.Errorf("analytic_rules.yml: %s: %v", table, err)
			continue
		}
		for _, c := range f.Connectors {
			if c.ID == "" || len(c.DataTypes) != 1 || c.DataTypes[0] != table {
				t.Errorf("analytic_rules.yml: %s: connector %+v must name the table as its data type", table, c)
			}
		}
		for _, e := range f.Entities {
			if _, ok := cols[e.Column]; !ok {
				t.Errorf("analytic_rules.yml: %s has no column %s", table, e.Column)
			}
			if !contains(entityIdentifiers[e.Type], e.Identifier) {
				t.Errorf("analytic_rules.yml: %s: %q is no identifier of entity type %q", table, e.Identifier, e.Type)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sentinelTacticEnum is Sentinel's AttackTactic enum (the alert rule API,
// and the Azure-Sentinel repository's template validation).
var sentinelTacticEnum = []string{"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
	"PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement", "Collection",
	"Exfiltration", "CommandAndControl", "Impact", "ImpairProcessControl", "InhibitResponseFunction", "PreAttack"}

// TestSentinelTactics: every ATT&CK tactic of the embedded table has a
// Sentinel name, and every name is a value of Sentinel's enum.
func TestSentinelTactics(t *testing.T) {
	for _, tac := range attack.Tactics() {
		if _, ok := sentinelTactics[tac.Short]; !ok {
			t.Errorf("ATT&CK tactic %s (%s) has no Sentinel name", tac.Short, tac.ID)
		}
	}
	for short, name := range sentinelTactics {
		if !contains(sentinelTacticEnum, name) {
			t.Errorf("%s -> %q: not a value of Sentinel's tactics", short, name)
		}
	}
}

func TestAnalyticRuleDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{5 * time.Minute, "5m"}, {70 * time.Minute, "70m"}, {time.Hour, "1h"}, {90 * time.Minute, "90m"},
		{6 * time.Hour, "6h"}, {24 * time.Hour, "1d"}, {36 * time.Hour, "36h"}, {14 * 24 * time.Hour, "14d"},
	} {
		if got := duration(c.d); got != c.want {
			t.Errorf("duration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestQueryOutput(t *testing.T) {
	q := "let f = (T:(Computer:string, count:long)) { T };\nSecurityEvent\n| where EventID == 4688\n| summarize count=count(), firstTime=min(TimeGenerated), lastTime=max(TimeGenerated) by Computer, EventID, Account\n| invoke f()\n"
	table, by, err := queryOutput(q)
	if err != nil || table != "SecurityEvent" || strings.Join(by, ",") != "Computer,EventID,Account" {
		t.Errorf("got %q %q %v", table, by, err)
	}
	if _, _, err := queryOutput("SecurityEvent\n| where true"); err == nil {
		t.Error("a query without its let statement was read")
	}
}
