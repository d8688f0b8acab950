package event

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestECSModel(t *testing.T) {
	// Fields [EI] removes from event_data, for every Sysmon case.
	removed := []string{"winlog.event_data.Hashes", "winlog.event_data.User", "winlog.event_data.TargetObject",
		"winlog.event_data.QueryResults", "winlog.event_data.Initiated", "winlog.event_data.UtcTime",
		"winlog.event_data.ProcessId", "winlog.event_data.Image", "winlog.event_data.RuleName"}
	runShapeCases(t, "ecs", []shapeCase{
		{name: "sysmon1 process", raw: rawProcess, ok: true, want: map[string]any{
			"@timestamp":                       "2020-10-08T11:03:46.615Z",
			"event.code":                       "1",
			"event.kind":                       "event",
			"event.category":                   []any{"process"},
			"event.type":                       []any{"start"},
			"event.action":                     "Process creation",
			"process.executable":               `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\RegAsm.exe`,
			"process.name":                     "RegAsm.exe",
			"process.command_line":             rawProcess["CommandLine"],
			"process.args":                     []any{`C:\Windows\Microsoft.NET\Framework64\v4.0.30319\RegAsm.exe`, "/U", `C:\Users\Public\pay load.dll`},
			"process.args_count":               num("3"),
			"process.pid":                      num("2296"),
			"process.entity_id":                "{96128EA2-F212-5F7E-E400-000000007F01}",
			"process.working_directory":        `C:\Users\Public\`,
			"process.pe.original_file_name":    "RegAsm.exe",
			"process.pe.company":               "Microsoft Corporation",
			"process.pe.imphash":               "3062ed732d4b25d1c64f084dac97d37a",
			"process.hash.sha256":              "935c1861df1f4018d698e8b65abfa02d7e9037d8f68ca3c2065b6ca165d44ad2",
			"process.hash.md5":                 "f4f684066175b77e0c3a000549d2922c",
			"process.parent.executable":        `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
			"process.parent.name":              "powershell.exe",
			"process.parent.pid":               num("4624"),
			"process.parent.command_line":      rawProcess["ParentCommandLine"],
			"process.parent.args":              []any{"powershell.exe", "-nop", "-w", "hidden", "-c", "iex $x"},
			"process.parent.entity_id":         "{96128EA2-F211-5F7E-DF00-000000007F01}",
			"user.name":                        "Administrator",
			"user.domain":                      "ATTACKRANGE",
			"user.id":                          "S-1-5-18",
			"host.name":                        "win-dc-6764986.attackrange.local",
			"winlog.channel":                   "Microsoft-Windows-Sysmon/Operational",
			"winlog.event_id":                  "1",
			"winlog.record_id":                 "4522",
			"winlog.event_data.IntegrityLevel": "High",
			"winlog.event_data.LogonId":        "0x8d4ac",
			"winlog.event_data.ParentUser":     `NT AUTHORITY\SYSTEM`,
			"winlog.event_data.Company":        "Microsoft Corporation", // a copy stays
		}, absent: append(removed, "process.hash.imphash", "file.hash.sha256", "winlog.event_data.OriginalFileName",
			"winlog.event_data.CommandLine", "winlog.event_data.ParentImage", "rule.name", "winlog.event_data.ParentProcessId")},
		{name: "sysmon3 network", raw: rawNetwork, ok: true, want: map[string]any{
			"event.category":     []any{"network"},
			"event.type":         []any{"start", "connection", "protocol"},
			"source.ip":          "10.0.1.14",
			"source.port":        num("61722"),
			"source.domain":      "win-dc-6764986.attackrange.local",
			"destination.ip":     "41.77.117.236",
			"destination.port":   num("21"),
			"destination.domain": "youssef5.genious.net",
			"network.transport":  "tcp",
			"network.protocol":   "ftp",
			"network.direction":  "egress",
			"network.type":       "ipv4",
			"process.name":       "agent_tesla-deob.exe",
		}, absent: append(removed, "winlog.event_data.SourcePortName", "winlog.event_data.DestinationIp", "winlog.event_data.Protocol")},
		{name: "sysmon3 inbound, bad address", raw: with(rawNetwork, Event{"Initiated": "false", "DestinationIp": "not-an-ip", "DestinationPortName": "-", "SourcePortName": "ephemeral"}), ok: true, want: map[string]any{
			"network.direction": "ingress",
			"network.protocol":  "ephemeral",
		}, absent: []string{"destination.ip", "winlog.event_data.DestinationIp"}},
		{name: "sysmon7 image load", raw: rawImageLoad, ok: true, want: map[string]any{
			"event.category":                   []any{"process", "library"},
			"event.type":                       []any{"change", "start"},
			"event.action":                     []any{"Image loaded", "load"},
			"file.path":                        `C:\Windows\System32\IDStore.dll`,
			"file.name":                        "IDStore.dll",
			"file.directory":                   `C:\Windows\System32`,
			"file.extension":                   "dll",
			"file.hash.sha1":                   "a2bfb8a7f3b0a0d1b5c7e7c1c0e1f4b5d6a7b8c9",
			"file.pe.imphash":                  "3062ed732d4b25d1c64f084dac97d37a",
			"file.pe.original_file_name":       "IdStore.dll",
			"file.pe.company":                  "Microsoft Corporation",
			"file.code_signature.subject_name": "Microsoft Windows",
			"file.code_signature.status":       "Valid",
			"file.code_signature.valid":        true,
			"file.code_signature.trusted":      true,
			"dll.path":                         `C:\Windows\System32\IDStore.dll`,
			"dll.name":                         "IDStore.dll",
			"dll.hash.md5":                     "f4f684066175b77e0c3a000549d2922c",
			"process.executable":               `C:\Windows\System32\dllhost.exe`,
			"process.name":                     "dllhost.exe",
			"winlog.event_data.Signed":         "true",
			"winlog.event_data.Signature":      "Microsoft Windows",
		}, absent: append(removed, "process.hash.sha1", "process.pe.original_file_name", "winlog.event_data.ImageLoaded",
			"winlog.event_data.OriginalFileName")},
		{name: "sysmon11 file create", raw: rawFile, ok: true, want: map[string]any{
			"event.category":                    []any{"file"},
			"event.type":                        []any{"creation"},
			"event.action":                      "FileCreate",
			"file.path":                         rawFile["TargetFilename"],
			"file.name":                         "CURRENT_USER_My_4_atomic@art2.local.pfx",
			"file.directory":                    `C:\Users\Administrator\Downloads\mimikatz_trunk\x64`,
			"file.extension":                    "pfx",
			"winlog.event_data.CreationUtcTime": "2023-02-08 13:01:11.053",
		}, absent: append(removed, "winlog.event_data.TargetFilename")},
		{name: "sysmon13 registry DWORD", raw: rawRegSet, ok: true, want: map[string]any{
			"event.category":              []any{"configuration", "registry"},
			"event.action":                "RegistryEvent (Value Set)",
			"registry.path":               rawRegSet["TargetObject"],
			"registry.hive":               "HKLM",
			"registry.key":                `System\CurrentControlSet\Control\SecurityProviders\WDigest\UseLogonCredential`,
			"registry.value":              "UseLogonCredential",
			"registry.data.strings":       []any{"1"},
			"registry.data.type":          "SZ_DWORD",
			"winlog.event_data.EventType": "SetValue",
			"winlog.event_data.Details":   "DWORD (0x00000001)",
		}, absent: removed},
		{name: "sysmon13 registry string and binary", raw: with(rawRegSet, Event{"Details": "Binary Data"}), ok: true, want: map[string]any{
			"registry.data.strings": []any{"Binary Data"},
			"registry.data.type":    "REG_BINARY",
		}},
		{name: "sysmon12 registry key in user hive", raw: rawRegKey, ok: true, want: map[string]any{
			"registry.hive":  "HKU",
			"registry.value": "command",
		}, absent: []string{"registry.data.type", "user.name"}},
		{name: "sysmon22 dns", raw: rawDNS, ok: true, want: map[string]any{
			"event.type":        []any{"connection", "protocol", "info"},
			"dns.question.name": "f2.taboola.map.fastly.net",
			"dns.answers": []any{
				map[string]any{"type": "CNAME", "data": "f2.shared.global.fastly.net"},
				map[string]any{"type": "A", "data": "151.101.66.2"},
				map[string]any{"type": "A", "data": "151.101.130.2"},
			},
			"dns.resolved_ip":   []any{"151.101.66.2", "151.101.130.2"},
			"network.protocol":  "dns",
			"sysmon.dns.status": "SUCCESS",
			"user.name":         "SYSTEM",
			"user.domain":       "NT AUTHORITY",
		}, absent: append(removed, "winlog.event_data.QueryName", "winlog.event_data.QueryStatus")},
		{name: "empty values dropped", raw: with(rawProcess, Event{"ParentUser": "-", "CurrentDirectory": "",
			"ParentProcessGuid": "{00000000-0000-0000-0000-000000000000}", "User": `a\b\c`}), ok: true,
			absent: []string{"winlog.event_data.ParentUser", "process.working_directory", "process.parent.entity_id", "user.name"}},
		{name: "security4688", raw: raw4688, ok: true, want: map[string]any{
			"event.code":                           "4688",
			"event.category":                       []any{"process"},
			"event.type":                           []any{"start"},
			"event.action":                         "created-process",
			"process.pid":                          num("3972"),
			"process.parent.pid":                   num("2860"),
			"process.executable":                   raw4688["NewProcessName"],
			"process.name":                         "splunk-powershell.exe",
			"process.parent.executable":            raw4688["ParentProcessName"],
			"process.parent.name":                  "splunkd.exe",
			"process.command_line":                 raw4688["CommandLine"],
			"process.args":                         []any{`"C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe"`, "--ps2"},
			"user.name":                            "AR-WIN-1$",
			"user.domain":                          "WORKGROUP",
			"user.id":                              "S-1-5-18",
			"user.effective.id":                    "NULL SID",
			"winlog.logon.id":                      "0x3e7",
			"winlog.channel":                       "Security",
			"@timestamp":                           "2024-04-23T08:48:30.449Z",
			"winlog.event_data.ProcessId":          "0xb2c",
			"winlog.event_data.SubjectUserName":    "AR-WIN-1$",
			"winlog.event_data.TokenElevationType": "%%1936",
		}, absent: []string{"user.effective.name", "user.effective.domain", "winlog.event_data.NewProcessName",
			"winlog.event_data.NewProcessId", "process.args_count"}},
		// Another channel's event keeps its EventData, whatever its ID.
		{name: "other channel", raw: with(rawProcess, Event{"Channel": "Application"}), ok: true, want: map[string]any{
			"event.code":                    "1",
			"winlog.channel":                "Application",
			"winlog.event_data.CommandLine": rawProcess["CommandLine"],
		}, absent: []string{"event.category", "process.command_line"}},
		{name: "security 4624 keeps event_data", raw: Event{"EventID": 4624, "Computer": "dc1",
			"TargetUserName": "alice", "LogonType": "3", "IpAddress": "10.0.0.5"}, ok: true, want: map[string]any{
			"event.code":                       "4624",
			"winlog.channel":                   "Security",
			"host.name":                        "dc1",
			"winlog.event_data.TargetUserName": "alice",
			"winlog.event_data.LogonType":      "3",
		}},
		{name: "system 7045", raw: Event{"EventID": 7045, "Channel": "System", "ServiceName": "x", "ImagePath": `C:\x.exe`},
			ok: true, want: map[string]any{
				"event.code":                    "7045",
				"winlog.channel":                "System",
				"winlog.event_data.ServiceName": "x",
			}},
		{name: "powershell 4104", raw: Event{"EventID": 4104, "Channel": "Microsoft-Windows-PowerShell/Operational",
			"ScriptBlockText": "iex $x", "ScriptBlockId": "id-1", "Path": `C:\s\a.ps1`, "MessageNumber": ""},
			ok: true, want: map[string]any{
				"event.code":                        "4104",
				"event.category":                    []any{"process"},
				"event.type":                        []any{"info"},
				"powershell.file.script_block_text": "iex $x",
				"powershell.file.script_block_id":   "id-1",
				"file.path":                         `C:\s\a.ps1`,
				"file.name":                         "a.ps1",
				"file.extension":                    "ps1",
			}, absent: []string{"winlog.event_data.ScriptBlockText", "winlog.event_data.MessageNumber"}},
		{name: "powershell 4104 empty text", raw: Event{"EventID": 4104, "Channel": "Microsoft-Windows-PowerShell/Operational",
			"ScriptBlockText": ""}, ok: true, absent: []string{"powershell.file.script_block_text", "winlog.event_data.ScriptBlockText"}},
		{name: "powershell 4103 unmodelled", raw: Event{"EventID": 4103, "Channel": "Microsoft-Windows-PowerShell/Operational",
			"Payload": "x"}, ok: false},
		{name: "security keywords as names", raw: Event{"EventID": 4673, "Channel": "Security", "Keywords": "0X8010000000000000"},
			ok: true, want: map[string]any{"winlog.keywords": []any{"Audit Failure"}}, absent: []string{"winlog.event_data.Keywords"}},
		{name: "unknown keywords mask left out", raw: Event{"EventID": 4673, "Channel": "Security", "Keywords": "0x4000000000000000"},
			ok: true, absent: []string{"winlog.keywords"}},
		{name: "sysmon with a padded event ID", raw: with(rawProcess, Event{"EventID": " 1"}), ok: false},
		{name: "sysmon User split", raw: with(rawProcess, Event{"User": `NT AUTHORITY\SYSTEM`}), ok: true,
			want: map[string]any{"user.domain": "NT AUTHORITY", "user.name": "SYSTEM"}},
		{name: "no channel", raw: Event{"EventID": 7045, "ServiceName": "x"}, ok: false},
		{name: "bad event ID", raw: Event{"EventID": "4624\n", "Channel": "Security"}, ok: false},
	})
}

