package event

import "testing"

func TestCIMModel(t *testing.T) {
	runShapeCases(t, "cim", []shapeCase{
		{name: "sysmon1 process", raw: rawProcess, ok: true, want: map[string]any{
			"_datamodel":                "Endpoint.Processes",
			"process_name":              "RegAsm.exe",
			"process_path":              `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\RegAsm.exe`,
			"process":                   rawProcess["CommandLine"],
			"parent_process_name":       "powershell.exe",
			"parent_process_path":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
			"parent_process":            rawProcess["ParentCommandLine"],
			"process_id":                num("2296"),
			"parent_process_id":         "4624",
			"process_guid":              "{96128EA2-F212-5F7E-E400-000000007F01}",
			"parent_process_guid":       "{96128EA2-F211-5F7E-DF00-000000007F01}",
			"original_file_name":        "RegAsm.exe",
			"process_current_directory": `C:\Users\Public\`,
			"user":                      `ATTACKRANGE\Administrator`,
			"process_integrity_level":   "high",
			"process_hash":              sampleHashes,
			"dest":                      "win-dc-6764986.attackrange.local",
		}, absent: []string{"Image", "CommandLine", "registry_path"}},
		{name: "security4688 process", raw: raw4688, ok: true, want: map[string]any{
			"_datamodel":              "Endpoint.Processes",
			"process_name":            "splunk-powershell.exe",
			"process_path":            raw4688["NewProcessName"],
			"process":                 raw4688["CommandLine"],
			"parent_process_name":     "splunkd.exe",
			"parent_process_path":     raw4688["ParentProcessName"],
			"process_id":              num("3972"), // 0xf84
			"parent_process_id":       num("2860"), // 0xb2c
			"user":                    "S-1-5-18",
			"process_integrity_level": "system",
			"dest":                    "ar-win-1",
		}, absent: []string{"process_guid", "original_file_name", "process_hash"}},
		{name: "sysmon3 network", raw: rawNetwork, ok: true, want: map[string]any{
			"_datamodel":   "Network_Traffic.All_Traffic",
			"dest_ip":      "41.77.117.236",
			"dest_port":    "21",
			"dest_host":    "youssef5.genious.net",
			"dest":         "youssef5.genious.net",
			"src_ip":       "10.0.1.14",
			"src_port":     "61722",
			"src_host":     "win-dc-6764986.attackrange.local",
			"src":          "win-dc-6764986.attackrange.local",
			"transport":    "tcp",
			"direction":    "outbound",
			"protocol":     "ftp",
			"app":          `C:\Temp\agent_tesla-deob.exe`,
			"process_name": "agent_tesla-deob.exe",
			"process_id":   num("2296"),
			"user":         `ATTACKRANGE\Administrator`,
			"dvc":          "win-dc-6764986.attackrange.local",
			"action":       "allowed",
		}},
		{name: "sysmon3 inbound without hostname", raw: with(rawNetwork, Event{"Initiated": "false", "DestinationHostname": nil}), ok: true, want: map[string]any{
			"direction": "inbound",
			"protocol":  "-", // SourcePortName as written
			"dest":      "41.77.117.236",
		}, absent: []string{"dest_host"}},
		{name: "sysmon7 has no data model", raw: rawImageLoad, ok: false},
		{name: "sysmon11 filesystem", raw: rawFile, ok: true, want: map[string]any{
			"_datamodel":       "Endpoint.Filesystem",
			"file_path":        rawFile["TargetFilename"],
			"file_name":        "CURRENT_USER_My_4_atomic@art2.local.pfx",
			"file_create_time": "2023-02-08 13:01:11.053",
			"process_path":     rawFile["Image"],
			"process_name":     "mimikatz.exe",
			"process_guid":     "{96128EA2-F212-5F7E-E400-000000007F01}",
			"process_id":       num("2296"),
			"user":             `ATTACKRANGE\Administrator`,
			"dest":             "win-dc-6764986.attackrange.local",
		}},
		{name: "sysmon13 registry value set", raw: rawRegSet, ok: true, want: map[string]any{
			"_datamodel":          "Endpoint.Registry",
			"registry_path":       `HKLM\System\CurrentControlSet\Control\SecurityProviders\WDigest\UseLogonCredential`,
			"registry_key_name":   `HKLM\System\CurrentControlSet\Control\SecurityProviders\WDigest`,
			"registry_value_name": "UseLogonCredential",
			"registry_value_data": "0x00000001",
			"action":              "modified",
			"process_path":        `C:\Windows\system32\reg.exe`,
			"process_name":        "reg.exe",
			"process_guid":        "{96128EA2-F212-5F7E-E400-000000007F01}",
			"process_id":          num("2296"),
			"user":                `ATTACKRANGE\Administrator`,
			"dest":                "win-dc-6764986.attackrange.local",
		}},
		{name: "sysmon12 key created", raw: rawRegKey, ok: true, want: map[string]any{
			"registry_path":     rawRegKey["TargetObject"],
			"registry_key_name": rawRegKey["TargetObject"],
			"action":            "created",
		}, absent: []string{"registry_value_name", "registry_value_data", "user"}},
		{name: "sysmon13 string data kept", raw: with(rawRegSet, Event{"Details": `C:\evil.exe`}), ok: true, want: map[string]any{
			"registry_value_data": `C:\evil.exe`,
		}},
		{name: "sysmon22 dns", raw: rawDNS, ok: true, want: map[string]any{
			"_datamodel":    "Network_Resolution.DNS",
			"query":         "f2.taboola.map.fastly.net",
			"answer":        rawDNS["QueryResults"],
			"reply_code_id": "0",
			"src":           "win-dc-6764986.attackrange.local",
			"process_name":  "wermgr.exe",
		}},
		{name: "security4624 logon", raw: Event{"EventID": num("4624"), "Channel": "Security", "Computer": "dc1", "TargetUserName": "alice", "IpAddress": "10.0.0.5", "IpPort": "50123", "LogonType": num("3"), "WorkstationName": "WS1"}, ok: true, want: map[string]any{
			"_datamodel":   "Authentication.Authentication",
			"user":         "alice",
			"src_ip":       "10.0.0.5",
			"src_port":     "50123",
			"signature_id": num("4624"),
			"dest":         "dc1",
		}, absent: []string{"LogonType", "WorkstationName", "src", "TargetUserName"}},
		{name: "security4625 without channel", raw: Event{"EventID": "4625", "TargetUserName": "bob"}, ok: true, want: map[string]any{
			"_datamodel": "Authentication.Authentication", "user": "bob", "signature_id": "4625",
		}},
		{name: "4624 from another channel", raw: Event{"EventID": "4624", "Channel": "System"}, ok: false},
		{name: "unknown event", raw: Event{"EventID": "4720", "Channel": "Security"}, ok: false},
	})
}

// with returns a copy of raw with fields set; a nil value deletes the field.
func with(raw Event, fields Event) Event {
	out := copyEvent(raw)
	for k, v := range fields {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}
