package event

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

var raw4624 = Event{
	"EventID": json.Number("4624"), "Channel": "Security", "Computer": "dc1",
	"TimeCreated_SystemTime": "2024-04-23T08:48:30.449376800Z",
	"SubjectUserName":        "DC1$", "SubjectDomainName": "CORP",
	"TargetUserName": "alice", "TargetDomainName": "CORP", "TargetUserSid": "S-1-5-21-1-2-3-1104",
	"LogonType": "10", "IpAddress": "203.0.113.9", "IpPort": "50123",
	"AuthenticationPackageName": "Negotiate", "WorkstationName": "WS1", "KeyLength": "0",
	"LogonGuid": "{00000000-0000-0000-0000-000000000000}",
}

func TestSentinelModel(t *testing.T) {
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "security4624 logon", raw: raw4624, ok: true, want: map[string]any{
			"_table":                    "SecurityEvent",
			"Type":                      "SecurityEvent",
			"Channel":                   "Security",
			"EventID":                   num("4624"),
			"Computer":                  "dc1",
			"TimeGenerated":             "2024-04-23T08:48:30.449Z",
			"TargetUserName":            "alice",
			"LogonType":                 num("10"), // int column
			"KeyLength":                 num("0"),
			"IpAddress":                 "203.0.113.9",
			"IpPort":                    "50123",
			"AuthenticationPackageName": "Negotiate",
			"WorkstationName":           "WS1",
			"Account":                   `CORP\alice`, // the account logged on
			// the same event as Windows Event Forwarding stores it
			"_also.WindowsEvent._table":                  "WindowsEvent",
			"_also.WindowsEvent.Channel":                 "Security",
			"_also.WindowsEvent.EventID":                 num("4624"),
			"_also.WindowsEvent.Computer":                "dc1",
			"_also.WindowsEvent.EventData.LogonType":     "10", // text, as Windows writes it
			"_also.WindowsEvent.EventData.LogonGuid":     raw4624["LogonGuid"],
			"_also.WindowsEvent.EventData.TargetUserSid": "S-1-5-21-1-2-3-1104",
		}, absent: []string{"LogonGuid", "Activity", "Process", "_also.WindowsEvent.EventData.EventID",
			"_also.WindowsEvent.EventData.Channel", "_also.WindowsEvent.Account"}},
		{name: "security4688 process", raw: raw4688, ok: true, want: map[string]any{
			"EventID":            num("4688"),
			"Activity":           "4688 - A new process has been created.",
			"NewProcessName":     raw4688["NewProcessName"],
			"Process":            "splunk-powershell.exe",
			"NewProcessId":       "0xf84", // hex text, as Windows writes it
			"ProcessId":          "0xb2c",
			"ParentProcessName":  raw4688["ParentProcessName"],
			"CommandLine":        raw4688["CommandLine"],
			"TokenElevationType": "%%1936",
			"MandatoryLabel":     "S-1-16-16384",
			"Account":            `WORKGROUP\AR-WIN-1$`, // the subject
		}},
		{name: "security event without EventID", raw: Event{"Channel": "Security", "SamAccountName": "x$"}, ok: true, want: map[string]any{
			"SamAccountName": "x$",
		}, absent: []string{"EventID"}},
		{name: "logon type that is no number", raw: with(raw4624, Event{"LogonType": "10\n"}), ok: true, absent: []string{"LogonType"}},
		{name: "EventID that is no number", raw: with(raw4624, Event{"EventID": "4624\n"}), ok: false},
		{name: "4624 from another channel is a WindowsEvent row", raw: with(raw4624, Event{"Channel": "System"}), ok: true, want: map[string]any{
			"_table": "WindowsEvent", "Channel": "System", "EventID": num("4624"),
			"EventData.TargetUserName": "alice",
			"EventData.LogonType":      "10", // text, as Windows writes it
		}, absent: []string{"TargetUserName", "Account", "Provider"}},
	})
}

