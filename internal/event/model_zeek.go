package event

// Zeek logs (the raw shape and the ECS documents are in
// model_ecs_cloud.go and model_ecs_zeek_http.go) in Microsoft Sentinel:
// Corelight's connector writes each log to the custom table
// Corelight_v2_<log>_CL, a field's column its Zeek name with "." written
// "_" and suffixed with the type, _s for a string (id.orig_h is
// id_orig_h_s), as the connector's ASIM parsers read them (Azure/Azure-
// Sentinel Solutions/Corelight/Parsers/ASIM_Corelight_<log>.txt). Only the
// string fields of one value are shaped; backends/kql/pipelines/sentinel.yml
// maps the same names.

// More Zeek logs, carrying the discriminator "zeek/<log>" and Zeek's own
// names. Elastic's Zeek integration writes them to the zeek.<log> data
// streams [each log's ingest pipeline; exported fields "zeek"]: kerberos
// keeps request_type, cipher, service and client under zeek.kerberos; x509
// expands certificate.serial to zeek.x509.certificate.serial; rdp keeps
// cookie and result under zeek.rdp and renames id.orig_h and id.resp_h to
// source.address and destination.address, copied to the ip fields
// source.ip and destination.ip.
const (
	ZeekKerberosLogSource = "zeek/kerberos"
	ZeekRDPLogSource      = "zeek/rdp"
	ZeekX509LogSource     = "zeek/x509"
)

var (
	sentinelZeekDCERPCRules = []rule{
		{"endpoint_s", "endpoint", toText},
		{"operation_s", "operation", toText},
		{"named_pipe_s", "named_pipe", toText},
		{"id_orig_h_s", "id.orig_h", toText},
		{"id_resp_h_s", "id.resp_h", toText},
	}
	sentinelZeekSMBFilesRules = []rule{
		{"action_s", "action", toText},
		{"path_s", "path", toText},
		{"name_s", "name", toText},
		{"prev_name_s", "prev_name", toText},
		{"id_orig_h_s", "id.orig_h", toText},
		{"id_resp_h_s", "id.resp_h", toText},
	}
	sentinelZeekDNSRules = []rule{
		{"query_s", "query", toText},
		{"qtype_name_s", "qtype_name", toText},
		{"rcode_name_s", "rcode_name", toText},
		{"id_orig_h_s", "id.orig_h", toText},
		{"id_resp_h_s", "id.resp_h", toText},
	}
	sentinelZeekHTTPRules = []rule{
		{"method_s", "method", toText},
		{"host_s", "host", toText},
		{"uri_s", "uri", toText},
		{"user_agent_s", "user_agent", toText},
		{"referrer_s", "referrer", toText},
		{"id_orig_h_s", "id.orig_h", toText},
		{"id_resp_h_s", "id.resp_h", toText},
	}
	sentinelZeekKerberosRules = []rule{
		{"request_type_s", "request_type", toText},
		{"cipher_s", "cipher", toText},
		{"service_s", "service", toText},
		{"client_s", "client", toText},
		{"id_orig_h_s", "id.orig_h", toText},
		{"id_resp_h_s", "id.resp_h", toText},
	}
	sentinelZeekRDPRules = []rule{
		{"cookie_s", "cookie", toText},
		{"result_s", "result", toText},
		{"id_orig_h_s", "id.orig_h", toText},
		{"id_resp_h_s", "id.resp_h", toText},
	}
	sentinelZeekX509Rules = []rule{
		{"certificate_serial_s", "certificate.serial", toText},
		{"certificate_subject_s", "certificate.subject", toText},
		{"certificate_issuer_s", "certificate.issuer", toText},
	}
)

var (
	ecsZeekKerberosRules = []rule{
		{"zeek.kerberos.request_type", "request_type", toText},
		{"zeek.kerberos.cipher", "cipher", toText},
		{"zeek.kerberos.service", "service", toText},
		{"zeek.kerberos.client", "client", toText},
	}
	ecsZeekRDPRules = []rule{
		{"zeek.rdp.cookie", "cookie", toText},
		{"zeek.rdp.result", "result", toText},
		{"source.ip", "id.orig_h", ecsToIP},
		{"destination.ip", "id.resp_h", ecsToIP},
	}
	ecsZeekX509Rules = []rule{
		{"zeek.x509.certificate.serial", "certificate.serial", toText},
	}
)
