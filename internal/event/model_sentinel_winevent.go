package event

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Windows channels other than Security in Microsoft Sentinel (MAPPINGS §5):
// the WindowsEvent table [AZ: the WindowsEvent reference], which the Azure
// Monitor agent fills from any channel a data collection rule names. Its
// columns are the <System> part of the event (Channel, Provider, EventID an
// int, Computer, TimeGenerated); EventData is a dynamic column holding the
// event's <EventData> as an object whose keys are the Data names and whose
// values are the text Windows writes. Sysmon events forwarded there keep
// Sysmon's own names, so a Sysmon field is one key of EventData. Each row
// of a channel other than Security holds the event's Event row under _also
// (model_sentinel_event.go).

// windowsEventProviders are the providers of the channels whose events carry
// no Provider_Name of their own in the raw shape: each of these channels has
// one provider.
var windowsEventProviders = map[string]string{
	strings.ToLower(sysmonChannel):             "Microsoft-Windows-Sysmon",
	"microsoft-windows-powershell/operational": "Microsoft-Windows-PowerShell",
}

// notWindowsChannels are the raw channels of other operating systems.
var notWindowsChannels = map[string]bool{
	strings.ToLower(LinuxSysmonChannel):  true,
	strings.ToLower(MacOSProcessChannel): true,
}

// windowsEventRules are the <System> columns of a WindowsEvent row.
var windowsEventRules = []rule{
	{"Computer", "Computer", toText},
	{"TimeGenerated", "TimeCreated_SystemTime", toISOTime},
	{"Provider", "Provider_Name", toText},
}

// shapeWindowsEvent is the WindowsEvent row of an event of channel ch.
func shapeWindowsEvent(raw Event, ch string) (Event, bool) {
	if notWindowsChannels[strings.ToLower(ch)] {
		return nil, false
	}
	out := Event{"_table": "WindowsEvent", "Type": "WindowsEvent", "Channel": ch}
	if id, has := String(raw["EventID"]); has {
		eid, ok := eventID(raw)
		if !ok || id != strconv.Itoa(eid) {
			return nil, false // Windows writes the ID as a number; other text has no row
		}
		out["EventID"] = json.Number(id)
	}
	if p, ok := windowsEventProviders[strings.ToLower(ch)]; ok {
		out["Provider"] = p
	}
	applyRules(raw, windowsEventRules, func(k string, v any) { out[k] = v })
	data := map[string]any{}
	for k, v := range raw {
		if isSystemField(k) || k == WebLogSourceField || v == nil {
			continue
		}
		if s, ok := String(v); ok {
			data[k] = s
		}
	}
	out["EventData"] = data
	also := map[string]any{}
	if !strings.EqualFold(ch, securityChannel) {
		also["Event"] = map[string]any(eventTableRow(raw, out, ch))
	}
	if strings.EqualFold(ch, sysmonChannel) && out["EventID"] == json.Number("1") {
		if row, ok := shapeSentinel(securityOf(raw)); ok {
			also["SecurityEvent"] = map[string]any(row)
		}
	}
	if len(also) > 0 {
		out["_also"] = also
	}
	return out, true
}

// The process start a Sysmon 1 event records is also a Security 4688 event
// where process creation auditing is on (MAPPINGS §2), a SecurityEvent row
// beside the WindowsEvent row. securityOf writes the 4688 event from the
// Sysmon one, with the fields 4688 has: NewProcessName (Image),
// ParentProcessName (ParentImage), CommandLine, NewProcessId and ProcessId
// (the new and the creating process, hex text as Windows writes it),
// MandatoryLabel (the integrity level's SID). The creator account and logon
// of 4688 (Subject*) are not Sysmon's User and LogonId, which are the new
// process's: they are left out, as are the fields 4688 lacks.
func securityOf(raw Event) Event {
	out := Event{"Channel": securityChannel, "EventID": json.Number("4688")}
	applyRules(raw, sysmon1As4688, func(k string, v any) { out[k] = v })
	return out
}

// sysmon1As4688 are the 4688 fields by Sysmon 1 name.
var sysmon1As4688 = []rule{
	{"Computer", "Computer", nil},
	{"TimeCreated_SystemTime", "TimeCreated_SystemTime", nil},
	{"NewProcessName", "Image", toText},
	{"ParentProcessName", "ParentImage", toText},
	{"CommandLine", "CommandLine", toText},
	{"NewProcessId", "ProcessId", toHexPID},
	{"ProcessId", "ParentProcessId", toHexPID},
	{"MandatoryLabel", "IntegrityLevel", toMandatoryLabel},
}

// toHexPID writes a decimal process ID as Windows writes one in 4688:
// "0x" and lower-case hex digits.
func toHexPID(v any) (any, bool) {
	s, ok := String(v)
	n, err := strconv.ParseUint(s, 10, 64)
	if !ok || err != nil || strconv.FormatUint(n, 10) != s {
		return nil, false
	}
	return "0x" + strconv.FormatUint(n, 16), true
}

// mandatoryLabels are the SIDs of the integrity levels (MAPPINGS §2).
var mandatoryLabels = map[string]string{
	"low": "S-1-16-4096", "medium": "S-1-16-8192", "high": "S-1-16-12288", "system": "S-1-16-16384",
}

// toMandatoryLabel writes Sysmon's integrity level as 4688's SID.
func toMandatoryLabel(v any) (any, bool) {
	s, _ := String(v)
	sid, ok := mandatoryLabels[strings.ToLower(s)]
	return sid, ok
}
