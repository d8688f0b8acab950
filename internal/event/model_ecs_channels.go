package event

import (
	"strconv"
	"strings"
)

// The ECS model for Windows events outside Sysmon and Security 4688: the
// PowerShell/Operational script blocks (4104) as Elastic Agent's
// windows.powershell_operational pipeline [EP] writes them, and every other
// channel's event as Winlogbeat and the Elastic Agent winlog input ship it,
// EventData kept under winlog.event_data (MAPPINGS 6).
//
// [EP] elastic/integrations packages/windows/data_stream/
// powershell_operational/elasticsearch/ingest_pipeline/default.yml@023613e1:
// event.category process and event.type info for 4104; ScriptBlockText,
// ScriptBlockId and Path are renamed (Path via ScriptName to file.path, with
// file.name, file.directory and file.extension split off) when not empty;
// empty event_data values are removed.
//
// Security events other than 4688 keep their EventData: the System
// integration's security pipeline [ES] copies the fields it reads (user.*,
// source.*, winlog.logon.*) and leaves winlog.event_data as written.

const powershellChannel = "Microsoft-Windows-PowerShell/Operational"

// ecsPowerShellRules: 4104 [EP "PowerShell fields"].
var ecsPowerShellRules = []ecsRule{
	move("powershell.file.script_block_id", "ScriptBlockId", nil),
	move("powershell.file.script_block_text", "ScriptBlockText", nil),
	move("file.path", "Path", nil),
}

// writtenEventID reports whether raw's EventID, if it has one, is one the
// log writes: a 16-bit number, as text without spaces or signs. " 4624" or
// "4624\n" is no event the log writes, so none is shaped for it. An event
// without one (a sample that leaves it out) is shaped without event.code.
func writtenEventID(raw Event) bool {
	eid, hasID := eventID(raw)
	_, given := raw["EventID"]
	if given && (!hasID || eid < 0 || eid > 65535) {
		return false
	}
	s, isText := raw["EventID"].(string)
	return !isText || s == strconv.Itoa(eid)
}

// shapeECSChannel shapes an event of a channel other than Sysmon's, or a
// Security event other than 4688; false when the event has no EventID or
// no channel, or is a PowerShell/Operational event other than 4104 (4103's
// ContextInfo and Payload are parsed away [EP], which is not modelled).
func shapeECSChannel(raw Event) (Event, bool) {
	eid, hasID := eventID(raw)
	if !writtenEventID(raw) {
		return nil, false
	}
	ch, ok := channelOf(raw)
	if !ok || strings.EqualFold(ch, sysmonChannel) || strings.EqualFold(ch, LinuxSysmonChannel) {
		return nil, false
	}
	ps := strings.EqualFold(ch, powershellChannel)
	if ps && (!hasID || eid != 4104) {
		return nil, false
	}
	doc := Event{}
	if hasID {
		code := strconv.Itoa(eid)
		setPath(doc, "event.code", code)
		setPath(doc, "winlog.event_id", code)
	}
	setPath(doc, "winlog.channel", ch)
	setPath(doc, "event.kind", "event")
	applyRules(raw, ecsSystem, func(k string, v any) { setPath(doc, k, v) })
	data := map[string]any{}
	for k, v := range raw {
		if !isSystemField(k) {
			data[k] = v
		}
	}
	if ps {
		setPath(doc, "event.category", []any{"process"})
		setPath(doc, "event.type", []any{"info"})
		for k, v := range data { // [EP] last script: empty values are removed
			if s, ok := String(v); v == nil || ok && s == "" {
				delete(data, k)
			}
		}
		applyECSRules(doc, data, eid, ecsPowerShellRules)
		if p, ok := doc.Lookup("file.path"); ok {
			s, _ := String(p)
			if i := strings.LastIndex(s, `\`); i > -1 {
				setPath(doc, "file.name", s[i+1:])
				setPath(doc, "file.directory", s[:i])
				if j := strings.LastIndex(s, "."); j > -1 {
					setPath(doc, "file.extension", s[j+1:])
				}
			}
		}
	}
	if len(data) > 0 {
		setPath(doc, "winlog.event_data", data)
	}
	return doc, true
}
