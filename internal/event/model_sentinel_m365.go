package event

// Microsoft 365 audit records (Sigma product m365, service audit). The raw
// shape is a record of the Office 365 Management Activity API with the
// names Sigma's rules use (Operation, ResultStatus, Workload, ObjectId,
// ...), flat; it carries the discriminator WebLogSourceField with the value
// "m365/audit"; internal/gen sets it.
//
// In Microsoft Sentinel (MAPPINGS §5) the Office 365 connector writes these
// records to OfficeActivity [AZ: the OfficeActivity table reference]. Only
// the columns whose name is the record's own are shaped: Operation ("the
// name of the user or admin activity") and ResultStatus. The table's names
// for the others differ (Workload is OfficeWorkload, ObjectId
// OfficeObjectId) or name another property (ApplicationId is SharePoint's
// application ID), and backends/kql/pipelines/sentinel.yml refuses rules on
// them. No Elastic data stream is modelled for it.

// M365AuditLogSource is the discriminator value of a raw Microsoft 365
// audit record.
const M365AuditLogSource = "m365/audit"

// sentinelOfficeRules are the OfficeActivity columns by raw name.
var sentinelOfficeRules = []rule{
	{"Operation", "Operation", toText},
	{"ResultStatus", "ResultStatus", toText},
}
