package event

// Web events in Microsoft Sentinel (MAPPINGS §5): an IIS W3C log line
// (category webserver) is a W3CIISLog row, a proxy's CEF record (category
// proxy) a CommonSecurityLog row [AZ: the tables' references]. The columns
// are string columns holding the values as written (W3CIISLog's scStatus
// too); a string column holds no null, so an absent field is no column.
// CommonSecurityLog has no column for the URL's query, path or status.

// sentinelWebRules by the raw event's category; backends/kql/pipelines/sentinel.yml
// maps the same names.
var sentinelWebRules = map[string]struct {
	table string
	rules []rule
}{
	"webserver": {"W3CIISLog", []rule{
		{"cIP", "c-ip", toText},
		{"csMethod", "cs-method", toText},
		{"csUriStem", "cs-uri-stem", toText},
		{"csUriQuery", "cs-uri-query", toText},
		{"scStatus", "sc-status", toText},
		{"csUserAgent", "c-useragent", toText},
		{"csHost", "cs-host", toText},
		{"csReferer", "cs-referer", toText},
		{"csCookie", "cs-cookie", toText},
	}},
	"proxy": {"CommonSecurityLog", []rule{
		{"SourceIP", "c-ip", toText},
		{"RequestMethod", "cs-method", toText},
		{"RequestURL", "c-uri", toText},
		{"RequestClientApplication", "c-useragent", toText},
		{"DestinationHostName", "cs-host", toText},
		{"RequestContext", "cs-referer", toText},
		{"RequestCookies", "cs-cookie", toText},
	}},
}

// shapeSentinelWeb shapes a raw web event into its Sentinel table.
func shapeSentinelWeb(raw Event) (Event, bool) {
	c, ok := webCategory(raw)
	if !ok {
		return nil, false
	}
	l := sentinelWebRules[c]
	out := Event{"_table": l.table, "Type": l.table}
	applyRules(raw, l.rules, func(k string, v any) { out[k] = v })
	return out, true
}