// TestWindowsEventModel covers the WindowsEvent rows of the channels other
// than Security: <System> as columns, <EventData> as one dynamic object.
func TestWindowsEventModel(t *testing.T) {
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "sysmon1", raw: rawProcess, ok: true, want: map[string]any{
			"_table":                "WindowsEvent",
			"Type":                  "WindowsEvent",
			"Channel":               "Microsoft-Windows-Sysmon/Operational",
			"Provider":              "Microsoft-Windows-Sysmon", // the channel's one provider
			"EventID":               num("1"),
			"Computer":              rawProcess["Computer"],
			"EventData.Image":       rawProcess["Image"],
			"EventData.CommandLine": rawProcess["CommandLine"],
			"EventData.ProcessId":   "2296", // Sysmon's decimal text
			"EventData.UtcTime":     rawProcess["UtcTime"],
			// the same process start as Security 4688 records it
			"_also.SecurityEvent._table":            "SecurityEvent",
			"_also.SecurityEvent.EventID":           num("4688"),
			"_also.SecurityEvent.NewProcessName":    rawProcess["Image"],
			"_also.SecurityEvent.ParentProcessName": rawProcess["ParentImage"],
			"_also.SecurityEvent.CommandLine":       rawProcess["CommandLine"],
			"_also.SecurityEvent.NewProcessId":      "0x8f8",  // 2296
			"_also.SecurityEvent.ProcessId":         "0x1210", // the parent, 4624
			"_also.SecurityEvent.MandatoryLabel":    "S-1-16-12288",
			"_also.SecurityEvent.Process":           "RegAsm.exe",
		}, absent: []string{"Image", "EventData.EventID", "EventData.Channel", "EventData.Computer",
			"_also.SecurityEvent.SubjectUserName", "_also.SecurityEvent.Account", "_also.SecurityEvent.OriginalFileName"}},
		{name: "system 7045 keeps its provider", raw: Event{"Channel": "System", "EventID": json.Number("7045"),
			"Provider_Name": "Service Control Manager", "ServiceName": "x", "ImagePath": `C:\x.exe`}, ok: true, want: map[string]any{
			"Provider":              "Service Control Manager",
			"EventID":               num("7045"),
			"EventData.ServiceName": "x",
			"EventData.ImagePath":   `C:\x.exe`,
		}, absent: []string{"EventData.Provider_Name"}},
		{name: "powershell 4104", raw: Event{"Channel": "Microsoft-Windows-PowerShell/Operational", "EventID": "4104", "ScriptBlockText": "iex x"}, ok: true, want: map[string]any{
			"Provider": "Microsoft-Windows-PowerShell", "EventID": num("4104"), "EventData.ScriptBlockText": "iex x",
		}},
		{name: "EventID that is no number", raw: Event{"Channel": "System", "EventID": "7045 "}, ok: false},
		{name: "Sysmon for Linux is no Windows event", raw: Event{"Channel": LinuxSysmonChannel, "EventID": "1", "Image": "/bin/sh"}, ok: false},
	})
}

