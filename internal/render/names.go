package render

import "strings"

// FilterName is the name of a rule's false-positive filter hook: the title
// lower-cased, spaces and "-./" turned into "_", other characters that a
// Splunk macro or KQL function name cannot hold dropped, then "_filter".
// "Detect Regasm Spawning a Process" gives
// "detect_regasm_spawning_a_process_filter".
func FilterName(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '/':
			b.WriteByte('_')
		case r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			b.WriteRune(r)
		}
	}
	return b.String() + "_filter"
}
