package event

import "strings"

// The CIM model: one Splunk data model row per raw event, as the Splunk
// Add-on for Sysmon (app 5709) and Add-on for Microsoft Windows fill the
// Endpoint, Network_Traffic and Network_Resolution data models. Field names
// are unprefixed (process_name, not Processes.process_name); _datamodel names
// the dataset. Source keys are those of MAPPINGS.md. The current add-on is
// not public: mappings come from security_content's data_sources (SC),
// pySigma-backend-splunk (PS) and the legacy TA props.conf (TAo).
//
// A field whose raw source is absent is absent. Values keep their raw type
// (Splunk compares numbers numerically whatever their spelling).

// cimLayout is the target dataset and field table of one raw event kind.
type cimLayout struct {
	dataset string
	rules   []rule
	extra   func(raw, out Event) // derivations that are not one field to one field
}

// cimLayouts by raw event ID. Sysmon 7 (image load) has no data model [PS,SD]
// and is absent, as is every other event.
var cimLayouts = map[int]*cimLayout{
	1:    &cimSysmonProcess,
	3:    &cimNetwork,
	11:   &cimFilesystem,
	12:   &cimRegistry,
	13:   &cimRegistry,
	14:   &cimRegistry,
	22:   &cimDNS,
	4688: &cimSecurityProcess,
}

// cimSysmonProcess: Sysmon 1 -> Endpoint.Processes (MAPPINGS 1a; SC sysmon_eventid_1 field_mappings).
var cimSysmonProcess = cimLayout{dataset: "Endpoint.Processes", rules: []rule{
	{"process_path", "Image", nil},                         // [PS,SC]
	{"process_name", "Image", toBase},                      // [SC Image|endswith]
	{"process", "CommandLine", nil},                        // [PS,SC]
	{"parent_process_path", "ParentImage", nil},            // [PS]
	{"parent_process_name", "ParentImage", toBase},         // [SC ParentImage|endswith]
	{"parent_process", "ParentCommandLine", nil},           // [PS,SC]
	{"process_id", "ProcessId", nil},                       // [PS,SC]
	{"parent_process_id", "ParentProcessId", nil},          // [PS,SC]
	{"process_guid", "ProcessGuid", nil},                   // [PS,SC]
	{"parent_process_guid", "ParentProcessGuid", nil},      // [PS,SC]
	{"original_file_name", "OriginalFileName", nil},        // [PS,SC]
	{"process_current_directory", "CurrentDirectory", nil}, // [PS,SC]
	{"user", "User", nil},                                  // [PS,SC] DOMAIN\user kept (SD filters "*SYSTEM", "*$")
	{"process_integrity_level", "IntegrityLevel", toLower}, // [PS,SC]; CIM values are low/medium/high/system [SD]
	{"process_hash", "Hashes", nil},                        // [SC]
	{"dest", "Computer", nil},                              // [PS,SC]
}}

// cimSecurityProcess: Security 4688 -> Endpoint.Processes (MAPPINGS 2; SC
// windows_event_log_security_4688 field_mappings). PIDs are hex in the event
// [W] and decimal in the data model (Sysmon rows beside them are decimal).
var cimSecurityProcess = cimLayout{dataset: "Endpoint.Processes", rules: []rule{
	{"process_path", "NewProcessName", nil},                       // [SC]
	{"process_name", "NewProcessName", toBase},                    // [SC NewProcessName|endswith]
	{"process", "CommandLine", nil},                               // [SC Process_Command_Line, the classic name of CommandLine]
	{"parent_process_path", "ParentProcessName", nil},             // [SC]
	{"parent_process_name", "ParentProcessName", toBase},          // [SC ParentProcessName|endswith]
	{"process_id", "NewProcessId", toDecodedLong},                 // [SC]; hex -> decimal
	{"parent_process_id", "ProcessId", toDecodedLong},             // [SC]; hex -> decimal
	{"user", "SubjectUserSid", nil},                               // [SC]: the add-on resolves the SID ("NT AUTHORITY\SYSTEM" in SC's sample)
	{"process_integrity_level", "MandatoryLabel", mandatoryLevel}, // SC output_fields lists it; level of the label SID [W]
	{"dest", "Computer", nil},                                     // [SC]
}}

