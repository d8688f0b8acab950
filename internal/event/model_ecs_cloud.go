package event

// CloudTrail records (model_sentinel_cloud.go) in ECS, as Elastic's AWS
// integration writes them to the aws.cloudtrail data stream: its ingest
// pipeline renames eventName to event.action, eventSource to
// event.provider, awsRegion to cloud.region, sourceIPAddress to
// source.address, userAgent to user_agent.original, userIdentity.* to
// aws.cloudtrail.user_identity.*, errorCode/errorMessage to
// aws.cloudtrail.error_code/error_message (event.outcome "failure" when
// there is an error code, else "success"), eventType to
// aws.cloudtrail.event_type, and keeps requestParameters and
// responseElements as JSON text in aws.cloudtrail.request_parameters and
// response_elements. event.dataset is "aws.cloudtrail".

var ecsCloudTrailRules = []rule{
	{"event.action", "eventName", toText},
	{"event.provider", "eventSource", toText},
	{"cloud.region", "awsRegion", toText},
	{"source.address", "sourceIPAddress", toText},
	{"user_agent.original", "userAgent", toText},
	{"aws.cloudtrail.error_code", "errorCode", toText},
	{"aws.cloudtrail.error_message", "errorMessage", toText},
	{"aws.cloudtrail.user_identity.type", "userIdentity.type", toText},
	{"aws.cloudtrail.user_identity.arn", "userIdentity.arn", toText},
	{"aws.cloudtrail.user_identity.session_context.session_issuer.type", "userIdentity.sessionContext.sessionIssuer.type", toText},
	{"aws.cloudtrail.event_type", "eventType", toText},
	{"aws.cloudtrail.request_parameters", "requestParameters", toText},
	{"aws.cloudtrail.response_elements", "responseElements", toText},
}

// Azure sign-in records in ECS, as Elastic's Azure Logs integration writes
// them to the azure.signinlogs data stream (the record's properties under
// azure.signinlogs.properties, snake_case; userAgent as
// user_agent.original). event.dataset is "azure.signinlogs".
var ecsSigninRules = []rule{
	{"azure.signinlogs.result_type", "ResultType", toText},
	{"azure.signinlogs.result_description", "ResultDescription", toText},
	{"azure.signinlogs.properties.authentication_requirement", "AuthenticationRequirement", toText},
	{"azure.signinlogs.properties.conditional_access_status", "conditionalAccessStatus", toText},
	{"azure.signinlogs.properties.risk_state", "RiskState", toText},
	{"azure.signinlogs.properties.resource_display_name", "ResourceDisplayName", toText},
	{"azure.signinlogs.properties.client_app_used", "ClientApp", toText},
	{"user_agent.original", "userAgent", toText},
	{"azure.signinlogs.properties.user_principal_name", "Username", toText},
}
