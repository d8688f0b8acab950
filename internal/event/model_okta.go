package event

// Okta system log events (Sigma product okta, service okta). The raw shape
// is flat, with the name Sigma's rules use, eventType, and the
// discriminator WebLogSourceField with the value "okta/okta";
// internal/gen sets it.
//
// In Microsoft Sentinel the Okta connector writes the custom table Okta_CL,
// the event type in the string column eventType_s (MAPPINGS §5 [SP]). No
// Elastic data stream is modelled for it: the ecs model has no record of it.

var sentinelOktaRules = []rule{
	{"eventType_s", "eventType", toText},
}
