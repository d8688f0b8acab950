package event

import "strings"

// Web raw events (Sigma category webserver and proxy). The raw shape is a
// W3C extended log line with the field names Sigma's taxonomy uses (c-uri,
// c-uri-query, c-uri-stem, cs-uri-query, cs-uri-stem, cs-method, sc-status,
// c-useragent, cs-host, c-ip, cs-referer, cs-cookie), flat, without EventID
// or Channel. A W3C line names no log source of its own, so the raw event
// carries one discriminator field, WebLogSourceField, whose value is the
// Sigma category ("webserver" or "proxy"); internal/gen sets it. Events
// without it are no web events to any model.
//
// Mappings (MAPPINGS §4 Web, pySigma's proxy -> Web.Proxy note; §5
// Sentinel): CIM Web.Web url, uri_path, uri_query, http_method, status,
// http_user_agent, dest, src, http_referrer, cookie; ECS url.*, http.*,
// user_agent.original, destination.domain, source.ip.

// WebLogSourceField names the raw web event's log source (its Sigma category).
const WebLogSourceField = "_logsource"

// webCategory returns "webserver" or "proxy" for a raw web event.
func webCategory(raw Event) (string, bool) {
	s, ok := String(raw[WebLogSourceField])
	if !ok {
		return "", false
	}
	switch c := strings.ToLower(s); c {
	case "webserver", "proxy":
		return c, true
	}
	return "", false
}

// webRaw are the raw names of each category, by meaning: the W3C fields a
// web server (IIS: cs-uri-stem, cs-uri-query) and a proxy (c-uri, the whole
// URL; c-uri-query, c-uri-stem) write. A pipeline maps exactly these names
// per category, so two raw names never feed one target field.
type webRaw struct {
	url, path, query, method, status, agent, host, client, referer, cookie string
	extension                                                              string // the proxy's c-uri-extension; "" for none
}

var webRawNames = map[string]webRaw{
	"proxy": {url: "c-uri", path: "c-uri-stem", query: "c-uri-query", method: "cs-method", status: "sc-status",
		agent: "c-useragent", host: "cs-host", client: "c-ip", referer: "cs-referer", cookie: "cs-cookie",
		extension: "c-uri-extension"},
	"webserver": {url: "c-uri", path: "cs-uri-stem", query: "cs-uri-query", method: "cs-method", status: "sc-status",
		agent: "c-useragent", host: "cs-host", client: "c-ip", referer: "cs-referer", cookie: "cs-cookie"},
}

// shapeCIMWeb shapes a web event into the CIM Web data model (Web.Web),
// field for field; an empty value is no field, as elsewhere in CIM.
func shapeCIMWeb(raw Event) (Event, bool) {
	c, ok := webCategory(raw)
	if !ok {
		return nil, false
	}
	n := webRawNames[c]
	l := cimLayout{dataset: "Web.Web", rules: []rule{
		{"url", n.url, nil},
		{"uri_path", n.path, nil},
		{"uri_query", n.query, nil},
		{"http_method", n.method, nil},
		{"status", n.status, nil}, // Splunk compares numbers numerically whatever their spelling
		{"http_user_agent", n.agent, nil},
		{"dest", n.host, nil},
		{"src", n.client, nil},
		{"http_referrer", n.referer, nil},
		{"cookie", n.cookie, nil},
	}}
	return shapeCIMLayout(raw, &l), true
}

// shapeECSWeb shapes a web event into an ECS document of category web, as
// Elastic's web server and proxy integrations write it: the empty values
// ("" and "-") removed, http.response.status_code a long (a value that is
// no number is not stored). source.ip is an ip field and is not shaped: the
// pipeline refuses c-ip.
func shapeECSWeb(raw Event) (Event, bool) {
	c, ok := webCategory(raw)
	if !ok {
		return nil, false
	}
	n := webRawNames[c]
	data := nonEmptyCopy(raw)
	doc := Event{}
	setPath(doc, "event.kind", "event")
	setPath(doc, "event.category", []any{"web"})
	applyRules(data, []rule{
		{"url.original", n.url, nil},
		{"url.path", n.path, nil},
		{"url.query", n.query, nil},
		{"http.request.method", n.method, nil},
		{"http.response.status_code", n.status, toLong},
		{"user_agent.original", n.agent, nil},
		{"destination.domain", n.host, nil},
		{"http.request.referrer", n.referer, nil},
	}, func(k string, v any) { setPath(doc, k, v) })
	if n.extension != "" {
		// The log's own extension field (without the dot), as ECS url.extension.
		applyRules(data, []rule{{"url.extension", n.extension, nil}}, func(k string, v any) { setPath(doc, k, v) })
	}
	return doc, true
}
