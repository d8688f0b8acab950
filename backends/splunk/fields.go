package splunk

import (
	"sort"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
)

// tstatsOutputs are the fields a tstats search adds to its by fields.
var tstatsOutputs = []string{"count", "firstTime", "lastTime"}

// defaultFields are the fields Splunk gives every indexed event (Splunk's
// "default fields": the event's time, raw text, host, source, source type
// and index).
var defaultFields = []string{"_time", "_raw", "host", "source", "sourcetype", "index"}

// outputFields are the fields each result of the rule's search carries:
// for tstats, the by fields with the data model's object name dropped
// (drop_dm_object_name), the count and the first and last times; for the
// plain search, which returns the events, the fields of the event: Splunk's
// default fields, the fields the rule compares (as the search names them)
// and the search-time fields the pipeline says the add-ons extract for the
// log source (set_state event_fields).
func (c *appConversion) outputFields(rule *ir.Rule, tstats bool) []string {
	set := map[string]bool{}
	if tstats {
		res, _ := pipeline.Apply(rule, c.auto.tstats.Pipelines)
		dm := res.State.String("datamodel")
		object := dm[strings.LastIndex(dm, ".")+1:]
		for _, f := range byFields(res) {
			set[strings.TrimPrefix(f, object+".")] = true
		}
		for _, f := range tstatsOutputs {
			set[f] = true
		}
		return sorted(set)
	}
	res, _ := pipeline.Apply(rule, c.auto.search.Pipelines)
	for _, f := range append(append([]string(nil), defaultFields...), res.State.Strings("event_fields")...) {
		set[f] = true
	}
	clean := res.State.String("clean_keys") == "true"
	for _, cond := range res.Rule.Conditions {
		if clean {
			if cleaned, err := cleanRuleFields(cond, appTarget); err == nil {
				cond = cleaned
			}
		}
		for _, m := range ir.Matches(cond) {
			if m.Field != "" {
				set[m.Field] = true
			}
		}
	}
	return sorted(set)
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
