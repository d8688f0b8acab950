package event

// Azure activity log records (Sigma product azure, service activitylogs).
// The raw shape is flat, with the names Sigma's rules use: operationName
// (the operation's identifier, e.g. "Microsoft.Compute/virtualMachines/write"),
// CategoryValue, ResourceProviderValue and ResourceId. Like the other cloud
// records (model_sentinel_cloud.go) it carries the discriminator
// WebLogSourceField with the value "azure/activitylogs"; internal/gen sets it.
//
// In Microsoft Sentinel an activity record is an AzureActivity row [AZ: the
// AzureActivity table reference]: OperationNameValue holds the operation's
// identifier (OperationName its display name), CategoryValue,
// ResourceProviderValue and ResourceId are string columns.
// backends/kql/pipelines/sentinel.yml maps the same names.
//
// In ECS, Elastic's Azure integration writes the azure.activitylogs data
// stream: azure.activitylogs.operation_name holds the operation's
// identifier, azure.activitylogs.category the category, azure.resource.id
// the resource ID. Its resource provider field (azure.resource.provider,
// "MICROSOFT.RESOURCES/DEPLOYMENTS") is provider and type, not
// ResourceProviderValue, so that name is not shaped in ECS.

// ActivityLogsLogSource is the discriminator value of a raw Azure activity
// record.
const ActivityLogsLogSource = "azure/activitylogs"

// sentinelActivityRules are the AzureActivity columns by raw name. Sigma's
// rules name the operation's identifier operationName (the activity log
// schema's name) or OperationNameValue (the column's); a record holds one,
// and where a raw record has OperationNameValue the column is its value (the
// later rule wins).
var sentinelActivityRules = []rule{
	{"OperationNameValue", "operationName", toText},
	{"OperationNameValue", "OperationNameValue", toText},
	{"CategoryValue", "CategoryValue", toText},
	{"ResourceProviderValue", "ResourceProviderValue", toText},
	{"ResourceId", "ResourceId", toText},
}

// ecsActivityRules are the ECS fields by raw name; OperationNameValue, the
// Sentinel column's name of the operation's identifier, is
// azure.activitylogs.operation_name too (the later rule wins, as in
// sentinelActivityRules).
var ecsActivityRules = []rule{
	{"azure.activitylogs.operation_name", "operationName", toText},
	{"azure.activitylogs.operation_name", "OperationNameValue", toText},
	{"azure.activitylogs.category", "CategoryValue", toText},
	{"azure.resource.id", "ResourceId", toText},
}
