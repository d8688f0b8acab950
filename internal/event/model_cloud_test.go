package event

import "testing"

func TestCloudTrailModels(t *testing.T) {
	raw := Event{
		WebLogSourceField:   CloudTrailLogSource,
		"eventName":         "CreateAccessKey",
		"eventSource":       "iam.amazonaws.com",
		"userIdentity.type": "IAMUser",
		"errorCode":         "AccessDenied",
		"requestParameters": `{"userName":"bob"}`,
	}
	s, ok := shapeSentinel(raw)
	if !ok || s["_table"] != "AWSCloudTrail" || s["EventName"] != "CreateAccessKey" || s["UserIdentityType"] != "IAMUser" || s["RequestParameters"] != `{"userName":"bob"}` {
		t.Errorf("sentinel: %v %v", s, ok)
	}
	e, ok := shapeECS(raw)
	if !ok {
		t.Fatal("ecs: not shaped")
	}
	ev := e["event"].(map[string]any)
	if ev["action"] != "CreateAccessKey" || ev["provider"] != "iam.amazonaws.com" || ev["dataset"] != "aws.cloudtrail" || ev["outcome"] != "failure" {
		t.Errorf("ecs event: %v", ev)
	}
	ui := e["aws"].(map[string]any)["cloudtrail"].(map[string]any)["user_identity"].(map[string]any)
	if ui["type"] != "IAMUser" {
		t.Errorf("ecs user_identity: %v", ui)
	}
	if _, ok := shapeSentinel(Event{"eventName": "x"}); ok {
		t.Error("an unmarked record is no CloudTrail row")
	}
}

func TestActivityLogsModels(t *testing.T) {
	raw := Event{
		WebLogSourceField:       ActivityLogsLogSource,
		"operationName":         "Microsoft.Compute/virtualMachines/write",
		"CategoryValue":         "Administrative",
		"ResourceProviderValue": "Microsoft.Compute",
	}
	s, ok := shapeSentinel(raw)
	if !ok || s["_table"] != "AzureActivity" || s["OperationNameValue"] != "Microsoft.Compute/virtualMachines/write" || s["ResourceProviderValue"] != "Microsoft.Compute" {
		t.Errorf("sentinel: %v %v", s, ok)
	}
	e, ok := shapeECS(raw)
	if !ok {
		t.Fatal("ecs: not shaped")
	}
	al := e["azure"].(map[string]any)["activitylogs"].(map[string]any)
	if al["operation_name"] != "Microsoft.Compute/virtualMachines/write" || al["category"] != "Administrative" || e["event"].(map[string]any)["dataset"] != "azure.activitylogs" {
		t.Errorf("ecs: %v", e)
	}
}

func TestRiskDetectionModels(t *testing.T) {
	raw := Event{WebLogSourceField: RiskDetectionLogSource, "riskEventType": "leakedCredentials"}
	s, ok := shapeSentinel(raw)
	if !ok || s["_table"] != "AADUserRiskEvents" || s["RiskEventType"] != "leakedCredentials" {
		t.Errorf("sentinel: %v %v", s, ok)
	}
	if e, ok := shapeECS(raw); !ok || e["event"].(map[string]any)["dataset"] != "azure.identity_protection" {
		t.Errorf("ecs: %v %v", e, ok)
	}
}

func TestGCPAuditModels(t *testing.T) {
	raw := Event{WebLogSourceField: GCPAuditLogSource, "gcp.audit.method_name": "v1.compute.instances.delete"}
	s, ok := shapeSentinel(raw)
	if !ok || s["_table"] != "GCPAuditLogs" || s["MethodName"] != "v1.compute.instances.delete" {
		t.Errorf("sentinel: %v %v", s, ok)
	}
	if e, ok := shapeECS(raw); !ok || e["event"].(map[string]any)["dataset"] != "gcp.audit" {
		t.Errorf("ecs: %v %v", e, ok)
	}
}

func TestOktaModels(t *testing.T) {
	raw := Event{WebLogSourceField: OktaLogSource, "eventType": "user.mfa.factor.deactivate"}
	s, ok := shapeSentinel(raw)
	if !ok || s["_table"] != "Okta_CL" || s["eventType_s"] != "user.mfa.factor.deactivate" {
		t.Errorf("sentinel: %v %v", s, ok)
	}
	if e, ok := shapeECS(raw); !ok || e["event"].(map[string]any)["dataset"] != "okta.system" {
		t.Errorf("ecs: %v %v", e, ok)
	}
}
