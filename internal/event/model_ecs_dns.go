package event

// Generic DNS query logs (Sigma category dns, no product): one query with
// the names Sigma's taxonomy uses (query, answer, record_type). It carries
// the discriminator WebLogSourceField with the value "dns"; internal/gen
// sets it.
//
// In ECS every DNS source writes the queried name to dns.question.name
// [ECS dns fields: "The name being queried"], with event.category network:
// Elastic's Network Packet Capture integration (network_traffic.dns data
// stream, modelled here), Zeek's dns log, Sysmon's DNS query event.
// answer and record_type are not shaped: ECS splits answers into
// dns.answers.* objects.

// DNSLogSource is the discriminator value of a raw DNS query record.
const DNSLogSource = "dns"

var ecsDNSRules = []rule{
	{"dns.question.name", "query", toText},
}

// dnsCategory sets the ECS category of a DNS event.
func dnsCategory(_ map[string]any, doc Event) {
	setPath(doc, "event.category", []any{"network"})
}