// TestSentinelColumnsExist checks every emitted column against the shared
// SecurityEvent schema (Microsoft's reference).
func TestSentinelColumnsExist(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "schemas", "kql", "defender-sentinel.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared schema absent: %v", err)
	}
	var f struct {
		Tables map[string]map[string]string `json:"tables"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	cols := f.Tables["SecurityEvent"]
	for _, c := range sentinelColumns {
		if _, ok := cols[c]; !ok {
			t.Errorf("SecurityEvent has no column %s", c)
		}
	}
	for c := range sentinelIntColumns {
		if cols[c] != "int" {
			t.Errorf("SecurityEvent.%s is %q, not int", c, cols[c])
		}
	}
	for _, raw := range []Event{raw4624, raw4688, securityOf(rawProcess)} {
		row, _ := shapeSentinel(raw)
		for c := range row {
			if _, ok := cols[c]; !ok && c != "_table" && c != "_also" {
				t.Errorf("SecurityEvent has no column %s", c)
			}
		}
	}
}

// TestCloudTrailObjects covers the JSON text of CloudTrail's nested objects
// in an AWSCloudTrail row: built from the raw record's nested keys, unless
// the record holds the whole object.
func TestCloudTrailObjects(t *testing.T) {
	base := Event{WebLogSourceField: CloudTrailLogSource, "eventName": "ModifyDBInstance"}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "nested keys become the object's text", raw: with(base, Event{
			"requestParameters.attribute":              "userData",
			"requestParameters.containerDefinitions.x": "y",
			"additionalEventData.MFAUsed":              "No",
		}), ok: true, want: map[string]any{
			"RequestParameters":   `{"attribute":"userData","containerDefinitions":{"x":"y"}}`,
			"AdditionalEventData": `{"MFAUsed":"No"}`,
		}, absent: []string{"ResponseElements"}},
		{name: "a whole object is kept as it is", raw: with(base, Event{
			"responseElements":                   `{"ConsoleLogin":"Success"}`,
			"responseElements.publiclyAvailable": "true",
		}), ok: true, want: map[string]any{"ResponseElements": `{"ConsoleLogin":"Success"}`}},
		{name: "a value and an object at one key: the object, always", raw: with(base, Event{
			"requestParameters.a":   "x",
			"requestParameters.a.b": "y",
		}), ok: true, want: map[string]any{"RequestParameters": `{"a":{"b":"y"}}`}},
	})
}

// TestSigninDeviceDetail covers the dynamic column DeviceDetail of a
// SigninLogs row: the Graph deviceDetail properties from the raw record's
// DeviceDetail.* keys, the Boolean ones as Booleans.
func TestSigninDeviceDetail(t *testing.T) {
	base := Event{WebLogSourceField: SigninLogsLogSource, "ResultType": "0"}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "properties of the device", raw: with(base, Event{
			"DeviceDetail.deviceId":    "d-1",
			"DeviceDetail.isCompliant": "false",
			"DeviceDetail.isManaged":   "true",
			"DeviceDetail.trustType":   "Azure AD joined",
		}), ok: true, want: map[string]any{
			"_table":                   "SigninLogs",
			"DeviceDetail.deviceId":    "d-1",
			"DeviceDetail.isCompliant": false,
			"DeviceDetail.isManaged":   true,
			"DeviceDetail.trustType":   "Azure AD joined",
		}, absent: []string{"DeviceDetail.browser"}},
		{name: "text that is no Boolean stays text", raw: with(base, Event{"DeviceDetail.isCompliant": "FALSE"}),
			ok: true, want: map[string]any{"DeviceDetail.isCompliant": "FALSE"}},
		{name: "no property, no column", raw: with(base, Event{"DeviceDetail.color": "red"}),
			ok: true, absent: []string{"DeviceDetail"}},
	})
}

// TestAuditLogsOperationName covers the two spellings of an audit record's
// operation name: both are the AuditLogs column OperationName, and where a
// raw record has operationName that is the column's value.
func TestAuditLogsOperationName(t *testing.T) {
	base := Event{WebLogSourceField: AuditLogsLogSource, "Category": "ApplicationManagement"}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "OperationName", raw: with(base, Event{"OperationName": "Add service principal"}), ok: true,
			want: map[string]any{"_table": "AuditLogs", "OperationName": "Add service principal"}},
		{name: "operationName", raw: with(base, Event{"operationName": "Delete application"}), ok: true,
			want: map[string]any{"OperationName": "Delete application"}, absent: []string{"operationName"}},
		{name: "operationName first", raw: with(base, Event{"OperationName": "x", "operationName": "Delete application"}), ok: true,
			want: map[string]any{"OperationName": "Delete application"}},
	})
}

// TestAzureActivityOperationName covers the two names of an activity
// record's operation identifier: both are the column OperationNameValue,
// and where a raw record has OperationNameValue that is its value.
func TestAzureActivityOperationName(t *testing.T) {
	base := Event{WebLogSourceField: ActivityLogsLogSource, "CategoryValue": "Administrative"}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "operationName", raw: with(base, Event{"operationName": "Microsoft.Compute/virtualMachines/write"}), ok: true,
			want: map[string]any{"_table": "AzureActivity", "OperationNameValue": "Microsoft.Compute/virtualMachines/write"}},
		{name: "OperationNameValue first", raw: with(base, Event{"operationName": "x", "OperationNameValue": "Microsoft.ADHybridHealthService/services/delete"}), ok: true,
			want: map[string]any{"OperationNameValue": "Microsoft.ADHybridHealthService/services/delete"}, absent: []string{"operationName"}},
	})
}

// TestLinuxAuditLog covers an audit record as a LinuxAuditLog row: the
// record type in RecordType, the keys the table has columns for under their
// own names, the keys it has none for (SYSCALL, nametype) left out.
func TestLinuxAuditLog(t *testing.T) {
	base := Event{WebLogSourceField: AuditdLogSource}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "EXECVE arguments", raw: with(base, Event{"type": "EXECVE", "a0": "sysctl", "a1": "-w", "a9": "x"}), ok: true,
			want:   map[string]any{"_table": "LinuxAuditLog", "RecordType": "EXECVE", "a0": "sysctl", "a1": "-w", "a9": "x"},
			absent: []string{"type", "a10"}},
		{name: "SYSCALL record", raw: with(base, Event{"type": "SYSCALL", "SYSCALL": "mknod", "comm": "mknod", "exe": "/usr/bin/mknod", "key": "k"}), ok: true,
			want:   map[string]any{"RecordType": "SYSCALL", "comm": "mknod", "exe": "/usr/bin/mknod", "key": "k"},
			absent: []string{"SYSCALL", "syscall"}},
		{name: "PATH record", raw: with(base, Event{"type": "PATH", "name": "/etc/pam.d/sshd", "nametype": "CREATE", "cwd": "/root"}), ok: true,
			want:   map[string]any{"RecordType": "PATH", "name": "/etc/pam.d/sshd", "cwd": "/root"},
			absent: []string{"nametype"}},
	})
}

// TestSyslogRow covers a syslog message as a Syslog row: its text in
// SyslogMessage, nothing else of the raw record.
func TestSyslogRow(t *testing.T) {
	base := Event{WebLogSourceField: LinuxSyslogLogSource}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "message text", raw: with(base, Event{"Message": "stopping iptables"}), ok: true,
			want:   map[string]any{"_table": "Syslog", "Type": "Syslog", "SyslogMessage": "stopping iptables"},
			absent: []string{"Message", WebLogSourceField}},
		{name: "no message, no column", raw: base, ok: true, absent: []string{"SyslogMessage"}},
	})
}

// TestOfficeActivityRow covers a Microsoft 365 audit record as an
// OfficeActivity row: Operation and ResultStatus, not the names the table
// spells otherwise (Workload).
func TestOfficeActivityRow(t *testing.T) {
	base := Event{WebLogSourceField: M365AuditLogSource}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "operation and status", raw: with(base, Event{"Operation": "Disable Strong Authentication.", "ResultStatus": "Success", "Workload": "AzureActiveDirectory"}), ok: true,
			want:   map[string]any{"_table": "OfficeActivity", "Operation": "Disable Strong Authentication.", "ResultStatus": "Success"},
			absent: []string{"Workload", "OfficeWorkload"}},
	})
}

// TestAKSAuditRow covers a Kubernetes audit event as an AKSAudit row: verb,
// requestURI and userAgent in their string columns, objectRef's members
// rebuilt as the dynamic ObjectRef, responseStatus.code as ResponseStatus's
// code: a number when written as one, else the text.
func TestAKSAuditRow(t *testing.T) {
	base := Event{WebLogSourceField: KubernetesAuditLogSource}
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "verb and object", raw: with(base, Event{"verb": "create", "requestURI": "/api/v1/namespaces/default/pods/p/exec", "userAgent": "kubectl/v1.29",
			"objectRef.resource": "pods", "objectRef.subresource": "exec", "objectRef.namespace": "default", "responseStatus.code": "101"}), ok: true,
			want: map[string]any{"_table": "AKSAudit", "Verb": "create", "RequestUri": "/api/v1/namespaces/default/pods/p/exec", "UserAgent": "kubectl/v1.29",
				"ObjectRef":      map[string]any{"resource": "pods", "subresource": "exec", "namespace": "default"},
				"ResponseStatus": map[string]any{"code": json.Number("101")}},
			absent: []string{"responseStatus.code"}},
		{name: "code not written as a number", raw: with(base, Event{"verb": "get", "responseStatus.code": "0403"}), ok: true,
			want: map[string]any{"_table": "AKSAudit", "Verb": "get", "ResponseStatus": map[string]any{"code": "0403"}}},
		{name: "non-resource request", raw: with(base, Event{"verb": "get", "requestURI": "/healthz"}), ok: true,
			want:   map[string]any{"_table": "AKSAudit", "Verb": "get", "RequestUri": "/healthz"},
			absent: []string{"ObjectRef"}},
	})
}

// TestEventTableRow covers the Event row each WindowsEvent row of a channel
// other than Security holds under _also: EventLog the channel, Source the
// provider, EventData the XML text with a classic event's unnamed Data as
// <Data> elements without a Name, the markup characters escaped.
func TestEventTableRow(t *testing.T) {
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "application classic event", raw: Event{"Channel": "Application", "EventID": json.Number("33205"),
			"Provider_Name": "MSSQLSERVER$AUDIT", "Computer": "db1", "Data": `statement:select 'a<b' & "x>y"`}, ok: true, want: map[string]any{
			"_table":                "WindowsEvent",
			"_also.Event._table":    "Event",
			"_also.Event.EventLog":  "Application",
			"_also.Event.Source":    "MSSQLSERVER$AUDIT",
			"_also.Event.EventID":   num("33205"),
			"_also.Event.Computer":  "db1",
			"_also.Event.EventData": `<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data>statement:select 'a&lt;b' &amp; "x&gt;y"</Data></EventData></DataItem>`,
		}},
		{name: "named and listed data", raw: Event{"Channel": "Windows PowerShell", "EventID": "400",
			"Data": []any{"Available", "HostName=ConsoleHost"}, "Path": `a"b`}, ok: true, want: map[string]any{
			"_also.Event.EventLog":  "Windows PowerShell",
			"_also.Event.EventData": `<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data>Available</Data><Data>HostName=ConsoleHost</Data><Data Name="Path">a"b</Data></EventData></DataItem>`,
		}, absent: []string{"_also.Event.Source"}},
		{name: "security events are SecurityEvent's", raw: raw4624, ok: true, want: map[string]any{"_table": "SecurityEvent"},
			absent: []string{"_also.Event", "_also.WindowsEvent._also.Event"}},
	})
}

