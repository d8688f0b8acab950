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

// OktaLogSource is the discriminator value of a raw Okta System Log event
// (Sigma product okta, service okta): the event's own names as Sigma's
// rules write them (eventType, displayMessage, outcome.result, ...), a
// nested name one dotted key.
const OktaLogSource = "okta/okta"

// Okta System Log events in ECS, as Elastic's Okta integration writes them
// to the okta.system data stream [exported fields "okta"]: okta.event_type
// (also event.action), okta.display_message, okta.outcome.result and
// okta.outcome.reason, okta.security_context.is_proxy (a boolean) and
// okta.debug_context.debug_data.request_uri. event.dataset is "okta.system".
var ecsOktaRules = []rule{
	{"okta.event_type", "eventType", toText},
	{"event.action", "eventType", toText},
	{"okta.display_message", "displayMessage", toText},
	{"okta.outcome.result", "outcome.result", toText},
	{"okta.outcome.reason", "outcome.reason", toText},
	{"okta.security_context.is_proxy", "securityContext.isProxy", ecsBool},
	{"okta.debug_context.debug_data.request_uri", "debugContext.debugData.requestUri", toText},
}

// GCPAuditLogSource is the discriminator value of a raw Google Cloud audit
// log record (Sigma product gcp, service gcp.audit). Sigma's rules name the
// method with Elastic's own field, gcp.audit.method_name.
const GCPAuditLogSource = "gcp/gcp.audit"

// Google Cloud audit records in ECS, as Elastic's GCP integration writes
// them to the gcp.audit data stream: protoPayload.methodName in
// gcp.audit.method_name and event.action, serviceName in
// gcp.audit.service_name. event.dataset is "gcp.audit".
var ecsGCPAuditRules = []rule{
	{"gcp.audit.method_name", "gcp.audit.method_name", toText},
	{"event.action", "gcp.audit.method_name", toText},
	{"gcp.audit.service_name", "gcp.audit.service_name", toText},
}

// RiskDetectionLogSource is the discriminator value of a raw Entra ID
// Protection risk detection (Sigma product azure, service riskdetection),
// with the names Sigma's rules use (riskEventType).
const RiskDetectionLogSource = "azure/riskdetection"

// Risk detections in ECS, as Elastic's Azure integration writes them to the
// azure.identity_protection data stream: the record's properties snake_case
// under azure.identityprotection.properties.
var ecsRiskDetectionRules = []rule{
	{"azure.identityprotection.properties.risk_event_type", "riskEventType", toText},
}

// GitHubAuditLogSource is the discriminator value of a raw GitHub audit
// log entry (Sigma product github, service audit), with its own names
// (action).
const GitHubAuditLogSource = "github/audit"

// GitHub audit entries in ECS, as Elastic's GitHub integration writes them
// to the github.audit data stream: the action in event.action (Elastic's
// own rules: event.dataset == "github.audit" and event.action == "repo.create").
var ecsGitHubAuditRules = []rule{
	{"event.action", "action", toText},
}

// KubernetesAuditLogSource is the discriminator value of a raw Kubernetes
// API server audit event (Sigma product kubernetes, service audit), with
// its own names (verb, objectRef.resource, ...), a nested name one dotted
// key.
const KubernetesAuditLogSource = "kubernetes/audit"

// Kubernetes audit events in ECS, as Elastic's Kubernetes integration
// writes them to the kubernetes.audit_logs data stream: the event's own
// names kept under kubernetes.audit (kubernetes.audit.verb,
// kubernetes.audit.objectRef.resource, ...); responseStatus.code is an
// integer there [exported fields: kubernetes.audit.responseStatus.code,
// integer], so a value that is no number is not stored.
var ecsKubernetesAuditRules = []rule{
	{"kubernetes.audit.verb", "verb", toText},
	{"kubernetes.audit.objectRef.resource", "objectRef.resource", toText},
	{"kubernetes.audit.objectRef.subresource", "objectRef.subresource", toText},
	{"kubernetes.audit.objectRef.namespace", "objectRef.namespace", toText},
	{"kubernetes.audit.objectRef.apiGroup", "objectRef.apiGroup", toText},
	{"kubernetes.audit.requestURI", "requestURI", toText},
	{"kubernetes.audit.userAgent", "userAgent", toText},
	{"kubernetes.audit.responseStatus.code", "responseStatus.code", toLong},
}

