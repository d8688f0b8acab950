package event

import "strings"

// Model reshapes a raw Sysmon/Windows-Security event (flat, Sigma field
// names, with EventID and Channel) the way a SIEM's ingest would.
//
// The raw convention: Sysmon EventData names (Image, CommandLine, …), EventID
// as a number or string, Channel "Microsoft-Windows-Sysmon/Operational" or
// "Security" (inferred from EventID when absent), optional Computer and
// UtcTime, and the flattened System fields that Decode produces.
type Model struct {
	Name string // registry key: sigma, splunk, cim, defender, sentinel, ecs
	Doc  string // one line: what the shaped event is and whose ingest it follows
	// Shape returns the event as the SIEM stores it. false: this SIEM has no
	// such record for this event (for example Sysmon image loads in CIM).
	// Shape never modifies raw.
	Shape func(raw Event) (Event, bool)
}

// models is the registry, in the order Models returns it. Citations in the
// model files use the source keys of MAPPINGS.md ([PS], [SC], [MD], [EI] …).
var models = []Model{
	{
		Name:  "sigma",
		Doc:   "the raw event unchanged: Sysmon/Windows field names, as Sigma rules are written",
		Shape: func(raw Event) (Event, bool) { return copyEvent(raw), true },
	},
	{
		Name:  "splunk",
		Doc:   "the raw event as Splunk indexes it with the Splunk Add-ons for Sysmon and Windows (source, sourcetype, EventCode, search-time CIM fields)",
		Shape: shapeSplunk,
	},
	{
		Name:  "cim",
		Doc:   "a Splunk CIM data model row (Endpoint.Processes/Filesystem/Registry, Network_Traffic, Network_Resolution), field names without the dataset prefix; _datamodel names the dataset",
		Shape: shapeCIM,
	},
	{
		Name:  "defender",
		Doc:   "a Microsoft Defender XDR advanced-hunting row (Device*Events), or a Sentinel SecurityEvent row for 4688; _table names the table",
		Shape: shapeDefender,
	},
	{
		Name:  "sentinel",
		Doc:   "a Microsoft Sentinel row: SecurityEvent for the Security channel (EventData fields as columns, EventID and LogonType numbers, Account DOMAIN\\user; its WindowsEvent row, as Windows Event Forwarding stores it, under _also), WindowsEvent for the other Windows channels (EventData a dynamic object of the Data names; a Sysmon 1 row holds its Security 4688 row under _also), and the web and cloud tables",
		Shape: shapeSentinel,
	},
	{
		Name:  "ecs",
		Doc:   "a nested ECS document as Elastic Agent's windows.sysmon_operational / system.security ingest pipelines write it",
		Shape: shapeECS,
	},
}

// Models returns every ingest model: sigma, splunk, cim, defender, sentinel, ecs.
func Models() []Model {
	return append([]Model(nil), models...)
}

// ModelByName finds a model by name, ignoring case.
func ModelByName(name string) (Model, bool) {
	for _, m := range models {
		if strings.EqualFold(m.Name, name) {
			return m, true
		}
	}
	return Model{}, false
}
