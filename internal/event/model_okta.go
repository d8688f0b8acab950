package event

import (
	"encoding/json"
	"strings"
)

// Okta system log events (Sigma product okta, service okta). The raw shape
// is flat, with the names Sigma's rules use (eventType, displayMessage,
// legacyEventType, actor.alternateId, outcome.reason, outcome.result,
// securityContext.isProxy, debugContext.debugData.<key>: a nested name is
// one dotted key), and the discriminator WebLogSourceField with the value
// "okta/okta"; internal/gen sets it.
//
// In Microsoft Sentinel the Okta connector writes the custom table Okta_CL
// (MAPPINGS §5 [SP]): its parser OktaSSO declares the columns, the event's
// names flattened with "_" and suffixed with the type (eventType_s,
// displayMessage_s, actor_alternateId_s, outcome_reason_s, ... strings,
// securityContext_isProxy_b a bool), and fills debugContext_debugData_s
// with the debugData object as JSON text (tostring(DebugData)).
// target_s, the JSON text of the list of targets, is not shaped. The ECS
// document is modelled in model_ecs_cloud.go.

var sentinelOktaRules = []rule{
	{"eventType_s", "eventType", toText},
	{"displayMessage_s", "displayMessage", toText},
	{"legacyEventType_s", "legacyEventType", toText},
	{"actor_alternateId_s", "actor.alternateId", toText},
	{"outcome_reason_s", "outcome.reason", toText},
	{"outcome_result_s", "outcome.result", toText},
	// A Boolean column holds true or false; other text is no value of it.
	{"securityContext_isProxy_b", "securityContext.isProxy", ecsBool},
}

// oktaDebugData writes the raw record's debugContext.debugData.<key> text
// values as the JSON object text of the column debugContext_debugData_s.
func oktaDebugData(raw, row Event) {
	if s, ok := objectText(raw, "debugContext.debugData"); ok {
		row["debugContext_debugData_s"] = s
	}
}

// objectText is the JSON text of the object that a flat raw record's keys
// <prefix>.<key> hold (nested keys nest), when the record has no whole
// value under prefix itself. Keys are read in order, so that a key that is
// both a value and an object ("a.b" and "a.b.c", which no real record has)
// always ends up the same.
func objectText(raw Event, prefix string) (string, bool) {
	if _, whole := raw[prefix]; whole {
		return "", false
	}
	obj := Event{}
	for _, k := range sortedEventKeys(raw) {
		key, nested := strings.CutPrefix(k, prefix+".")
		if s, ok := String(raw[k]); nested && ok && key != "" {
			setPath(obj, key, s)
		}
	}
	if len(obj) == 0 {
		return "", false
	}
	b, _ := json.Marshal(obj)
	return string(b), true
}
