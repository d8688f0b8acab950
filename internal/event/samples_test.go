package event

import "encoding/json"

// Realistic raw events, one per covered event kind, shaped like
// security_content's example_log events after Decode flattened them.

const (
	sampleSHA1   = "A2BFB8A7F3B0A0D1B5C7E7C1C0E1F4B5D6A7B8C9"
	sampleMD5    = "F4F684066175B77E0C3A000549D2922C"
	sampleSHA256 = "935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2"
	sampleIMP    = "3062ED732D4B25D1C64F084DAC97D37A"
	sampleHashes = "SHA1=" + sampleSHA1 + ",MD5=" + sampleMD5 + ",SHA256=" + sampleSHA256 + ",IMPHASH=" + sampleIMP
)

func sysmon(eid string, fields Event) Event {
	ev := Event{
		"EventID":                json.Number(eid),
		"Channel":                "Microsoft-Windows-Sysmon/Operational",
		"Computer":               "win-dc-6764986.attackrange.local",
		"Provider_Name":          "Microsoft-Windows-Sysmon",
		"Provider_Guid":          "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
		"EventRecordID":          json.Number("4522"),
		"Execution_ProcessID":    "2912",
		"Execution_ThreadID":     "3424",
		"Security_UserID":        "S-1-5-18",
		"TimeCreated_SystemTime": "2020-10-08T11:03:46.617920300Z",
		"RuleName":               "-",
		"UtcTime":                "2020-10-08 11:03:46.615",
		"ProcessGuid":            "{96128EA2-F212-5F7E-E400-000000007F01}",
		"ProcessId":              json.Number("2296"),
		"Image":                  `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\RegAsm.exe`,
	}
	for k, v := range fields {
		ev[k] = v
	}
	return ev
}

var (
	rawProcess = sysmon("1", Event{
		"FileVersion":       "4.8.4084.0 built by: NET48REL1",
		"Description":       "Microsoft .NET Assembly Registration Utility",
		"Product":           "Microsoft® .NET Framework",
		"Company":           "Microsoft Corporation",
		"OriginalFileName":  "RegAsm.exe",
		"CommandLine":       `"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\RegAsm.exe" /U "C:\Users\Public\pay load.dll"`,
		"CurrentDirectory":  `C:\Users\Public\`,
		"User":              `ATTACKRANGE\Administrator`,
		"LogonGuid":         "{96128EA2-F210-5F7E-ACD4-080000000000}",
		"LogonId":           "0x8d4ac",
		"TerminalSessionId": "1",
		"IntegrityLevel":    "High",
		"Hashes":            sampleHashes,
		"ParentProcessGuid": "{96128EA2-F211-5F7E-DF00-000000007F01}",
		"ParentProcessId":   "4624",
		"ParentImage":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"ParentCommandLine": `"powershell.exe" -nop -w hidden -c "iex $x"`,
		"ParentUser":        `NT AUTHORITY\SYSTEM`,
	})
	rawNetwork = sysmon("3", Event{
		"Image":               `C:\Temp\agent_tesla-deob.exe`,
		"User":                `ATTACKRANGE\Administrator`,
		"Protocol":            "tcp",
		"Initiated":           "true",
		"SourceIsIpv6":        "false",
		"SourceIp":            "10.0.1.14",
		"SourceHostname":      "win-dc-6764986.attackrange.local",
		"SourcePort":          "61722",
		"SourcePortName":      "-",
		"DestinationIsIpv6":   "false",
		"DestinationIp":       "41.77.117.236",
		"DestinationHostname": "youssef5.genious.net",
		"DestinationPort":     "21",
		"DestinationPortName": "ftp",
	})
	rawImageLoad = sysmon("7", Event{
		"Image":            `C:\Windows\System32\dllhost.exe`,
		"ImageLoaded":      `C:\Windows\System32\IDStore.dll`,
		"FileVersion":      "10.0.17763.1 (WinBuild.160101.0800)",
		"Description":      "Identity Store",
		"Product":          "Microsoft® Windows® Operating System",
		"Company":          "Microsoft Corporation",
		"OriginalFileName": "IdStore.dll",
		"Hashes":           sampleHashes,
		"Signed":           "true",
		"Signature":        "Microsoft Windows",
		"SignatureStatus":  "Valid",
		"User":             `NT AUTHORITY\SYSTEM`,
	})
	rawFile = sysmon("11", Event{
		"Image":           `C:\Users\Administrator\Downloads\mimikatz_trunk\x64\mimikatz.exe`,
		"TargetFilename":  `C:\Users\Administrator\Downloads\mimikatz_trunk\x64\CURRENT_USER_My_4_atomic@art2.local.pfx`,
		"CreationUtcTime": "2023-02-08 13:01:11.053",
		"User":            `ATTACKRANGE\Administrator`,
	})
	rawRegSet = sysmon("13", Event{
		"EventType":    "SetValue",
		"Image":        `C:\Windows\system32\reg.exe`,
		"TargetObject": `HKLM\System\CurrentControlSet\Control\SecurityProviders\WDigest\UseLogonCredential`,
		"Details":      "DWORD (0x00000001)",
		"User":         `ATTACKRANGE\Administrator`,
	})
	rawRegKey = sysmon("12", Event{
		"EventType":    "CreateKey",
		"Image":        `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"TargetObject": `HKU\S-1-5-21-2333072374-3391925831-3197092227-1112_Classes\exefile\shell\runas\command`,
	})
	rawRegRename = sysmon("14", Event{
		"EventType":    "RenameKey",
		"Image":        `C:\Windows\regedit.exe`,
		"TargetObject": `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\Old`,
		"NewName":      `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\New`,
	})
	rawDNS = sysmon("22", Event{
		"Image":        `C:\Windows\System32\wermgr.exe`,
		"QueryName":    "f2.taboola.map.fastly.net",
		"QueryStatus":  "0",
		"QueryResults": "type:  5 f2.shared.global.fastly.net;::ffff:151.101.66.2;::ffff:151.101.130.2;",
		"User":         `NT AUTHORITY\SYSTEM`,
	})
	raw4688 = Event{
		"EventID":                json.Number("4688"),
		"Channel":                "Security",
		"Computer":               "ar-win-1",
		"Provider_Name":          "Microsoft-Windows-Security-Auditing",
		"TimeCreated_SystemTime": "2024-04-23T08:48:30.449376800Z",
		"SubjectUserSid":         "S-1-5-18",
		"SubjectUserName":        "AR-WIN-1$",
		"SubjectDomainName":      "WORKGROUP",
		"SubjectLogonId":         "0x3e7",
		"NewProcessId":           "0xf84",
		"NewProcessName":         `C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe`,
		"TokenElevationType":     "%%1936",
		"ProcessId":              "0xb2c",
		"CommandLine":            `"C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe" --ps2`,
		"TargetUserSid":          "NULL SID",
		"TargetUserName":         "-",
		"TargetDomainName":       "-",
		"TargetLogonId":          "0x0",
		"ParentProcessName":      `C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe`,
		"MandatoryLabel":         "S-1-16-16384",
	}
)

// allSamples names every sample, for tests that run all models on all events.
var allSamples = map[string]Event{
	"sysmon1": rawProcess, "sysmon3": rawNetwork, "sysmon7": rawImageLoad, "sysmon11": rawFile,
	"sysmon12": rawRegKey, "sysmon13": rawRegSet, "sysmon14": rawRegRename, "sysmon22": rawDNS,
	"security4688": raw4688,
}
