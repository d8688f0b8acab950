package event

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The Sentinel model: one Microsoft Sentinel SecurityEvent row per event of
// the Security channel, as the Azure Monitor agent stores it (MAPPINGS 5).
// Sentinel parses the event's EventData into columns of the same names [AZ]
// (Microsoft's SecurityEvent reference: TargetUserName, LogonType,
// IpAddress, NewProcessName, CommandLine, ...), keeps the values as Windows
// writes them (PIDs and logon IDs hex text, SIDs, "%%1936"), and stores
// EventID and the int columns as numbers. Account is DOMAIN\user: the target
// account of the logon events, else the subject. Events of the other Windows
// channels (Sysmon, PowerShell, System, Application, ...) are WindowsEvent
// rows (model_sentinel_winevent.go). Security events forwarded by Windows
// Event Forwarding, or collected by a data collection rule that names the
// channel, are WindowsEvent rows too (Channel "Security", EventData keyed by
// the Data names): each SecurityEvent row holds that row under _also.

// sentinelColumns are the SecurityEvent columns that hold the EventData
// field of the same name; backends/kql/pipelines/sentinel.yml maps the same
// names. Every one is in Microsoft's SecurityEvent reference (checked by
// tests).
var sentinelColumns = []string{
	"AccessMask", "AdditionalInfo", "AllowedToDelegateTo", "AuditPolicyChanges",
	"AuthenticationPackageName", "ClassName", "CommandLine", "DeviceDescription",
	"IpAddress", "IpPort", "KeyLength", "LogonProcessName", "LogonType",
	"MandatoryLabel", "NewProcessId", "NewProcessName", "NewUacValue", "NewValue",
	"ObjectName", "ObjectServer", "ObjectType", "ObjectValueName", "OldUacValue",
	"ParentProcessName", "PrivilegeList", "ProcessId", "ProcessName", "Properties",
	"RelativeTargetName", "SamAccountName", "ServiceFileName", "ServiceName",
	"ServiceStartType", "ServiceType", "ShareName", "SidHistory", "Status",
	"SubStatus", "SubcategoryGuid", "SubjectDomainName", "SubjectLogonId",
	"SubjectUserName", "SubjectUserSid", "TargetDomainName", "TargetInfo",
	"TargetLogonId", "TargetOutboundUserName", "TargetServerName", "TargetSid",
	"TargetUserName", "TargetUserSid", "TemplateContent", "TokenElevationType",
	"Workstation", "WorkstationName",
}

// sentinelIntColumns are the int columns among them [AZ]; Windows writes
// their values in decimal. A value that is no number is not stored.
var sentinelIntColumns = map[string]bool{"LogonType": true, "KeyLength": true, "ServiceStartType": true}

// sentinelTargetAccount are the logon events whose Account is the target
// account [AZ: Account "the security context of the event"; for a logon
// that is the account logged on].
var sentinelTargetAccount = map[int]bool{4624: true, 4625: true, 4634: true, 4647: true, 4648: true}

// shapeSentinel is the "sentinel" model.
func shapeSentinel(raw Event) (Event, bool) {
	if _, web := webCategory(raw); web {
		return shapeSentinelWeb(raw)
	}
	if c, ok := cloudLogOf(raw); ok {
		return c.sentinelRow(raw), true
	}
	ch, ok := sentinelChannel(raw)
	if !ok {
		return nil, false
	}
	if !strings.EqualFold(ch, securityChannel) {
		return shapeWindowsEvent(raw, ch)
	}
	out := Event{
		"_table":  "SecurityEvent",
		"Type":    "SecurityEvent",
		"Channel": securityChannel,
	}
	eid, ok := eventID(raw)
	if id, has := String(raw["EventID"]); has {
		if !ok || id != strconv.Itoa(eid) {
			return nil, false // Windows writes the ID as a number; other text has no row
		}
		out["EventID"] = json.Number(id)
	}
	applyRules(raw, []rule{
		{"Computer", "Computer", nil},
		{"TimeGenerated", "TimeCreated_SystemTime", toISOTime},
		{"EventSourceName", "Provider_Name", nil},
	}, func(k string, v any) { out[k] = v })
	for _, c := range sentinelColumns {
		v, ok := raw[c]
		if !ok || v == nil {
			continue
		}
		if sentinelIntColumns[c] {
			// Only a number as Windows writes it: "10", not "010" or "10\n".
			if t, _ := String(v); t != "" {
				if n, err := strconv.ParseInt(t, 10, 64); err == nil && strconv.FormatInt(n, 10) == t {
					out[c] = json.Number(t)
				}
			}
			continue
		}
		if s, ok := String(v); ok {
			out[c] = s
		}
	}
	if eid == 4688 {
		out["Activity"] = "4688 - A new process has been created."
		if p, ok := String(raw["NewProcessName"]); ok {
			out["Process"] = basename(p) // the new process's file name
		}
	}
	prefix := "Subject"
	if sentinelTargetAccount[eid] {
		prefix = "Target"
	}
	d, okD := String(raw[prefix+"DomainName"])
	u, okU := String(raw[prefix+"UserName"])
	if okD && okU {
		out["Account"] = d + `\` + u
	}
	if row, ok := shapeWindowsEvent(raw, ch); ok {
		out["_also"] = map[string]any{"WindowsEvent": map[string]any(row)}
	}
	return out, true
}

// sentinelChannel is the channel of a raw Windows event: its Channel, else
// the log name EventLog that the rules of a classic log's product use (RPC
// Firewall's RPCFW; the Event table's column of that name), else the
// channel its event ID implies.
func sentinelChannel(raw Event) (string, bool) {
	if _, has := raw["Channel"]; !has {
		if l, ok := String(raw["EventLog"]); ok {
			return l, true
		}
	}
	return channelOf(raw)
}
