package event

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// The Defender model: one Microsoft Defender XDR advanced-hunting row per
// Sysmon event, in the table MDE itself would record the activity in, and one
// Sentinel SecurityEvent row for Security 4688. _table names the table.
// Columns follow MAPPINGS 1a-1f (PK: pySigma-backend-kusto field mappings; MD:
// Microsoft's column descriptions; MQ: Microsoft's hunting queries, which show
// stored values). Every column emitted exists in Microsoft's table reference
// (checked by tests). A column whose raw source is absent is absent.
//
// Value shapes: FileName is the basename and FolderPath the full path
// including the file name [MQ CVE-2021-36934]; account names and domains are
// lower case [MQ Baseline Comparison]; hashes are lower-case hex [MQ
// DoublePulsar: SHA1 == "be85…"]; long/int columns are numbers.

// mdeLayout is the table, fixed columns and column rules of one event kind.
type mdeLayout struct {
	table string
	fixed map[string]any
	rules []rule
	extra func(raw, out Event)
}

// mdeLayouts by raw event ID.
var mdeLayouts = map[int]*mdeLayout{
	1:    &mdeProcess,
	3:    &mdeNetwork,
	6:    &mdeDriverLoad,
	7:    &mdeImageLoad,
	8:    &mdeRemoteThread,
	10:   &mdeOpenProcess,
	11:   &mdeFile,
	23:   &mdeFileDeleted,
	26:   &mdeFileDeleted,
	12:   &mdeRegistry,
	13:   &mdeRegistry,
	14:   &mdeRegistry,
	22:   &mdeDNS,
	4688: &sentinelSecurityEvent,
}

