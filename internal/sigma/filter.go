package sigma

import (
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Filter is a Sigma filter document (Sigma filters specification v2.0.0):
// a condition over its own searches that is added to the rules it names.
//
// As in pySigma, the reference implementation of the specification, the
// filter's condition is what a rule's events must also satisfy: a rule's
// condition C becomes "C and (filter condition)". A filter that drops
// events therefore says so with "not": `condition: not selection`.
type Filter struct {
	Path      string
	Title     string
	ID        string
	Logsource ir.Logsource
	Rules     []string // rule ids, or rule file names without extension
	Condition ir.Expr
	Pos       diag.Pos // position of the filter document
}

// filterMeta is the part of a filter document that needs no lowering.
type filterMeta struct {
	Title     string       `yaml:"title"`
	ID        string       `yaml:"id"`
	Logsource ir.Logsource `yaml:"logsource"`
}

// LoadFilters parses the Sigma filter documents in data (read from path).
// Filters that fail are left out and their problems returned; the others
// are still returned.
func LoadFilters(path string, data []byte) ([]*Filter, diag.List) {
	return loadDocuments(path, data, "filter", (*lowerer).filter)
}

// filter lowers one filter document. The searches and the condition of its
// "filter" section go through the same lowering as a rule's detection.
func (l *lowerer) filter(root *yaml.Node) *Filter {
	if root.Kind != yaml.MappingNode {
		l.errorf(root, "a Sigma filter must be a YAML mapping, not a %s", kindName(root))
		return nil
	}
	_, values := mapping(root)
	for _, req := range []string{"title", "logsource", "filter"} {
		if values[req] == nil {
			l.errorf(root, "missing required key %q", req)
		}
	}
	if len(l.errs) > 0 {
		return nil
	}
	var meta filterMeta
	if err := root.Decode(&meta); err != nil {
		l.errorf(root, "invalid filter: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil
	}
	f := &Filter{Path: l.path, Title: meta.Title, ID: meta.ID, Logsource: meta.Logsource, Pos: l.pos(root)}
	fn := values["filter"]
	if fn.Kind != yaml.MappingNode {
		l.errorf(fn, "filter must be a mapping of rules, searches and a condition, not a %s", kindName(fn))
		return nil
	}
	keys, fvalues := mapping(fn)
	rules := fvalues["rules"]
	switch {
	case rules == nil:
		l.errorf(fn, "filter has no rules: list the ids or file names of the rules it applies to")
	case rules.Kind == yaml.ScalarNode && rules.Tag != "!!null":
		f.Rules = []string{rules.Value}
	case rules.Kind == yaml.SequenceNode && len(rules.Content) > 0:
		for _, r := range rules.Content {
			r = resolveAlias(r)
			if r.Kind != yaml.ScalarNode || r.Value == "" {
				l.errorf(r, "a filter's rule must be a rule id or name")
				continue
			}
			f.Rules = append(f.Rules, r.Value)
		}
	default:
		l.errorf(rules, "filter rules must be a non-empty list of rule ids or names")
	}
	cond := fvalues["condition"]
	if cond == nil {
		l.errorf(fn, "filter has no condition")
	} else if cond.Kind != yaml.ScalarNode {
		l.errorf(cond, "a filter's condition must be one string")
	}
	if len(l.errs) > 0 {
		return nil
	}
	// The detection lowering, over the filter section without its rules.
	det := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: fn.Line, Column: fn.Column}
	for i, k := range keys {
		if k.Value != "rules" {
			det.Content = append(det.Content, fn.Content[2*i], fn.Content[2*i+1])
		}
	}
	conds := l.detection(det)
	if len(l.errs) > 0 {
		return nil
	}
	if len(conds) != 1 {
		l.errorf(fn, "filter must have exactly one condition")
		return nil
	}
	f.Condition = conds[0]
	return f
}

// Names reports whether the filter names the rule: by its id, or by its
// file name without the extension.
func (f *Filter) Names(rule *ir.Rule) bool {
	base := filepath.Base(rule.Path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	for _, r := range f.Rules {
		if (rule.ID != "" && strings.EqualFold(r, rule.ID)) || (rule.Path != "-" && r == base) {
			return true
		}
	}
	return false
}

// Covers reports whether the rule's log source is within the filter's:
// every attribute the filter sets, the rule has with the same value (as
// pySigma's logsource containment).
func (f *Filter) Covers(rule *ir.Rule) bool {
	in := func(filter, rule string) bool { return filter == "" || filter == rule }
	return in(f.Logsource.Category, rule.Logsource.Category) &&
		in(f.Logsource.Product, rule.Logsource.Product) &&
		in(f.Logsource.Service, rule.Logsource.Service)
}

// Apply returns the rule with the filter added, and true, when the filter
// names the rule and the log sources are compatible; otherwise the rule
// unchanged and false. Every condition C of the rule becomes
// "C and (filter condition)". The rule given is not modified; the new
// conditions keep the positions of the rule's and the filter's nodes.
func (f *Filter) Apply(rule *ir.Rule) (*ir.Rule, bool) {
	if !f.Names(rule) || !f.Covers(rule) {
		return rule, false
	}
	out := *rule
	out.Conditions = make([]ir.Expr, len(rule.Conditions))
	for i, c := range rule.Conditions {
		out.Conditions[i] = &ir.And{Args: []ir.Expr{c, cloneExpr(f.Condition)}, Pos: c.Position()}
	}
	return &out, true
}

// cloneExpr copies a tree, so that each rule a filter applies to gets its
// own nodes.
func cloneExpr(e ir.Expr) ir.Expr {
	c, err := ir.Rewrite(e, func(m *ir.Match) (ir.Expr, error) {
		n := *m
		return &n, nil
	})
	if err != nil {
		return e
	}
	return c
}
