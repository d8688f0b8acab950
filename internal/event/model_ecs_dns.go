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
//
// In Microsoft Sentinel the normalized DNS table ASimDnsActivityLogs holds
// them [AZ: the ASimDnsActivityLogs reference; ASIM DNS schema,
// MicrosoftDocs/azure-docs articles/sentinel/normalization-schema-dns.md],
// written by the Windows DNS Events via AMA connector and other ASIM DNS
// sources: DnsQuery "the domain that the request tries to resolve", without
// the final dot the DNS protocol writes ("which must be removed"; example
// www.malicious.com), and DnsQueryTypeName the record type's IANA name
// (AAAA, TXT). Sigma's query has no final dot either (the rules' values:
// api.telegram.org), so the value is copied as is. answer is not shaped:
// DnsResponseName is "the content of the response", whose structure
// "may vary between different reporting devices".

// DNSLogSource is the discriminator value of a raw DNS query record.
const DNSLogSource = "dns"

var ecsDNSRules = []rule{
	{"dns.question.name", "query", toText},
}

// sentinelDNSRules are the ASimDnsActivityLogs columns by raw name.
var sentinelDNSRules = []rule{
	{"DnsQuery", "query", toText},
	{"DnsQueryTypeName", "record_type", toText},
}

// dnsCategory sets the ECS category of a DNS event.
func dnsCategory(_ map[string]any, doc Event) {
	setPath(doc, "event.category", []any{"network"})
}
