package event

import (
	"encoding/json"
	"testing"
)

// docPath reads a dotted path of a shaped document.
func docPath(doc Event, path ...string) any {
	var v any = map[string]any(doc)
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func TestAuditdModel(t *testing.T) {
	tests := []struct {
		name       string
		raw        Event
		action     any // event.action
		recordType any // auditd.log.record_type
		check      [][]string
		want       []any
	}{
		{"a type without an action is renamed and lower-cased",
			Event{"type": "EXECVE"}, "execve", nil, nil, nil},
		{"Java lower-cases a dotted capital I to i and a combining dot",
			Event{"type": "SERV\u0130CE_STOP"}, "servi\u0307ce_stop", nil, nil, nil},
		{"a type with an action keeps the record type",
			Event{"type": "ADD_USER"}, "added-user-account", "ADD_USER", nil, nil},
		{"keys kept, comm renamed, ? and (null) removed",
			Event{"type": "PATH", "name": "/etc/pam.d/sshd", "nametype": "(null)", "comm": "cat", "unit": "?", "SYSCALL": "openat"},
			"path", nil,
			[][]string{{"auditd", "log", "name"}, {"auditd", "log", "nametype"}, {"process", "name"}, {"auditd", "log", "unit"}, {"auditd", "log", "SYSCALL"}, {"event", "dataset"}},
			[]any{"/etc/pam.d/sshd", nil, "cat", nil, "openat", "auditd.log"}},
		{"exe is process.executable",
			Event{"type": "SYSCALL", "exe": "/usr/sbin/useradd"}, "syscall", nil,
			[][]string{{"process", "executable"}, {"process", "args"}}, []any{"/usr/sbin/useradd", nil}},
		{"a SYSCALL record keeps a0",
			Event{"type": "SYSCALL", "a0": "4"}, "syscall", nil,
			[][]string{{"auditd", "log", "a0"}, {"process", "executable"}}, []any{"4", nil}},
		{"an EXECVE record's a0 is process.executable",
			Event{"type": "EXECVE", "a1": "-w", "a0": "sysctl"}, "execve", nil,
			[][]string{{"process", "executable"}, {"auditd", "log", "a0"}}, []any{"sysctl", nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := Event{WebLogSourceField: AuditdLogSource}
			for k, v := range tc.raw {
				raw[k] = v
			}
			doc, ok := shapeECS(raw)
			if !ok {
				t.Fatal("not shaped")
			}
			if got := docPath(doc, "event", "action"); got != tc.action {
				t.Errorf("event.action = %v, want %v", got, tc.action)
			}
			if got := docPath(doc, "auditd", "log", "record_type"); got != tc.recordType {
				t.Errorf("auditd.log.record_type = %v, want %v", got, tc.recordType)
			}
			for i, p := range tc.check {
				if got := docPath(doc, p...); got != tc.want[i] {
					t.Errorf("%v = %v, want %v", p, got, tc.want[i])
				}
			}
		})
	}
}

func TestAuditdExecveArgs(t *testing.T) {
	doc, _ := shapeECS(Event{WebLogSourceField: AuditdLogSource, "type": "EXECVE", "a2": "x", "a10": "z", "a1": "-w"})
	args, _ := docPath(doc, "process", "args").([]any)
	if len(args) != 3 || args[0] != "-w" || args[1] != "x" || args[2] != "z" {
		t.Errorf("process.args = %v, want the arguments by index", args)
	}
	if got := docPath(doc, "process", "executable"); got != nil {
		t.Errorf("without a0 process.executable = %v, want none", got)
	}
}

func TestDNSModel(t *testing.T) {
	doc, ok := shapeECS(Event{WebLogSourceField: DNSLogSource, "query": "api.telegram.org", "answer": "1.2.3.4"})
	if !ok {
		t.Fatal("not shaped")
	}
	if got := docPath(doc, "dns", "question", "name"); got != "api.telegram.org" {
		t.Errorf("dns.question.name = %v", got)
	}
	cat, _ := docPath(doc, "event", "category").([]any)
	if len(cat) != 1 || cat[0] != "network" {
		t.Errorf("event.category = %v", cat)
	}
	if got := docPath(doc, "dns", "answers"); got != nil {
		t.Errorf("answer is not shaped, got dns.answers %v", got)
	}
}

func TestZeekDNSModel(t *testing.T) {
	doc, ok := shapeECS(Event{WebLogSourceField: ZeekDNSLogSource, "query": "pool.supportxmr.com", "qtype_name": "A",
		"answers": []any{"198.51.100.7", "198.51.100.8"}, "rejected": true, "id.resp_p": 53, "Z": 1})
	if !ok {
		t.Fatal("not shaped")
	}
	answers, _ := docPath(doc, "zeek", "dns", "answers").([]any)
	if len(answers) != 2 || answers[1] != "198.51.100.8" {
		t.Errorf("zeek.dns.answers = %v, want Zeek's list kept", docPath(doc, "zeek", "dns", "answers"))
	}
	for _, c := range []struct {
		path []string
		want any
	}{
		{[]string{"zeek", "dns", "qtype_name"}, "A"},
		{[]string{"zeek", "dns", "rejected"}, true},
		{[]string{"destination", "port"}, json.Number("53")},
		{[]string{"zeek", "dns", "Z"}, nil},
		{[]string{"zeek", "dns", "id"}, nil},
	} {
		if got := docPath(doc, c.path...); got != c.want {
			t.Errorf("%v = %#v, want %#v", c.path, got, c.want)
		}
	}
}

func TestZeekKerberosRDPX509Models(t *testing.T) {
	tests := []struct {
		name string
		raw  Event
		path []string
		want any
	}{
		{"kerberos request_type", Event{WebLogSourceField: ZeekKerberosLogSource, "request_type": "TGS"}, []string{"zeek", "kerberos", "request_type"}, "TGS"},
		{"kerberos service", Event{WebLogSourceField: ZeekKerberosLogSource, "service": "krbtgt/EXAMPLE"}, []string{"zeek", "kerberos", "service"}, "krbtgt/EXAMPLE"},
		{"x509 serial", Event{WebLogSourceField: ZeekX509LogSource, "certificate.serial": "8BB00EE"}, []string{"zeek", "x509", "certificate", "serial"}, "8BB00EE"},
		{"rdp originator to source.ip", Event{WebLogSourceField: ZeekRDPLogSource, "id.orig_h": "203.0.113.9"}, []string{"source", "ip"}, "203.0.113.9"},
		{"rdp id not kept", Event{WebLogSourceField: ZeekRDPLogSource, "id.orig_h": "203.0.113.9"}, []string{"zeek", "rdp", "id"}, nil},
		{"rdp no address, no ip field", Event{WebLogSourceField: ZeekRDPLogSource, "id.orig_h": "host-a"}, []string{"source", "ip"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, ok := shapeECS(tc.raw)
			if !ok {
				t.Fatal("not shaped")
			}
			if got := docPath(doc, tc.path...); got != tc.want {
				t.Errorf("%v = %#v, want %#v", tc.path, got, tc.want)
			}
		})
	}
}

func TestGoogleWorkspaceLoginModel(t *testing.T) {
	doc, ok := shapeECS(Event{WebLogSourceField: GoogleWorkspaceLoginLogSource,
		"protoPayload.serviceName": "login.googleapis.com", "protoPayload.metadata.event.eventName": "suspicious_login"})
	if !ok {
		t.Fatal("not shaped")
	}
	for path, want := range map[[2]string]string{
		{"event", "action"}:   "suspicious_login",
		{"event", "dataset"}:  "google_workspace.login",
		{"cloud", "provider"}: "google_workspace",
	} {
		if got := docPath(doc, path[0], path[1]); got != want {
			t.Errorf("%v = %v, want %v", path, got, want)
		}
	}
}

func TestZeekHTTPModel(t *testing.T) {
	tests := []struct {
		name, uri           string
		agentAt, hostAt     []string
		noAgentAt, noHostAt []string
	}{
		{"a path: host and user_agent renamed", "/a.exe",
			[]string{"user_agent", "original"}, []string{"url", "domain"},
			[]string{"zeek", "http", "user_agent"}, []string{"zeek", "http", "host"}},
		{"an absolute uri: the pipeline stops at host", "http://evil.example/a.exe",
			[]string{"zeek", "http", "user_agent"}, []string{"zeek", "http", "host"},
			[]string{"user_agent", "original"}, []string{"url", "domain"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, ok := shapeECS(Event{WebLogSourceField: ZeekHTTPLogSource, "method": "PUT", "uri": tc.uri,
				"host": "evil.example", "user_agent": "Microsoft-WebDAV-MiniRedir", "id.resp_h": "203.0.113.5"})
			if !ok {
				t.Fatal("not shaped")
			}
			if docPath(doc, tc.agentAt...) != "Microsoft-WebDAV-MiniRedir" || docPath(doc, tc.noAgentAt...) != nil {
				t.Errorf("user_agent: %v", doc)
			}
			if docPath(doc, tc.hostAt...) != "evil.example" || docPath(doc, tc.noHostAt...) != nil {
				t.Errorf("host: %v", doc)
			}
			if docPath(doc, "url", "original") != tc.uri || docPath(doc, "http", "request", "method") != "PUT" || docPath(doc, "destination", "ip") != "203.0.113.5" {
				t.Errorf("renamed fields: %v", doc)
			}
		})
	}
}

func TestFortiGateEventModel(t *testing.T) {
	doc, ok := shapeECS(Event{WebLogSourceField: FortiGateEventLogSource, "action": "Add\n", "cfgpath": "system.admin", "cfgobj": "N/A"})
	if !ok {
		t.Fatal("not shaped")
	}
	for path, want := range map[[3]string]any{
		{"fortinet", "firewall", "action"}:  "Add",
		{"fortinet", "firewall", "cfgpath"}: "system.admin",
		{"fortinet", "firewall", "cfgobj"}:  nil,
		{"fortinet", "firewall", "type"}:    "event",
		{"event", "dataset", ""}:            "fortinet_fortigate.log",
	} {
		p := path[:]
		if p[2] == "" {
			p = p[:2]
		}
		if got := docPath(doc, p...); got != want {
			t.Errorf("%v = %q, want %q", p, got, want)
		}
	}
}
