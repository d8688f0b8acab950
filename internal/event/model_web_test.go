package event

import (
	"encoding/json"
	"testing"
)

func TestWebModels(t *testing.T) {
	raw := Event{WebLogSourceField: "webserver", "cs-uri-stem": "/a.aspx", "cs-uri-query": "", "sc-status": "404", "c-useragent": "curl/8"}
	cim, ok := shapeCIM(raw)
	if !ok || cim["_datamodel"] != "Web.Web" || cim["uri_path"] != "/a.aspx" || cim["status"] != "404" || cim["uri_query"] != nil {
		t.Errorf("cim: %v %v", cim, ok)
	}
	sen, ok := shapeSentinel(raw)
	if !ok || sen["_table"] != "W3CIISLog" || sen["scStatus"] != "404" || sen["csUserAgent"] != "curl/8" {
		t.Errorf("sentinel: %v %v", sen, ok)
	}
	doc, ok := shapeECS(raw)
	if !ok {
		t.Fatal("ecs: not shaped")
	}
	http := doc["http"].(map[string]any)["response"].(map[string]any)
	if http["status_code"] != json.Number("404") {
		t.Errorf("ecs status: %v", doc)
	}
	proxy := Event{WebLogSourceField: "proxy", "c-uri": "http://x/y", "sc-status": "200"}
	if sen, ok := shapeSentinel(proxy); !ok || sen["_table"] != "CommonSecurityLog" || sen["RequestURL"] != "http://x/y" {
		t.Errorf("sentinel proxy: %v %v", sen, ok)
	}
	if _, ok := shapeCIM(Event{"cs-method": "GET"}); ok {
		t.Error("an event without _logsource is no web event")
	}
}
