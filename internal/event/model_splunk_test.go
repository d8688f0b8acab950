package event

import "testing"

func TestSplunkModel(t *testing.T) {
	runShapeCases(t, "splunk", []shapeCase{
		{name: "sysmon1", raw: rawProcess, ok: true, want: map[string]any{
			"source":       "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
			"sourcetype":   "xmlwineventlog",
			"EventCode":    "1",
			"EventID":      num("1"),
			"host":         "win-dc-6764986.attackrange.local",
			"dest":         "win-dc-6764986.attackrange.local",
			"Image":        rawProcess["Image"],
			"CommandLine":  rawProcess["CommandLine"],
			"process_name": "RegAsm.exe", // search-time CIM field on the raw event
			"MD5":          sampleMD5,    // add-on transform, case as written
			"IMPHASH":      sampleIMP,
			"Name":         "Microsoft-Windows-Sysmon",
			"UserID":       "S-1-5-18",
		}, absent: []string{"Provider_Name", "Security_UserID", "_datamodel"}},
		{name: "security4688", raw: raw4688, ok: true, want: map[string]any{
			"source":         "XmlWinEventLog:Security",
			"sourcetype":     "xmlwineventlog",
			"EventCode":      "4688",
			"NewProcessName": raw4688["NewProcessName"],
			"NewProcessId":   "0xf84",
			"process_id":     num("3972"),
			"host":           "ar-win-1",
		}},
		{name: "sysmon3 dest is the destination", raw: rawNetwork, ok: true, want: map[string]any{
			"dest": "youssef5.genious.net",
			"host": "win-dc-6764986.attackrange.local",
		}},
		{name: "sysmon7 image load fields", raw: rawImageLoad, ok: true, want: map[string]any{
			"loaded_file":      "IDStore.dll",
			"loaded_file_path": `C:\Windows\System32\IDStore.dll`,
			"process_name":     "dllhost.exe",
			"dest":             "win-dc-6764986.attackrange.local",
		}},
		{name: "channel inferred", raw: Event{"EventID": "1", "Image": `C:\x\y.exe`}, ok: true, want: map[string]any{
			"source":       "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
			"process_name": "y.exe",
		}, absent: []string{"host", "dest"}},
		{name: "any event is indexed, under no sourcetype the model knows", raw: Event{"message": "hello"}, ok: true, want: map[string]any{
			"message": "hello",
		}, absent: []string{"source", "sourcetype", "EventCode"}},
		// CLEAN_KEYS: <Data Name='Threat Name'> is the field Threat_Name;
		// leading "_" and digits go; a key of neither letters nor digits
		// gives no field. _raw keeps the names as written.
		{name: "XmlWinEventLog keys are cleaned", raw: Event{"Channel": "Microsoft-Windows-Windows Defender/Operational", "EventID": "1116",
			"Threat Name": "HackTool:Win32/Mimikatz", "Process-Name": "x.exe", "1st Key": "a", "_x": "b", "%%": "c"}, ok: true, want: map[string]any{
			"Threat_Name":  "HackTool:Win32/Mimikatz",
			"Process_Name": "x.exe",
			"st_Key":       "a",
			"x":            "b",
			"sourcetype":   "xmlwineventlog",
		}, absent: []string{"Threat Name", "Process-Name", "1st Key", "_x", "%%", ""}},
		// Several values of one name (a classic event's unnamed insertion
		// strings) are one <Data> element each in _raw, so a bare search
		// term finds any of them.
		{name: "a list is one Data element per value", raw: Event{"Channel": "Windows PowerShell", "EventID": "400", "Data": []any{"a", "-FilePath x"}}, ok: true, want: map[string]any{
			"_raw": "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><EventData><Data Name='Channel'>Windows PowerShell</Data><Data Name='Data'>a</Data><Data Name='Data'>-FilePath x</Data><Data Name='EventID'>400</Data></EventData></Event>",
		}},
		{name: "Sysmon for Linux keys are cleaned too", raw: Event{"Channel": LinuxSysmonChannel, "EventID": "1", "Image": "/usr/bin/id", "Odd Name": "x"}, ok: true, want: map[string]any{
			"Odd_Name":   "x",
			"sourcetype": "sysmon:linux",
		}, absent: []string{"Odd Name"}},
		{name: "macOS JSON keys are not cleaned", raw: Event{"Channel": MacOSProcessChannel, "EventID": "1", "Image": "/usr/bin/id", "Odd Name": "x"}, ok: true, want: map[string]any{
			"Odd Name": "x",
		}, absent: []string{"Odd_Name", "sourcetype"}},
		{name: "cloudtrail sourcetype and array members", raw: Event{WebLogSourceField: CloudTrailLogSource, "eventName": "UpdateFunctionConfiguration",
			"requestParameters.layers": "arn:aws:lambda:l", "requestParameters.layersX": "y", "user name": "kept"}, ok: true, want: map[string]any{
			"sourcetype":                 "aws:cloudtrail",
			"eventName":                  "UpdateFunctionConfiguration",
			"requestParameters.layers{}": "arn:aws:lambda:l",
			"requestParameters.layersX":  "y",    // only the array itself is renamed
			"user name":                  "kept", // JSON keys are not cleaned
		}, absent: []string{"requestParameters.layers", "source"}},
		{name: "okta target array", raw: Event{WebLogSourceField: OktaLogSource, "eventType": "user.session.start", "target.displayName": "Okta Admin Console"}, ok: true, want: map[string]any{
			"sourcetype":           "OktaIM2:log",
			"target{}.displayName": "Okta Admin Console",
		}, absent: []string{"target.displayName"}},
		{name: "auditd sourcetype", raw: Event{WebLogSourceField: AuditdLogSource, "type": "EXECVE", "a0": "id"}, ok: true, want: map[string]any{
			"sourcetype": "linux:audit",
			"type":       "EXECVE",
		}},
		{name: "github sourcetype", raw: Event{WebLogSourceField: GitHubAuditLogSource, "action": "repo.archived"}, ok: true, want: map[string]any{
			"sourcetype": "github:cloud:audit",
		}},
		{name: "azure sign-ins get no sourcetype", raw: Event{WebLogSourceField: SigninLogsLogSource, "ResultType": "0"}, ok: true, want: map[string]any{
			"ResultType": "0",
		}, absent: []string{"sourcetype"}},
	})
}

func TestCleanSplunkKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Threat Name", "Threat_Name"},
		{"EventID", "EventID"},
		{"Provider_Name", "Provider_Name"},
		{"a.b-c:d", "a_b_c_d"},
		{"_time", "time"},
		{"__9lives", "lives"},
		{"2nd_try", "nd_try"},
		{"Größe", "Gr__e"}, // a character outside a-z, A-Z, 0-9 is one "_"
		{"%%", ""},
	} {
		if got := cleanSplunkKey(tc.in); got != tc.want {
			t.Errorf("cleanSplunkKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
