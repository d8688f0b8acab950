package splunk

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// rawEscaped are the characters that _raw holds escaped: XML (XmlWinEventLog)
// escapes " ' < > & and control characters, JSON escapes " and \ and control
// characters. Without a raw_format state the backend does not know which.
const rawEscaped = "\"'<>&\\\n\r\t"

// The raw_format state names how _raw spells the rule's events: "xml" for
// XmlWinEventLog, "json" for JSON events.
const (
	rawXML  = "xml"
	rawJSON = "json"
)

// keywordTerms renders a keyword (a field-less value) as the quoted search
// terms that match _raw: the keyword spelled as _raw spells it, one term per
// spelling _raw may use. A bare term matches _raw, so a character _raw holds
// escaped must be searched in its escaped form. The keywords terms cannot
// say (keywordRegexReason) never come here.
func keywordTerms(m *ir.Match, rawFormat, target string) ([]string, error) {
	var escapes []func(string) string
	switch rawFormat {
	case rawXML:
		escapes = []func(string) string{xmlEscape, windowsXMLEscape}
	case rawJSON:
		escapes = []func(string) string{jsonEscape}
	default:
		if c := strings.IndexAny(m.Pattern.Text(), rawEscaped); c >= 0 {
			return nil, render.Unsupported(m.Pos, fmt.Sprintf("keyword with %q", m.Pattern.Text()[c]), target,
				"a bare term matches _raw, where the event's XML or JSON escapes that character")
		}
		escapes = []func(string) string{func(s string) string { return s }}
	}
	var terms []string
	seen := map[string]bool{}
	for _, esc := range escapes {
		var b strings.Builder
		for _, part := range m.Pattern {
			if part.Kind == ir.AnyString {
				b.WriteByte('*')
			} else {
				b.WriteString(esc(part.Text))
			}
		}
		t := quoteSPL(b.String())
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	return terms, nil
}

// xmlEscape spells text as encoding/xml's EscapeText writes it, which is how
// the Splunk event model writes XmlWinEventLog's _raw: " is &#34;, ' is
// &#39;, tab, newline and carriage return are &#x9; &#xA; &#xD;.
func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// windowsXMLEscape spells text as Windows' event rendering (EvtRender) is
// understood to write it: the named entities &quot; and &apos; instead of
// Go's numeric ones. The model never writes them, so the extra term cannot
// change a proof; it keeps the search right on real XmlWinEventLog events.
func windowsXMLEscape(s string) string {
	return strings.NewReplacer("&#34;", "&quot;", "&#39;", "&apos;").Replace(xmlEscape(s))
}

// jsonEscape spells text as it stands inside a JSON string written without
// HTML escaping: " is \", \ is \\, control characters are \n, \u0001 and
// the like.
func jsonEscape(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return s
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// innerWildcard reports whether a '*' stands between two literal parts of a
// pattern: on _raw it may span from one field's value into another's.
func innerWildcard(p ir.Pattern) bool {
	lit, star := false, false
	for _, part := range p {
		if part.Kind == ir.AnyString {
			star = lit
			continue
		}
		if part.Text == "" {
			continue
		}
		if star {
			return true
		}
		lit = true
	}
	return false
}
