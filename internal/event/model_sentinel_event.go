package event

import (
	"sort"
	"strings"
)

// Windows events in the Sentinel table Event (MAPPINGS §5 [LA; AZ: the
// Event reference]), which the Log Analytics agent fills from the channels
// a workspace names: EventLog the channel, Source the provider, EventID an
// int, Computer, and EventData, "all event data in raw format": the XML
// text <DataItem ...><EventData xmlns=...><Data Name="...">text</Data>...
// </EventData></DataItem> that Microsoft's Sysmon parser reads with
// parse_xml(EventData).DataItem.EventData.Data [SP]. A classic event's
// unnamed data (the raw field Data, one value or a list) are <Data>
// elements without a Name. Text and attribute values are written with the
// XML escapes of &, < and > (and " in an attribute). The sentinel model
// writes the Event row of each event of a channel other than Security under
// the WindowsEvent row's _also (the Security channel is SecurityEvent's).

// eventTableRow is the Event row of a raw event of channel ch; row is the
// event's WindowsEvent row, whose <System> columns it shares.
func eventTableRow(raw, row Event, ch string) Event {
	out := Event{"_table": "Event", "Type": "Event", "EventLog": ch}
	for _, c := range [][2]string{{"EventID", "EventID"}, {"Computer", "Computer"}, {"TimeGenerated", "TimeGenerated"}, {"Source", "Provider"}} {
		if v, ok := row[c[1]]; ok {
			out[c[0]] = v
		}
	}
	if layout, ok := eventDataLayouts[eventDataLayoutKey(ch, row)]; ok {
		out["EventData"] = positionalEventDataXML(raw, layout)
	} else {
		out["EventData"] = eventDataXML(raw)
	}
	return out
}

// eventDataLayouts are the classic events whose data the raw shape names
// but the event writes as unnamed <Data> elements, its insertion strings in
// order: each position's raw name ("" for one no rule names, written
// empty). RPC Firewall's event 3 (RPC_SERVER_CALL) of the log RPCFW:
// zeronetworks/rpcfirewall rpcMessages/rpcMessages.cpp (the insertions of
// rpcFunctionCalledEvent) and Messages.mc (InterfaceUuid %7, OpNum %8).
var eventDataLayouts = map[string][]string{
	"rpcfw/3": {"", "", "", "", "", "", "InterfaceUuid", "OpNum", "", "", ""},
}

// eventDataLayoutKey is the key of an Event row's layout: the channel,
// lower-case, and the event ID.
func eventDataLayoutKey(ch string, row Event) string {
	id, _ := String(row["EventID"])
	return strings.ToLower(ch) + "/" + id
}

// positionalEventDataXML writes a classic event's insertion strings as
// unnamed <Data> elements in the layout's order.
func positionalEventDataXML(raw Event, layout []string) string {
	var b strings.Builder
	b.WriteString(`<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`)
	for _, name := range layout {
		s, _ := String(raw[name])
		writeDataElement(&b, "", s)
	}
	b.WriteString(`</EventData></DataItem>`)
	return b.String()
}

// eventDataXML writes the <EventData> fields of a raw event as the Event
// table's EventData text, the fields in name order; EventLog, the log's
// name a classic product's rules use, is the row's column of that name.
func eventDataXML(raw Event) string {
	var b strings.Builder
	b.WriteString(`<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`)
	keys := make([]string, 0, len(raw))
	for k, v := range raw {
		if !isSystemField(k) && k != WebLogSourceField && k != "EventLog" && v != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := ""
		if k != "Data" {
			name = k
		}
		values, ok := raw[k].([]any)
		if !ok || name != "" {
			values = []any{raw[k]}
		}
		for _, v := range values {
			if s, ok := String(v); ok {
				writeDataElement(&b, name, s)
			}
		}
	}
	b.WriteString(`</EventData></DataItem>`)
	return b.String()
}

// writeDataElement writes one <Data> element; name "" is an unnamed one.
func writeDataElement(b *strings.Builder, name, text string) {
	b.WriteString("<Data")
	if name != "" {
		b.WriteString(` Name="` + xmlAttrEscaper.Replace(name) + `"`)
	}
	b.WriteString(">" + xmlTextEscaper.Replace(text) + "</Data>")
}

// The XML escapes of element text and of a double-quoted attribute value.
var (
	xmlTextEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	xmlAttrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)