// TestConnectorTables covers the custom tables of Sentinel's connectors:
// each raw name is the column the connector's parser reads.
func TestConnectorTables(t *testing.T) {
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "okta", raw: Event{WebLogSourceField: OktaLogSource, "eventType": "user.session.start", "displayMessage": "x",
			"actor.alternateId": "a@b", "securityContext.isProxy": "True", "debugContext.debugData.requestUri": "/admin"}, ok: true, want: map[string]any{
			"_table": "Okta_CL", "eventType_s": "user.session.start", "displayMessage_s": "x", "actor_alternateId_s": "a@b",
			"securityContext_isProxy_b": true, "debugContext_debugData_s": `{"requestUri":"/admin"}`,
		}},
		{name: "okta proxy flag that is no Boolean", raw: Event{WebLogSourceField: OktaLogSource, "securityContext.isProxy": "yes"}, ok: true,
			want: map[string]any{"_table": "Okta_CL"}, absent: []string{"securityContext_isProxy_b"}},
		{name: "github", raw: Event{WebLogSourceField: GitHubAuditLogSource, "action": "repo.destroy", "actor": "x"}, ok: true,
			want: map[string]any{"_table": "GitHubAuditLogPolling_CL", "action_s": "repo.destroy", "actor_s": "x"}},
		{name: "zeek smb_files", raw: Event{WebLogSourceField: ZeekSMBFilesLogSource, "path": `\\h\IPC$`, "name": "atsvc", "id.orig_h": "192.0.2.1"}, ok: true,
			want: map[string]any{"_table": "Corelight_v2_smb_files_CL", "path_s": `\\h\IPC$`, "name_s": "atsvc", "id_orig_h_s": "192.0.2.1"}},
		{name: "google workspace admin", raw: Event{WebLogSourceField: GoogleWorkspaceAdminLogSource, "eventService": "admin.googleapis.com",
			"eventName": "CHANGE_APPLICATION_SETTING", "setting_name": "x"}, ok: true,
			want:   map[string]any{"_table": "GWorkspace_ReportsAPI_admin_CL", "event_name_s": "CHANGE_APPLICATION_SETTING", "SETTING_NAME_s": "x"},
			absent: []string{"eventService"}},
		{name: "entra audit properties.message", raw: Event{WebLogSourceField: AuditLogsLogSource, "properties.message": "Add owner to application"}, ok: true,
			want: map[string]any{"_table": "AuditLogs", "ActivityDisplayName": "Add owner to application"}},
	})
}

