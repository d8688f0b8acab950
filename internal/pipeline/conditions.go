package pipeline

import (
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// ruleCondition decides whether a transformation applies to a rule.
type ruleCondition func(r *ir.Rule) bool

// fieldCondition decides whether a transformation applies to a field name.
// A nil condition accepts every field.
type fieldCondition func(field string) bool

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

// ruleConditionTypes are the rule conditions a pipeline may use, by type.
var ruleConditionTypes = map[string]func(p *parser, f map[string]*yaml.Node) ruleCondition{
	"logsource": func(p *parser, f map[string]*yaml.Node) ruleCondition {
		want := ir.Logsource{}
		for k, v := range f {
			switch k {
			case "category":
				want.Category = v.Value
			case "product":
				want.Product = v.Value
			case "service":
				want.Service = v.Value
			case "type":
			default:
				p.errorf(v, "logsource condition: unknown key %q", k)
			}
		}
		return func(r *ir.Rule) bool {
			ls := r.Logsource
			return (want.Category == "" || want.Category == ls.Category) &&
				(want.Product == "" || want.Product == ls.Product) &&
				(want.Service == "" || want.Service == ls.Service)
		}
	},
}

func (p *parser) ruleConditions(n *yaml.Node) []ruleCondition {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "rule_conditions must be a list")
		return nil
	}
	var out []ruleCondition
	for _, c := range n.Content {
		f := p.fields(c, "rule condition")
		if f == nil {
			continue
		}
		typ := f["type"]
		if typ == nil {
			p.errorf(c, "rule condition has no type")
			continue
		}
		build, ok := ruleConditionTypes[typ.Value]
		if !ok {
			p.errorf(typ, "unknown rule condition type %q", typ.Value)
			continue
		}
		out = append(out, build(p, f))
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
