package event

// cloudLog is one cloud log source as data: the marker of its raw records,
// the Microsoft Sentinel table and columns it lands in, and the Elastic data
// stream and fields its integration writes. Each table of rules sits beside
// the sources it cites (model_sentinel_cloud.go, model_ecs_cloud.go,
// model_azure_*.go).
type cloudLog struct {
	source   string // raw marker (the _logsource field)
	table    string // Sentinel table
	columns  []rule // Sentinel columns by raw name
	dataset  string // Elastic event.dataset; "" when no data stream is modelled
	provider string // ECS cloud.provider
	fields   []rule // ECS fields by raw name
	// ecsExtra adds what a rule table cannot say (CloudTrail's
	// event.outcome); nil when there is nothing.
	ecsExtra func(data map[string]any, doc Event)
	// sentinelExtra does the same for the Sentinel row (CloudTrail's
	// nested objects as JSON text); nil when there is nothing.
	sentinelExtra func(raw, row Event)
}

// cloudLogs are the cloud log sources the models know.
var cloudLogs = []cloudLog{
	{source: CloudTrailLogSource, table: "AWSCloudTrail", columns: sentinelCloudTrailRules, sentinelExtra: cloudTrailObjects,
		dataset: "aws.cloudtrail", provider: "aws", fields: ecsCloudTrailRules, ecsExtra: cloudTrailOutcome},
	{source: SigninLogsLogSource, table: "SigninLogs", columns: sentinelSigninRules, sentinelExtra: signinDeviceDetail,
		dataset: "azure.signinlogs", provider: "azure", fields: ecsSigninRules},
	{source: ActivityLogsLogSource, table: "AzureActivity", columns: sentinelActivityRules,
		dataset: "azure.activitylogs", provider: "azure", fields: ecsActivityRules},
	{source: AuditLogsLogSource, table: "AuditLogs", columns: sentinelAuditRules,
		dataset: "azure.auditlogs", provider: "azure", fields: ecsAuditRules},
	{source: OktaLogSource, table: "Okta_CL", columns: sentinelOktaRules, sentinelExtra: oktaDebugData,
		dataset: "okta.system", provider: "okta", fields: ecsOktaRules},
	{source: GCPAuditLogSource, table: "GCPAuditLogs", columns: sentinelGCPAuditRules,
		dataset: "gcp.audit", provider: "gcp", fields: ecsGCPAuditRules},
	{source: RiskDetectionLogSource, table: "AADUserRiskEvents", columns: sentinelRiskRules,
		dataset: "azure.identity_protection", provider: "azure", fields: ecsRiskDetectionRules},
	{source: AuditdLogSource, table: "LinuxAuditLog", columns: sentinelAuditdRules,
		dataset: "auditd.log", fields: ecsAuditdRules, ecsExtra: auditdRecord},
	{source: LinuxSyslogLogSource, table: "Syslog", columns: sentinelSyslogRules},
	{source: M365AuditLogSource, table: "OfficeActivity", columns: sentinelOfficeRules},
	{source: KubernetesAuditLogSource, table: "AKSAudit", columns: sentinelAKSAuditRules, sentinelExtra: aksDynamic,
		dataset: "kubernetes.audit_logs", provider: "kubernetes", fields: ecsKubernetesAuditRules},
	{source: GitHubAuditLogSource, table: "GitHubAuditLogPolling_CL", columns: sentinelGitHubAuditRules,
		dataset: "github.audit", provider: "github", fields: ecsGitHubAuditRules},
	{source: ZeekDCERPCLogSource, table: "Corelight_v2_dce_rpc_CL", columns: sentinelZeekDCERPCRules,
		dataset: "zeek.dce_rpc", fields: ecsZeekDCERPCRules},
	{source: ZeekSMBFilesLogSource, table: "Corelight_v2_smb_files_CL", columns: sentinelZeekSMBFilesRules,
		dataset: "zeek.smb_files", fields: ecsZeekSMBFilesRules},
	{source: ZeekHTTPLogSource, table: "Corelight_v2_http_CL", columns: sentinelZeekHTTPRules,
		dataset: "zeek.http", fields: ecsZeekHTTPRules, ecsExtra: zeekHTTPHostAgent},
	{source: ZeekDNSLogSource, table: "Corelight_v2_dns_CL", columns: sentinelZeekDNSRules,
		dataset: "zeek.dns", fields: ecsZeekDNSRules},
	{source: GoogleWorkspaceAdminLogSource, table: "GWorkspace_ReportsAPI_admin_CL", columns: sentinelGoogleWorkspaceAdminRules,
		dataset: "google_workspace.admin", provider: "google_workspace", fields: ecsGoogleWorkspaceAdminRules},
	{source: GoogleWorkspaceLoginLogSource, table: "GWorkspace_ReportsAPI_login_CL", columns: sentinelGoogleWorkspaceLoginRules,
		dataset: "google_workspace.login", provider: "google_workspace", fields: ecsGoogleWorkspaceLoginRules},
	{source: ZeekKerberosLogSource, table: "Corelight_v2_kerberos_CL", columns: sentinelZeekKerberosRules,
		dataset: "zeek.kerberos", fields: ecsZeekKerberosRules},
	{source: ZeekRDPLogSource, table: "Corelight_v2_rdp_CL", columns: sentinelZeekRDPRules,
		dataset: "zeek.rdp", fields: ecsZeekRDPRules},
	{source: ZeekX509LogSource, table: "Corelight_v2_x509_CL", columns: sentinelZeekX509Rules,
		dataset: "zeek.x509", fields: ecsZeekX509Rules},
	{source: DNSLogSource, table: "ASimDnsActivityLogs", columns: sentinelDNSRules,
		dataset: "network_traffic.dns", fields: ecsDNSRules, ecsExtra: dnsCategory},
	// No Sentinel table is modelled for these (no KQL pipeline takes them).
	{source: BitbucketAuditLogSource, dataset: "atlassian_bitbucket.audit", provider: "bitbucket", fields: ecsBitbucketAuditRules},
	{source: FortiGateEventLogSource, dataset: "fortinet_fortigate.log", fields: ecsFortiGateEventRules, ecsExtra: fortiGateEvent},
}

