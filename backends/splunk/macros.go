package splunk

import (
	"fmt"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// helperMacros are the macros of Splunk's security_content that the tstats
// searches call, with the definitions ES Content Update ships (the
// *_config indirections of security_content_summariesonly resolved to their
// defaults).
var helperMacros = []struct{ stanza, args, definition string }{
	{"security_content_summariesonly", "", "summariesonly=false allow_old_summaries=true fillnull_value=null"},
	{"drop_dm_object_name(1)", "object", "rename $object$.* AS *"},
	{"security_content_ctime(1)", "field", `convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)`},
}

// macrosConversion collects the filter macro of every rule and writes one
// macros.conf.
type macrosConversion struct {
	filters []string
	seen    map[string]bool
}

func (c *macrosConversion) Convert(rule *ir.Rule) ([]render.File, error) {
	name := render.FilterName(rule.Title)
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if !c.seen[name] {
		c.seen[name] = true
		c.filters = append(c.filters, name)
	}
	return nil, nil
}

func (c *macrosConversion) Finish() []render.File {
	var b strings.Builder
	for _, f := range c.filters {
		fmt.Fprintf(&b, "[%s]\ndefinition = search *\n\n", f)
	}
	for _, h := range helperMacros {
		fmt.Fprintf(&b, "[%s]\n", h.stanza)
		if h.args != "" {
			fmt.Fprintf(&b, "args = %s\n", h.args)
		}
		fmt.Fprintf(&b, "definition = %s\n\n", h.definition)
	}
	return []render.File{{Name: "macros.conf", Text: strings.TrimSuffix(b.String(), "\n")}}
}
