package event

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"sort"
	"strings"
)

// The Splunk raw-event model: the event as Splunk indexes it from
// XmlWinEventLog inputs with the Splunk Add-on for Sysmon (app 5709) and the
// Splunk Add-on for Microsoft Windows (MAPPINGS 3). Raw EventData names stay;
// index-time metadata and the add-ons' search-time fields are added, so that
// both raw searches (`sourcetype=xmlwineventlog EventCode=1 Image=…`) and
// searches on the add-ons' CIM field names see what Splunk would show.

// splunkSystemNames renames flattened <System> attributes to the names the
// XmlWinEventLog extraction gives them [SC fields: Name, Guid, SystemTime,
// ProcessID, ThreadID, UserID].
var splunkSystemNames = map[string]string{
	"Provider_Name":          "Name",
	"Provider_Guid":          "Guid",
	"TimeCreated_SystemTime": "SystemTime",
	"Execution_ProcessID":    "ProcessID",
	"Execution_ThreadID":     "ThreadID",
	"Security_UserID":        "UserID",
}

// splunkHashFields are extracted from Hashes by the Sysmon add-on's
// transforms, with the value as written (upper-case hex) [SC fields, TAo].
var splunkHashFields = []rule{
	{"MD5", "Hashes", hashAsWritten("MD5")},
	{"SHA1", "Hashes", hashAsWritten("SHA1")},
	{"SHA256", "Hashes", hashAsWritten("SHA256")},
	{"IMPHASH", "Hashes", hashAsWritten("IMPHASH")},
}

// splunkImageLoad: Sysmon 7 has no data model, but the add-on still extracts
// these on the raw event [SD loaded_file, loaded_file_path; SC fields].
var splunkImageLoad = []rule{
	{"loaded_file", "ImageLoaded", toBase},
	{"loaded_file_path", "ImageLoaded", nil},
	{"process_name", "Image", toBase},
	{"process_path", "Image", nil},
}

// splunkTime is _time, the event's time in UNIX seconds: Splunk reads it
// from <TimeCreated SystemTime=...> of an XmlWinEventLog event [SC props:
// TIME_PREFIX]; an event without one (a sample written with Sysmon's
// UtcTime only) takes UtcTime, which Sysmon writes milliseconds before the
// event is logged.
var splunkTime = []rule{
	{"_time", "TimeCreated_SystemTime", toEpoch},
	{"_time", "UtcTime", toEpoch},
}

// splunkSourcetypes is the sourcetype of each non-Windows log source (by its
// _logsource marker) that the Splunk add-on for it indexes under, where the
// add-on's search-time fields carry the record's own names, as Sigma's
// rules write them (JSON records with KV_MODE=json, auditd's key=value
// lines). A source missing here is indexed under no sourcetype the model
// knows, and its events have no sourcetype field (README, Splunk).
var splunkSourcetypes = map[string]string{
	CloudTrailLogSource:  "aws:cloudtrail",     // Splunk Add-on for AWS
	OktaLogSource:        "OktaIM2:log",        // Splunk Add-on for Okta Identity Cloud, System Log
	GitHubAuditLogSource: "github:cloud:audit", // Splunk Add-on for GitHub, Enterprise Cloud audit log
	AuditdLogSource:      "linux:audit",        // Splunk Add-on for Unix and Linux, /var/log/audit/audit.log
}

// arrayPath is a field of a JSON record inside an array: Splunk's JSON
// extraction names each array level with "{}" (target{}.displayName), where
// the raw record, and Sigma, name it with a dot only.
type arrayPath struct{ prefix, splunk string }

// splunkArrayPaths are the array-valued members the rules of each source
// name (the Okta System Log's target is an array of objects; CloudTrail's
// RegisterTaskDefinition containerDefinitions and its command, and
// UpdateFunctionConfiguration's layers, are arrays). The Splunk pipeline
// maps the same names (backends/splunk/pipelines/splunk_windows.yml).
var splunkArrayPaths = map[string][]arrayPath{
	OktaLogSource: {{"target.", "target{}."}},
	CloudTrailLogSource: {
		{"requestParameters.containerDefinitions.command", "requestParameters.containerDefinitions{}.command{}"},
		{"requestParameters.layers", "requestParameters.layers{}"},
	},
}

// renameArrayPath renames the fields of out under m.prefix (or named
// m.prefix) to Splunk's array notation.
func renameArrayPath(out Event, m arrayPath) {
	var keys []string
	for k := range out {
		rest, ok := strings.CutPrefix(k, m.prefix)
		if ok && (rest == "" || strings.HasSuffix(m.prefix, ".") || strings.HasPrefix(rest, ".")) {
			keys = append(keys, k) // not a longer name that merely starts like the prefix
		}
	}
	for _, k := range keys {
		out[m.splunk+k[len(m.prefix):]] = out[k]
		delete(out, k)
	}
}

