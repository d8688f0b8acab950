package splunk

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

const logonRule = `title: Logon Of Alice
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
        TargetUserName: alice
    condition: selection
`

// TestAuto: tstats where the data model holds the rule, else the plain
// search with a note saying why.
func TestAuto(t *testing.T) {
	conv, err := Backend{}.NewConversion("auto", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, rule, want, note string
	}{
		{"logon in Authentication", logonRule, "from datamodel=Authentication.Authentication where Authentication.signature_id=4624 Authentication.user=alice", ""},
		{"LogonType is no data-model field", strings.Replace(logonRule, "TargetUserName: alice", "LogonType: 3", 1),
			"source=XmlWinEventLog:Security EventID=4624 LogonType=3", `splunk auto: field "LogonType": no mapping to the CIM data model Authentication; emitted the plain search`},
		{"no EventID", strings.Replace(logonRule, "        EventID: 4624\n", "", 1),
			"TargetUserName=alice", "must ask for EventID 4624 or 4625"},
		{"other Security event", strings.Replace(logonRule, "4624", "4720", 1),
			"EventID=4720", "only the logons (4624, 4625)"},
	} {
		rules, errs := sigma.Load("r.yml", []byte(c.rule))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c.name, errs)
		}
		files, err := conv.Convert(rules[0])
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.Contains(files[0].Text, c.want) {
			t.Errorf("%s: got %s, want it to contain %s", c.name, files[0].Text, c.want)
		}
		if c.note == "" && files[0].Note != "" || !strings.Contains(files[0].Note, c.note) {
			t.Errorf("%s: note %q, want %q", c.name, files[0].Note, c.note)
		}
	}
}
