package pipeline

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// transformationKind is the parameter list and builder of one transformation
// type.
type transformationKind struct {
	params map[string]bool
	build  func(p *parser, f map[string]*yaml.Node) (step, bool)
}

func params(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// transformationTypes lists every transformation type by its YAML name.
var transformationTypes = map[string]transformationKind{
	"field_name_mapping":        {params("mapping"), buildFieldNameMapping},
	"basename_field_mapping":    {params("mapping", "separators"), buildBasenameMapping},
	"add_condition":             {params("conditions"), buildAddCondition},
	"replace_string":            {params("regex", "replacement"), buildReplaceString},
	"set_state":                 {params("key", "val"), buildSetState},
	"unmapped_field_failure":    {params("target"), buildUnmappedFailure},
	"detection_item_failure":    {params("message"), buildDetectionItemFailure},
	"rule_failure":              {params("message"), buildRuleFailure},
	"field_name_prefix":         {params("prefix"), buildFieldNamePrefix},
	"field_name_suffix":         {params("suffix"), buildFieldNameSuffix},
	"field_name_prefix_mapping": {params("mapping"), buildFieldNamePrefixMapping},
	"change_logsource":          {params("category", "product", "service"), buildChangeLogsource},
	"drop_detection_item":       {params(), buildDropDetectionItem},
	"value_placeholders":        {params("include", "exclude"), buildValuePlaceholders},
	"wildcard_placeholders":     {params("include", "exclude"), buildWildcardPlaceholders},
	"hashes_fields":             {params("mapping", "prefix", "lowercase", "target"), buildHashesFields},
	"split_field_mapping":       {params("separator", "mapping", "unsplit", "lowercase", "target"), buildSplitFieldMapping},
	"hex_to_decimal":            {params("regex"), buildHexToDecimal},
	"guarded_field_mapping":     {params("mapping", "unless", "when", "otherwise"), buildGuardedFieldMapping},
}

// mappingParam reads "mapping: {sigma_name: target | [targets]}".
func (p *parser) mappingParam(f map[string]*yaml.Node) map[string][]string {
	n := f["mapping"]
	if n == nil {
		p.errs.Add(diag.Pos{File: p.path}, "mapping is required")
		return nil
	}
	m := p.fields(n, "mapping")
	out := map[string][]string{}
	for k, v := range m {
		out[k] = p.stringList(v)
	}
	return out
}

// buildFieldNameMapping renames fields. A field mapped to several targets
// becomes an Or of the same comparison on each.
func buildFieldNameMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	mapping := p.mappingParam(f)
	if mapping == nil {
		return nil, false
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			targets, ok := mapping[m.Field]
			if !ok || m.Mapped || m.Field == "" || !t.appliesToMatch(m) {
				return m
			}
			if m.Op == ir.OpFieldRef {
				if refs, ok := mapping[m.Ref]; ok && len(refs) == 1 {
					c := *m // the input rule's leaf stays as it is
					c.Ref = refs[0]
					m = &c
				}
			}
			var alts []ir.Expr
			for _, target := range targets {
				c := *m
				c.Field, c.Mapped = target, true
				alts = append(alts, &c)
			}
			if len(alts) == 1 {
				return alts[0]
			}
			return &ir.Or{Args: alts, Pos: m.Pos}
		})
		r.Rule.Fields = mapNames(r.Rule.Fields, func(name string) (string, bool) {
			if ts, ok := mapping[name]; ok && len(ts) > 0 && !mappedName(r, name) && t.appliesToField(name) {
				return ts[0], true
			}
			return name, false
		}, r)
	}, true
}

// buildBasenameMapping declares that a target field holds the basename of a
// Sigma field: "Image ends with \x.exe" becomes "process_name is x.exe" when
// the pattern is a suffix that starts with a separator and holds no other
// separator or wildcard. Every other comparison on the field is left for the
// ordinary field mapping.
func buildBasenameMapping(p *parser, f map[string]*yaml.Node) (step, bool) {
	mapping := p.mappingParam(f)
	if mapping == nil {
		return nil, false
	}
	seps := `\/`
	if n := f["separators"]; n != nil {
		seps = strings.Join(p.stringList(n), "")
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			targets, ok := mapping[m.Field]
			if !ok || m.Mapped || m.Op != ir.OpEq || len(targets) != 1 || !t.appliesToMatch(m) {
				return m
			}
			shape, lit := m.Pattern.Shape()
			if shape != ir.ShapeSuffix || len(lit) < 2 || !strings.ContainsRune(seps, rune(lit[0])) {
				return m
			}
			base := lit[1:]
			if strings.ContainsAny(base, seps) {
				return m
			}
			c := *m
			c.Field, c.Pattern, c.Mapped = targets[0], ir.Lit(base), true
			return &c
		})
	}, true
}

