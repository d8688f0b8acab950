package event

import "strings"

// FortiGate event logs (Sigma product fortigate, service event): a syslog
// line of key=value pairs (type=event, action, cfgpath, cfgattr, cfgobj,
// ...), with the names FortiGate writes and Sigma's rules use, marked
// "fortigate/event".
//
// Elastic's Fortinet FortiGate integration writes them to the
// fortinet_fortigate.log data stream [its default ingest pipeline]: control
// characters are removed from the line, every pair goes to
// fortinet.firewall.<key> with one quote trimmed at each end, "N/A" and
// empty values are removed; the event sub-pipeline (type=event) keeps
// action, cfgpath, cfgattr and cfgobj there.

// FortiGateEventLogSource is the discriminator value of a raw FortiGate
// event log line.
const FortiGateEventLogSource = "fortigate/event"

var ecsFortiGateEventRules = []rule{
	{"fortinet.firewall.action", "action", toText},
	{"fortinet.firewall.cfgpath", "cfgpath", toText},
	{"fortinet.firewall.cfgattr", "cfgattr", toText},
	{"fortinet.firewall.cfgobj", "cfgobj", toText},
}

// fortiGateEvent cleans the values as the pipeline does and sets the log
// type.
func fortiGateEvent(data map[string]any, doc Event) {
	for k, v := range data {
		s, ok := String(v)
		if !ok || k == WebLogSourceField {
			continue
		}
		s = strings.Map(dropControl, s)
		if s == "" || s == "N/A" {
			delete(data, k)
			continue
		}
		data[k] = s
	}
	setPath(doc, "fortinet.firewall.type", "event")
}

// dropControl removes the characters the pipeline's gsub removes
// ([\u0000-\u001F\u007F]).
func dropControl(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return -1
	}
	return r
}