// mandatoryLevel maps 4688's MandatoryLabel (SID or rendered text) to the
// CIM integrity level.
var mandatoryLevel = stringConv(func(s string) string {
	levels := map[string]string{
		"S-1-16-4096": "low", "S-1-16-8192": "medium", "S-1-16-12288": "high", "S-1-16-16384": "system",
	}
	if l, ok := levels[strings.ToUpper(s)]; ok {
		return l
	}
	for _, l := range []string{"low", "medium", "high", "system"} { // "Mandatory Label\High Mandatory Level"
		if strings.Contains(strings.ToLower(s), `\`+l+" mandatory level") {
			return l
		}
	}
	return strings.ToLower(s)
})

// cimFilesystem: Sysmon 11 -> Endpoint.Filesystem (MAPPINGS 1b; SC sysmon_eventid_11).
var cimFilesystem = cimLayout{dataset: "Endpoint.Filesystem", rules: []rule{
	{"file_path", "TargetFilename", nil},         // [PS,SC]
	{"file_name", "TargetFilename", toBase},      // [SC TargetFilename|endswith, SD]
	{"file_create_time", "CreationUtcTime", nil}, // [PS, TAo]
	{"process_path", "Image", nil},               // [PS]
	{"process_name", "Image", toBase},            // [SC fields]
	{"process_guid", "ProcessGuid", nil},         // [PS,SC]
	{"process_id", "ProcessId", nil},             // [PS,SC]
	{"user", "User", nil},                        // [SD by-clauses; SC output_fields]
	{"dest", "Computer", nil},                    // [SC]
}}

// cimRegistry: Sysmon 12/13/14 -> Endpoint.Registry (MAPPINGS 1c; SC sysmon_eventid_12/13).
// registry_path is the whole TargetObject [SC]; registry_key_name and
// registry_value_name split it into key and value name for value events
// (CIM: "the name of the registry key" / "value"); PS maps TargetObject to
// registry_key_name whole, which this model does not follow.
var cimRegistry = cimLayout{dataset: "Endpoint.Registry", rules: []rule{
	{"registry_path", "TargetObject", nil},              // [SC]
	{"registry_value_data", "Details", cimRegistryData}, // [PS,SC]; DWORD wrapper stripped [SD]
	{"action", "EventType", mapped(cimRegistryActions)}, // [PS EventType->action]; values per SD
	{"process_path", "Image", nil},                      // [PS]
	{"process_name", "Image", toBase},                   // [SC fields]
	{"process_guid", "ProcessGuid", nil},                // [PS,SC]
	{"process_id", "ProcessId", nil},                    // [PS,SC]
	{"user", "User", nil},                               // [SD by-clauses]
	{"dest", "Computer", nil},                           // [SC]
}, extra: func(raw, out Event) {
	path, ok := String(raw["TargetObject"])
	if !ok {
		return
	}
	key, value, hasValue := splitRegistryPath(raw, path)
	if key != "" {
		out["registry_key_name"] = key
	}
	if hasValue {
		out["registry_value_name"] = value
	}
}}

// cimRegistryActions: Sysmon EventType -> CIM Registry.action. SD writes
// "modified" and "deleted"; CIM's other values are "created" and "read".
var cimRegistryActions = map[string]string{
	"CreateKey": "created", "CreateValue": "created",
	"DeleteKey": "deleted", "DeleteValue": "deleted",
	"SetValue": "modified", "RenameKey": "modified",
}

// cimRegistryData strips the DWORD wrapper: "DWORD (0x00000001)" -> "0x00000001"
// (SD matches registry_value_data="0x00000001" 40+ times); other data is kept.
var cimRegistryData = stringConv(func(s string) string {
	if hex, ok := registryDWORD(s); ok {
		return hex
	}
	return s
})

// cimNetwork: Sysmon 3 -> Network_Traffic.All_Traffic (MAPPINGS 1d; PS has no
// mapping). Derivations from the legacy TA props.conf [TAo], field presence
// from SC sysmon_eventid_3. In All_Traffic, dest is the destination (host
// name, else IP) and src the source [TAo]; the reporting host is dvc.
var cimNetwork = cimLayout{dataset: "Network_Traffic.All_Traffic", rules: []rule{
	{"dest_ip", "DestinationIp", nil},         // [TAo,SC]
	{"dest_port", "DestinationPort", nil},     // [TAo,SC]
	{"dest_host", "DestinationHostname", nil}, // [TAo]
	{"dest", "DestinationIp", nil},            // [TAo] dest = DestinationHostname, else DestinationIp
	{"dest", "DestinationHostname", nil},      //   (a later rule overwrites)
	{"src_ip", "SourceIp", nil},               // [TAo,SC]
	{"src_port", "SourcePort", nil},           // [TAo,SC]
	{"src_host", "SourceHostname", nil},       // [TAo]
	{"src", "SourceIp", nil},                  // [TAo] src = SourceHostname, else SourceIp
	{"src", "SourceHostname", nil},            //
	{"transport", "Protocol", nil},            // [TAo,SC]
	{"direction", "Initiated", mapped(map[string]string{"true": "outbound", "false": "inbound"})}, // [TAo]
	{"app", "Image", nil},                // [TAo] full path
	{"process_name", "Image", toBase},    // [SC fields]
	{"process_guid", "ProcessGuid", nil}, // [SC fields]
	{"process_id", "ProcessId", nil},     // [SC fields; SD by-clauses]
	{"user", "User", nil},                // [SC]
	{"dvc", "Computer", nil},             // [TAo]
}, extra: func(raw, out Event) {
	// [TAo] protocol = if(Initiated=="true", DestinationPortName, SourcePortName)
	from := "SourcePortName"
	if s, _ := String(raw["Initiated"]); s == "true" {
		from = "DestinationPortName"
	}
	if v, ok := (rule{"protocol", from, nil}).value(raw); ok {
		out["protocol"] = v
	}
	out["action"] = "allowed" // [TAo] EVAL-action = "allowed"
}}

// cimDNS: Sysmon 22 -> Network_Resolution.DNS (MAPPINGS 1f; SC sysmon_eventid_22
// field_mappings). answer is QueryResults as written ("type:  5 host;::ffff:1.2.3.4;").
var cimDNS = cimLayout{dataset: "Network_Resolution.DNS", rules: []rule{
	{"query", "QueryName", nil},           // [SC,SD]
	{"answer", "QueryResults", nil},       // [SC field_mappings] (not in SC's EID 22 field list)
	{"reply_code_id", "QueryStatus", nil}, // [SC fields]
	{"src", "Computer", nil},              // [SC field_mappings]
	{"process_name", "Image", toBase},     // [SC fields]
	{"process_guid", "ProcessGuid", nil},  // [SC fields]
}}

// cimAuthentication: Security 4624/4625 -> Authentication.Authentication
// (MAPPINGS 1g: the CIM column lists the fields of SC's field list; the
// derivation is unverified). LogonType stays a raw field (SD searches it as
// LogonType or Logon_Type outside the data model), WorkstationName has no
// CIM field [1g], and neither is in the data model.
var cimAuthentication = cimLayout{dataset: "Authentication.Authentication", rules: []rule{
	{"user", "TargetUserName", nil},  // [1g SC]
	{"src_ip", "IpAddress", nil},     // [1g SC]
	{"src_port", "IpPort", nil},      // [1g SC]
	{"signature_id", "EventID", nil}, // [1g SC]
	{"dest", "Computer", nil},        // [SC] the reporting host, as for 4688 (MAPPINGS 2)
}}

// cimLogon reports whether raw is a Security logon event (4624 success,
// 4625 failure) that the Windows add-on puts in Authentication; classify
// takes no Security event but 4688, so these are recognised here.
func cimLogon(raw Event) bool {
	eid, ok := eventID(raw)
	if !ok || eid != 4624 && eid != 4625 {
		return false
	}
	ch, has := String(raw["Channel"])
	return !has || strings.EqualFold(ch, securityChannel)
}

// shapeCIM is the "cim" model.
func shapeCIM(raw Event) (Event, bool) {
	if _, web := webCategory(raw); web {
		return shapeCIMWeb(raw)
	}
	if cimLogon(raw) {
		return shapeCIMLayout(raw, &cimAuthentication), true
	}
	if out, ok := shapeCIMUnix(raw); ok {
		return out, true
	}
	eid, ok := classify(raw)
	if !ok {
		return nil, false
	}
	l, ok := cimLayouts[eid]
	if !ok {
		return nil, false
	}
	return shapeCIMLayout(raw, l), true
}

// shapeCIMLayout shapes raw into the data set of l.
func shapeCIMLayout(raw Event, l *cimLayout) Event {
	out := Event{"_datamodel": l.dataset}
	// The add-ons' field extractions and evals leave no field for an empty
	// value, as Splunk's extraction does for the raw event.
	applyRules(raw, l.rules, func(k string, v any) {
		if v != "" {
			out[k] = v
		}
	})
	if l.extra != nil {
		l.extra(raw, out)
	}
	return out
}