// BitbucketAuditLogSource is the discriminator value of a raw Bitbucket
// audit log entry (Sigma product bitbucket, service audit), with its own
// names (auditType.category, auditType.action).
const BitbucketAuditLogSource = "bitbucket/audit"

// Bitbucket audit entries in ECS, as Elastic's Atlassian Bitbucket
// integration writes them to the atlassian_bitbucket.audit data stream
// [exported fields: bitbucket.audit.type.category, .action].
var ecsBitbucketAuditRules = []rule{
	{"bitbucket.audit.type.category", "auditType.category", toText},
	{"bitbucket.audit.type.action", "auditType.action", toText},
}

// Zeek logs (Sigma product zeek, one service per log) carry the
// discriminator "zeek/<log>" and Zeek's own field names. Elastic's Zeek
// integration writes each log to the zeek.<log> data stream with the
// fields under zeek.<log> [exported fields "zeek"]: zeek.dce_rpc.endpoint
// and .operation, zeek.smb_files.name and .path, zeek.dns.query,
// .qtype_name, .answers (Zeek's list, kept as it is) and the boolean
// .rejected. The dns pipeline renames id.resp_p to destination.port (an
// ECS long) and removes Z, which no rule can therefore read.
const (
	ZeekDCERPCLogSource   = "zeek/dce_rpc"
	ZeekSMBFilesLogSource = "zeek/smb_files"
	ZeekDNSLogSource      = "zeek/dns"
)

var (
	ecsZeekDCERPCRules = []rule{
		{"zeek.dce_rpc.endpoint", "endpoint", toText},
		{"zeek.dce_rpc.operation", "operation", toText},
	}
	ecsZeekSMBFilesRules = []rule{
		{"zeek.smb_files.name", "name", toText},
		{"zeek.smb_files.path", "path", toText},
	}
	ecsZeekDNSRules = []rule{
		{"zeek.dns.query", "query", toText},
		{"zeek.dns.qtype_name", "qtype_name", toText},
		{"zeek.dns.answers", "answers", nil}, // a list stays a list
		{"zeek.dns.rejected", "rejected", ecsBool},
		{"destination.port", "id.resp_p", toLong},
	}
)

// GoogleWorkspaceAdminLogSource is the discriminator value of a raw Google
// Workspace admin activity record (Sigma product gcp, service
// google_workspace.admin), with the names Sigma's rules use: eventService
// (always admin.googleapis.com), eventName, setting_name, new_value.
const GoogleWorkspaceAdminLogSource = "gcp/google_workspace.admin"

// Google Workspace admin records in ECS, as Elastic's Google Workspace
// integration writes them to the google_workspace.admin data stream: the
// event name in event.action, the setting under google_workspace.admin
// (Elastic's own rules: event.dataset:"google_workspace.admin" and
// event.action:... and google_workspace.admin.setting.name:...).
var ecsGoogleWorkspaceAdminRules = []rule{
	{"event.action", "eventName", toText},
	{"google_workspace.admin.setting.name", "setting_name", toText},
	{"google_workspace.admin.new_value", "new_value", toText},
}

// GoogleWorkspaceLoginLogSource is the discriminator value of a raw Google
// Workspace login audit record (Sigma product gcp, service
// google_workspace.login) as Google Cloud's audit logs carry it, with the
// names Sigma's rules use: protoPayload.serviceName (always
// login.googleapis.com) and protoPayload.metadata.event.eventName.
const GoogleWorkspaceLoginLogSource = "gcp/google_workspace.login"

// Google Workspace login records in ECS, as Elastic's Google Workspace
// integration writes them to the google_workspace.login data stream: its
// pipeline renames the event's name (events.name) to event.action. Every
// record of the data stream is of the login application.
var ecsGoogleWorkspaceLoginRules = []rule{
	{"event.action", "protoPayload.metadata.event.eventName", toText},
}
