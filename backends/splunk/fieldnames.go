package splunk

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// cleanKey is a field name as a search-time extraction with CLEAN_KEYS
// (transforms.conf, default true) writes it: every character other than
// a-z, A-Z and 0-9 becomes "_", then leading underscores and digits are
// stripped. The XmlWinEventLog extraction of EventData (REPORT, FORMAT
// $1::$2) names fields so: <Data Name='Threat Name'> is Threat_Name.
// The Splunk ingest model (internal/event) cleans the keys of Windows
// events the same way; the two must agree.
func cleanKey(name string) string {
	clean := strings.Map(func(r rune) rune {
		if isAlnum(r) {
			return r
		}
		return '_'
	}, name)
	return strings.TrimLeft(clean, "_0123456789")
}

// cleanRuleFields rewrites the rule's own field names (those no pipeline
// mapped: a pipeline's target names, such as _time or source, are Splunk's
// already) as the extraction cleans them. A name that cleaning leaves empty
// names no field Splunk extracts and is refused at its position.
func cleanRuleFields(cond ir.Expr, target string) (ir.Expr, error) {
	return ir.Rewrite(cond, func(m *ir.Match) (ir.Expr, error) {
		if m.Field == "" || m.Mapped {
			return m, nil
		}
		c := *m
		c.Field = cleanKey(m.Field)
		if c.Field == "" {
			return nil, render.Unsupported(m.Pos, fmt.Sprintf("field %q", m.Field), target,
				"the XmlWinEventLog extraction cleans field names (CLEAN_KEYS) and leaves this one empty")
		}
		if m.Op == ir.OpFieldRef {
			c.Ref = cleanKey(m.Ref)
		}
		return &c, nil
	})
}

// searchField is a field name that the search command reads as one name
// before "=", "IN" or a comparison: Splunk's field name syntax (letters,
// digits, ".", ":" and "_", not starting with a digit; the leading "_" of
// internal fields such as _time and _raw is allowed). Any other name (a
// space, "-", "@", a quote...) would be read as a keyword plus a shorter
// name, so its comparisons go to "| where", which names it in single
// quotes (evalField), or are refused where there is no where (tstats).
var searchField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.:]*$`)

// fieldNeedsEval gives the reason a comparison on field cannot be a search
// term, or "".
func fieldNeedsEval(field string) (construct, why string) {
	if field == "" || (searchField.MatchString(field) && !searchKeywords[strings.ToUpper(field)]) {
		return "", ""
	}
	return fmt.Sprintf("field name %q", field), "search reads a field name with other characters than letters, digits, '.', ':' and '_' (or spelled like an operator) as more than one term, and only eval can quote it"
}
