package event

// Microsoft Entra ID Protection risk detections (Sigma product azure,
// service riskdetection). The raw shape is flat, with the name Sigma's rules
// use, riskEventType, and the discriminator WebLogSourceField with the value
// "azure/riskdetection"; internal/gen sets it.
//
// In Microsoft Sentinel a risk detection is an AADUserRiskEvents row
// (MAPPINGS §5; [AZ]: the AADUserRiskEvents table reference), RiskEventType
// a string column. No Elastic data stream is modelled for it: the ecs model
// has no record of it.

var sentinelRiskRules = []rule{
	{"RiskEventType", "riskEventType", toText},
}
