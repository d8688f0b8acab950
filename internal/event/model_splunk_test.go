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
		{name: "any event is indexed", raw: Event{"message": "hello"}, ok: true, want: map[string]any{
			"sourcetype": "xmlwineventlog",
			"message":    "hello",
		}, absent: []string{"source", "EventCode"}},
	})
}
