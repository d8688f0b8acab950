package event

import "net/url"

// Zeek http.log records (Sigma product zeek, service http), with Zeek's
// names (method, uri, host, user_agent, resp_mime_types, id.resp_h, ...),
// marked "zeek/http".
//
// Elastic's Zeek integration writes them to the zeek.http data stream
// [its http ingest pipeline]: method to http.request.method, id.resp_h and
// id.orig_h to destination.ip and source.ip (ip fields), uri through
// uri_parts (url.original keeps the whole value), host to url.domain and
// then user_agent to user_agent.original; resp_mime_types stays
// zeek.http.resp_mime_types. An absolute uri gives url.domain already, so
// the rename of host fails and the pipeline stops: host and user_agent
// stay under zeek.http.

// ZeekHTTPLogSource is the discriminator value of a raw http.log record.
const ZeekHTTPLogSource = "zeek/http"

var ecsZeekHTTPRules = []rule{
	{"http.request.method", "method", toText},
	{"url.original", "uri", toText},
	{"zeek.http.resp_mime_types", "resp_mime_types", toText},
	{"destination.ip", "id.resp_h", ecsToIP},
	{"source.ip", "id.orig_h", ecsToIP},
}

// zeekHTTPStops reports whether the pipeline stops at the rename of host:
// there is a host and uri_parts took a domain from an absolute uri.
func zeekHTTPStops(data map[string]any) bool {
	host, _ := String(data["host"])
	uri, _ := String(data["uri"])
	if host == "" || uri == "" {
		return false
	}
	u, err := url.Parse(uri)
	return err == nil && u.Hostname() != ""
}

// zeekHTTPHostAgent writes host and user_agent where the pipeline leaves them.
func zeekHTTPHostAgent(data map[string]any, doc Event) {
	agent, hasAgent := String(data["user_agent"])
	host, hasHost := String(data["host"])
	if zeekHTTPStops(data) {
		setPath(doc, "zeek.http.host", host)
		if hasAgent {
			setPath(doc, "zeek.http.user_agent", agent)
		}
		return
	}
	if hasHost {
		setPath(doc, "url.domain", host)
	}
	if hasAgent {
		setPath(doc, "user_agent.original", agent)
	}
}
