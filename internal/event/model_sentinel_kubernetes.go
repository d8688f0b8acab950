package event

import (
	"encoding/json"
	"strconv"
)

// Kubernetes audit events (Sigma product kubernetes, service audit) in
// Microsoft Sentinel: Azure Kubernetes Service writes its API server's audit
// events to the Log Analytics table AKSAudit [AZ: the AKSAudit table
// reference, azure-monitor-ref/tables/includes/aksaudit-include.md]. Verb,
// RequestUri and UserAgent are string columns holding the event's verb,
// requestURI and userAgent; ObjectRef is a dynamic column holding the event's objectRef,
// the Kubernetes ObjectReference (resource, subresource, namespace, name,
// apiGroup, apiVersion, the audit.k8s.io/v1 names). The raw record carries
// objectRef's members as dotted keys (objectRef.resource, ...), so the row's
// ObjectRef is rebuilt from them. ResponseStatus is "the response status for
// the request, which includes the response code" [AZ], the event's
// responseStatus, a Kubernetes Status whose code is a whole number (JSON key
// code, int32): rebuilt from responseStatus.code, a number when the raw text
// is one written canonically ("403"), else the text as is (no Kubernetes
// event has one; kept so that tostring() gives back the raw text). The
// request object's fields are not shaped, and
// backends/kql/pipelines/sentinel.yml refuses rules on them.

// sentinelAKSAuditRules are the AKSAudit string columns by raw name.
var sentinelAKSAuditRules = []rule{
	{"Verb", "verb", toText},
	{"RequestUri", "requestURI", toText},
	{"UserAgent", "userAgent", toText},
}

// objectRefKeys are the members of a Kubernetes audit event's objectRef
// (audit.k8s.io/v1 ObjectReference), all strings.
var objectRefKeys = []string{"resource", "subresource", "namespace", "name", "apiGroup", "apiVersion"}

// aksDynamic builds the dynamic columns of an AKSAudit row.
func aksDynamic(raw, row Event) {
	aksObjectRef(raw, row)
	aksResponseStatus(raw, row)
}

// aksResponseStatus builds the ResponseStatus object of an AKSAudit row from
// the raw record's key responseStatus.code.
func aksResponseStatus(raw, row Event) {
	s, ok := String(raw["responseStatus.code"])
	if !ok {
		return
	}
	var code any = s
	if n, err := strconv.ParseInt(s, 10, 32); err == nil && strconv.FormatInt(n, 10) == s {
		code = json.Number(s)
	}
	row["ResponseStatus"] = map[string]any{"code": code}
}

// aksObjectRef builds the ObjectRef object of an AKSAudit row from the raw
// record's keys objectRef.<member>.
func aksObjectRef(raw, row Event) {
	obj := map[string]any{}
	for _, k := range objectRefKeys {
		if s, ok := String(raw["objectRef."+k]); ok {
			obj[k] = s
		}
	}
	if len(obj) > 0 {
		row["ObjectRef"] = obj
	}
}
