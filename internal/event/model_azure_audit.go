package event

// Microsoft Entra ID audit records (Sigma product azure, service
// auditlogs). The raw shape is flat, with the names Sigma's rules use:
// OperationName (or operationName), Category (the audit category, e.g. "UserManagement"),
// LoggedByService and ActivityDisplayName, or properties.message, the name
// of the same activity in the rules that read Azure's resource logs (a
// record holds one of the two), and Status, the activity's result as the
// Entra admin center names it, or properties.result, its name in the
// resource-log record (Microsoft Graph's directoryAudit result: success,
// failure, timeout). It carries the discriminator
// WebLogSourceField with the value "azure/auditlogs"; internal/gen sets it.
//
// In Microsoft Sentinel an audit record is an AuditLogs row [AZ: the
// AuditLogs table reference]: OperationName, Category, LoggedByService,
// ActivityDisplayName and Result (the Status) are string columns; InitiatedBy, TargetResources and
// AdditionalDetails are dynamic columns and not shaped.
//
// In ECS, Elastic's Azure integration writes the azure.auditlogs data
// stream: azure.auditlogs.operation_name, and the record's properties
// snake_case under azure.auditlogs.properties (category,
// logged_by_service, activity_display_name; azure.auditlogs.category is
// the log category "AuditLogs", not the audit category).

// AuditLogsLogSource is the discriminator value of a raw audit record.
const AuditLogsLogSource = "azure/auditlogs"

// sentinelAuditRules are the AuditLogs columns by raw name. Sigma's rules
// spell the operation name OperationName or operationName, the name of the
// same property in Azure's resource-log schema [AZ: the resource logs
// common schema, operationName; the AuditLogs reference, OperationName]; a
// record holds one, and where a raw record has operationName the column is
// its value (the later rule wins).
var sentinelAuditRules = []rule{
	{"OperationName", "OperationName", toText},
	{"OperationName", "operationName", toText},
	{"Category", "Category", toText},
	{"LoggedByService", "LoggedByService", toText},
	{"ActivityDisplayName", "ActivityDisplayName", toText},
	{"ActivityDisplayName", "properties.message", toText},
	{"Result", "Status", toText},
	{"Result", "properties.result", toText},
}

// ecsAuditRules are the ECS fields by raw name: azure.auditlogs.operation_name
// is the record's operationName, which Sigma's rules also spell
// OperationName (the later rule wins, as in sentinelAuditRules).
var ecsAuditRules = []rule{
	{"azure.auditlogs.operation_name", "OperationName", toText},
	{"azure.auditlogs.operation_name", "operationName", toText},
	{"azure.auditlogs.properties.category", "Category", toText},
	{"azure.auditlogs.properties.logged_by_service", "LoggedByService", toText},
	{"azure.auditlogs.properties.activity_display_name", "ActivityDisplayName", toText},
	{"azure.auditlogs.properties.activity_display_name", "properties.message", toText},
}
