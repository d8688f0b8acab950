package event

// GitHub audit log entries (Sigma product github, service audit; the raw
// shape and its ECS document are in model_ecs_cloud.go) in Microsoft
// Sentinel: the GitHub audit log polling connector writes the custom table
// GitHubAuditLogPolling_CL, whose parser GitHubAuditData reads the entry's
// own names suffixed with the type, strings: action_s, actor_s, org_s,
// repo_s (Azure/Azure-Sentinel Solutions/GitHub/Parsers/GitHubAuditData.yaml).
// backends/kql/pipelines/sentinel.yml maps the same names.

var sentinelGitHubAuditRules = []rule{
	{"action_s", "action", toText},
	{"actor_s", "actor", toText},
	{"org_s", "org", toText},
	{"repo_s", "repo", toText},
}