// TestAuditLogsPropertiesMessageECS: properties.message, the activity's
// name, is azure.auditlogs.properties.activity_display_name in ECS.
func TestAuditLogsPropertiesMessageECS(t *testing.T) {
	runShapeCases(t, "ecs", []shapeCase{
		{name: "properties.message", raw: Event{WebLogSourceField: AuditLogsLogSource, "properties.message": "Add owner to application"}, ok: true,
			want: map[string]any{"azure.auditlogs.properties.activity_display_name": "Add owner to application", "event.dataset": "azure.auditlogs"}},
	})
}

// TestAzureOperationNameECS: the rules' second spellings of the operation
// name are the same ECS field as the first, the later rule winning as in
// the Sentinel rows.
func TestAzureOperationNameECS(t *testing.T) {
	runShapeCases(t, "ecs", []shapeCase{
		{name: "audit operationName", raw: Event{WebLogSourceField: AuditLogsLogSource, "operationName": "Update user"}, ok: true,
			want: map[string]any{"azure.auditlogs.operation_name": "Update user"}},
		{name: "audit operationName first", raw: Event{WebLogSourceField: AuditLogsLogSource, "OperationName": "x", "operationName": "Update user"}, ok: true,
			want: map[string]any{"azure.auditlogs.operation_name": "Update user"}},
		{name: "activity OperationNameValue", raw: Event{WebLogSourceField: ActivityLogsLogSource, "operationName": "x", "OperationNameValue": "Microsoft.Compute/virtualMachines/write"}, ok: true,
			want: map[string]any{"azure.activitylogs.operation_name": "Microsoft.Compute/virtualMachines/write"}},
	})
}

