package event

import (
	"strconv"
	"strings"
)

// Channels of the raw Windows events the ingest models read.
const (
	sysmonChannel   = "Microsoft-Windows-Sysmon/Operational"
	securityChannel = "Security"
)

// classify returns the event ID of a raw event that the ingest models
// understand: a Sysmon event (IDs 1-29, 255) or Security 4688. A Channel,
// when present, must agree with the ID (compared case-insensitively).
func classify(raw Event) (eid int, ok bool) {
	eid, ok = eventID(raw)
	if !ok {
		return 0, false
	}
	want, known := impliedChannel(eid)
	if !known || want == securityChannel && eid != 4688 {
		return eid, false
	}
	if ch, has := String(raw["Channel"]); has && !strings.EqualFold(ch, want) {
		return eid, false
	}
	return eid, true
}

// eventID reads EventID, a JSON number or a decimal string.
func eventID(raw Event) (int, bool) {
	s, ok := String(raw["EventID"])
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// impliedChannel is the channel that an event ID comes from in this project's
// scope: Sysmon's IDs 1-29 and 255, and the Security log's 4xxx/5xxx IDs.
func impliedChannel(eid int) (string, bool) {
	switch {
	case eid >= 1 && eid <= 29 || eid == 255:
		return sysmonChannel, true
	case eid >= 4608 && eid <= 6424:
		return securityChannel, true
	}
	return "", false
}

// channelOf returns the event's Channel, or the one implied by its EventID.
func channelOf(raw Event) (string, bool) {
	if ch, ok := String(raw["Channel"]); ok {
		return ch, true
	}
	if eid, ok := eventID(raw); ok {
		return impliedChannel(eid)
	}
	return "", false
}

// systemPrefixes name the flattened <System> attributes (see flattenWindows).
var systemPrefixes = []string{"Provider_", "TimeCreated_", "Execution_", "Security_", "Correlation_", "EventID_"}

// systemNames are the scalar <System> elements of a Windows event.
var systemNames = map[string]bool{
	"EventID": true, "Version": true, "Level": true, "Task": true, "Opcode": true,
	"Keywords": true, "EventRecordID": true, "Channel": true, "Computer": true,
}

// isSystemField reports whether a flat raw field came from <System> rather
// than <EventData>.
func isSystemField(name string) bool {
	if systemNames[name] {
		return true
	}
	for _, p := range systemPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// rule copies one raw field into one target field, reshaping the value on the
// way. Models are lists of rules, so that each mapping reads as one line of
// data with its source beside it.
type rule struct {
	to   string // target field; a dotted path for nested (ECS) documents
	from string // raw field
	conv conv   // nil copies the value unchanged
}

// conv reshapes a raw value; false means the ingest would not set the field.
type conv func(v any) (any, bool)

// value reads and reshapes the rule's source; absent and null fields are absent.
func (r rule) value(src map[string]any) (any, bool) {
	v, ok := src[r.from]
	if !ok || v == nil {
		return nil, false
	}
	if r.conv == nil {
		return v, true
	}
	return r.conv(v)
}

// applyRules runs rules in order; a later rule overwrites an earlier one.
func applyRules(src map[string]any, rules []rule, put func(field string, v any)) {
	for _, r := range rules {
		if v, ok := r.value(src); ok {
			put(r.to, v)
		}
	}
}

// copyEvent returns a shallow copy.
func copyEvent(e Event) Event {
	out := make(Event, len(e))
	for k, v := range e {
		out[k] = v
	}
	return out
}