// buildAddCondition adds "field = value" comparisons (a list of values is
// any of them) in front of every condition of the rule. The fields are
// target names already.
func buildAddCondition(p *parser, f map[string]*yaml.Node) (step, bool) {
	n := f["conditions"]
	if n == nil {
		p.errs.Add(diag.Pos{File: p.path}, "add_condition: conditions are required")
		return nil, false
	}
	type cond struct {
		field  string
		values []string
	}
	var conds []cond
	for i := 0; i+1 < len(n.Content); i += 2 {
		conds = append(conds, cond{n.Content[i].Value, p.stringList(n.Content[i+1])})
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		for i, c := range r.Rule.Conditions {
			and := &ir.And{Pos: c.Position()}
			for _, ac := range conds {
				var alts []ir.Expr
				for _, v := range ac.values {
					alts = append(alts, &ir.Match{Field: ac.field, Op: ir.OpEq, Pattern: ir.Lit(v), Mapped: true, Pos: r.Rule.Pos})
				}
				if len(alts) == 1 {
					and.Args = append(and.Args, alts[0])
				} else {
					and.Args = append(and.Args, &ir.Or{Args: alts, FromList: true, Pos: r.Rule.Pos})
				}
			}
			and.Args = append(and.Args, c)
			r.Rule.Conditions[i] = and
		}
	}, true
}

// buildSetState records a value for the backend: a data model, a table, an
// event category, the default "by" fields.
func buildSetState(p *parser, f map[string]*yaml.Node) (step, bool) {
	key, val := f["key"], f["val"]
	if key == nil || val == nil {
		p.errs.Add(diag.Pos{File: p.path}, "set_state needs key and val")
		return nil, false
	}
	var v any
	if val.Kind == yaml.SequenceNode {
		v = p.stringList(val)
	} else {
		v = val.Value
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		r.State[key.Value] = v
	}, true
}

// buildUnmappedFailure makes every field that no earlier transformation
// mapped an error naming the field and the target, so that no field passes
// through to a target that does not have it.
func buildUnmappedFailure(p *parser, f map[string]*yaml.Node) (step, bool) {
	target := "this target"
	if n := f["target"]; n != nil {
		target = n.Value
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		for _, c := range r.Rule.Conditions {
			for _, m := range ir.Matches(c) {
				if !m.Mapped && m.Field != "" && t.appliesToMatch(m) {
					errs.Add(m.Pos, "field %q: no mapping to %s", m.Field, target)
				}
			}
		}
		for _, name := range r.Rule.Fields {
			if !mappedName(r, name) && t.appliesToField(name) {
				errs.Add(r.Rule.Pos, "fields: %q: no mapping to %s", name, target)
			}
		}
	}, true
}

// buildDetectionItemFailure rejects every comparison its field name and
// detection item conditions select, with a message at the comparison: the
// way to refuse values a target stores differently when no rewrite is
// exact (pySigma's detection_item_failure).
func buildDetectionItemFailure(p *parser, f map[string]*yaml.Node) (step, bool) {
	msg := "value not supported by this pipeline"
	if n := f["message"]; n != nil {
		msg = n.Value
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			if !t.appliesToMatch(m) {
				return m
			}
			if m.Field == "" {
				errs.Add(m.Pos, "keyword %s: %s", m.Pattern, msg)
				return m
			}
			errs.Add(m.Pos, "field %q: %s", m.Field, msg)
			c := *m
			c.Mapped = true // refused once, not again as unmapped
			return &c
		})
	}, true
}

// buildRuleFailure rejects the rules it applies to with a message.
func buildRuleFailure(p *parser, f map[string]*yaml.Node) (step, bool) {
	msg := "rule not supported by this pipeline"
	if n := f["message"]; n != nil {
		msg = n.Value
	}
	return func(t *Transformation, r *Result, errs *diag.List) {
		errs.Add(r.Rule.Pos, "%s", msg)
	}, true
}

// rewriteMatches replaces each leaf of every condition.
func rewriteMatches(r *Result, fn func(*ir.Match) ir.Expr) {
	for i, c := range r.Rule.Conditions {
		out, _ := ir.Rewrite(c, func(m *ir.Match) (ir.Expr, error) { return fn(m), nil })
		r.Rule.Conditions[i] = out
	}
}

// mapNames maps the rule's "fields:" list, remembering which names were
// mapped so that unmapped_field_failure can tell.
func mapNames(names []string, fn func(string) (string, bool), r *Result) []string {
	out := make([]string, len(names))
	for i, n := range names {
		var ok bool
		if out[i], ok = fn(n); ok {
			markMapped(r, out[i])
		}
	}
	return out
}

const mappedFieldsKey = "_mapped_fields"

func markMapped(r *Result, name string) {
	m, _ := r.State[mappedFieldsKey].(map[string]bool)
	if m == nil {
		m = map[string]bool{}
		r.State[mappedFieldsKey] = m
	}
	m[name] = true
}

func mappedName(r *Result, name string) bool {
	m, _ := r.State[mappedFieldsKey].(map[string]bool)
	return m[name]
}
