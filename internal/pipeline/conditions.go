package pipeline

import (
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// ruleCondition decides whether a transformation applies to a rule.
type ruleCondition func(r *ir.Rule) bool

// fieldCondition decides whether a transformation applies to a field name.
// A nil condition accepts every field.
type fieldCondition func(field string) bool

// itemCondition decides whether a transformation applies to one comparison
// of the rule (pySigma's detection item conditions).
type itemCondition func(m *ir.Match) bool

func (t *Transformation) appliesTo(r *ir.Rule) bool {
	for _, c := range t.rule {
		if !c(r) {
			return false
		}
	}
	return true
}

func (t *Transformation) appliesToField(field string) bool {
	return t.fields == nil || t.fields(field)
}

// appliesToMatch reports whether the transformation applies to one
// comparison: its field passes the field name conditions and the comparison
// passes every detection item condition.
func (t *Transformation) appliesToMatch(m *ir.Match) bool {
	if !t.appliesToField(m.Field) {
		return false
	}
	for _, c := range t.items {
		if !c(m) {
			return false
		}
	}
	return true
}

// ruleConditionTypes are the rule conditions a pipeline may use, by type.
var ruleConditionTypes = map[string]func(p *parser, f map[string]*yaml.Node) ruleCondition{
	// logsource: the rule's category, product and service are the given
	// ones (an absent key accepts any). Beyond pySigma, a key may list
	// several values, any of which matches: category: [registry_add, registry_set];
	// and a null value (service: null, or an element of the list:
	// service: [null, syslog]) accepts a rule without that key (product:
	// linux, service: null, category: null is a rule of the product alone).
	"logsource": func(p *parser, f map[string]*yaml.Node) ruleCondition {
		var category, product, service logsourceKey
		for k, v := range f {
			switch k {
			case "category":
				category = p.logsourceKey(v)
			case "product":
				product = p.logsourceKey(v)
			case "service":
				service = p.logsourceKey(v)
			case "type":
			default:
				p.errorf(v, "logsource condition: unknown key %q", k)
			}
		}
		return func(r *ir.Rule) bool {
			ls := r.Logsource
			return category.accepts(ls.Category) && product.accepts(ls.Product) && service.accepts(ls.Service)
		}
	},
}

// logsourceKey is what a logsource condition accepts for one key of the
// rule's log source: the values, and whether an absent key (null) is one.
type logsourceKey struct {
	values []string
	none   bool
}

// logsourceKey reads a key's value: a string, null, or a list of them.
func (p *parser) logsourceKey(n *yaml.Node) logsourceKey {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var k logsourceKey
	for _, c := range items {
		if c.Kind == yaml.ScalarNode && c.Tag == "!!null" {
			k.none = true
			continue
		}
		k.values = append(k.values, p.stringList(c)...)
	}
	return k
}

// accepts reports whether the rule's value v passes: v is empty and null
// is accepted, or v is one of the values (anyOf).
func (k logsourceKey) accepts(v string) bool {
	if k.none {
		return v == "" || len(k.values) > 0 && anyOf(k.values, v)
	}
	return anyOf(k.values, v)
}

// anyOf reports whether v is one of want; no want (or only empty ones)
// accepts every v.
func anyOf(want []string, v string) bool {
	unset := true
	for _, w := range want {
		if w == v {
			return true
		}
		unset = unset && w == ""
	}
	return unset
}

func (p *parser) ruleConditions(n *yaml.Node) []ruleCondition {
	return parseConditions(p, n, "rule_conditions", "rule condition", nil, ruleConditionTypes)
}

// parseConditions reads a list of typed conditions (rule_conditions,
// detection_item_conditions): each a mapping with a type that types names,
// and only the keys allowed (any, when allowed is nil). A builder that
// found the condition invalid has reported it and returns nil.
func parseConditions[C ruleCondition | itemCondition](p *parser, n *yaml.Node, key, what string, allowed []string, types map[string]func(*parser, map[string]*yaml.Node) C) []C {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list", key)
		return nil
	}
	var out []C
	for _, c := range n.Content {
		f := p.fields(c, what, allowed...)
		if f == nil {
			continue
		}
		typ := f["type"]
		if typ == nil {
			p.errorf(c, "%s has no type", what)
			continue
		}
		build, ok := types[typ.Value]
		if !ok {
			p.errorf(typ, "unknown %s type %q", what, typ.Value)
			continue
		}
		if cond := build(p, f); cond != nil {
			out = append(out, cond)
		}
	}
	return out
}

