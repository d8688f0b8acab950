package pipeline

import (
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// buildGuardedFieldMapping renames a field as field_name_mapping does and
// adds to each comparison the negation of a target comparison, for a
// target field that other events fill from another source: Elastic's
// auditd pipeline writes a record's exe to process.executable, and an
// EXECVE record's first argument too, so "exe: x" is
// "process.executable : x and not event.action : execve". Parameters:
// mapping (one target per field) and unless (target field: the value that
// marks the other events).
func buildGuardedFieldMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	mapping := p.mappingParam(f)
	n := f["unless"]
	if mapping == nil || n == nil {
		if n == nil {
			p.errs.Add(diag.Pos{File: p.path}, "guarded_field_mapping: unless is required")
		}
		return nil, false
	}
	unless := p.fields(n, "unless")
	if len(unless) != 1 {
		p.errorf(n, "guarded_field_mapping: unless must name one field and its value")
		return nil, false
	}
	var guardField, guardValue string
	for k, v := range unless {
		guardField, guardValue = k, v.Value
	}
	for k, ts := range mapping {
		if len(ts) != 1 {
			p.errorf(f["mapping"], "guarded_field_mapping: %q must map to one field", k)
			return nil, false
		}
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			targets, ok := mapping[m.Field]
			if !ok || m.Mapped || !t.appliesToMatch(m) {
				return m
			}
			c := *m
			c.Field, c.Mapped = targets[0], true
			guard := &ir.Match{Field: guardField, Op: ir.OpEq, Pattern: ir.Lit(guardValue), Mapped: true, Pos: m.Pos}
			return &ir.And{Args: []ir.Expr{&c, &ir.Not{Arg: guard, Pos: m.Pos}}, Pos: m.Pos}
		})
		r.Rule.Fields = mapNames(r.Rule.Fields, func(name string) (string, bool) {
			if ts, ok := mapping[name]; ok && !mappedName(r, name) && t.appliesToField(name) {
				return ts[0], true
			}
			return name, false
		}, r)
	}, true
}
