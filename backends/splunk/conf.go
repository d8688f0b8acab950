package splunk

import (
	"fmt"
	"strings"
)

// confStanza is one stanza of a .conf file rosetta writes: its settings in
// the order they are written.
type confStanza struct {
	name     string
	comment  string // written as "#" lines above the stanza
	settings [][2]string
}

// set appends key = value.
func (s *confStanza) set(key, value string) {
	s.settings = append(s.settings, [2]string{key, value})
}

// stanzaText writes a stanza in Splunk's .conf syntax, after a blank line:
// "[name]", then "key = value" lines. A value's line breaks are written as
// a backslash at the end of the line, which Splunk reads as "the value goes
// on" (keeping the break). What the syntax cannot carry is an error: a line
// of a value that ends in a backslash (it would swallow the next line), a
// value that starts or ends with a blank (Splunk trims them), a carriage
// return, a stanza name with a line break or a blank at an end, a key
// written twice. The empty name is the "[]" stanza of a .meta file.
func stanzaText(s confStanza) (string, error) {
	if s.name != strings.TrimSpace(s.name) || strings.ContainsAny(s.name, "\r\n") {
		return "", fmt.Errorf("stanza name %q: a line break or a blank at an end", s.name)
	}
	var b strings.Builder
	b.WriteString("\n")
	if s.comment != "" {
		b.WriteString(confHeader(strings.Join(strings.Fields(s.comment), " ")))
	}
	fmt.Fprintf(&b, "[%s]\n", s.name)
	keys := map[string]bool{}
	for _, kv := range s.settings {
		if keys[kv[0]] {
			return "", fmt.Errorf("[%s]: %s written twice", s.name, kv[0])
		}
		keys[kv[0]] = true
		v, err := confValue(kv[1])
		if err != nil {
			return "", fmt.Errorf("%s: %v", kv[0], err)
		}
		b.WriteString(strings.TrimRight(kv[0]+" = "+v, " ") + "\n")
	}
	return b.String(), nil
}

// confValue writes a value, its line breaks as continuation lines.
func confValue(v string) (string, error) {
	if strings.Contains(v, "\r") {
		return "", fmt.Errorf("a carriage return, which a .conf line cannot hold")
	}
	if v != strings.TrimSpace(v) {
		return "", fmt.Errorf("a blank at the start or end, which Splunk trims")
	}
	lines := strings.Split(v, "\n")
	for _, l := range lines {
		if strings.HasSuffix(l, `\`) {
			return "", fmt.Errorf("a line ending in a backslash, which Splunk reads as going on in the next line")
		}
	}
	return strings.Join(lines, "\\\n"), nil
}