// shapeSplunk is the "splunk" model. Every raw event is indexed, so it never
// returns false.
func shapeSplunk(raw Event) (Event, bool) {
	out := Event{}
	ch, windows := channelOf(raw)
	// Events written as <Data Name='...'> XML (Windows, Sysmon for Linux)
	// are extracted with cleaned keys; the macOS EDR record is JSON.
	xmlData := windows && !strings.EqualFold(ch, MacOSProcessChannel)
	for k, v := range raw {
		if to, ok := splunkSystemNames[k]; ok {
			k = to
		}
		if xmlData {
			k = cleanSplunkKey(k)
			if k == "" {
				continue
			}
		}
		// The XmlWinEventLog extraction creates no field for an empty
		// value: <Data Name="X"></Data> gives no X, and X=* is false.
		if windows && v == "" {
			continue
		}
		out[k] = v
	}
	addNew := func(k string, v any) {
		if _, exists := out[k]; !exists {
			out[k] = v
		}
	}
	// [SC data_sources] source XmlWinEventLog:<channel>, sourcetype
	// xmlwineventlog (splunkUnix corrects both for Linux and macOS).
	if ch, ok := channelOf(raw); ok {
		out["source"] = "XmlWinEventLog:" + ch
		out["sourcetype"] = "xmlwineventlog"
	}
	if st, ok := splunkSourcetypes[cloudSource(raw)]; ok {
		out["sourcetype"] = st
	}
	for _, m := range splunkArrayPaths[cloudSource(raw)] {
		renameArrayPath(out, m)
	}
	// [SC fields] EventCode and EventID are both extracted.
	if id, ok := String(raw["EventID"]); ok {
		out["EventCode"] = id
	}
	applyRules(raw, splunkHashFields, addNew)
	// The search-time CIM fields live on the raw event too [SC fields]. In
	// network events dest is the destination [TAo]; elsewhere it is Computer.
	if cim, ok := shapeCIM(raw); ok {
		delete(cim, "_datamodel")
		for k, v := range cim {
			addNew(k, v)
		}
	}
	if id, _ := eventID(raw); id == 7 {
		applyRules(raw, splunkImageLoad, addNew)
	}
	if c, ok := raw["Computer"]; ok && c != nil {
		addNew("host", c) // the forwarder's host name; XmlWinEventLog hosts report Computer
		addNew("dest", c)
	}
	addNew("_raw", rawText(raw, windows))
	applyRules(raw, splunkTime, addNew)
	splunkUnix(raw, out)
	return out, true
}

// rawText is the event's _raw, the text bare search terms match: the XML of
// an XmlWinEventLog event, with XML's escapes (" is &quot;), or the JSON of
// any other event, with JSON's (" is \", \ is \\). Fields come in name
// order; the real XML orders them by the event's schema, which no search
// term depends on.
func rawText(raw Event, windows bool) string {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if !windows {
		// The log-source marker names the log, no part of the record.
		rec := make(map[string]any, len(raw))
		for k, v := range raw {
			if k != WebLogSourceField {
				rec[k] = v
			}
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rec); err != nil {
			return ""
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	var b strings.Builder
	b.WriteString("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><EventData>")
	for _, k := range keys {
		// A list (several <Data> elements of one name, such as the unnamed
		// insertion strings of a classic event) is one element per value.
		values, isList := raw[k].([]any)
		if !isList {
			values = []any{raw[k]}
		}
		for _, item := range values {
			v, ok := String(item)
			if !ok {
				continue
			}
			b.WriteString("<Data Name='")
			xml.EscapeText(&b, []byte(k))
			b.WriteString("'>")
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</Data>")
		}
	}
	b.WriteString("</EventData></Event>")
	return b.String()
}

// cleanSplunkKey is the name a search-time extraction with CLEAN_KEYS
// (transforms.conf, default true) gives a key: every character other than
// a-z, A-Z and 0-9 becomes "_", then leading underscores and digits are
// stripped (a character outside ASCII is one "_"). The XmlWinEventLog extraction of <Data Name='...'> (REPORT,
// FORMAT $1::$2) cleans so: "Threat Name" is Threat_Name. A key it leaves
// empty gives no field.
func cleanSplunkKey(k string) string {
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, k)
	return strings.TrimLeft(clean, "_0123456789")
}

// hashAsWritten takes one algorithm from Hashes without changing its case.
func hashAsWritten(algo string) conv {
	return func(v any) (any, bool) {
		s, ok := String(v)
		if !ok {
			return nil, false
		}
		h, ok := parseHashes(s)[algo]
		return h, ok && h != ""
	}
}
