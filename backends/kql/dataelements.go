package kql

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// The classic Windows events (the Application channel's MSSQL, MsiInstaller
// and ESENT events, Windows PowerShell 400/600/800, ...) hold their data in
// unnamed <Data> elements, which Sigma's rules name Data: a comparison on
// Data holds when the text of one of the elements matches. Sentinel's
// Event table keeps the event's data as XML text, the column EventData
// (<DataItem ...><EventData ...><Data>text</Data>...</EventData></DataItem>,
// the shape Microsoft's Sysmon parser reads with
// parse_xml(EventData).DataItem.EventData.Data), so such a comparison is a
// regular expression over that text that matches one whole <Data> element
// whose text, read back from XML, matches the value:
//
//	EventData matches regex @"<Data>(?i:(?:[^<&]|&[#0-9A-Za-z]+;)*ntds\.dit(?:[^<&]|&[#0-9A-Za-z]+;)*)</Data>"
//
// An element's text has no "<" (XML writes it &lt;), so the expression
// cannot leave the element; a wildcard matches whole characters of the text
// (a character or one entity reference), so a value never matches inside an
// entity ("amp" in "&amp;"); a character that XML may write either as is or
// as a reference (> " ') matches both. Refused, each at its position:
// modifiers other than the string shapes (re, cidr, exists, null, a field
// reference, numbers), an empty value or one matching only the empty text
// (an empty element may be written <Data/>), and control characters (how the
// agent writes them in XML is not documented).

// dataTextUnit matches one character of an element's XML text: a character
// other than the markup ones, or one entity or character reference.
const dataTextUnit = `(?:[^<&]|&[#0-9A-Za-z]+;)`

// dataTextChars are the characters XML writes as references in text, by the
// regular expression that matches each as written.
var dataTextChars = map[rune]string{
	'&':  `&amp;`,
	'<':  `&lt;`,
	'>':  `(?:>|&gt;)`,
	'"':  `(?:"|&quot;|&#34;)`,
	'\'': `(?:'|&apos;|&#39;)`,
}

// The field <column>.<n> (n from 1) names the n-th <Data> element alone:
// a classic event's insertion strings are its <Data> elements in order
// (RPC Firewall's event 3 writes the called interface's UUID as the 7th,
// the operation number as the 8th), so the expression first steps over n-1
// whole elements from the start of <EventData>, each with text or empty
// (<Data/>).

// dataPosition reports whether a field names the n-th <Data> element.
func (r *leafRenderer) dataPosition(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, r.dataField+".")
	if !ok || r.dataField == "" {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 1 && strconv.Itoa(n) == rest
}

// dataElementsBefore matches the n-1 elements before the n-th.
func dataElementsBefore(n int) string {
	s := `<EventData[^>]*>`
	if n > 1 {
		s += `(?:<Data(?:>` + dataTextUnit + `*</Data>|\s*/>)){` + strconv.Itoa(n-1) + `}`
	}
	return s
}

// dataElement renders a comparison on the unnamed <Data> elements.
func (r *leafRenderer) dataElement(m *ir.Match) (string, error) {
	if m.Op != ir.OpEq {
		return "", render.Unsupported(m.Pos, "modifier "+m.Op.String()+" on Data", "kql",
			"Data is the text of the event's unnamed <Data> elements, searched in the XML text of "+r.dataField+"; only its string comparisons are written as such a search")
	}
	body, err := r.elementText(m, m.Pattern, "value of Data")
	if err != nil {
		return "", err
	}
	column, prefix := m.Field, ""
	if n, ok := r.dataPosition(m.Field); ok {
		column, prefix = r.dataField, dataElementsBefore(n)
	}
	return r.str(column) + " matches regex " + quoteRegex(prefix+"<Data>"+body+"</Data>"), nil
}

// anyDataElement renders a keyword (p, the keyword as a pattern matching
// anywhere in a value) as a search of every <Data> element of the XML text,
// named or not: an event's data are its <Data> elements, and a keyword
// matches inside one value, so the expression stays inside one element as
// dataElement's does. The same values are refused as there.
func (r *leafRenderer) anyDataElement(m *ir.Match, p ir.Pattern) (string, error) {
	body, err := r.elementText(m, p, "keyword")
	if err != nil {
		return "", err
	}
	return r.str(r.dataField) + " matches regex " + quoteRegex(anyDataOpen+body+"</Data>"), nil
}

// elementText is the group matching p as the whole text of one <Data>
// element, case-insensitive unless m is cased; what names the value in
// the refusal of an empty or match-all one (an empty element may be written
// <Data/>) or one with a control character (whose writing in the XML text
// is not documented).
func (r *leafRenderer) elementText(m *ir.Match, p ir.Pattern, what string) (string, error) {
	if shape, lit := p.Shape(); shape == ir.ShapeAny || (shape == ir.ShapeExact && lit == "") {
		return "", render.Unsupported(m.Pos, "an empty or match-all "+what, "kql",
			"an empty <Data> element may be written <Data/>, so no search of the XML text of "+r.dataField+" tells it exactly")
	}
	body, ok := dataTextRegex(p)
	if !ok {
		return "", render.Unsupported(m.Pos, "a control character in a "+what, "kql",
			"how the agent writes it in the XML text of "+r.dataField+" is not documented")
	}
	flags := "(?i:"
	if m.Cased {
		flags = "(?:"
	}
	return flags + body + ")", nil
}

// anyDataOpen matches the start tag of a <Data> element, with or without
// its Name attribute (whose value, double-quoted, holds no '"').
const anyDataOpen = `<Data(?: Name="[^"]*")?>`

// dataTextRegex writes a Sigma pattern as a regular expression over the XML
// text of one element; false when a literal holds a control character.
func dataTextRegex(p ir.Pattern) (string, bool) {
	var b strings.Builder
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString(dataTextUnit + "*")
		case ir.AnyChar:
			b.WriteString(dataTextUnit)
		default:
			for _, c := range part.Text {
				if unicode.IsControl(c) {
					return "", false
				}
				if re, ok := dataTextChars[c]; ok {
					b.WriteString(re)
				} else {
					b.WriteString(regexp.QuoteMeta(string(c)))
				}
			}
		}
	}
	return b.String(), true
}
