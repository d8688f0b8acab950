package pipeline

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// scalarParam reads a required string parameter; a missing one or one that
// is not a string is an error at its position (the transformation's type
// when missing).
func (p *parser) scalarParam(f map[string]*yaml.Node, name, what string) (string, bool) {
	n := f[name]
	if n == nil {
		p.errorf(f["type"], "%s needs %s", what, name)
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s: %s must be a string", what, name)
		return "", false
	}
	return n.Value, true
}

// renameFields rewrites the name of every field its transformation applies
// to, in the conditions (the compared field and a fieldref's other field) and
// in the rule's "fields:" list, and marks the new names as mapped: they are
// target names now, so unmapped_field_failure accepts them. Keywords keep no
// field. rename returns the new names (several become an OR of the same
// comparison) or false to leave the name as it is.
func renameFields(t *Transformation, r *Result, rename func(string) ([]string, bool)) {
	rewriteMatches(r, func(m *ir.Match) ir.Expr {
		if m.Field == "" || !t.appliesToMatch(m) {
			return m
		}
		targets, ok := rename(m.Field)
		if !ok || len(targets) == 0 {
			return m
		}
		ref := m.Ref
		if m.Op == ir.OpFieldRef && t.appliesToField(m.Ref) {
			if refs, ok := rename(m.Ref); ok && len(refs) == 1 {
				ref = refs[0]
			}
		}
		var alts []ir.Expr
		for _, target := range targets {
			c := *m
			c.Field, c.Ref, c.Mapped = target, ref, true
			alts = append(alts, &c)
		}
		if len(alts) == 1 {
			return alts[0]
		}
		return &ir.Or{Args: alts, Pos: m.Pos}
	})
	r.Rule.Fields = mapNames(r.Rule.Fields, func(name string) (string, bool) {
		if !t.appliesToField(name) {
			return name, false
		}
		if ts, ok := rename(name); ok && len(ts) > 0 {
			return ts[0], true
		}
		return name, false
	}, r)
}

// buildFieldNamePrefix adds prefix in front of every field name the
// transformation applies to (pySigma's field_name_prefix).
func buildFieldNamePrefix(p *parser, f map[string]*yaml.Node) (step, bool) {
	prefix, ok := p.scalarParam(f, "prefix", "field_name_prefix")
	if !ok {
		return nil, false
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		renameFields(t, r, func(name string) ([]string, bool) { return []string{prefix + name}, true })
	}, true
}

// buildFieldNameSuffix adds suffix after every field name the transformation
// applies to (pySigma's field_name_suffix).
func buildFieldNameSuffix(p *parser, f map[string]*yaml.Node) (step, bool) {
	suffix, ok := p.scalarParam(f, "suffix", "field_name_suffix")
	if !ok {
		return nil, false
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		renameFields(t, r, func(name string) ([]string, bool) { return []string{name + suffix}, true })
	}, true
}

// buildFieldNamePrefixMapping replaces the start of field names (pySigma's
// field_name_prefix_mapping): "mapping: {Sigma prefix: target prefix or
// [prefixes]}". The first prefix in the file that starts the name wins, as
// pySigma tries them in order; several targets become an OR.
func buildFieldNamePrefixMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	n := f["mapping"]
	if n == nil {
		p.errorf(f["type"], "field_name_prefix_mapping needs mapping")
		return nil, false
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "field_name_prefix_mapping: mapping must be a mapping")
		return nil, false
	}
	type entry struct {
		from string
		to   []string
	}
	var entries []entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "field_name_prefix_mapping: a prefix must be a string")
			continue
		}
		entries = append(entries, entry{k.Value, p.stringList(v)})
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		renameFields(t, r, func(name string) ([]string, bool) {
			for _, e := range entries {
				if !strings.HasPrefix(name, e.from) {
					continue
				}
				rest := name[len(e.from):]
				out := make([]string, len(e.to))
				for i, to := range e.to {
					out[i] = to + rest
				}
				return out, true
			}
			return nil, false
		})
	}, true
}
