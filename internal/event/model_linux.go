package event

import "strings"

// Process starts on Linux and macOS.
//
// Linux: Sysmon for Linux event 1 (Channel "Linux-Sysmon/Operational"), the
// same EventData names as Windows Sysmon (Image, CommandLine, ParentImage,
// ParentCommandLine, User, CurrentDirectory, ProcessId, …) with POSIX paths
// and a bare user name ("root").
//
// macOS has no Sysmon. Its raw process start is an EDR's record of an
// Endpoint Security exec notification (ES_EVENT_TYPE_NOTIFY_EXEC), written
// with the Sysmon names SigmaHQ's macOS rules use (Image, CommandLine,
// ParentImage, ParentCommandLine, User, CurrentDirectory, ProcessId,
// ParentProcessId, Computer, UtcTime), EventID 1 and Channel
// MacOSProcessChannel, so that the models can tell it from a Windows event.
//
// In every model the basename of a path is the part after the last "/", the
// separator of both systems; a backslash is an ordinary character.

// Channels of the Linux and macOS process starts.
const (
	LinuxSysmonChannel  = "Linux-Sysmon/Operational"
	MacOSProcessChannel = "macOS-EndpointSecurity/Exec"
)

// unixProcessStart reports whether raw is a Linux or macOS process start, and
// which ("linux" or "macos").
func unixProcessStart(raw Event) (string, bool) {
	ch, ok := String(raw["Channel"])
	if !ok {
		return "", false
	}
	if eid, ok := eventID(raw); !ok || eid != 1 {
		return "", false
	}
	switch {
	case strings.EqualFold(ch, LinuxSysmonChannel):
		return "linux", true
	case strings.EqualFold(ch, MacOSProcessChannel):
		return "macos", true
	}
	return "", false
}

// unixBase is the part of a POSIX path after the last "/".
var unixBase = stringConv(func(p string) string { return p[strings.LastIndexByte(p, '/')+1:] })

// cimUnixProcess: a Linux/macOS process start -> Endpoint.Processes, with the
// same field names as a Sysmon 1 row (MAPPINGS 1a). User is the bare name.
var cimUnixProcess = cimLayout{dataset: "Endpoint.Processes", rules: []rule{
	{"process_path", "Image", nil},
	{"process_name", "Image", unixBase},
	{"process", "CommandLine", nil},
	{"parent_process_path", "ParentImage", nil},
	{"parent_process_name", "ParentImage", unixBase},
	{"parent_process", "ParentCommandLine", nil},
	{"process_id", "ProcessId", nil},
	{"parent_process_id", "ParentProcessId", nil},
	{"process_guid", "ProcessGuid", nil},
	{"parent_process_guid", "ParentProcessGuid", nil},
	{"process_current_directory", "CurrentDirectory", nil},
	{"user", "User", nil},
	{"dest", "Computer", nil},
}}

// shapeCIMUnix is the CIM row of a Linux/macOS process start; handled is
// false for any other event.
func shapeCIMUnix(raw Event) (out Event, handled bool) {
	if _, ok := unixProcessStart(raw); !ok {
		return nil, false
	}
	return shapeCIMLayout(raw, &cimUnixProcess), true
}

// splunkUnix fixes what shapeSplunk derived from the channel for a Linux or
// macOS process start: Sysmon for Linux arrives over syslog as
// source=Syslog:Linux-Sysmon/Operational (MAPPINGS 3, the sysmon macro),
// sourcetype sysmon:linux (Splunk Add-on for Sysmon for Linux), its _raw the
// event's XML; the macOS EDR record has no source this project knows of and
// its _raw is JSON.
func splunkUnix(raw, out Event) {
	os, ok := unixProcessStart(raw)
	if !ok {
		return
	}
	switch os {
	case "linux":
		out["source"] = "Syslog:" + LinuxSysmonChannel
		out["sourcetype"] = "sysmon:linux"
	case "macos":
		delete(out, "source")
		delete(out, "sourcetype")
		out["_raw"] = rawText(raw, false)
	}
}

// mdeUnixProcess: a Linux/macOS process start -> DeviceProcessEvents, which
// holds the processes of Linux and macOS devices too: FolderPath the full
// POSIX path, FileName its basename, AccountName the user name as written.
var mdeUnixProcess = mdeLayout{table: "DeviceProcessEvents", fixed: map[string]any{"ActionType": "ProcessCreated"}, rules: joinRules(mdeDevice, []rule{
	{"FileName", "Image", unixBase},
	{"FolderPath", "Image", nil},
	{"ProcessCommandLine", "CommandLine", nil},
	{"ProcessId", "ProcessId", toLong},
	{"ProcessCreationTime", "UtcTime", toISOTime},
	{"AccountName", "User", nil},
	{"InitiatingProcessFolderPath", "ParentImage", nil},
	{"InitiatingProcessFileName", "ParentImage", unixBase},
	{"InitiatingProcessCommandLine", "ParentCommandLine", nil},
	{"InitiatingProcessId", "ParentProcessId", toLong},
	{"InitiatingProcessAccountName", "ParentUser", nil},
})}

// shapeDefenderUnix is the Defender row of a Linux/macOS process start.
func shapeDefenderUnix(raw Event) (out Event, handled bool) {
	if _, ok := unixProcessStart(raw); !ok {
		return nil, false
	}
	out = Event{"_table": mdeUnixProcess.table}
	for k, v := range mdeUnixProcess.fixed {
		out[k] = v
	}
	applyRules(raw, mdeUnixProcess.rules, func(k string, v any) { out[k] = v })
	return out, true
}

// ecsUnixProcess: a Linux/macOS process start as Elastic Agent's
// sysmon_linux integration and Elastic Defend write it: process.* and
// process.parent.*, process.name the basename of process.executable.
var ecsUnixProcess = []rule{
	{"process.executable", "Image", nil},
	{"process.name", "Image", unixBase},
	{"process.command_line", "CommandLine", nil},
	{"process.pid", "ProcessId", toLong},
	{"process.entity_id", "ProcessGuid", nil},
	{"process.working_directory", "CurrentDirectory", nil},
	{"process.parent.executable", "ParentImage", nil},
	{"process.parent.name", "ParentImage", unixBase},
	{"process.parent.command_line", "ParentCommandLine", nil},
	{"process.parent.pid", "ParentProcessId", toLong},
	{"process.parent.entity_id", "ParentProcessGuid", nil},
	{"user.name", "User", nil},
	{"host.name", "Computer", nil},
	{"@timestamp", "UtcTime", toISOTime},
}

// shapeECSUnix is the ECS document of a Linux/macOS process start; empty
// values are not written.
func shapeECSUnix(raw Event) (out Event, handled bool) {
	os, ok := unixProcessStart(raw)
	if !ok {
		return nil, false
	}
	doc := Event{}
	setPath(doc, "event.kind", "event")
	setPath(doc, "event.category", []any{"process"})
	setPath(doc, "event.type", []any{"start"})
	setPath(doc, "host.os.type", os)
	if os == "linux" {
		setPath(doc, "event.code", "1")
	}
	applyRules(raw, ecsUnixProcess, func(k string, v any) {
		if v != "" {
			setPath(doc, k, v)
		}
	})
	return doc, true
}
