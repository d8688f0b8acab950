package event

import (
	"sort"
	"strconv"
	"strings"
)

// Cloud raw events (Sigma product aws, service cloudtrail). The raw shape is
// a CloudTrail record with the names Sigma's rules use (eventName,
// eventSource, awsRegion, sourceIPAddress, userAgent, errorCode,
// errorMessage, userIdentity.type, ...), flat: a nested name is one dotted
// key. A CloudTrail record names no Sigma log source, so, like the web
// events (model_web.go), it carries the discriminator WebLogSourceField
// ("_logsource") with the value "aws/cloudtrail"; internal/gen sets it.
//
// In Microsoft Sentinel (MAPPINGS §5) a CloudTrail record is an
// AWSCloudTrail row [AZ: the AWSCloudTrail table reference]: string columns
// holding the record's values; RequestParameters and ResponseElements hold
// the nested objects as JSON text (cloudTrailObjects builds it from a raw
// record's nested keys). backends/kql/pipelines/sentinel.yml maps
// the same names.

// CloudTrailLogSource is the discriminator value of a raw CloudTrail event.
const CloudTrailLogSource = "aws/cloudtrail"

// SigninLogsLogSource is the discriminator value of a raw Azure sign-in
// record (Sigma product azure, service signinlogs): the record's own
// property names, as Sigma's rules write them (ResultType,
// ResultDescription, AuthenticationRequirement, conditionalAccessStatus,
// RiskState, ResourceDisplayName, ClientApp, userAgent, Username).
const SigninLogsLogSource = "azure/signinlogs"

// cloudSource returns the raw event's cloud log source marker.
func cloudSource(raw Event) string {
	s, _ := String(raw[WebLogSourceField])
	return strings.ToLower(s)
}

// sentinelSigninRules are the SigninLogs columns (string columns [AZ: the
// SigninLogs reference]) by raw name; Status and NetworkLocationDetails are
// dynamic columns and not shaped, DeviceDetail is (signinDeviceDetail).
var sentinelSigninRules = []rule{
	{"ResultType", "ResultType", toText},
	{"ResultDescription", "ResultDescription", toText},
	{"AuthenticationRequirement", "AuthenticationRequirement", toText},
	{"ConditionalAccessStatus", "conditionalAccessStatus", toText},
	{"RiskState", "RiskState", toText},
	{"ResourceDisplayName", "ResourceDisplayName", toText},
	{"ClientAppUsed", "ClientApp", toText},
	{"UserAgent", "userAgent", toText},
	{"UserPrincipalName", "Username", toText},
}

// sentinelCloudTrailRules are the AWSCloudTrail columns by raw name.
var sentinelCloudTrailRules = []rule{
	{"EventName", "eventName", toText},
	{"EventSource", "eventSource", toText},
	{"AWSRegion", "awsRegion", toText},
	{"SourceIpAddress", "sourceIPAddress", toText},
	{"UserAgent", "userAgent", toText},
	{"ErrorCode", "errorCode", toText},
	{"ErrorMessage", "errorMessage", toText},
	{"UserIdentityType", "userIdentity.type", toText},
	{"UserIdentityArn", "userIdentity.arn", toText},
	{"SessionIssuerType", "userIdentity.sessionContext.sessionIssuer.type", toText},
	{"EventTypeName", "eventType", toText},
	{"RequestParameters", "requestParameters", toText},
	{"ResponseElements", "responseElements", toText},
	{"AdditionalEventData", "additionalEventData", toText},
}

// cloudTrailObjectColumns are the objects of a CloudTrail record that an
// AWSCloudTrail row holds as JSON text, by raw name.
var cloudTrailObjectColumns = []struct{ raw, column string }{
	{"requestParameters", "RequestParameters"},
	{"responseElements", "ResponseElements"},
	{"additionalEventData", "AdditionalEventData"},
}

// cloudTrailObjects writes the nested keys of a raw record (flat:
// "requestParameters.bucketName") as the JSON text of their object (see
// objectText), where the record has no whole value for it.
func cloudTrailObjects(raw, row Event) {
	for _, o := range cloudTrailObjectColumns {
		if s, ok := objectText(raw, o.raw); ok {
			row[o.column] = s
		}
	}
}

// sortedEventKeys returns the keys of an event in order.
func sortedEventKeys(e Event) []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// deviceDetailKeys are the properties of the SigninLogs dynamic column
// DeviceDetail, Microsoft Graph's deviceDetail resource [AZ: the SigninLogs
// reference; Graph: deviceDetail resource type], and whether each is a
// Boolean (the others are strings).
var deviceDetailKeys = []struct {
	key     string
	boolean bool
}{
	{"browser", false}, {"deviceId", false}, {"displayName", false},
	{"isCompliant", true}, {"isManaged", true}, {"operatingSystem", false},
	{"trustType", false},
}

// signinDeviceDetail builds the DeviceDetail object of a SigninLogs row from
// the raw record's keys DeviceDetail.<property>. A Boolean property written
// "true" or "false" is a JSON Boolean, as Entra ID writes it; other text is
// kept as the string it is.
func signinDeviceDetail(raw, row Event) {
	obj := map[string]any{}
	for _, k := range deviceDetailKeys {
		s, ok := String(raw["DeviceDetail."+k.key])
		if !ok {
			continue
		}
		obj[k.key] = s
		if b, err := strconv.ParseBool(s); k.boolean && err == nil && strconv.FormatBool(b) == s {
			obj[k.key] = b
		}
	}
	if len(obj) > 0 {
		row["DeviceDetail"] = obj
	}
}
