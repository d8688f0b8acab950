package event

import (
	"strconv"
	"strings"
)

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

// AuditdLogSource marks a raw Linux auditd record (the _logsource field):
// a record has no EventID or Channel of its own, and its field names are
// auditd's keys (type, syscall, exe, comm, name, key, a0, ...), as Sigma's
// auditd rules write them. internal/gen sets it.
const AuditdLogSource = "linux/auditd"

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

// shapeCIMUnix is the CIM row of a Linux/macOS process start or a Sysmon for
// Linux file creation or network connection; handled is false for any other
// event.
func shapeCIMUnix(raw Event) (out Event, handled bool) {
	if _, ok := unixProcessStart(raw); ok {
		return shapeCIMLayout(raw, &cimUnixProcess), true
	}
	switch eid, _ := linuxSysmonEvent(raw); eid {
	case 3:
		return shapeCIMLayout(raw, &cimLinuxNetwork), true
	case 11:
		return shapeCIMLayout(raw, &cimLinuxFilesystem), true
	}
	return nil, false
}

// splunkUnix fixes what shapeSplunk derived from the channel for a Linux or
// macOS process start: Sysmon for Linux arrives over syslog as
// source=Syslog:Linux-Sysmon/Operational (MAPPINGS 3, the sysmon macro),
// sourcetype sysmon:linux (Splunk Add-on for Sysmon for Linux), its _raw the
// event's XML; the macOS EDR record has no source this project knows of and
// its _raw is JSON.
func splunkUnix(raw, out Event) {
	os, ok := unixProcessStart(raw)
	if eid, _ := linuxSysmonEvent(raw); eid != 0 {
		os, ok = "linux", true
	}
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
	l := &mdeUnixProcess
	if _, ok := unixProcessStart(raw); !ok {
		switch eid, _ := linuxSysmonEvent(raw); eid {
		case 3:
			l = &mdeLinuxNetwork
		case 11:
			l = &mdeLinuxFile
		default:
			return nil, false
		}
	}
	out = Event{"_table": l.table}
	for k, v := range l.fixed {
		out[k] = v
	}
	applyRules(raw, l.rules, func(k string, v any) { out[k] = v })
	if l.extra != nil {
		l.extra(raw, out)
	}
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
	if eid, _ := linuxSysmonEvent(raw); eid != 0 {
		return shapeECSLinuxSysmon(raw, eid), true
	}
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

// Sysmon for Linux file creation (event 11) and network connection (event
// 3): the same EventData names as Windows Sysmon 11 and 3 (TargetFilename,
// CreationUtcTime, Image, ProcessGuid, ProcessId, User; DestinationIp,
// DestinationPort, DestinationHostname, SourceIp, SourcePort, Protocol,
// Initiated, …) with POSIX paths and a bare user name. Each model shapes
// them as its Windows counterpart, with "/" the only basename separator.

// linuxSysmonEvent is the event ID of a Sysmon for Linux file creation (11)
// or network connection (3), or 0 with false for any other event.
func linuxSysmonEvent(raw Event) (int, bool) {
	ch, ok := String(raw["Channel"])
	if !ok || !strings.EqualFold(ch, LinuxSysmonChannel) {
		return 0, false
	}
	switch eid, _ := eventID(raw); eid {
	case 3, 11:
		return eid, true
	}
	return 0, false
}

// cimLinuxFilesystem: Sysmon for Linux 11 -> Endpoint.Filesystem, the fields
// of cimFilesystem.
var cimLinuxFilesystem = cimLayout{dataset: "Endpoint.Filesystem", rules: []rule{
	{"file_path", "TargetFilename", nil},
	{"file_name", "TargetFilename", unixBase},
	{"file_create_time", "CreationUtcTime", nil},
	{"process_path", "Image", nil},
	{"process_name", "Image", unixBase},
	{"process_guid", "ProcessGuid", nil},
	{"process_id", "ProcessId", nil},
	{"user", "User", nil},
	{"dest", "Computer", nil},
}}

// cimLinuxNetwork: Sysmon for Linux 3 -> Network_Traffic.All_Traffic, the
// fields of cimNetwork that the pipeline maps.
var cimLinuxNetwork = cimLayout{dataset: "Network_Traffic.All_Traffic", rules: []rule{
	{"dest_ip", "DestinationIp", nil},
	{"dest_port", "DestinationPort", nil},
	{"dest_host", "DestinationHostname", nil},
	{"dest", "DestinationIp", nil},
	{"dest", "DestinationHostname", nil},
	{"src_ip", "SourceIp", nil},
	{"src_port", "SourcePort", nil},
	{"src_host", "SourceHostname", nil},
	{"src", "SourceIp", nil},
	{"src", "SourceHostname", nil},
	{"transport", "Protocol", nil},
	{"direction", "Initiated", mapped(map[string]string{"true": "outbound", "false": "inbound"})},
	{"app", "Image", nil},
	{"process_name", "Image", unixBase},
	{"process_guid", "ProcessGuid", nil},
	{"process_id", "ProcessId", nil},
	{"user", "User", nil},
	{"dvc", "Computer", nil},
}}

// mdeLinuxInitiator: Sysmon for Linux's Image is the initiating process; the
// account name is the user name as written.
var mdeLinuxInitiator = []rule{
	{"InitiatingProcessFolderPath", "Image", nil},
	{"InitiatingProcessFileName", "Image", unixBase},
	{"InitiatingProcessId", "ProcessId", toLong},
	{"InitiatingProcessAccountName", "User", nil},
}

// mdeLinuxFile: Sysmon for Linux 11 -> DeviceFileEvents, ActionType FileCreated.
var mdeLinuxFile = mdeLayout{table: "DeviceFileEvents", fixed: map[string]any{"ActionType": "FileCreated"}, rules: joinRules(mdeDevice, mdeLinuxInitiator, []rule{
	{"FileName", "TargetFilename", unixBase},
	{"FolderPath", "TargetFilename", nil},
})}

// mdeLinuxNetwork: Sysmon for Linux 3 -> DeviceNetworkEvents, ActionType
// ConnectionSuccess, or InboundConnectionAccepted with source and destination
// swapped for an accepted connection (mdeInbound).
var mdeLinuxNetwork = mdeLayout{table: "DeviceNetworkEvents", fixed: map[string]any{"ActionType": "ConnectionSuccess"}, rules: joinRules(mdeDevice, mdeLinuxInitiator, []rule{
	{"RemoteIP", "DestinationIp", nil},
	{"RemotePort", "DestinationPort", toLong},
	{"RemoteUrl", "DestinationHostname", nil},
	{"LocalIP", "SourceIp", nil},
	{"LocalPort", "SourcePort", toLong},
	{"Protocol", "Protocol", mdeProtocol},
}), extra: mdeInbound}

// ecsLinuxCommon: the process and host of a Sysmon for Linux event as the
// sysmon_linux integration writes them.
var ecsLinuxCommon = []rule{
	{"process.executable", "Image", nil},
	{"process.name", "Image", unixBase},
	{"process.pid", "ProcessId", toLong},
	{"process.entity_id", "ProcessGuid", nil},
	{"user.name", "User", nil},
	{"host.name", "Computer", nil},
	{"@timestamp", "UtcTime", toISOTime},
}

// ecsLinuxFile: Sysmon for Linux 11 -> file category; file.name is the part
// of file.path after the last "/".
var ecsLinuxFile = joinRules(ecsLinuxCommon, []rule{
	{"file.path", "TargetFilename", nil},
	{"file.name", "TargetFilename", unixBase},
})

// ecsLinuxNetwork: Sysmon for Linux 3 -> network category; source.ip and
// destination.ip hold addresses only.
var ecsLinuxNetwork = joinRules(ecsLinuxCommon, []rule{
	{"destination.ip", "DestinationIp", ecsToIP},
	{"destination.port", "DestinationPort", toLong},
	{"destination.domain", "DestinationHostname", nil},
	{"source.ip", "SourceIp", ecsToIP},
	{"source.port", "SourcePort", toLong},
	{"source.domain", "SourceHostname", nil},
	{"network.transport", "Protocol", nil},
})

// shapeECSLinuxSysmon is the ECS document of a Sysmon for Linux file
// creation or network connection; empty values are not written.
func shapeECSLinuxSysmon(raw Event, eid int) Event {
	doc := Event{}
	setPath(doc, "event.kind", "event")
	setPath(doc, "event.code", strconv.Itoa(eid))
	setPath(doc, "host.os.type", "linux")
	rules := ecsLinuxFile
	if eid == 3 {
		setPath(doc, "event.category", []any{"network"})
		setPath(doc, "event.type", []any{"start", "connection", "protocol"})
		rules = ecsLinuxNetwork
	} else {
		setPath(doc, "event.category", []any{"file"})
		setPath(doc, "event.type", []any{"creation"})
	}
	applyRules(raw, rules, func(k string, v any) {
		if v != "" {
			setPath(doc, k, v)
		}
	})
	return doc
}
