package event

// Google Workspace admin and login records (the raw shapes and the ECS
// documents are in model_ecs_cloud.go) in Microsoft Sentinel: the Google
// Workspace (Reports API) connector writes each application to its custom
// table, GWorkspace_ReportsAPI_admin_CL and GWorkspace_ReportsAPI_login_CL,
// whose parser GWorkspaceActivityReports reads the event's name from
// event_name_s and the admin event's parameters from their (upper-case)
// names suffixed _s, strings: SETTING_NAME_s, NEW_VALUE_s (Azure/Azure-
// Sentinel Solutions/GoogleWorkspaceReports/Parsers/
// GWorkspaceActivityReports.yaml). The service (eventService,
// protoPayload.serviceName) is the table's application and no column.
// backends/kql/pipelines/sentinel.yml maps the same names.

var (
	sentinelGoogleWorkspaceAdminRules = []rule{
		{"event_name_s", "eventName", toText},
		{"SETTING_NAME_s", "setting_name", toText},
		{"NEW_VALUE_s", "new_value", toText},
	}
	sentinelGoogleWorkspaceLoginRules = []rule{
		{"event_name_s", "protoPayload.metadata.event.eventName", toText},
	}
)
