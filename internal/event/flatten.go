package event

import (
	"strconv"
	"strings"
)

// flattenWindows turns a Windows event export into one flat Sysmon-style
// event. The accepted shapes are what XML-to-JSON converters produce:
//
//	{"Event":{"System":{…},"EventData":{"Image":"…"}}}
//	{"Event":{"System":{…},"EventData":{"Data":[{"@Name":"Image","#text":"…"}]}}}
//	{"Event":{"System":{…},"EventData":{"Data":[{"Name":"Image","Value":"…"}]}}}
//
// System children become top-level fields: scalars keep their name
// (EventID, Channel, Computer, EventRecordID, …) and attributes are joined
// to their element with "_" (Provider_Name, TimeCreated_SystemTime,
// Execution_ProcessID, Security_UserID). An element's own text ("#text")
// keeps the element's name (EventID with a Qualifiers attribute).
// EventData and UserData fields become top-level fields under their Name;
// unnamed Data items are called Data_1, Data_2, … in document order.
// Other top-level keys beside "Event" are kept. Anything else is returned as is.
func flattenWindows(obj map[string]any) Event {
	ev, wrapper := obj, ""
	if inner, ok := obj["Event"].(map[string]any); ok && isExport(inner) {
		ev, wrapper = inner, "Event"
	} else if !isExport(obj) {
		return Event(obj)
	}
	out := Event{}
	for k, v := range obj {
		if k == wrapper || ev[k] != nil && (k == "System" || k == "EventData" || k == "UserData") {
			continue
		}
		out[k] = v
	}
	if sys, ok := ev["System"].(map[string]any); ok {
		flattenSystem(out, "", sys)
	}
	if data, ok := ev["EventData"].(map[string]any); ok {
		flattenData(out, data)
	}
	if user, ok := ev["UserData"].(map[string]any); ok {
		for _, v := range user {
			if inner, ok := v.(map[string]any); ok {
				copyScalars(out, inner)
			}
		}
	}
	return out
}

// isExport reports whether m looks like a Windows <Event> element.
func isExport(m map[string]any) bool {
	return isObject(m["System"]) || isObject(m["EventData"])
}

// flattenSystem copies System elements, joining nested names with "_".
func flattenSystem(out Event, prefix string, sys map[string]any) {
	for k, v := range sys {
		name := prefix + strings.TrimPrefix(k, "@")
		if k == "#text" {
			name = strings.TrimSuffix(prefix, "_")
		}
		if name == "" {
			continue
		}
		switch x := v.(type) {
		case nil:
		case map[string]any:
			flattenSystem(out, name+"_", x)
		case []any:
			// Repeated System elements do not occur in Windows events; keep the list.
			out[name] = x
		default:
			out[name] = x
		}
	}
}

// flattenData copies EventData fields, resolving Data name/value items.
func flattenData(out Event, data map[string]any) {
	for k, v := range data {
		if k != "Data" {
			if !strings.HasPrefix(k, "@") && v != nil {
				out[k] = v
			}
			continue
		}
		var items []any
		switch x := v.(type) {
		case []any:
			items = x
		case map[string]any:
			items = []any{x}
		case nil:
		default:
			out["Data"] = x
		}
		for i, it := range items {
			name, val := dataItem(it)
			if name == "" {
				name = "Data_" + strconv.Itoa(i+1)
			}
			out[name] = val
		}
	}
}

// dataItem reads one <Data Name="…">value</Data> item in any converter's spelling.
func dataItem(it any) (name string, val any) {
	m, ok := it.(map[string]any)
	if !ok {
		return "", it
	}
	for _, k := range []string{"@Name", "Name", "@name", "name"} {
		if s, ok := m[k].(string); ok {
			name = s
			break
		}
	}
	val = ""
	for _, k := range []string{"#text", "Value", "text", "#value", "value"} {
		if v, ok := m[k]; ok && v != nil {
			val = v
			break
		}
	}
	return name, val
}

func copyScalars(out Event, m map[string]any) {
	for k, v := range m {
		switch v.(type) {
		case map[string]any, []any, nil:
		default:
			if !strings.HasPrefix(k, "@") {
				out[k] = v
			}
		}
	}
}

func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
