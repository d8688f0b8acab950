package event

import (
	"net/netip"
	"strconv"
	"strings"
)

// The ECS model: a nested Elastic Common Schema document as Elastic Agent's
// windows.sysmon_operational ingest pipeline [EI] (Sysmon) and the System
// integration's security pipeline [ES] (4688) write it; Sysmon image loads
// follow the Dec-2025 pipeline [E7] (MAPPINGS 6). EventData fields the
// pipeline renames or removes are gone from winlog.event_data; the rest stay
// there (IntegrityLevel, LogonId, ParentUser, Signed, Details, …).

// ecsKind is the categorisation of one event ID [EI; MAPPINGS 6].
type ecsKind struct {
	category []string
	typ      []string
	action   any // a string, or a list since E7 for image loads
}

func strs(s ...string) []string { return s }

// ecsKinds by Sysmon event ID, and Security 4688 [ES].
var ecsKinds = map[int]ecsKind{
	1:    {strs("process"), strs("start"), "Process creation"},
	2:    {strs("file"), strs("change"), "A process changed a file creation time"},
	3:    {strs("network"), strs("start", "connection", "protocol"), "Network connection"},
	4:    {strs("process"), strs("change"), "Sysmon service state changed"},
	5:    {strs("process"), strs("end"), "Process terminated"},
	6:    {strs("driver"), strs("start"), "Driver loaded"},
	7:    {strs("process", "library"), strs("change", "start"), []any{"Image loaded", "load"}}, // [E7]
	8:    {strs("process"), strs("change"), "CreateRemoteThread"},
	9:    {strs("process"), strs("access"), "RawAccessRead"},
	10:   {strs("process"), strs("access"), "ProcessAccess"},
	11:   {strs("file"), strs("creation"), "FileCreate"},
	12:   {strs("configuration", "registry"), strs("change"), "RegistryEvent (Object create and delete)"},
	13:   {strs("configuration", "registry"), strs("change"), "RegistryEvent (Value Set)"},
	14:   {strs("configuration", "registry"), strs("change"), "RegistryEvent (Key and Value Rename)"},
	15:   {strs("file"), strs("access"), "FileCreateStreamHash"},
	16:   {strs("configuration"), strs("change"), "ServiceConfigurationChange"},
	17:   {strs("file"), strs("creation"), "PipeEvent (Pipe Created)"},
	18:   {strs("file"), strs("access"), "PipeEvent (Pipe Connected)"},
	19:   {strs("process"), strs("creation"), "WmiEvent (WmiEventFilter activity detected)"},
	20:   {strs("process"), strs("creation"), "WmiEvent (WmiEventConsumer activity detected)"},
	21:   {strs("process"), strs("access"), "WmiEvent (WmiEventConsumerToFilter activity detected)"},
	22:   {strs("network"), strs("connection", "protocol", "info"), "DNSEvent (DNS query)"},
	23:   {strs("file"), strs("deletion"), "FileDelete (File Delete archived)"},
	24:   {nil, strs("change"), "ClipboardChange (New content in the clipboard)"},
	25:   {strs("process"), strs("change"), "ProcessTampering (Process image change)"},
	26:   {strs("file"), strs("deletion"), "FileDeleteDetected (File Delete logged)"},
	27:   {strs("file"), strs("creation", "denied"), "FileBlockExecutable"},
	28:   {strs("file"), strs("deletion", "denied"), "FileBlockShredding"},
	29:   {strs("file"), strs("creation"), "FileExecutableDetected"},
	255:  {strs("process"), strs("error"), "Error"},
	4688: {strs("process"), strs("start"), "created-process"}, // [ES]
}

// ecsRule moves (or, with keep, copies) one EventData field into the
// document, for the event IDs that only admits (nil: all). A move does not
// overwrite a field already set and then leaves its source in place, as an
// Elasticsearch rename processor fails on an existing target.
type ecsRule struct {
	rule
	keep bool
	only func(eid int) bool
}

