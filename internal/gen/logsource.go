package gen

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Channels of the raw events the base table produces.
const (
	sysmonChannel      = "Microsoft-Windows-Sysmon/Operational"
	linuxSysmonChannel = event.LinuxSysmonChannel
)

// source is one row of the log-source table: which raw events a Sigma log
// source reads, and the fields such an event carries. A row matches a rule
// when its category or service equals the rule's and the rule's product is
// the row's or empty.
type source struct {
	product, category, service string
	eventID                    string            // "" takes the rule's own EventID value, if any
	channel                    string            // "" for none
	fields                     []string          // fields present with neutral values
	values                     map[string]string // overrides of the neutral values
	fieldEventIDs              map[string]string // with eventID "" and none in the rule: the event ID of the first field the rule names that is here
	keyword                    string            // the field witnesses put keywords in; "" for keywordField
}

// Field sets of Sysmon events (Sysmon schema 4.90).
var (
	sysmonCommon  = []string{"Computer", "UtcTime", "ProcessGuid", "ProcessId", "Image", "User", "RuleName"}
	sysmonProcess = []string{"FileVersion", "Description", "Product", "Company", "OriginalFileName",
		"CommandLine", "CurrentDirectory", "LogonGuid", "LogonId", "TerminalSessionId", "IntegrityLevel",
		"Hashes", "ParentProcessGuid", "ParentProcessId", "ParentImage", "ParentCommandLine", "ParentUser"}
	sysmonNetwork = []string{"Protocol", "Initiated", "SourceIsIpv6", "SourceIp", "SourceHostname", "SourcePort",
		"SourcePortName", "DestinationIsIpv6", "DestinationIp", "DestinationHostname", "DestinationPort", "DestinationPortName"}
	sysmonImageLoad = []string{"ImageLoaded", "FileVersion", "Description", "Product", "Company", "OriginalFileName",
		"Hashes", "Signed", "Signature", "SignatureStatus"}
	sysmonFile     = []string{"TargetFilename", "CreationUtcTime"}
	sysmonRegistry = []string{"EventType", "TargetObject"}
	sysmonAccess   = []string{"SourceProcessGUID", "SourceProcessId", "SourceThreadId", "SourceImage",
		"TargetProcessGUID", "TargetProcessId", "TargetImage", "GrantedAccess", "CallTrace", "SourceUser", "TargetUser"}
	sysmonThread = []string{"SourceProcessGuid", "SourceProcessId", "SourceImage", "TargetProcessGuid",
		"TargetProcessId", "TargetImage", "NewThreadId", "StartAddress", "StartModule", "StartFunction", "SourceUser", "TargetUser"}
)

// linuxValues are the neutral values of Sysmon for Linux events.
var linuxValues = map[string]string{
	"Image":             "/usr/bin/rosetta-neutral",
	"ParentImage":       "/usr/bin/rosetta-parent",
	"CommandLine":       "/usr/bin/rosetta-neutral",
	"ParentCommandLine": "/usr/bin/rosetta-parent",
	"CurrentDirectory":  "/var/lib/rosetta",
	"User":              "rosetta",
	"ParentUser":        "root",
	"TargetFilename":    "/var/lib/rosetta/neutral.txt",
	"LogonId":           "0",
}

// unixProcess are the process fields of a Linux or macOS process start
// (Sysmon for Linux event 1; the macOS EDR record of internal/event uses the
// same names): no PE version information, hashes or integrity level.
var unixProcess = []string{"CommandLine", "CurrentDirectory", "LogonId", "ParentProcessGuid",
	"ParentProcessId", "ParentImage", "ParentCommandLine", "ParentUser"}

// macosValues are the neutral values of a macOS process start.
var macosValues = map[string]string{
	"Image":             "/usr/local/bin/rosetta-neutral",
	"ParentImage":       "/usr/local/bin/rosetta-parent",
	"CommandLine":       "/usr/local/bin/rosetta-neutral",
	"ParentCommandLine": "/usr/local/bin/rosetta-parent",
	"CurrentDirectory":  "/Users/rosetta",
	"User":              "rosetta",
	"ParentUser":        "root",
	"LogonId":           "0",
}

