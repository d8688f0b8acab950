package event

// Kubernetes audit events (Sigma product kubernetes, service audit) in
// Microsoft Sentinel: Azure Kubernetes Service writes its API server's audit
// events to the Log Analytics table AKSAudit [AZ: the AKSAudit table
// reference, azure-monitor-ref/tables/includes/aksaudit-include.md]. Verb,
// RequestUri and UserAgent are string columns holding the event's verb,
// requestURI and userAgent; ObjectRef is a dynamic column holding the event's objectRef,
// the Kubernetes ObjectReference (resource, subresource, namespace, name,
// apiGroup, apiVersion, the audit.k8s.io/v1 names). The raw record carries
// objectRef's members as dotted keys (objectRef.resource, ...), so the row's
// ObjectRef is rebuilt from them. ResponseStatus (a number inside a dynamic
// column) and the request object's fields are not shaped, and
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