func joinRules(parts ...[]rule) []rule {
	var out []rule
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// mdeDevice: columns every Device* table has.
var mdeDevice = []rule{
	{"DeviceName", "Computer", nil},                    // [MD] FQDN of the device
	{"Timestamp", "TimeCreated_SystemTime", toISOTime}, // when the record was written...
	{"Timestamp", "UtcTime", toISOTime},                // ...Sysmon's event time wins
}

// mdeInitiator: in every table but DeviceProcessEvents, Sysmon's Image is the
// process that initiated the event [PK].
var mdeInitiator = []rule{
	{"InitiatingProcessFolderPath", "Image", nil},                    // [PK] full path
	{"InitiatingProcessFileName", "Image", toBase},                   // [MD]
	{"InitiatingProcessId", "ProcessId", toLong},                     // [PK]
	{"InitiatingProcessAccountDomain", "User", accountPart(0, true)}, // [PK splits DOMAIN\user; MQ lowercase]
	{"InitiatingProcessAccountName", "User", accountPart(1, true)},   // [PK; MQ]
	// Sysmon writes no command line or parent in these events; an event
	// that carries them (EDR telemetry) describes the initiating process.
	{"InitiatingProcessCommandLine", "CommandLine", nil},       // [MD]
	{"InitiatingProcessParentFileName", "ParentImage", toBase}, // [PK; MD] basename only
}

// mdeFileHashes: SHA1/SHA256/MD5 of the file the row is about [PK].
var mdeFileHashes = []rule{
	{"SHA1", "Hashes", hashOf("SHA1")},
	{"SHA256", "Hashes", hashOf("SHA256")}, // [MD] "usually not populated"; kept when Sysmon has it
	{"MD5", "Hashes", hashOf("MD5")},
}

// mdeProcess: Sysmon 1 -> DeviceProcessEvents (MAPPINGS 1a). Sysmon's
// ProcessGuid, ParentProcessGuid and CurrentDirectory have no column [PK].
var mdeProcess = mdeLayout{table: "DeviceProcessEvents", fixed: map[string]any{"ActionType": "ProcessCreated"}, rules: joinRules(mdeDevice, []rule{
	{"FileName", "Image", toBase},                                          // [MD]
	{"FolderPath", "Image", nil},                                           // [PK] full path incl. file name
	{"ProcessCommandLine", "CommandLine", nil},                             // [PK]
	{"ProcessId", "ProcessId", toLong},                                     // [PK,MD] long
	{"ProcessCreationTime", "UtcTime", toISOTime},                          // [MD] Sysmon 1's UtcTime is the creation time
	{"ProcessIntegrityLevel", "IntegrityLevel", nil},                       // [PK]; MDE writes High/System like Sysmon [MQ]
	{"ProcessVersionInfoOriginalFileName", "OriginalFileName", nil},        // [PK]
	{"ProcessVersionInfoCompanyName", "Company", nil},                      // [PK]
	{"ProcessVersionInfoProductName", "Product", nil},                      // [PK]
	{"ProcessVersionInfoFileDescription", "Description", nil},              // [PK]
	{"ProcessVersionInfoProductVersion", "FileVersion", nil},               // [PK]
	{"AccountDomain", "User", accountPart(0, true)},                        // [PK; MQ lowercase]
	{"AccountName", "User", accountPart(1, true)},                          // [PK; MQ lowercase]
	{"LogonId", "LogonId", sysmonHexLong},                                  // [PK] long; Sysmon writes 0x hex
	{"InitiatingProcessFolderPath", "ParentImage", nil},                    // [PK]
	{"InitiatingProcessFileName", "ParentImage", toBase},                   // [MD]
	{"InitiatingProcessCommandLine", "ParentCommandLine", nil},             // [PK]
	{"InitiatingProcessId", "ParentProcessId", toLong},                     // [PK]
	{"InitiatingProcessAccountDomain", "ParentUser", accountPart(0, true)}, // [PK]
	{"InitiatingProcessAccountName", "ParentUser", accountPart(1, true)},   // [PK]
}, mdeFileHashes)}

// mdeNetwork: Sysmon 3 -> DeviceNetworkEvents, ActionType ConnectionSuccess
// [MQ] (MAPPINGS 1d) for a connection the device made. Initiated has no
// column [PK]; its direction is the ActionType (mdeInbound).
var mdeNetwork = mdeLayout{table: "DeviceNetworkEvents", fixed: map[string]any{"ActionType": "ConnectionSuccess"}, rules: joinRules(mdeDevice, mdeInitiator, []rule{
	{"RemoteIP", "DestinationIp", nil},        // [PK]
	{"RemotePort", "DestinationPort", toLong}, // [PK,MD] int
	{"RemoteUrl", "DestinationHostname", nil}, // [PK]
	{"LocalIP", "SourceIp", nil},              // [PK]
	{"LocalPort", "SourcePort", toLong},       // [PK,MD] int
	{"Protocol", "Protocol", mdeProtocol},     // [PK]; Sysmon tcp -> MDE Tcp [MQ Judgement Panda]
}), extra: mdeInbound}

// mdeInbound reshapes a connection the device accepted (Sysmon Initiated
// "false"): Defender records it as InboundConnectionAccepted with the
// connecting peer in Remote* and the device's own address and port in
// Local* [MD: LocalIP/LocalPort are the local device's; MAPPINGS 1d], so Sysmon's
// source and destination swap; the peer's host name has no column. Sysmon
// writes Initiated as "true" or "false"; an event with neither has no
// direction, and no ActionType.
func mdeInbound(raw, out Event) {
	s, _ := String(raw["Initiated"])
	switch {
	case strings.EqualFold(s, "true"):
		return
	case !strings.EqualFold(s, "false"):
		delete(out, "ActionType")
		return
	}
	out["ActionType"] = "InboundConnectionAccepted"
	delete(out, "RemoteUrl")
	for _, pair := range [][2]string{{"RemoteIP", "LocalIP"}, {"RemotePort", "LocalPort"}} {
		r, okR := out[pair[0]]
		l, okL := out[pair[1]]
		delete(out, pair[0])
		delete(out, pair[1])
		if okR {
			out[pair[1]] = r
		}
		if okL {
			out[pair[0]] = l
		}
	}
}

// sysmonHexLong reads a number as Sysmon writes a logon ID: "0x" and hex
// digits without leading zeros ("0x3e7"); other text is absent.
var sysmonHexLong conv = func(v any) (any, bool) {
	s, ok := String(v)
	if !ok || !sysmonHexRe.MatchString(s) {
		return nil, false
	}
	return parseLong(s, 0)
}

var sysmonHexRe = regexp.MustCompile(`^0[xX](0|[1-9a-fA-F][0-9a-fA-F]*)$`)

// mdeProtocol capitalises Sysmon's lower-case protocol: tcp -> Tcp, udp -> Udp.
var mdeProtocol = stringConv(func(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
})

// mdeImageLoad: Sysmon 7 -> DeviceImageLoadEvents (MAPPINGS 1e). The loaded
// file is FileName/FolderPath; hashes are the loaded file's. PK maps the
// DLL's OriginalFileName/Company/… to InitiatingProcessVersionInfo*, which
// describe the loading process in MDE [MD], so they are not filled here.
var mdeImageLoad = mdeLayout{table: "DeviceImageLoadEvents", fixed: map[string]any{"ActionType": "ImageLoaded"}, rules: joinRules(mdeDevice, mdeInitiator, []rule{
	{"FileName", "ImageLoaded", toBase}, // [MD]
	{"FolderPath", "ImageLoaded", nil},  // [PK] full path
}, mdeFileHashes)}

// mdeFile: Sysmon 11 -> DeviceFileEvents, ActionType FileCreated [MQ]
// (MAPPINGS 1b). Sysmon's User ran the process, so it fills
// InitiatingProcessAccount* [MD]; PK's RequestAccountName is the account that
// initiated the activity remotely [MD] and is not filled.
var mdeFile = mdeLayout{table: "DeviceFileEvents", fixed: map[string]any{"ActionType": "FileCreated"}, rules: joinRules(mdeDevice, mdeInitiator, []rule{
	{"FileName", "TargetFilename", toBase}, // [PK,MD]
	{"FolderPath", "TargetFilename", nil},  // [PK] full path incl. file name
})}

// mdeDriverLoad: Sysmon 6 -> DeviceEvents, ActionType DriverLoad: the
// driver is FileName/FolderPath and its hashes SHA1/SHA256/MD5 [MQ: LOLDrivers
// hunts compare DriverLoad rows' SHA1 and FileName]. Its signature has no
// column (DeviceFileCertificateInfo holds it, by SHA1 [MD]).
var mdeDriverLoad = mdeLayout{table: "DeviceEvents", fixed: map[string]any{"ActionType": "DriverLoad"}, rules: joinRules(mdeDevice, []rule{
	{"FileName", "ImageLoaded", toBase},
	{"FolderPath", "ImageLoaded", nil},
}, mdeFileHashes)}

// mdeRemoteThread: Sysmon 8 -> DeviceEvents, ActionType
// CreateRemoteThreadApiCall: the process that created the thread is the
// initiating process, the target process is FileName/FolderPath/ProcessId
// [MQ: hunts filter the target with FileName in~ ("lsass.exe", ...) and
// compare ProcessId with InitiatingProcessId]. The start address, module and
// function are not columns.
var mdeRemoteThread = mdeLayout{table: "DeviceEvents", fixed: map[string]any{"ActionType": "CreateRemoteThreadApiCall"}, rules: joinRules(mdeDevice, []rule{
	{"InitiatingProcessFolderPath", "SourceImage", nil},
	{"InitiatingProcessFileName", "SourceImage", toBase},
	{"InitiatingProcessId", "SourceProcessId", toLong},
	{"FolderPath", "TargetImage", nil},
	{"FileName", "TargetImage", toBase},
	{"ProcessId", "TargetProcessId", toLong},
})}

// mdeOpenProcess: Sysmon 10 -> DeviceEvents, ActionType OpenProcessApiCall,
// laid out as CreateRemoteThreadApiCall [MQ: LSASS access hunts filter the
// opened process with FileName =~ "lsass.exe" and the opener by
// InitiatingProcessFileName]. The granted access (AdditionalFields) and the
// call trace are not columns.
var mdeOpenProcess = mdeLayout{table: "DeviceEvents", fixed: map[string]any{"ActionType": "OpenProcessApiCall"}, rules: mdeRemoteThread.rules}

// mdeFileDeleted: Sysmon 23 (deleted and archived) and 26 (deletion
// detected) -> DeviceFileEvents, ActionType FileDeleted [MD DeviceFileEvents];
// the hashes are the deleted file's, as Sysmon's are.
var mdeFileDeleted = mdeLayout{table: "DeviceFileEvents", fixed: map[string]any{"ActionType": "FileDeleted"}, rules: joinRules(mdeDevice, mdeInitiator, []rule{
	{"FileName", "TargetFilename", toBase},
	{"FolderPath", "TargetFilename", nil},
}, mdeFileHashes)}

// mdeRegistry: Sysmon 12/13/14 -> DeviceRegistryEvents (MAPPINGS 1c).
// RegistryKey is the key only, the value name is RegistryValueName [MD].
var mdeRegistry = mdeLayout{table: "DeviceRegistryEvents", rules: joinRules(mdeDevice, mdeInitiator, []rule{
	{"ActionType", "EventType", mappedFold(mdeRegistryActions)}, // [PK]; Sysmon's words in any case
	{"RegistryValueData", "Details", mdeRegistryData},           // [PK]; DWORD shown decimal [MQ wdigest-caching]
}), extra: func(raw, out Event) {
	raw = mdeCanonicalEventType(raw)
	if _, ok := out["ActionType"]; !ok {
		if id, _ := eventID(raw); id == 13 {
			out["ActionType"] = "RegistryValueSet"
		}
	}
	path, ok := String(raw["TargetObject"])
	if !ok {
		return
	}
	if et, _ := String(raw["EventType"]); et == "RenameKey" {
		// A rename shows as the new key appearing, the old one as previous key.
		out["PreviousRegistryKey"] = mdeHive(path)
		if nn, ok := String(raw["NewName"]); ok {
			out["RegistryKey"] = mdeHive(nn)
		}
		return
	}
	key, value, hasValue := splitRegistryPath(raw, path)
	out["RegistryKey"] = mdeHive(key)
	if hasValue {
		out["RegistryValueName"] = value
	}
}}

// mdeCanonicalEventType returns the event with its EventType spelled as
// Sysmon spells it when it is one of mdeRegistryActions' words in another
// case, so that the path is split as for that word.
func mdeCanonicalEventType(raw Event) Event {
	et, _ := String(raw["EventType"])
	for word := range mdeRegistryActions {
		if word != et && strings.EqualFold(word, et) {
			out := make(Event, len(raw))
			for k, v := range raw {
				out[k] = v
			}
			out["EventType"] = word
			return out
		}
	}
	return raw
}

// mdeRegistryActions: Sysmon EventType -> ActionType [PK]. PK lists two
// ActionTypes for DeleteKey (key or value deleted): Sysmon reports value
// deletions as DeleteValue, so DeleteKey is RegistryKeyDeleted. For RenameKey
// (RegistryValueSet or RegistryKeyCreated) the new key appearing is used.
var mdeRegistryActions = map[string]string{
	"CreateKey":   "RegistryKeyCreated",
	"DeleteKey":   "RegistryKeyDeleted",
	"DeleteValue": "RegistryValueDeleted",
	"SetValue":    "RegistryValueSet",
	"CreateValue": "RegistryValueSet",
	"RenameKey":   "RegistryKeyCreated",
}

// mdeHives rewrites Sysmon's short hive names. MDE shows user hives as
// HKEY_CURRENT_USER\S-1-5-…\… [MQ Baseline Comparison], so HKU is rewritten
// to that, not to PK's HKEY_USERS; HKCR follows PK.
var mdeHives = []struct{ short, long string }{
	{"HKLM", "HKEY_LOCAL_MACHINE"},         // [PK, MQ]
	{"HKU", "HKEY_CURRENT_USER"},           // [MQ]
	{"HKCU", "HKEY_CURRENT_USER"},          //
	{"HKCR", `HKEY_LOCAL_MACHINE\CLASSES`}, // [PK]
}

func mdeHive(path string) string {
	for _, h := range mdeHives {
		n := len(h.short)
		if len(path) >= n && strings.EqualFold(path[:n], h.short) && (len(path) == n || path[n] == '\\') {
			return h.long + path[n:]
		}
	}
	return path
}

// mdeRegistryData shows DWORD and QWORD data as decimal ("DWORD (0x00000001)"
// -> "1"); other data is kept.
var mdeRegistryData = stringConv(func(s string) string {
	if hex, ok := registryDWORD(s); ok {
		n, _ := strconv.ParseUint(hex[2:], 16, 64)
		return strconv.FormatUint(n, 10)
	}
	if high, low, ok := registryQWORD(s); ok {
		return strconv.FormatUint(high<<32|low, 10)
	}
	return s
})

// mdeDNS: Sysmon 22 -> DeviceEvents, ActionType DnsQueryResponse, the query in
// AdditionalFields.DnsQueryString [MQ DNSPattern] (MAPPINGS 1f; PK has no table).
var mdeDNS = mdeLayout{table: "DeviceEvents", fixed: map[string]any{"ActionType": "DnsQueryResponse"}, rules: joinRules(mdeDevice, mdeInitiator),
	extra: func(raw, out Event) {
		q, ok := String(raw["QueryName"])
		if !ok {
			return
		}
		b, _ := json.Marshal(map[string]string{"DnsQueryString": q})
		out["AdditionalFields"] = string(b)
	}}

// sentinelSecurityEvent: Security 4688 -> Sentinel SecurityEvent (MAPPINGS 2, 5).
// The event's own fields are columns of the same name [AZ]; PIDs stay hex
// strings (NewProcessId and ProcessId are string columns [AZ]).
var sentinelSecurityEvent = mdeLayout{table: "SecurityEvent", fixed: map[string]any{
	"EventID":  json.Number("4688"),
	"Channel":  securityChannel,
	"Activity": "4688 - A new process has been created.",
	"Type":     "SecurityEvent",
}, rules: []rule{
	{"Computer", "Computer", nil},
	{"TimeGenerated", "TimeCreated_SystemTime", toISOTime},
	{"EventSourceName", "Provider_Name", nil},
	{"NewProcessName", "NewProcessName", nil},
	{"Process", "NewProcessName", toBase}, // the new process's file name
	{"NewProcessId", "NewProcessId", toText},
	{"ParentProcessName", "ParentProcessName", nil},
	{"ProcessId", "ProcessId", toText},
	{"CommandLine", "CommandLine", nil},
	{"SubjectUserSid", "SubjectUserSid", nil},
	{"SubjectUserName", "SubjectUserName", nil},
	{"SubjectDomainName", "SubjectDomainName", nil},
	{"SubjectLogonId", "SubjectLogonId", nil},
	{"TargetUserSid", "TargetUserSid", nil},
	{"TargetUserName", "TargetUserName", nil},
	{"TargetDomainName", "TargetDomainName", nil},
	{"TargetLogonId", "TargetLogonId", nil},
	{"TokenElevationType", "TokenElevationType", nil},
	{"MandatoryLabel", "MandatoryLabel", nil},
}, extra: func(raw, out Event) {
	// Account is the subject as DOMAIN\user.
	d, okD := String(raw["SubjectDomainName"])
	u, okU := String(raw["SubjectUserName"])
	if okD && okU {
		out["Account"] = d + `\` + u
	}
}}

// shapeDefender is the "defender" model.
func shapeDefender(raw Event) (Event, bool) {
	if out, ok := shapeDefenderUnix(raw); ok {
		return out, true
	}
	if out, ok := shapeDefenderAntivirus(raw); ok {
		return out, true
	}
	eid, ok := classify(raw)
	if !ok {
		return nil, false
	}
	l, ok := mdeLayouts[eid]
	if !ok {
		return nil, false
	}
	out := Event{"_table": l.table}
	for k, v := range l.fixed {
		out[k] = v
	}
	applyRules(raw, l.rules, func(k string, v any) { out[k] = v })
	if l.extra != nil {
		l.extra(raw, out)
	}
	return out, true
}