func cat(sets ...[]string) []string { return slices.Concat(sets...) }

// sources is the log-source table, first match wins.
var sources = []source{
	{product: "windows", category: "process_creation", eventID: "1", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonProcess)},
	{product: "windows", category: "file_change", eventID: "2", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"PreviousCreationUtcTime"}), values: map[string]string{"PreviousCreationUtcTime": "2023-12-01 08:00:00.000"}},
	{product: "windows", category: "network_connection", eventID: "3", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonNetwork)},
	{product: "windows", category: "sysmon_status", eventID: "4", channel: sysmonChannel, fields: []string{"Computer", "UtcTime", "State", "Version", "SchemaVersion"}},
	{product: "windows", category: "process_termination", eventID: "5", channel: sysmonChannel, fields: sysmonCommon},
	{product: "windows", category: "driver_load", eventID: "6", channel: sysmonChannel, fields: []string{"Computer", "UtcTime", "ImageLoaded", "Hashes", "Signed", "Signature", "SignatureStatus"}},
	{product: "windows", category: "image_load", eventID: "7", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonImageLoad)},
	{product: "windows", category: "create_remote_thread", eventID: "8", channel: sysmonChannel, fields: cat([]string{"Computer", "UtcTime"}, sysmonThread)},
	{product: "windows", category: "raw_access_thread", eventID: "9", channel: sysmonChannel, fields: cat(sysmonCommon, []string{"Device"})},
	{product: "windows", category: "process_access", eventID: "10", channel: sysmonChannel, fields: cat([]string{"Computer", "UtcTime"}, sysmonAccess)},
	{product: "windows", category: "file_event", eventID: "11", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile)},
	{product: "windows", category: "registry_add", eventID: "12", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonRegistry), values: map[string]string{"EventType": "CreateKey"}},
	{product: "windows", category: "registry_delete", eventID: "12", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonRegistry), values: map[string]string{"EventType": "DeleteKey"}},
	{product: "windows", category: "registry_event", eventID: "12", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonRegistry), values: map[string]string{"EventType": "CreateKey"}},
	{product: "windows", category: "registry_set", eventID: "13", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonRegistry, []string{"Details"}), values: map[string]string{"EventType": "SetValue"}},
	{product: "windows", category: "registry_rename", eventID: "14", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonRegistry, []string{"NewName"}), values: map[string]string{"EventType": "RenameKey"}},
	{product: "windows", category: "create_stream_hash", eventID: "15", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"Hash", "Contents"})},
	{product: "windows", category: "pipe_created", eventID: "17", channel: sysmonChannel, fields: cat(sysmonCommon, []string{"EventType", "PipeName"}), values: map[string]string{"EventType": "CreatePipe"}},
	{product: "windows", category: "wmi_event", eventID: "", channel: sysmonChannel, fields: []string{"Computer", "UtcTime", "EventType", "Operation", "User"},
		fieldEventIDs: map[string]string{"Query": "19", "Destination": "20", "Consumer": "21", "Filter": "21"}},
	{product: "windows", category: "dns_query", eventID: "22", channel: sysmonChannel, fields: cat(sysmonCommon, []string{"QueryName", "QueryStatus", "QueryResults"})},
	{product: "windows", category: "file_delete", eventID: "23", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"Hashes", "IsExecutable", "Archived"})},
	{product: "windows", category: "clipboard_change", eventID: "24", channel: sysmonChannel, fields: cat(sysmonCommon, []string{"Session", "ClientInfo", "Hashes", "Archived"})},
	{product: "windows", category: "process_tampering", eventID: "25", channel: sysmonChannel, fields: cat(sysmonCommon, []string{"Type"})},
	{product: "windows", category: "file_delete_detected", eventID: "26", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"Hashes", "IsExecutable"})},
	{product: "windows", category: "file_block_executable", eventID: "27", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"Hashes"})},
	{product: "windows", category: "file_block_shredding", eventID: "28", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"Hashes", "IsExecutable"})},
	{product: "windows", category: "file_executable_detected", eventID: "29", channel: sysmonChannel, fields: cat(sysmonCommon, sysmonFile, []string{"Hashes"})},
	{product: "windows", category: "sysmon_error", eventID: "255", channel: sysmonChannel, fields: []string{"Computer", "UtcTime", "ID", "Description"}},
	{product: "windows", category: "ps_module", eventID: "4103", channel: "Microsoft-Windows-PowerShell/Operational", fields: []string{"Computer", "ContextInfo", "Payload"}},
	{product: "windows", category: "ps_script", eventID: "4104", channel: "Microsoft-Windows-PowerShell/Operational", fields: []string{"Computer", "ScriptBlockText", "ScriptBlockId", "Path"}},
	{product: "windows", category: "ps_classic_start", eventID: "400", channel: "Windows PowerShell", fields: []string{"Computer", "Data"}},
	{product: "windows", category: "ps_classic_provider_start", eventID: "600", channel: "Windows PowerShell", fields: []string{"Computer", "Data"}},
	{product: "windows", category: "ps_classic_script", eventID: "800", channel: "Windows PowerShell", fields: []string{"Computer", "Data"}},
	{product: "windows", service: "security", channel: "Security", fields: []string{"Computer"}},
	{product: "windows", service: "system", channel: "System", fields: []string{"Computer"}},
	{product: "windows", service: "application", channel: "Application", fields: []string{"Computer"}},
	{product: "windows", service: "sysmon", channel: sysmonChannel, fields: []string{"Computer"}},
	{product: "windows", service: "powershell", channel: "Microsoft-Windows-PowerShell/Operational", fields: []string{"Computer"}},
	{product: "windows", service: "powershell-classic", channel: "Windows PowerShell", fields: []string{"Computer"}},
	{product: "linux", category: "process_creation", eventID: "1", channel: linuxSysmonChannel, fields: cat(sysmonCommon, unixProcess), values: linuxValues},
	{product: "macos", category: "process_creation", eventID: "1", channel: event.MacOSProcessChannel, fields: cat(sysmonCommon, unixProcess), values: macosValues},
	{product: "linux", category: "network_connection", eventID: "3", channel: linuxSysmonChannel, fields: cat(sysmonCommon, sysmonNetwork), values: linuxValues},
	{product: "linux", category: "file_event", eventID: "11", channel: linuxSysmonChannel, fields: cat(sysmonCommon, sysmonFile), values: linuxValues},
	// Web logs: a W3C extended log line with Sigma's field names, no
	// EventID or Channel; the event.WebLogSourceField discriminator names
	// the category (internal/event/model_web.go).
	// A web server's line has no message: keywords go into the query string,
	// where attacks on a web application show.
	{category: "webserver", fields: webserverFields, values: map[string]string{event.WebLogSourceField: "webserver"}, keyword: "cs-uri-query"},
	{category: "proxy", fields: proxyFields, values: proxyValues},
	// AWS CloudTrail records: flat JSON with the record's own names (a
	// nested name one dotted key), marked with the discriminator
	// event.WebLogSourceField = "aws/cloudtrail"
	// (internal/event/model_sentinel_cloud.go).
	{product: "aws", service: "cloudtrail", fields: cloudTrailFields, values: map[string]string{event.WebLogSourceField: event.CloudTrailLogSource}},
	// Azure sign-in records, the same way (internal/event/model_sentinel_cloud.go).
	{product: "azure", service: "signinlogs", fields: []string{event.WebLogSourceField, "ResultType", "ResultDescription", "userAgent"}, values: map[string]string{event.WebLogSourceField: event.SigninLogsLogSource, "ResultType": "0", "ResultDescription": "rosetta neutral"}},
	// Azure activity records, the same way (internal/event/model_azure_activity.go).
	{product: "azure", service: "activitylogs", fields: []string{event.WebLogSourceField, "operationName", "CategoryValue"}, values: map[string]string{event.WebLogSourceField: event.ActivityLogsLogSource, "operationName": "Microsoft.Rosetta/neutral/read", "CategoryValue": "Administrative"}},
	// Okta System Log events and Google Cloud audit records, the same way
	// (internal/event/model_ecs_cloud.go).
	{product: "okta", service: "okta", fields: []string{event.WebLogSourceField, "eventType", "displayMessage"}, values: map[string]string{event.WebLogSourceField: event.OktaLogSource, "eventType": "user.session.start", "displayMessage": "rosetta neutral"}},
	{product: "gcp", service: "gcp.audit", fields: []string{event.WebLogSourceField, "gcp.audit.method_name"}, values: map[string]string{event.WebLogSourceField: event.GCPAuditLogSource}},
	{product: "github", service: "audit", fields: []string{event.WebLogSourceField, "action"}, values: map[string]string{event.WebLogSourceField: event.GitHubAuditLogSource, "action": "rosetta.neutral"}},
	{product: "kubernetes", service: "audit", fields: []string{event.WebLogSourceField, "verb", "objectRef.resource"}, values: map[string]string{event.WebLogSourceField: event.KubernetesAuditLogSource, "verb": "get", "objectRef.resource": "rosettas"}},
	{product: "bitbucket", service: "audit", fields: []string{event.WebLogSourceField, "auditType.category", "auditType.action"}, values: map[string]string{event.WebLogSourceField: event.BitbucketAuditLogSource, "auditType.category": "Rosetta", "auditType.action": "Rosetta neutral"}},
	{product: "zeek", service: "dce_rpc", fields: []string{event.WebLogSourceField, "endpoint", "operation"}, values: map[string]string{event.WebLogSourceField: event.ZeekDCERPCLogSource, "endpoint": "rosetta", "operation": "RosettaNeutral"}},
	{product: "zeek", service: "smb_files", fields: []string{event.WebLogSourceField, "name", "path"}, values: map[string]string{event.WebLogSourceField: event.ZeekSMBFilesLogSource, "name": "neutral.txt", "path": `\\rosetta\share`}},
	{product: "zeek", service: "http", fields: []string{event.WebLogSourceField, "method", "uri", "id.resp_h"}, values: map[string]string{event.WebLogSourceField: event.ZeekHTTPLogSource, "method": "GET", "uri": "/rosetta/neutral.html", "id.resp_h": "192.0.2.10"}},
	{product: "zeek", service: "kerberos", fields: []string{event.WebLogSourceField, "request_type", "cipher"}, values: map[string]string{event.WebLogSourceField: event.ZeekKerberosLogSource, "request_type": "AS", "cipher": "aes256-cts-hmac-sha1-96"}},
	{product: "zeek", service: "rdp", fields: []string{event.WebLogSourceField, "id.orig_h"}, values: map[string]string{event.WebLogSourceField: event.ZeekRDPLogSource, "id.orig_h": "192.0.2.20"}},
	{product: "zeek", service: "x509", fields: []string{event.WebLogSourceField, "certificate.serial"}, values: map[string]string{event.WebLogSourceField: event.ZeekX509LogSource, "certificate.serial": "0ROSETTA"}},
	{product: "zeek", service: "dns", fields: []string{event.WebLogSourceField, "query"}, values: map[string]string{event.WebLogSourceField: event.ZeekDNSLogSource, "query": "neutral.rosetta.example"}},
	{product: "gcp", service: "google_workspace.admin", fields: []string{event.WebLogSourceField, "eventService", "eventName"}, values: map[string]string{event.WebLogSourceField: event.GoogleWorkspaceAdminLogSource, "eventService": "admin.googleapis.com", "eventName": "ROSETTA_NEUTRAL"}},
	{product: "azure", service: "riskdetection", fields: []string{event.WebLogSourceField, "riskEventType"}, values: map[string]string{event.WebLogSourceField: event.RiskDetectionLogSource}},
	{product: "gcp", service: "google_workspace.login", fields: []string{event.WebLogSourceField, "protoPayload.serviceName", "protoPayload.metadata.event.eventName"}, values: map[string]string{event.WebLogSourceField: event.GoogleWorkspaceLoginLogSource, "protoPayload.serviceName": "login.googleapis.com", "protoPayload.metadata.event.eventName": "rosetta_neutral"}},
	// FortiGate event log lines, the same way (internal/event/model_ecs_fortigate.go).
	{product: "fortigate", service: "event", fields: []string{event.WebLogSourceField, "action", "cfgpath"}, values: map[string]string{event.WebLogSourceField: event.FortiGateEventLogSource, "action": "Rosetta", "cfgpath": "rosetta.neutral"}},
	// Generic DNS query records, the same way (internal/event/model_ecs_dns.go).
	{category: "dns", fields: []string{event.WebLogSourceField, "query"}, values: map[string]string{event.WebLogSourceField: event.DNSLogSource, "query": "neutral.rosetta.example"}},
	// Linux audit records, the same way (internal/event/model_ecs_auditd.go).
	{product: "linux", service: "auditd", fields: []string{event.WebLogSourceField, "type"}, values: map[string]string{event.WebLogSourceField: event.AuditdLogSource, "type": "ROSETTA_NEUTRAL"}},
	// Linux syslog messages, the same way (internal/event/model_sentinel_syslog.go):
	// rules of the product alone and of service syslog search the message
	// text, where the keywords go (keywordField).
	{product: "linux", fields: []string{event.WebLogSourceField, keywordField}, values: map[string]string{event.WebLogSourceField: event.LinuxSyslogLogSource}},
	{product: "linux", service: "syslog", fields: []string{event.WebLogSourceField, keywordField}, values: map[string]string{event.WebLogSourceField: event.LinuxSyslogLogSource}},
	// Microsoft 365 audit records, the same way (internal/event/model_sentinel_m365.go).
	{product: "m365", service: "audit", fields: []string{event.WebLogSourceField, "Operation"}, values: map[string]string{event.WebLogSourceField: event.M365AuditLogSource, "Operation": "RosettaNeutral"}},
	// Entra ID audit records, the same way (internal/event/model_azure_audit.go).
	{product: "azure", service: "auditlogs", fields: []string{event.WebLogSourceField, "OperationName", "Category"}, values: map[string]string{event.WebLogSourceField: event.AuditLogsLogSource, "OperationName": "Rosetta neutral operation", "Category": "Other"}},
	// Antivirus detections (category antivirus, any product), the same way
	// (internal/event/model_defender_antivirus.go).
	{category: "antivirus", fields: []string{event.WebLogSourceField, "Signature", "Filename"}, values: map[string]string{event.WebLogSourceField: event.AntivirusLogSource}},
}