// TestEventTableRPCFW: an RPC Firewall event names its log EventLog; its
// event 3 is written with the insertion strings in order, InterfaceUuid the
// 7th and OpNum the 8th unnamed <Data> element, the others empty.
func TestEventTableRPCFW(t *testing.T) {
	const head = `<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "event 3", raw: Event{"EventLog": "RPCFW", "EventID": json.Number("3"), "InterfaceUuid": "367abb81-9844-35f1-ad32-98f038001003", "OpNum": "12"}, ok: true, want: map[string]any{
			"_table":               "WindowsEvent",
			"Channel":              "RPCFW",
			"_also.Event.EventLog": "RPCFW",
			"_also.Event.EventID":  num("3"),
			"_also.Event.EventData": head + `<Data></Data><Data></Data><Data></Data><Data></Data><Data></Data><Data></Data>` +
				`<Data>367abb81-9844-35f1-ad32-98f038001003</Data><Data>12</Data><Data></Data><Data></Data><Data></Data></EventData></DataItem>`,
		}},
		{name: "another event keeps the names", raw: Event{"EventLog": "RPCFW", "EventID": "1", "InterfaceUuid": "x"}, ok: true, want: map[string]any{
			"_also.Event.EventData": head + `<Data Name="InterfaceUuid">x</Data></EventData></DataItem>`,
		}},
	})
}

// TestAuditLogsStatus: an audit record's Status, the activity's result as
// the Entra admin center shows it, is the AuditLogs column Result.
func TestAuditLogsStatus(t *testing.T) {
	runShapeCases(t, "sentinel", []shapeCase{
		{name: "Status", raw: Event{WebLogSourceField: AuditLogsLogSource, "Status": "failure"}, ok: true,
			want: map[string]any{"_table": "AuditLogs", "Result": "failure"}, absent: []string{"Status"}},
	})
}
