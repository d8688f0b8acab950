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
// Sysmon's own names, so a Sysmon field is one key of EventData.

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
	return out, true
}
