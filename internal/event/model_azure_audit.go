package event

// Microsoft Entra ID audit records (Sigma product azure, service
// auditlogs). The raw shape is flat, with the names Sigma's rules use:
// OperationName, Category (the audit category, e.g. "UserManagement"),
// LoggedByService and ActivityDisplayName. It carries the discriminator
// WebLogSourceField with the value "azure/auditlogs"; internal/gen sets it.
//
// In Microsoft Sentinel an audit record is an AuditLogs row [AZ: the
// AuditLogs table reference]: OperationName, Category, LoggedByService and
// ActivityDisplayName are string columns; InitiatedBy, TargetResources and
// AdditionalDetails are dynamic columns and not shaped.
//
// In ECS, Elastic's Azure integration writes the azure.auditlogs data
// stream: azure.auditlogs.operation_name, and the record's properties
// snake_case under azure.auditlogs.properties (category,
// logged_by_service, activity_display_name; azure.auditlogs.category is
// the log category "AuditLogs", not the audit category).

// AuditLogsLogSource is the discriminator value of a raw audit record.
const AuditLogsLogSource = "azure/auditlogs"

// isAuditLogs reports whether raw is an Entra ID audit record.
func isAuditLogs(raw Event) bool { return cloudSource(raw) == AuditLogsLogSource }

var sentinelAuditRules = []rule{
	{"OperationName", "OperationName", toText},
	{"Category", "Category", toText},
	{"LoggedByService", "LoggedByService", toText},
	{"ActivityDisplayName", "ActivityDisplayName", toText},
}

// shapeSentinelAudit shapes a raw audit record into an AuditLogs row.
func shapeSentinelAudit(raw Event) (Event, bool) {
	if !isAuditLogs(raw) {
		return nil, false
	}
	out := Event{"_table": "AuditLogs", "Type": "AuditLogs"}
	applyRules(raw, sentinelAuditRules, func(k string, v any) { out[k] = v })
	return out, true
}

var ecsAuditRules = []rule{
	{"azure.auditlogs.operation_name", "OperationName", toText},
	{"azure.auditlogs.properties.category", "Category", toText},
	{"azure.auditlogs.properties.logged_by_service", "LoggedByService", toText},
	{"azure.auditlogs.properties.activity_display_name", "ActivityDisplayName", toText},
}

// shapeECSAudit shapes a raw audit record into an azure.auditlogs document.
func shapeECSAudit(raw Event) (Event, bool) {
	if !isAuditLogs(raw) {
		return nil, false
	}
	data := map[string]any{}
	for k, v := range raw {
		data[k] = v
	}
	dropEmpty(data)
	doc := Event{}
	setPath(doc, "event.kind", "event")
	setPath(doc, "event.dataset", "azure.auditlogs")
	setPath(doc, "cloud.provider", "azure")
	applyRules(data, ecsAuditRules, func(k string, v any) { setPath(doc, k, v) })
	return doc, true
}
