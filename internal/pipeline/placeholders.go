package pipeline

import (
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Placeholders are the %name% parts of values written with Sigma's expand
// modifier. pySigma's value_placeholders replaces each by the values of the
// pipeline variable of that name (vars:), a value with several becoming an
// OR of the comparison with each; wildcard_placeholders replaces each by
// "*". Both take include or exclude, lists of the names they handle (all by
// default). A placeholder that no transformation resolves is an error at
// its field, after the last pipeline. Variable values are read as Sigma
// strings: "*" and "?" in them are wildcards, as in pySigma.

// placeholderFilter says which placeholder names a transformation handles.
type placeholderFilter func(name string) bool

// placeholderFilterParam reads include or exclude (not both).
func (p *parser) placeholderFilterParam(f map[string]*yaml.Node, what string) (placeholderFilter, bool) {
	inc, exc := f["include"], f["exclude"]
	switch {
	case inc != nil && exc != nil:
		p.errorf(exc, "%s: include and exclude cannot be used together", what)
		return nil, false
	case inc != nil:
		names := setOf(p.stringList(inc))
		return func(n string) bool { return names[n] }, true
	case exc != nil:
		names := setOf(p.stringList(exc))
		return func(n string) bool { return !names[n] }, true
	}
	return func(string) bool { return true }, true
}

func setOf(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// buildValuePlaceholders is value_placeholders.
func buildValuePlaceholders(p *parser, f map[string]*yaml.Node) (step, bool) {
	handles, ok := p.placeholderFilterParam(f, "value_placeholders")
	if !ok {
		return nil, false
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		replacePlaceholders(t, r, handles, func(m *ir.Match, name string) ([]ir.Pattern, bool) {
			vals, ok := r.Vars[name]
			if !ok {
				errs.Add(m.Pos, "expand: placeholder %%%s%%: the pipelines' vars define no %s (value_placeholders)", name, name)
				return nil, false
			}
			out := make([]ir.Pattern, len(vals))
			for i, v := range vals {
				out[i] = ir.ParseSigmaString(v)
			}
			return out, true
		})
	}, true
}

// buildWildcardPlaceholders is wildcard_placeholders.
func buildWildcardPlaceholders(p *parser, f map[string]*yaml.Node) (step, bool) {
	handles, ok := p.placeholderFilterParam(f, "wildcard_placeholders")
	if !ok {
		return nil, false
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		replacePlaceholders(t, r, handles, func(*ir.Match, string) ([]ir.Pattern, bool) {
			return []ir.Pattern{{{Kind: ir.AnyString}}}, true
		})
	}, true
}

// replacePlaceholders rewrites each comparison the transformation applies
// to that holds a placeholder it handles: every combination of the
// placeholders' replacements is one comparison, joined by an OR.
func replacePlaceholders(t *Transformation, r *Result, handles placeholderFilter, values func(*ir.Match, string) ([]ir.Pattern, bool)) {
	rewriteMatches(r, func(m *ir.Match) ir.Expr {
		if m.Op != ir.OpEq || len(m.Pattern.Placeholders()) == 0 || !t.appliesToMatch(m) {
			return m
		}
		variants := []ir.Pattern{nil}
		for _, part := range m.Pattern {
			alts := []ir.Pattern{{part}}
			if part.Kind == ir.Placeholder && handles(part.Text) {
				var ok bool
				if alts, ok = values(m, part.Text); !ok {
					return m
				}
			}
			var next []ir.Pattern
			for _, v := range variants {
				for _, a := range alts {
					next = append(next, ir.Concat(v, a))
				}
			}
			variants = next
		}
		if len(variants) == 1 {
			c := *m
			c.Pattern = variants[0]
			return &c
		}
		or := &ir.Or{Pos: m.Pos, FromList: true}
		for _, v := range variants {
			c := *m
			c.Pattern = v
			or.Args = append(or.Args, &c)
		}
		return or
	})
}

// mergeVars joins the vars of the pipelines, in the order they run: a later
// pipeline's value of a name replaces an earlier one's.
func mergeVars(ps []*Pipeline) map[string][]string {
	out := map[string][]string{}
	for _, p := range ps {
		for k, v := range p.Vars {
			out[k] = v
		}
	}
	return out
}

// unresolvedPlaceholders reports every placeholder left after the
// pipelines, at its field.
func unresolvedPlaceholders(r *Result, errs *diag.List) {
	for _, c := range r.Rule.Conditions {
		ir.WalkLeaves(c, func(m *ir.Match, _ bool) {
			names := m.Pattern.Placeholders()
			sort.Strings(names)
			for i, n := range names {
				if i > 0 && names[i-1] == n {
					continue
				}
				errs.Add(m.Pos, "%s", fmt.Sprintf("expand: placeholder %%%s%%: no pipeline resolves it (value_placeholders with %s in vars, or wildcard_placeholders)", n, n))
			}
		})
	}
}

// ExpandPlaceholders resolves the placeholders of a rule with the
// placeholder transformations of the pipelines alone (value_placeholders,
// wildcard_placeholders), as conversion does: the rule whose meaning a
// translation must keep.
func ExpandPlaceholders(rule *ir.Rule, pipelines []*Pipeline) (*ir.Rule, diag.List) {
	only := make([]*Pipeline, 0, len(pipelines))
	for _, p := range pipelines {
		cp := *p
		cp.Transformations = nil
		for _, t := range p.Transformations {
			if t.Type == "value_placeholders" || t.Type == "wildcard_placeholders" {
				cp.Transformations = append(cp.Transformations, t)
			}
		}
		only = append(only, &cp)
	}
	res, errs := Apply(rule, only)
	return res.Rule, errs
}
