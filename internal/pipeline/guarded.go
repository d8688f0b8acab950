package pipeline

import (
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// buildGuardedFieldMapping renames a field as field_name_mapping does and
// joins each comparison with a target comparison that tells which events
// fill the target field from the Sigma field. Parameters: mapping (one
// target per field); exactly one of unless (a target field and the value
// that marks the events filling the target from elsewhere: the comparison
// becomes "target and not guard") and when (a target field and the value
// that marks the events filling the target from the Sigma field:
// "target and guard"); and, with when, an optional otherwise (the field
// the other events keep the Sigma field in: "(target and guard) or
// otherwise"). Elastic's auditd pipeline writes exe to process.executable
// and an EXECVE record's a0 there too, keeping other records' a0 in
// auditd.log.a0: exe is "process.executable and not event.action :
// execve", a0 "(process.executable and event.action : execve) or
// auditd.log.a0".
func buildGuardedFieldMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	mapping := p.mappingParam(f)
	if mapping == nil {
		return nil, false
	}
	for k, ts := range mapping {
		if len(ts) != 1 {
			p.errorf(f["mapping"], "guarded_field_mapping: %q must map to one field", k)
			return nil, false
		}
	}
	unless, when := f["unless"], f["when"]
	if (unless == nil) == (when == nil) {
		p.errs.Add(diag.Pos{File: p.path}, "guarded_field_mapping: needs exactly one of unless and when")
		return nil, false
	}
	guardNode, negate := when, false
	if unless != nil {
		guardNode, negate = unless, true
	}
	guardField, guardValue, ok := p.guardParam(guardNode)
	if !ok {
		return nil, false
	}
	var otherwise string
	if n := f["otherwise"]; n != nil {
		if negate || n.Kind != yaml.ScalarNode {
			p.errorf(n, "guarded_field_mapping: otherwise is one field, and goes with when")
			return nil, false
		}
		otherwise = n.Value
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			targets, ok := mapping[m.Field]
			if !ok || m.Mapped || !t.appliesToMatch(m) {
				return m
			}
			c := *m
			c.Field, c.Mapped = targets[0], true
			var guard ir.Expr = &ir.Match{Field: guardField, Op: ir.OpEq, Pattern: ir.Lit(guardValue), Mapped: true, Pos: m.Pos}
			if negate {
				guard = &ir.Not{Arg: guard, Pos: m.Pos}
			}
			var out ir.Expr = &ir.And{Args: []ir.Expr{&c, guard}, Pos: m.Pos}
			if otherwise != "" {
				o := *m
				o.Field, o.Mapped = otherwise, true
				out = &ir.Or{Args: []ir.Expr{out, &o}, Pos: m.Pos}
			}
			return out
		})
		r.Rule.Fields = mapNames(r.Rule.Fields, func(name string) (string, bool) {
			if ts, ok := mapping[name]; ok && !mappedName(r, name) && t.appliesToField(name) {
				return ts[0], true
			}
			return name, false
		}, r)
	}, true
}

// guardParam reads a guard: a mapping of one target field to its value.
func (p *parser) guardParam(n *yaml.Node) (field, value string, ok bool) {
	m := p.fields(n, "guard")
	if len(m) != 1 {
		p.errorf(n, "guarded_field_mapping: unless and when name one field and its value")
		return "", "", false
	}
	for k, v := range m {
		field, value = k, v.Value
	}
	return field, value, true
}