// cloudLogOf finds the cloud log source of a raw record.
func cloudLogOf(raw Event) (*cloudLog, bool) {
	src := cloudSource(raw)
	for i := range cloudLogs {
		if cloudLogs[i].source == src {
			return &cloudLogs[i], true
		}
	}
	return nil, false
}

// sentinelRow shapes a raw record into a row of the source's Sentinel table.
func (c *cloudLog) sentinelRow(raw Event) Event {
	out := Event{"_table": c.table, "Type": c.table}
	applyRules(raw, c.columns, func(k string, v any) { out[k] = v })
	if c.sentinelExtra != nil {
		c.sentinelExtra(raw, out)
	}
	return out
}

// ecsDoc shapes a raw record into a document of the source's Elastic data
// stream; the integrations drop empty values.
func (c *cloudLog) ecsDoc(raw Event) Event {
	data := nonEmptyCopy(raw)
	doc := Event{}
	setPath(doc, "event.kind", "event")
	setPath(doc, "event.dataset", c.dataset)
	if c.provider != "" { // Zeek logs name no cloud
		setPath(doc, "cloud.provider", c.provider)
	}
	if c.ecsExtra != nil {
		c.ecsExtra(data, doc)
	}
	applyRules(data, c.fields, func(k string, v any) { setPath(doc, k, v) })
	return doc
}

// cloudTrailOutcome sets event.outcome from errorCode, as Elastic's
// CloudTrail pipeline does.
func cloudTrailOutcome(data map[string]any, doc Event) {
	outcome := "success"
	if s, ok := String(data["errorCode"]); ok && s != "" {
		outcome = "failure"
	}
	setPath(doc, "event.outcome", outcome)
}
