package event

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestDefenderModel(t *testing.T) {
	runShapeCases(t, "defender", []shapeCase{
		{name: "sysmon1 DeviceProcessEvents", raw: rawProcess, ok: true, want: map[string]any{
			"_table":                             "DeviceProcessEvents",
			"ActionType":                         "ProcessCreated",
			"Timestamp":                          "2020-10-08T11:03:46.615Z",
			"DeviceName":                         "win-dc-6764986.attackrange.local",
			"FileName":                           "RegAsm.exe",
			"FolderPath":                         `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\RegAsm.exe`, // full path
			"ProcessCommandLine":                 rawProcess["CommandLine"],
			"ProcessId":                          num("2296"),
			"ProcessIntegrityLevel":              "High",
			"ProcessVersionInfoOriginalFileName": "RegAsm.exe",
			"ProcessVersionInfoCompanyName":      "Microsoft Corporation",
			"ProcessVersionInfoProductVersion":   "4.8.4084.0 built by: NET48REL1",
			"AccountName":                        "administrator", // lowercase
			"AccountDomain":                      "attackrange",
			"LogonId":                            num("578732"), // 0x8d4ac
			"SHA1":                               "a2bfb8a7f3b0a0d1b5c7e7c1c0e1f4b5d6a7b8c9",
			"MD5":                                "f4f684066175b77e0c3a000549d2922c",
			"SHA256":                             "935c1861df1f4018d698e8b65abfa02d7e9037d8f68ca3c2065b6ca165d44ad2",
			"InitiatingProcessFileName":          "powershell.exe",
			"InitiatingProcessFolderPath":        `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
			"InitiatingProcessCommandLine":       rawProcess["ParentCommandLine"],
			"InitiatingProcessId":                num("4624"),
			"InitiatingProcessAccountName":       "system",
			"InitiatingProcessAccountDomain":     "nt authority",
		}, absent: []string{"ProcessGuid", "Image", "User", "IMPHASH", "CurrentDirectory"}},
		{name: "sysmon1 LogonId other than Sysmon writes it", raw: with(rawProcess, Event{"LogonId": "0x08d4ac"}), ok: true, want: map[string]any{
			"FileName": "RegAsm.exe",
		}, absent: []string{"LogonId"}},
		{name: "sysmon3 DeviceNetworkEvents", raw: rawNetwork, ok: true, want: map[string]any{
			"_table":                       "DeviceNetworkEvents",
			"ActionType":                   "ConnectionSuccess",
			"RemoteIP":                     "41.77.117.236",
			"RemotePort":                   num("21"),
			"RemoteUrl":                    "youssef5.genious.net",
			"LocalIP":                      "10.0.1.14",
			"LocalPort":                    num("61722"),
			"Protocol":                     "Tcp",
			"InitiatingProcessFileName":    "agent_tesla-deob.exe",
			"InitiatingProcessFolderPath":  `C:\Temp\agent_tesla-deob.exe`,
			"InitiatingProcessId":          num("2296"),
			"InitiatingProcessAccountName": "administrator",
		}, absent: []string{"Initiated", "FileName"}},
		{name: "sysmon3 accepted connection: peer in Remote*", raw: with(rawNetwork, Event{"Initiated": "false"}), ok: true, want: map[string]any{
			"_table":     "DeviceNetworkEvents",
			"ActionType": "InboundConnectionAccepted",
			"RemoteIP":   "10.0.1.14",
			"RemotePort": num("61722"),
			"LocalIP":    "41.77.117.236",
			"LocalPort":  num("21"),
		}, absent: []string{"RemoteUrl"}},
		{name: "sysmon3 carrying the process's command line and parent (EDR)", raw: with(rawNetwork, Event{"CommandLine": `rundll32.exe x.dll,Run`, "ParentImage": `C:\Windows\explorer.exe`}), ok: true, want: map[string]any{
			"InitiatingProcessCommandLine":    `rundll32.exe x.dll,Run`,
			"InitiatingProcessParentFileName": "explorer.exe",
		}, absent: []string{"CommandLine", "ParentImage"}},
		{name: "sysmon3 without a direction has no ActionType", raw: with(rawNetwork, Event{"Initiated": nil}), ok: true, want: map[string]any{
			"RemoteIP": "41.77.117.236",
		}, absent: []string{"ActionType"}},
		{name: "sysmon23 DeviceFileEvents deleted", raw: sysmon("23", Event{
			"Image":          `C:\Windows\System32\cmd.exe`,
			"TargetFilename": `C:\Windows\Logs\CBS\CBS.log`,
			"Hashes":         "SHA1=A2BFB8A7F3B0A0D1B5C7E7C1C0E1F4B5D6A7B8C9,IMPHASH=0123456789ABCDEF0123456789ABCDEF",
		}), ok: true, want: map[string]any{
			"_table":                    "DeviceFileEvents",
			"ActionType":                "FileDeleted",
			"FileName":                  "CBS.log",
			"FolderPath":                `C:\Windows\Logs\CBS\CBS.log`,
			"SHA1":                      "a2bfb8a7f3b0a0d1b5c7e7c1c0e1f4b5d6a7b8c9",
			"InitiatingProcessFileName": "cmd.exe",
		}, absent: []string{"IMPHASH", "MD5"}},
		{name: "sysmon6 DeviceEvents DriverLoad", raw: sysmon("6", Event{
			"ImageLoaded": `C:\Windows\System32\drivers\RTCore64.sys`,
			"Hashes":      "MD5=0123456789ABCDEF0123456789ABCDEF",
			"Signed":      "true",
		}), ok: true, want: map[string]any{
			"_table":     "DeviceEvents",
			"ActionType": "DriverLoad",
			"FileName":   "RTCore64.sys",
			"FolderPath": `C:\Windows\System32\drivers\RTCore64.sys`,
			"MD5":        "0123456789abcdef0123456789abcdef",
		}, absent: []string{"Signed", "InitiatingProcessFileName"}},
		{name: "sysmon8 DeviceEvents CreateRemoteThreadApiCall", raw: sysmon("8", Event{
			"SourceImage":     `C:\Temp\inject.exe`,
			"SourceProcessId": "4242",
			"TargetImage":     `C:\Windows\System32\lsass.exe`,
			"TargetProcessId": "640",
			"StartModule":     `C:\Windows\System32\kernel32.dll`,
		}), ok: true, want: map[string]any{
			"_table":                      "DeviceEvents",
			"ActionType":                  "CreateRemoteThreadApiCall",
			"InitiatingProcessFileName":   "inject.exe",
			"InitiatingProcessFolderPath": `C:\Temp\inject.exe`,
			"InitiatingProcessId":         num("4242"),
			"FileName":                    "lsass.exe",
			"FolderPath":                  `C:\Windows\System32\lsass.exe`,
			"ProcessId":                   num("640"),
		}, absent: []string{"StartModule"}},
		{name: "sysmon10 DeviceEvents OpenProcessApiCall", raw: sysmon("10", Event{
			"SourceImage":     `C:\Temp\dump.exe`,
			"SourceProcessId": "4242",
			"TargetImage":     `C:\Windows\System32\lsass.exe`,
			"TargetProcessId": "640",
			"GrantedAccess":   "0x1010",
		}), ok: true, want: map[string]any{
			"_table":                    "DeviceEvents",
			"ActionType":                "OpenProcessApiCall",
			"InitiatingProcessFileName": "dump.exe",
			"FileName":                  "lsass.exe",
			"ProcessId":                 num("640"),
		}, absent: []string{"GrantedAccess"}},
		{name: "sysmon7 DeviceImageLoadEvents", raw: rawImageLoad, ok: true, want: map[string]any{
			"_table":                      "DeviceImageLoadEvents",
			"ActionType":                  "ImageLoaded",
			"FileName":                    "IDStore.dll",
			"FolderPath":                  `C:\Windows\System32\IDStore.dll`,
			"SHA1":                        "a2bfb8a7f3b0a0d1b5c7e7c1c0e1f4b5d6a7b8c9",
			"InitiatingProcessFileName":   "dllhost.exe",
			"InitiatingProcessFolderPath": `C:\Windows\System32\dllhost.exe`,
		}, absent: []string{"InitiatingProcessVersionInfoOriginalFileName", "Signed"}},
		{name: "sysmon11 DeviceFileEvents", raw: rawFile, ok: true, want: map[string]any{
			"_table":                         "DeviceFileEvents",
			"ActionType":                     "FileCreated",
			"FileName":                       "CURRENT_USER_My_4_atomic@art2.local.pfx",
			"FolderPath":                     rawFile["TargetFilename"],
			"InitiatingProcessFileName":      "mimikatz.exe",
			"InitiatingProcessAccountDomain": "attackrange",
		}, absent: []string{"RequestAccountName"}},
		{name: "sysmon13 DeviceRegistryEvents value set", raw: rawRegSet, ok: true, want: map[string]any{
			"_table":                    "DeviceRegistryEvents",
			"ActionType":                "RegistryValueSet",
			"RegistryKey":               `HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\SecurityProviders\WDigest`,
			"RegistryValueName":         "UseLogonCredential",
			"RegistryValueData":         "1", // DWORD shown decimal
			"InitiatingProcessFileName": "reg.exe",
		}},
		{name: "sysmon13 EventType in another case", raw: with(rawRegSet, Event{"EventType": "setvalue"}), ok: true, want: map[string]any{
			"ActionType":        "RegistryValueSet",
			"RegistryKey":       `HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\SecurityProviders\WDigest`,
			"RegistryValueName": "UseLogonCredential",
		}},
		{name: "sysmon12 DeviceRegistryEvents key created in user hive", raw: rawRegKey, ok: true, want: map[string]any{
			"ActionType":  "RegistryKeyCreated",
			"RegistryKey": `HKEY_CURRENT_USER\S-1-5-21-2333072374-3391925831-3197092227-1112_Classes\exefile\shell\runas\command`,
		}, absent: []string{"RegistryValueName", "RegistryValueData", "InitiatingProcessAccountName"}},
		{name: "sysmon14 DeviceRegistryEvents rename", raw: rawRegRename, ok: true, want: map[string]any{
			"ActionType":          "RegistryKeyCreated",
			"RegistryKey":         `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\New`,
			"PreviousRegistryKey": `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\Old`,
		}},
		{name: "sysmon13 without EventType", raw: with(rawRegSet, Event{"EventType": nil}), ok: true, want: map[string]any{
			"ActionType":        "RegistryValueSet",
			"RegistryValueName": "UseLogonCredential",
		}},
		{name: "sysmon22 DeviceEvents", raw: rawDNS, ok: true, want: map[string]any{
			"_table":                    "DeviceEvents",
			"ActionType":                "DnsQueryResponse",
			"AdditionalFields":          `{"DnsQueryString":"f2.taboola.map.fastly.net"}`,
			"InitiatingProcessFileName": "wermgr.exe",
		}},
		{name: "security4688 SecurityEvent", raw: raw4688, ok: true, want: map[string]any{
			"_table":            "SecurityEvent",
			"EventID":           num("4688"),
			"Channel":           "Security",
			"Activity":          "4688 - A new process has been created.",
			"Computer":          "ar-win-1",
			"TimeGenerated":     "2024-04-23T08:48:30.449Z",
			"NewProcessName":    raw4688["NewProcessName"],
			"Process":           "splunk-powershell.exe",
			"NewProcessId":      "0xf84", // hex string, as Windows writes it
			"ProcessId":         "0xb2c",
			"ParentProcessName": raw4688["ParentProcessName"],
			"SubjectUserName":   "AR-WIN-1$", // Sentinel keeps the case
			"Account":           `WORKGROUP\AR-WIN-1$`,
			"MandatoryLabel":    "S-1-16-16384",
		}, absent: []string{"FileName", "FolderPath", "AccountName"}},
		{name: "sysmon5 has no table", raw: sysmon("5", nil), ok: false},
	})
}

// mdeDocColumns are the columns of Microsoft's table reference that the
// model may emit for tables not in the shared schema file
// (MicrosoftDocs/defender-docs defender-xdr/advanced-hunting-<table>-table.md,
// commits 006b8a9f and 0f230b8b).
var mdeDocColumns = map[string][]string{
	"DeviceNetworkEvents": {"Timestamp", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl",
		"LocalIP", "LocalPort", "Protocol", "InitiatingProcessFileName", "InitiatingProcessFolderPath",
		"InitiatingProcessId", "InitiatingProcessAccountDomain", "InitiatingProcessAccountName"},
	"DeviceImageLoadEvents": {"Timestamp", "DeviceName", "ActionType", "FileName", "FolderPath", "SHA1", "SHA256", "MD5",
		"InitiatingProcessFileName", "InitiatingProcessFolderPath", "InitiatingProcessId",
		"InitiatingProcessAccountDomain", "InitiatingProcessAccountName"},
	"DeviceFileEvents": {"Timestamp", "DeviceName", "ActionType", "FileName", "FolderPath", "SHA1", "SHA256", "MD5",
		"InitiatingProcessFileName", "InitiatingProcessFolderPath", "InitiatingProcessId",
		"InitiatingProcessAccountDomain", "InitiatingProcessAccountName"},
	"DeviceRegistryEvents": {"Timestamp", "DeviceName", "ActionType", "RegistryKey", "RegistryValueName",
		"RegistryValueData", "PreviousRegistryKey", "InitiatingProcessFileName", "InitiatingProcessFolderPath",
		"InitiatingProcessId", "InitiatingProcessAccountDomain", "InitiatingProcessAccountName"},
	"DeviceEvents": {"Timestamp", "DeviceName", "ActionType", "AdditionalFields", "InitiatingProcessFileName",
		"InitiatingProcessFolderPath", "InitiatingProcessId", "InitiatingProcessAccountDomain",
		"InitiatingProcessAccountName"},
}

// TestDefenderColumnsExist checks every emitted column against Microsoft's
// schema: the shared schema file for DeviceProcessEvents and SecurityEvent,
// mdeDocColumns for the other tables.
func TestDefenderColumnsExist(t *testing.T) {
	schema := map[string]map[string]string{}
	for table, cols := range mdeDocColumns {
		schema[table] = map[string]string{}
		for _, c := range cols {
			schema[table][c] = "doc"
		}
	}
	path := filepath.Join("..", "..", "..", "shared", "schemas", "kql", "defender-sentinel.json")
	if b, err := os.ReadFile(path); err != nil {
		t.Logf("skipping DeviceProcessEvents and SecurityEvent column checks: %v", err)
	} else {
		var f struct {
			Tables map[string]map[string]string `json:"tables"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for table, cols := range f.Tables {
			schema[table] = cols
		}
	}
	for _, raw := range mapValues(allSamples) {
		row, ok := shapeDefender(raw)
		if !ok {
			continue
		}
		table := row["_table"].(string)
		cols, known := schema[table]
		if !known {
			t.Logf("no schema for %s (shared schema absent?)", table)
			continue
		}
		for col := range row {
			if _, ok := cols[col]; !ok && col != "_table" {
				t.Errorf("%s has no column %s", table, col)
			}
		}
	}
}

func mapValues(m map[string]Event) []Event {
	var out []Event
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// TestDefenderAntivirusRow covers an antivirus detection as a DeviceEvents
// row: ActionType AntivirusDetection, the threat's name as ThreatName in the
// AdditionalFields JSON text, the file as FolderPath and FileName.
func TestDefenderAntivirusRow(t *testing.T) {
	base := Event{WebLogSourceField: AntivirusLogSource}
	runShapeCases(t, "defender", []shapeCase{
		{name: "detection", raw: with(base, Event{"Signature": "HackTool:Win32/Mimikatz", "Filename": `C:\Users\Public\m.exe`}), ok: true,
			want: map[string]any{"_table": "DeviceEvents", "ActionType": "AntivirusDetection", "AdditionalFields": `{"ThreatName":"HackTool:Win32/Mimikatz"}`,
				"FolderPath": `C:\Users\Public\m.exe`, "FileName": "m.exe"},
			absent: []string{"Signature", "Filename"}},
		{name: "no signature", raw: with(base, Event{"Filename": `C:\x.bin`}), ok: true,
			want:   map[string]any{"_table": "DeviceEvents", "FolderPath": `C:\x.bin`},
			absent: []string{"AdditionalFields"}},
	})
}
