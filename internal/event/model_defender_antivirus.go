package event

import "encoding/json"

// Antivirus detections (Sigma category antivirus, which names no product):
// the raw record has the taxonomy's names, Signature (the name of the
// detected threat) and Filename (the full path of the detected file), and
// carries the discriminator WebLogSourceField with the value "antivirus";
// internal/gen sets it.
//
// Microsoft Defender XDR records its antivirus's detections in DeviceEvents
// with ActionType AntivirusDetection, the threat's name inside the
// AdditionalFields JSON text as ThreatName [MQ: Microsoft's hunting query
// "Antivirus detections", tostring(parse_json(AdditionalFields).ThreatName)]
// and the detected file in FileName and FolderPath (FolderPath the full path
// with the file name, as in every Device* table, MAPPINGS 1a).

// AntivirusLogSource is the discriminator value of a raw antivirus
// detection.
const AntivirusLogSource = "antivirus"

// mdeAntivirusRules are the DeviceEvents columns of a detection by raw name.
var mdeAntivirusRules = []rule{
	{"FolderPath", "Filename", nil},
	{"FileName", "Filename", toBase},
}

// shapeDefenderAntivirus shapes a raw antivirus detection into a
// DeviceEvents row; ok is false for any other record.
func shapeDefenderAntivirus(raw Event) (Event, bool) {
	if cloudSource(raw) != AntivirusLogSource {
		return nil, false
	}
	out := Event{"_table": "DeviceEvents", "ActionType": "AntivirusDetection"}
	applyRules(raw, mdeAntivirusRules, func(k string, v any) { out[k] = v })
	if name, ok := String(raw["Signature"]); ok {
		b, _ := json.Marshal(map[string]string{"ThreatName": name})
		out["AdditionalFields"] = string(b)
	}
	return out, true
}
