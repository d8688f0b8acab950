package event

// Google Cloud audit logs (Sigma product gcp, service gcp.audit). The raw
// shape is flat, with the name Sigma's rules use, gcp.audit.method_name,
// and the discriminator WebLogSourceField with the value "gcp/gcp.audit";
// internal/gen sets it.
//
// In Microsoft Sentinel an audit log entry is a GCPAuditLogs row (MAPPINGS
// §5; [AZ]: the GCPAuditLogs table reference), the API method the string
// column MethodName. No Elastic data stream is modelled for it: the ecs
// model has no record of it.

var sentinelGCPAuditRules = []rule{
	{"MethodName", "gcp.audit.method_name", toText},
}