func (p *parser) fieldConditions(n *yaml.Node) fieldCondition {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "field_name_conditions must be a list")
		return nil
	}
	var conds []fieldCondition
	for _, c := range n.Content {
		f := p.fields(c, "field name condition", "type", "fields")
		if f == nil {
			continue
		}
		typ, fields := f["type"], f["fields"]
		if typ == nil || fields == nil {
			p.errorf(c, "field name condition needs a type and fields")
			continue
		}
		set := map[string]bool{}
		for _, name := range p.stringList(fields) {
			set[name] = true
		}
		switch typ.Value {
		case "include_fields":
			conds = append(conds, func(f string) bool { return set[f] })
		case "exclude_fields":
			conds = append(conds, func(f string) bool { return !set[f] })
		default:
			p.errorf(typ, "unknown field name condition type %q", typ.Value)
		}
	}
	return func(f string) bool {
		for _, c := range conds {
			if !c(f) {
				return false
			}
		}
		return true
	}
}

// stringList reads a scalar or a list of scalars.
func (p *parser) stringList(n *yaml.Node) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				p.errorf(c, "expected a string")
				continue
			}
			out = append(out, c.Value)
		}
		return out
	}
	p.errorf(n, "expected a string or a list of strings")
	return nil
}

// itemConditionTypes are the detection item conditions a pipeline may use,
// by type.
var itemConditionTypes = map[string]func(p *parser, f map[string]*yaml.Node) itemCondition{
	// match_string: the value, written in Sigma's notation (wildcards as *
	// and ?, literal ones escaped), matches the regular expression pattern
	// from its start, as pySigma's re.match. Comparisons without a string
	// value (regular expressions, numbers, exists, ...) do not match; negate
	// inverts the result. cond (any, all) is accepted for pySigma pipelines:
	// each comparison here holds one value, so both mean the same.
	"match_string": func(p *parser, f map[string]*yaml.Node) itemCondition {
		re := p.regexParam(f, "pattern", "match_string condition", true)
		negate, _ := p.boolParam(f, "negate", "match_string condition")
		if n := f["cond"]; n != nil && n.Value != "any" && n.Value != "all" {
			p.errorf(n, "match_string condition: cond must be any or all, not %q", n.Value)
		}
		if re == nil {
			return nil
		}
		return func(m *ir.Match) bool {
			if m.Op != ir.OpEq {
				return negate
			}
			return re.MatchString(m.Pattern.String()) != negate
		}
	},
	// timestamp_part (rosetta's, not pySigma's): the comparison is one of
	// the time modifiers (minute, hour, day, week, month, year); negate
	// inverts it. It lets a pipeline map a field to the target's event time
	// for those comparisons only, where a comparison of the text would
	// mean something else.
	"timestamp_part": func(p *parser, f map[string]*yaml.Node) itemCondition {
		negate, ok := p.boolParam(f, "negate", "timestamp_part condition")
		if !ok {
			return nil
		}
		return func(m *ir.Match) bool { return (m.Op == ir.OpTimePart) != negate }
	},
}

// boolParam reads an optional true/false parameter, false when absent.
func (p *parser) boolParam(f map[string]*yaml.Node, name, what string) (bool, bool) {
	n := f[name]
	if n == nil {
		return false, true
	}
	switch n.Value {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	p.errorf(n, "%s: %s must be true or false, not %q", what, name, n.Value)
	return false, false
}

func (p *parser) itemConditions(n *yaml.Node) []itemCondition {
	return parseConditions(p, n, "detection_item_conditions", "detection item condition", []string{"type", "pattern", "negate", "cond"}, itemConditionTypes)
}

// regexParam compiles the regular expression (RE2 syntax) of a parameter;
// anchored, it matches only at the start of the text. A missing or invalid
// expression is an error at its position and gives nil.
func (p *parser) regexParam(f map[string]*yaml.Node, name, what string, anchored bool) *regexp.Regexp {
	n := f[name]
	if n == nil {
		p.errorf(f["type"], "%s needs %s", what, name)
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s: %s must be a string", what, name)
		return nil
	}
	expr := n.Value
	if anchored {
		expr = `^(?:` + expr + `)`
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		p.errorf(n, "%s: invalid regular expression %q: %v", what, n.Value, err)
		return nil
	}
	return re
}
