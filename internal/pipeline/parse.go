package pipeline

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
)

type parser struct {
	path string
	errs diag.List
}

func (p *parser) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: p.path, Line: n.Line, Col: n.Column}
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs.Add(p.pos(n), format, args...)
}

// fields returns the key and value nodes of a mapping, erroring on keys that
// allowed does not list.
func (p *parser) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return nil
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if len(allowed) > 0 && !ok[k.Value] {
			p.errorf(k, "%s: unknown key %q", what, k.Value)
			continue
		}
		out[k.Value] = n.Content[i+1]
	}
	return out
}

func (p *parser) pipeline(root *yaml.Node) *Pipeline {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		p.errs.Add(diag.Pos{File: p.path, Line: 1, Col: 1}, "empty pipeline file")
		return nil
	}
	top := p.fields(root.Content[0], "pipeline", "name", "priority", "transformations", "vars", "postprocessing", "finalizers", "allowed_backends", "description")
	if top == nil {
		return nil
	}
	pl := &Pipeline{Path: p.path}
	if n := top["name"]; n != nil {
		pl.Name = n.Value
	}
	if n := top["priority"]; n != nil {
		v, err := strconv.Atoi(n.Value)
		if err != nil {
			p.errorf(n, "priority must be a whole number, not %q", n.Value)
		}
		pl.Priority = v
	}
	if n := top["vars"]; n != nil {
		pl.Vars = p.vars(n)
	}
	ts := top["transformations"]
	if ts == nil {
		p.errorf(root.Content[0], "pipeline has no transformations")
		return pl
	}
	if ts.Kind != yaml.SequenceNode {
		p.errorf(ts, "transformations must be a list")
		return pl
	}
	for _, tn := range ts.Content {
		if t, ok := p.transformation(tn); ok {
			pl.Transformations = append(pl.Transformations, t)
		}
	}
	return pl
}

func (p *parser) transformation(n *yaml.Node) (Transformation, bool) {
	f := p.fields(n, "transformation")
	if f == nil {
		return Transformation{}, false
	}
	t := Transformation{Pos: p.pos(n)}
	typ := f["type"]
	if typ == nil {
		p.errorf(n, "transformation has no type")
		return t, false
	}
	t.Type = typ.Value
	if id := f["id"]; id != nil {
		t.ID = id.Value
	}
	kind, ok := transformationTypes[t.Type]
	if !ok {
		p.errorf(typ, "unknown transformation type %q", t.Type)
		return t, false
	}
	for k, v := range f {
		switch k {
		case "type", "id":
		case "rule_conditions":
			t.rule = p.ruleConditions(v)
		case "rule_cond_op", "rule_cond_expr", "field_name_cond_op":
			if v.Value != "and" && k == "rule_cond_op" {
				p.errorf(v, "rule_cond_op: only \"and\" is supported")
			}
		case "field_name_conditions":
			t.fields = p.fieldConditions(v)
		case "detection_item_conditions":
			t.items = p.itemConditions(v)
		default:
			if !kind.params[k] {
				p.errorf(v, "transformation %q: unknown parameter %q", t.Type, k)
			}
		}
	}
	step, ok := kind.build(p, f)
	if !ok {
		return t, false
	}
	t.step = step
	return t, true
}

// vars reads pySigma's vars: a mapping of names to a value or a list of
// values, each a string or a number.
func (p *parser) vars(n *yaml.Node) map[string][]string {
	f := p.fields(n, "vars")
	out := map[string][]string{}
	for name, v := range f {
		var items []*yaml.Node
		switch v.Kind {
		case yaml.ScalarNode:
			items = []*yaml.Node{v}
		case yaml.SequenceNode:
			items = v.Content
		}
		if len(items) == 0 {
			p.errorf(v, "vars: %s must be a string, a number or a list of them", name)
			continue
		}
		for _, it := range items {
			if it.Kind != yaml.ScalarNode || it.Tag == "!!null" || it.Tag == "!!bool" {
				p.errorf(it, "vars: %s must be a string, a number or a list of them", name)
				continue
			}
			out[name] = append(out[name], it.Value)
		}
	}
	return out
}
