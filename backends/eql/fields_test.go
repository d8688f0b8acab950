package eql_test

import (
	"encoding/csv"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends/eql"
	"github.com/rosetta-sigma/rosetta/internal/corpus"
	evaleql "github.com/rosetta-sigma/rosetta/internal/eval/eql"
)

// ecsSchema is the ECS field reference of the project's shared folder.
const ecsSchema = "../../../shared/schemas/ecs/fields-v9.4.0.csv"

// integrationFields are the namespaces of the fields the Elastic
// integrations and Winlogbeat document outside ECS, each with its source:
// a field the EQL pipelines emit must be an ECS field or start with one of
// these.
var integrationFields = []string{
	"winlog.event_data.",        // Winlogbeat / winlog input: EventData as written
	"winlog.channel",            // Winlogbeat: the event log's name
	"winlog.provider_name",      // Winlogbeat: the <Provider Name>
	"winlog.keywords",           // Winlogbeat: the names of the <Keywords> bits
	"powershell.file.",          // Windows integration, powershell_operational
	"aws.cloudtrail.",           // AWS integration, cloudtrail data stream
	"azure.signinlogs.",         // Azure Logs integration, signinlogs
	"azure.activitylogs.",       // Azure Logs integration, activitylogs
	"azure.auditlogs.",          // Azure Logs integration, auditlogs
	"azure.resource.id",         // Azure Logs integration, common fields
	"azure.identityprotection.", // Azure Logs integration, identity_protection
	"okta.",                     // Okta integration, system
	"gcp.audit.",                // Google Cloud integration, audit
	"kubernetes.audit.",         // Kubernetes integration, audit_logs
	"bitbucket.audit.",          // Atlassian Bitbucket integration, audit
	"zeek.",                     // Zeek integration: zeek.<log>.*
	"google_workspace.admin.",   // Google Workspace integration, admin
	"auditd.log.",               // auditd integration, log (the record's keys, key-value parsed)
	"fortinet.firewall.",        // Fortinet FortiGate integration, log
}

// TestEmittedFieldsAreDocumented converts the test rules and, when the
// shared folder is there, the public corpus, parses every EQL query back
// and checks each field it reads (the corpus is skipped with -short) against the ECS reference and the
// integration namespaces above.
func TestEmittedFieldsAreDocumented(t *testing.T) {
	ecs := readECSFields(t)
	dirs := []string{"../../testdata/rules"}
	if public := "../../" + corpus.Public; !testing.Short() {
		if _, err := os.Stat(public); err == nil {
			dirs = append(dirs, public)
		}
	}
	conv, err := eql.Backend{}.NewConversion("query", nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{} // field -> first query file
	queries := 0
	for _, dir := range dirs {
		files, err := corpus.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			for _, r := range file.Rules {
				out, err := conv.Convert(r)
				if err != nil {
					continue // refused with a positioned error
				}
				for _, f := range out {
					// A condition list is one query per condition, one per line.
					for _, text := range strings.Split(strings.TrimSuffix(f.Text, "\n"), "\n") {
						q, err := evaleql.Compile(text)
						if err != nil {
							t.Errorf("%s: the query does not compile: %v", file.Path, err)
							continue
						}
						queries++
						for _, name := range q.Fields() {
							if _, ok := seen[name]; !ok {
								seen[name] = file.Path
							}
						}
					}
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !ecs[n] && !isIntegrationField(n) {
			t.Errorf("%s (first in %s) is neither an ECS field nor in a documented integration namespace", n, seen[n])
		}
	}
	t.Logf("%d queries read %d distinct fields", queries, len(names))
}

func isIntegrationField(name string) bool {
	for _, p := range integrationFields {
		if name == p || strings.HasSuffix(p, ".") && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// readECSFields reads the Field column of the ECS reference; the test is
// skipped without it.
func readECSFields(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(ecsSchema)
	if err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder): %v", ecsSchema, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, row := range rows[1:] {
		out[row[3]] = true
	}
	return out
}

func TestIsIntegrationField(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"winlog.event_data.GrantedAccess", true},
		{"winlog.channel", true},
		{"winlog.channelx", false},
		{"okta.event_type", true},
		{"oktax.event_type", false},
		{"process.nam", false},
	}
	for _, tt := range tests {
		if got := isIntegrationField(tt.name); got != tt.want {
			t.Errorf("isIntegrationField(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