// TestECSFieldsExist checks every field the model emits against the ECS field
// list; winlog.* and sysmon.* are integration fields outside ECS.
func TestECSFieldsExist(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "schemas", "ecs", "fields-v9.4.0.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("skipping: ECS field list not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	ecs := map[string]bool{}
	for _, r := range rows[1:] {
		ecs[r[3]] = true // ECS_Version,Indexed,Field_Set,Field,…
	}
	for name, raw := range allSamples {
		doc, ok := shapeECS(raw)
		if !ok {
			t.Errorf("%s: no ECS document", name)
			continue
		}
		for _, field := range leafPaths("", doc) {
			if strings.HasPrefix(field, "winlog.") || strings.HasPrefix(field, "sysmon.") {
				continue
			}
			if !ecs[field] {
				t.Errorf("%s: %s is not an ECS 9.4.0 field", name, field)
			}
		}
	}
}

// leafPaths lists the dotted paths of a nested document's leaves; arrays of
// objects contribute their objects' fields.
func leafPaths(prefix string, v any) []string {
	var out []string
	switch x := v.(type) {
	case Event:
		return leafPaths(prefix, map[string]any(x))
	case map[string]any:
		for _, k := range sortedKeys(x) {
			out = append(out, leafPaths(prefix+k+".", x[k])...)
		}
	case []any:
		for _, e := range x {
			if _, isObj := e.(map[string]any); isObj {
				out = append(out, leafPaths(prefix, e)...)
			}
		}
		if len(out) == 0 {
			out = append(out, strings.TrimSuffix(prefix, "."))
		}
	default:
		out = append(out, strings.TrimSuffix(prefix, "."))
	}
	return out
}