func is(ids ...int) func(int) bool {
	return func(eid int) bool {
		for _, id := range ids {
			if id == eid {
				return true
			}
		}
		return false
	}
}

func not(f func(int) bool) func(int) bool { return func(eid int) bool { return !f(eid) } }

func move(to, from string, c conv) ecsRule { return ecsRule{rule: rule{to, from, c}} }
func copyTo(to, from string, c conv) ecsRule {
	return ecsRule{rule: rule{to, from, c}, keep: true}
}
func (r ecsRule) when(f func(int) bool) ecsRule { r.only = f; return r }

var imageLoad = is(7)

// ecsToIP keeps a valid IP address (convert type ip; a failure leaves the field unset).
func ecsToIP(v any) (any, bool) {
	s, ok := String(v)
	_, err := netip.ParseAddr(s)
	return s, ok && err == nil
}

// ecsBool is convert type boolean: "true"/"false" in any case.
func ecsBool(v any) (any, bool) {
	s, _ := String(v)
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return nil, false
}

// ecsAccount takes the domain (0) or name (1) of User split on "\", only
// when there are exactly two parts, and not when the part is empty [EI].
func ecsAccount(part int) conv {
	return func(v any) (any, bool) {
		s, _ := String(v)
		p := strings.Split(s, `\`)
		if len(p) != 2 || p[part] == "" {
			return nil, false
		}
		return p[part], true
	}
}

// ecsSysmonRules, in the order of the [EI] pipeline.
var ecsSysmonRules = []ecsRule{
	move("rule.name", "RuleName", nil),
	move("process.entity_id", "ProcessGuid", nil),
	move("process.pid", "ProcessId", toLong),
	move("process.executable", "Image", nil),
	move("process.entity_id", "SourceProcessGuid", nil),
	move("process.entity_id", "SourceProcessGUID", nil),
	move("process.pid", "SourceProcessId", toLong),
	move("process.thread.id", "SourceThreadId", toLong),
	move("process.executable", "SourceImage", nil),
	move("process.executable", "Destination", nil),
	move("process.command_line", "CommandLine", nil),
	move("process.working_directory", "CurrentDirectory", nil),
	move("process.parent.entity_id", "ParentProcessGuid", nil),
	move("process.parent.pid", "ParentProcessId", toLong),
	move("process.parent.executable", "ParentImage", nil),
	move("process.parent.command_line", "ParentCommandLine", nil),
	move("process.pe.original_file_name", "OriginalFileName", nil).when(not(imageLoad)),
	copyTo("process.pe.company", "Company", nil).when(not(imageLoad)),
	copyTo("process.pe.description", "Description", nil).when(not(imageLoad)),
	copyTo("process.pe.file_version", "FileVersion", nil).when(not(imageLoad)),
	copyTo("process.pe.product", "Product", nil).when(not(imageLoad)),
	move("file.path", "TargetFilename", nil),
	move("file.path", "Device", nil),
	move("file.name", "PipeName", nil),
	move("file.path", "ImageLoaded", nil),
	copyTo("file.code_signature.subject_name", "Signature", nil),
	copyTo("file.code_signature.status", "SignatureStatus", nil),
	move("file.pe.original_file_name", "OriginalFileName", nil).when(imageLoad),
	copyTo("file.pe.company", "Company", nil).when(imageLoad),
	copyTo("file.pe.description", "Description", nil).when(imageLoad),
	copyTo("file.pe.file_version", "FileVersion", nil).when(imageLoad),
	copyTo("file.pe.product", "Product", nil).when(imageLoad),
	move("network.transport", "Protocol", nil),
	move("network.protocol", "DestinationPortName", nil).when(not(is(22))),
	move("network.protocol", "SourcePortName", nil).when(not(is(22))),
	move("source.ip", "SourceIp", ecsToIP),
	move("source.domain", "SourceHostname", nil),
	move("source.port", "SourcePort", toLong),
	move("destination.ip", "DestinationIp", ecsToIP),
	move("destination.domain", "DestinationHostname", nil),
	move("destination.port", "DestinationPort", toLong),
	move("dns.question.name", "QueryName", nil),
	copyTo("network.direction", "Initiated", mapped(map[string]string{"true": "egress", "false": "ingress"})),
	copyTo("network.type", "SourceIsIpv6", mapped(map[string]string{"false": "ipv4", "true": "ipv6"})),
	copyTo("user.domain", "User", ecsAccount(0)),
	copyTo("user.name", "User", ecsAccount(1)),
	move("sysmon.dns.status", "QueryStatus", stringConv(dnsStatusName)),
	move("sysmon.file.archived", "Archived", ecsBool),
	move("sysmon.file.is_executable", "IsExecutable", ecsBool),
}

// ecsSysmonRemoved are dropped from event_data after conversion [EI cleanup].
var ecsSysmonRemoved = strs("ProcessId", "ParentProcessId", "SourceProcessId", "SourceThreadId",
	"SourceIp", "SourcePort", "SourcePortName", "DestinationIp", "DestinationPort", "DestinationPortName",
	"RuleName", "User", "Initiated", "SourceIsIpv6", "DestinationIsIpv6", "QueryStatus", "Archived",
	"IsExecutable", "QueryResults", "UtcTime", "Hash", "Hashes", "TargetObject")

// ecs4688Rules: Security 4688 [ES "Process Event 4688", "Copy Subject User",
// "Copy Target User to Effective"]. Subject and target fields stay in event_data.
var ecs4688Rules = []ecsRule{
	move("process.pid", "NewProcessId", toDecodedLong), // Long.decode of the hex PID
	move("process.executable", "NewProcessName", nil),
	move("process.parent.executable", "ParentProcessName", nil),
	copyTo("process.parent.pid", "ProcessId", toDecodedLong),
	copyTo("process.command_line", "CommandLine", nil),
	copyTo("user.id", "SubjectUserSid", nil),
	copyTo("user.name", "SubjectUserName", nil),
	copyTo("user.domain", "SubjectDomainName", nil),
	copyTo("user.effective.id", "TargetUserSid", ecsNotDash),
	copyTo("user.effective.name", "TargetUserName", ecsEffectiveName),
	copyTo("user.effective.domain", "TargetDomainName", ecsNotDash),
	copyTo("winlog.logon.id", "SubjectLogonId", nil),
}

// ecsNotDash drops "" and "-", which Windows writes for "no account".
func ecsNotDash(v any) (any, bool) {
	s, ok := String(v)
	return s, ok && s != "" && s != "-"
}

// ecsEffectiveName is TargetUserName without an "@domain" part [ES].
func ecsEffectiveName(v any) (any, bool) {
	s, ok := ecsNotDash(v)
	if !ok {
		return nil, false
	}
	name, _, _ := strings.Cut(s.(string), "@")
	return name, true
}

// ecsSystem: flattened <System> fields -> winlog.*, host.name and user.id
// [EI, EW]; winlog.channel is set from the (possibly implied) channel.
var ecsSystem = []rule{
	{"winlog.computer_name", "Computer", nil},
	{"host.name", "Computer", nil}, // [EW]
	{"winlog.provider_name", "Provider_Name", nil},
	{"event.provider", "Provider_Name", nil},
	{"winlog.provider_guid", "Provider_Guid", nil},
	{"winlog.record_id", "EventRecordID", toText},
	{"winlog.process.pid", "Execution_ProcessID", toLong},
	{"winlog.process.thread.id", "Execution_ThreadID", toLong},
	{"winlog.user.identifier", "Security_UserID", nil},
	{"user.id", "Security_UserID", nil}, // [EI] copy of winlog.user.identifier
	{"@timestamp", "TimeCreated_SystemTime", toISOTime},
	{"@timestamp", "UtcTime", toISOTime}, // [EI] date processor on UtcTime wins
	{"winlog.keywords", "Keywords", ecsKeywords},
}

// winlogKeywords names the <Keywords> masks Windows writes on its own logs,
// as the winlog input does in winlog.keywords (a list of names): the
// Security log's audit results and the classic event log's mask. Other
// masks are not modelled and leave the field out.
var winlogKeywords = map[string][]any{
	"0x8010000000000000": {"Audit Failure"},
	"0x8020000000000000": {"Audit Success"},
	"0x8000000000000000": {"Classic"},
}

// ecsKeywords is winlog.keywords for a hex mask in either case (the input
// reads it as a number).
func ecsKeywords(v any) (any, bool) {
	s, _ := String(v)
	names, ok := winlogKeywords[strings.ToLower(s)]
	return names, ok
}

// shapeECS is the "ecs" model.
func shapeECS(raw Event) (Event, bool) {
	if out, ok := shapeECSUnix(raw); ok {
		return out, true
	}
	if _, web := webCategory(raw); web {
		return shapeECSWeb(raw)
	}
	if c, ok := cloudLogOf(raw); ok {
		return c.ecsDoc(raw), c.dataset != ""
	}
	eid, ok := classify(raw)
	if !ok {
		return shapeECSChannel(raw)
	}
	if !writtenEventID(raw) {
		return nil, false
	}
	kind, ok := ecsKinds[eid]
	if !ok {
		return nil, false
	}
	doc := Event{}
	code := strconv.Itoa(eid)
	setPath(doc, "event.code", code)
	setPath(doc, "winlog.event_id", code)
	setPath(doc, "event.kind", "event")
	if kind.category != nil {
		setPath(doc, "event.category", toAnySlice(kind.category))
	}
	setPath(doc, "event.type", toAnySlice(kind.typ))
	setPath(doc, "event.action", kind.action)
	if ch, ok := channelOf(raw); ok {
		setPath(doc, "winlog.channel", ch)
	}
	applyRules(raw, ecsSystem, func(k string, v any) { setPath(doc, k, v) })

	data := map[string]any{}
	for k, v := range raw {
		if !isSystemField(k) {
			data[k] = v
		}
	}
	if eid == 4688 {
		applyECSRules(doc, data, eid, ecs4688Rules)
		deriveECS4688(doc)
	} else {
		dropEmpty(data) // [EI] first processor: "", "-" and the zero GUID are removed
		deriveECSHashes(doc, data, eid)
		applyECSRules(doc, data, eid, ecsSysmonRules)
		deriveECSSysmon(doc, data, eid)
		for _, f := range ecsSysmonRemoved {
			delete(data, f)
		}
	}
	if len(data) > 0 {
		setPath(doc, "winlog.event_data", data)
	}
	return doc, true
}

func applyECSRules(doc Event, data map[string]any, eid int, rules []ecsRule) {
	for _, r := range rules {
		if r.only != nil && !r.only(eid) {
			continue
		}
		v, ok := r.value(data)
		if !ok {
			continue
		}
		if !r.keep {
			if _, exists := doc.Lookup(r.to); exists {
				continue
			}
			delete(data, r.from)
		}
		setPath(doc, r.to, v)
	}
}

// dropEmpty removes the values [EI] treats as missing.
func dropEmpty(data map[string]any) {
	for k, v := range data {
		if s, ok := String(v); v == nil || ok && (s == "" || s == "-" || s == "{00000000-0000-0000-0000-000000000000}") {
			delete(data, k)
		}
	}
}

// nonEmptyCopy is a copy of raw without the values Elastic's pipelines
// drop (see dropEmpty).
func nonEmptyCopy(raw Event) map[string]any {
	data := make(map[string]any, len(raw))
	for k, v := range raw {
		data[k] = v
	}
	dropEmpty(data)
	return data
}

// setPath sets a dotted path in a nested document, creating objects on the way.
func setPath(doc Event, path string, v any) {
	m := map[string]any(doc)
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func toAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}