// Fields of a CloudTrail record.
var cloudTrailFields = []string{event.WebLogSourceField, "eventName", "eventSource", "awsRegion", "sourceIPAddress", "userAgent", "userIdentity.type", "userIdentity.arn"}

// Field sets of web log lines (W3C extended log format, as Sigma names them).
var (
	webserverFields = []string{event.WebLogSourceField, "c-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "sc-status", "c-useragent", "cs-host", "cs-referer"}
	proxyFields     = []string{event.WebLogSourceField, "c-ip", "cs-method", "c-uri", "c-uri-query", "sc-status", "c-useragent", "cs-host", "cs-referer"}
	proxyValues     = map[string]string{event.WebLogSourceField: "proxy", "c-uri": "http://neutral.rosetta.example/rosetta/neutral.html"}
)

// neutralValues are plausible values unlikely to hit a rule. Fields
// without an entry get neutralText.
var neutralValues = map[string]string{
	"Computer":            "rosetta-host.example.local",
	"UtcTime":             "2024-01-02 03:04:05.678",
	"CreationUtcTime":     "2024-01-02 03:04:05.678",
	"ProcessGuid":         "{5E3A1B2C-0000-0000-0000-000000000001}",
	"ParentProcessGuid":   "{5E3A1B2C-0000-0000-0000-000000000002}",
	"SourceProcessGuid":   "{5E3A1B2C-0000-0000-0000-000000000003}",
	"SourceProcessGUID":   "{5E3A1B2C-0000-0000-0000-000000000003}",
	"TargetProcessGuid":   "{5E3A1B2C-0000-0000-0000-000000000004}",
	"TargetProcessGUID":   "{5E3A1B2C-0000-0000-0000-000000000004}",
	"LogonGuid":           "{5E3A1B2C-0000-0000-0000-0000000000AA}",
	"ProcessId":           "4242",
	"ParentProcessId":     "4240",
	"SourceProcessId":     "4244",
	"TargetProcessId":     "4246",
	"SourceThreadId":      "4248",
	"NewThreadId":         "4250",
	"Image":               `C:\Windows\System32\rosetta-neutral.exe`,
	"ParentImage":         `C:\Windows\System32\rosetta-parent.exe`,
	"SourceImage":         `C:\Windows\System32\rosetta-source.exe`,
	"TargetImage":         `C:\Windows\System32\rosetta-target.exe`,
	"ImageLoaded":         `C:\Windows\System32\rosetta-neutral.dll`,
	"CommandLine":         `C:\Windows\System32\rosetta-neutral.exe`,
	"ParentCommandLine":   `C:\Windows\System32\rosetta-parent.exe`,
	"CurrentDirectory":    `C:\Windows\System32\`,
	"OriginalFileName":    "rosetta-neutral.exe",
	"Description":         "Rosetta Neutral Sample",
	"Product":             "Rosetta",
	"Company":             "Rosetta Project",
	"FileVersion":         "1.0.0.0",
	"User":                `ROSETTA\neutral-user`,
	"ParentUser":          `ROSETTA\neutral-parent`,
	"SourceUser":          `ROSETTA\neutral-user`,
	"TargetUser":          `ROSETTA\neutral-user`,
	"LogonId":             "0x1a2b3c",
	"TerminalSessionId":   "1",
	"IntegrityLevel":      "Medium",
	"Hashes":              "SHA1=0123456789ABCDEF0123456789ABCDEF01234567,MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF,IMPHASH=FEDCBA9876543210FEDCBA9876543210",
	"Hash":                "SHA256=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
	"RuleName":            "-",
	"Protocol":            "tcp",
	"Initiated":           "true",
	"SourceIsIpv6":        "false",
	"SourceIp":            "192.0.2.10",
	"SourceHostname":      "rosetta-host.example.local",
	"SourcePort":          "49712",
	"SourcePortName":      "-",
	"DestinationIsIpv6":   "false",
	"DestinationIp":       "203.0.113.20",
	"DestinationHostname": "neutral.rosetta.example",
	"DestinationPort":     "8443",
	"DestinationPortName": "-",
	"Signed":              "true",
	"Signature":           "Rosetta Neutral Signer",
	"SignatureStatus":     "Valid",
	"TargetFilename":      `C:\ProgramData\Rosetta\neutral.txt`,
	"TargetObject":        `HKLM\SOFTWARE\Rosetta\Neutral`,
	"Details":             "DWORD (0x00000000)",
	"NewName":             `HKLM\SOFTWARE\Rosetta\Neutral2`,
	"GrantedAccess":       "0x1000",
	"CallTrace":           `C:\Windows\SYSTEM32\ntdll.dll+9d4c4|UNKNOWN(00000000)`,
	"StartAddress":        "0x00007FF600001000",
	"StartModule":         `C:\Windows\System32\rosetta-neutral.dll`,
	"StartFunction":       "RosettaNeutral",
	"Device":              `\Device\HarddiskVolume9`,
	"QueryName":           "neutral.rosetta.example",
	"QueryStatus":         "0",
	"QueryResults":        "::ffff:203.0.113.20;",
	"PipeName":            `\rosetta-neutral`,
	"Contents":            "-",
	"IsExecutable":        "false",
	"Archived":            "false",
	"Type":                "Image is replaced",
	"State":               "Started",
	"Version":             "15.0",
	"SchemaVersion":       "4.90",
	"ScriptBlockText":     "Write-Output 'rosetta neutral'",
	"ScriptBlockId":       "5e3a1b2c-0000-0000-0000-000000000005",
	"Path":                `C:\ProgramData\Rosetta\neutral.ps1`,
	"Payload":             "rosetta neutral",
	"ContextInfo":         "rosetta neutral",
	"Data":                "rosetta neutral",
	"Operation":           "rosetta neutral",
	"Session":             "1",
	"ClientInfo":          "rosetta neutral",
	"c-ip":                "192.0.2.10",
	"cs-method":           "GET",
	"c-uri":               "/rosetta/neutral.html",
	"cs-uri-stem":         "/rosetta/neutral.html",
	"c-uri-stem":          "/rosetta/neutral.html",
	"cs-uri-query":        "rosetta=neutral",
	"c-uri-query":         "rosetta=neutral",
	"sc-status":           "200",
	"c-useragent":         "RosettaNeutral/1.0",
	"cs-host":             "neutral.rosetta.example",
	"cs-referer":          "http://neutral.rosetta.example/",
	"eventName":           "RosettaNeutral",
	"eventSource":         "rosetta.amazonaws.com",
	"awsRegion":           "us-east-1",
	"sourceIPAddress":     "192.0.2.10",
	"userAgent":           "RosettaNeutral/1.0",
	"userIdentity.type":   "IAMUser",
	"userIdentity.arn":    "arn:aws:iam::123456789012:user/rosetta",
}

// neutralText is the value of a field without a neutral value of its own.
const neutralText = "rosetta-neutral"

// serviceChannels name the channel of the Windows services the table has no
// row for, as the Sigma taxonomy appendix does (the first where it lists
// several).
var serviceChannels = map[string]string{
	"taskscheduler":                        "Microsoft-Windows-TaskScheduler/Operational",
	"wmi":                                  "Microsoft-Windows-WMI-Activity/Operational",
	"dns-server":                           "DNS Server",
	"dns-server-audit":                     "Microsoft-Windows-DNS-Server/Audit",
	"dns-client":                           "Microsoft-Windows-DNS Client Events/Operational",
	"driver-framework":                     "Microsoft-Windows-DriverFrameworks-UserMode/Operational",
	"ntlm":                                 "Microsoft-Windows-NTLM/Operational",
	"windefend":                            "Microsoft-Windows-Windows Defender/Operational",
	"firewall-as":                          "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall",
	"bits-client":                          "Microsoft-Windows-Bits-Client/Operational",
	"codeintegrity-operational":            "Microsoft-Windows-CodeIntegrity/Operational",
	"terminalservices-localsessionmanager": "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
	"msexchange-management":                "MSExchange Management",
	"applocker":                            "Microsoft-Windows-AppLocker/EXE and DLL",
	"appmodel-runtime":                     "Microsoft-Windows-AppModel-Runtime/Admin",
	"appxdeployment-server":                "Microsoft-Windows-AppXDeploymentServer/Operational",
	"appxpackaging-om":                     "Microsoft-Windows-AppxPackaging/Operational",
	"capi2":                                "Microsoft-Windows-CAPI2/Operational",
	"certificateservicesclient-lifecycle-system": "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
	"diagnosis-scripted":                         "Microsoft-Windows-Diagnosis-Scripted/Operational",
	"iis-configuration":                          "Microsoft-IIS-Configuration/Operational",
	"ldap":                                       "Microsoft-Windows-LDAP-Client/Debug",
	"lsa-server":                                 "Microsoft-Windows-LSA/Operational",
	"microsoft-servicebus-client":                "Microsoft-ServiceBus-Client",
	"openssh":                                    "OpenSSH/Operational",
	"printservice-admin":                         "Microsoft-Windows-PrintService/Admin",
	"printservice-operational":                   "Microsoft-Windows-PrintService/Operational",
	"security-mitigations":                       "Microsoft-Windows-Security-Mitigations/Kernel Mode",
	"shell-core":                                 "Microsoft-Windows-Shell-Core/Operational",
	"smbclient-security":                         "Microsoft-Windows-SmbClient/Security",
	"smbserver-connectivity":                     "Microsoft-Windows-SMBServer/Connectivity",
}

// lookupSource finds the table row for a log source.
func lookupSource(ls ir.Logsource) (source, bool) {
	for _, s := range sources {
		if !strings.EqualFold(s.product, ls.Product) && ls.Product != "" {
			continue
		}
		if s.category != "" && strings.EqualFold(s.category, ls.Category) ||
			s.category == "" && s.service != "" && strings.EqualFold(s.service, ls.Service) ||
			productOnly(s, ls) {
			return s, true
		}
	}
	return source{}, false
}

// keywordKey is the event key where the witnesses of a log source's rules
// put keywords.
func keywordKey(ls ir.Logsource) string {
	if src, ok := lookupSource(ls); ok && src.keyword != "" {
		return src.keyword
	}
	return keywordField
}

// productOnly reports whether a row of a product alone (no category, no
// service) matches a rule of that product alone.
func productOnly(s source, ls ir.Logsource) bool {
	return s.category == "" && s.service == "" && s.product != "" &&
		ls.Category == "" && ls.Service == "" && strings.EqualFold(s.product, ls.Product)
}

// baseEvent is the neutral event every witness starts from: the log
// source's fields, EventID and Channel, plus a neutral value for every
// other field the condition names.
func baseEvent(ls ir.Logsource, cond ir.Expr) event.Event {
	ev := event.Event{}
	src, known := lookupSource(ls)
	neutral := func(f string) string {
		if v, ok := src.values[f]; ok {
			return v
		}
		if v, ok := neutralValues[f]; ok {
			return v
		}
		return neutralText
	}
	if known {
		for _, f := range src.fields {
			ev[f] = neutral(f)
		}
		if src.channel != "" {
			ev["Channel"] = src.channel
		}
		eid := src.eventID
		if eid == "" {
			eid = ruleEventID(cond)
		}
		if eid == "" {
			eid = fieldEventID(src, cond)
		}
		if eid != "" {
			ev["EventID"] = json.Number(eid)
		}
	}
	if _, ok := ev["Channel"]; !ok && strings.EqualFold(ls.Product, "windows") {
		// Every Windows event comes from a channel; one the table does not
		// know is named after the Sigma service.
		if ch, ok := serviceChannels[strings.ToLower(ls.Service)]; ok {
			ev["Channel"] = ch
		} else {
			ev["Channel"] = "Microsoft-Windows-" + ls.Service + "/Operational"
		}
	}
	for _, m := range ir.Matches(cond) {
		if _, ok := ev[m.Field]; !ok && m.Field != "" && m.Field != "EventID" {
			ev[m.Field] = neutral(m.Field)
		}
	}
	return ev
}

// ruleEventID is the first integer EventID the condition asks for outside a
// negation, or "".
func ruleEventID(cond ir.Expr) string {
	var found string
	ir.WalkLeaves(cond, func(n *ir.Match, neg bool) {
		if found == "" && !neg && n.Field == "EventID" && n.Op == ir.OpEq && n.Pattern.IsPlain() && isInteger(n.Pattern.Text()) {
			found = n.Pattern.Text()
		}
	})
	return found
}

// fieldEventID is the event ID src gives the first field the condition
// names, or "": an event of the one ID that writes the field (Sysmon writes
// a WMI consumer's Destination in event 20 only).
func fieldEventID(src source, cond ir.Expr) string {
	for _, m := range ir.Matches(cond) {
		if id, ok := src.fieldEventIDs[m.Field]; ok {
			return id
		}
	}
	return ""
}

func isInteger(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
