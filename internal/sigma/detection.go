package sigma

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// search is one named search of a detection, lowered. alts holds the
// elements of a search written as a list of maps, for "1 of" / "all of" a
// single search.
type search struct {
	name string
	key  *yaml.Node
	expr ir.Expr
	alts []ir.Expr
}

// detection lowers the searches and then the conditions of a detection.
func (l *lowerer) detection(n *yaml.Node) []ir.Expr {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "detection must be a mapping of searches and a condition, not a %s", kindName(n))
		return nil
	}
	keys, values := mapping(n)
	l.searches = map[string]*search{}
	var condNode *yaml.Node
	for _, k := range keys {
		v := values[k.Value]
		switch k.Value {
		case "condition":
			condNode = v
		case "timeframe":
			// Only meaningful to correlation rules and the deprecated
			// aggregations; a plain rule ignores it.
		default:
			s := &search{name: k.Value, key: k}
			s.expr, s.alts = l.search(k, v)
			l.searches[k.Value] = s
			l.order = append(l.order, k.Value)
		}
	}
	if condNode == nil {
		l.errorf(n, "detection has no condition")
		return nil
	}
	if len(l.errs) > 0 {
		return nil
	}
	return l.conditions(condNode)
}

// search lowers one named search: a mapping of field items (all must hold),
// a list of such mappings (any must hold), or a list of keywords.
func (l *lowerer) search(key, n *yaml.Node) (ir.Expr, []ir.Expr) {
	switch n.Kind {
	case yaml.MappingNode:
		return l.fieldItems(n), nil
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			l.errorf(n, "search %q is an empty list", key.Value)
			return nil, nil
		}
		first := resolveAlias(n.Content[0])
		if first.Kind == yaml.MappingNode {
			or := &ir.Or{Pos: l.pos(n)}
			for _, c := range n.Content {
				c = resolveAlias(c)
				if c.Kind != yaml.MappingNode {
					l.errorf(c, "search %q mixes maps and plain values in one list", key.Value)
					return nil, nil
				}
				or.Args = append(or.Args, l.fieldItems(c))
			}
			return simplifyOr(or), or.Args
		}
		return l.values(n.Content[0], "", nil, n, l.pos(key)), nil
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			l.errorf(n, "search %q is empty", key.Value)
			return nil, nil
		}
		// A single keyword.
		return l.values(n, "", nil, n, l.pos(key)), nil
	}
	l.errorf(n, "search %q must be a mapping or a list, not a %s", key.Value, kindName(n))
	return nil, nil
}

func simplifyOr(or *ir.Or) ir.Expr {
	if len(or.Args) == 1 {
		return or.Args[0]
	}
	return or
}

// fieldItems lowers a mapping of "field|modifiers: value(s)" items.
func (l *lowerer) fieldItems(n *yaml.Node) ir.Expr {
	keys, values := mapping(n)
	and := &ir.And{Pos: l.pos(n)}
	before := len(l.errs)
	for _, k := range keys {
		field, mods := splitKey(k.Value)
		if field == "" && len(mods) == 0 {
			l.errorf(k, "empty field name")
			continue
		}
		if e := l.values(k, field, mods, values[k.Value], l.pos(k)); e != nil {
			and.Args = append(and.Args, e)
		}
	}
	if len(and.Args) == 1 {
		return and.Args[0]
	}
	if len(and.Args) == 0 && len(l.errs) == before {
		l.errorf(n, "empty search")
	}
	return and
}

func splitKey(key string) (string, []string) {
	parts := strings.Split(key, "|")
	return parts[0], parts[1:]
}

// values lowers the value(s) of one field item: one value, or a list that is
// any of them (all of them with the "all" modifier); with "neq", none of
// them (not all of them with "all").
func (l *lowerer) values(key *yaml.Node, field string, modNames []string, n *yaml.Node, pos diag.Pos) ir.Expr {
	mods, ok := l.modifiers(key, modNames)
	if !ok {
		return nil
	}
	e := l.valueList(key, field, mods, n, pos)
	if e == nil || !mods.neq {
		return e
	}
	return &ir.Not{Arg: e, Pos: pos}
}

func (l *lowerer) valueList(key *yaml.Node, field string, mods modifiers, n *yaml.Node, pos diag.Pos) ir.Expr {
	n = resolveAlias(n)
	if n == nil {
		l.errorf(key, "missing value")
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return l.value(field, mods, n, pos)
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			l.errorf(n, "empty list of values")
			return nil
		}
		var args []ir.Expr
		for _, c := range n.Content {
			c = resolveAlias(c)
			if c.Kind != yaml.ScalarNode {
				l.errorf(c, "a value must be a string, number, boolean or null, not a %s", kindName(c))
				continue
			}
			e := l.value(field, mods, c, pos)
			if e == nil {
				continue
			}
			// The variants of one value (windash, base64offset) join the
			// list they stand in, unless every value must hold.
			if or, ok := e.(*ir.Or); ok && !mods.all {
				args = append(args, or.Args...)
				continue
			}
			args = append(args, e)
		}
		if len(args) == 0 {
			return nil
		}
		if mods.all {
			if len(args) == 1 {
				return args[0]
			}
			return &ir.And{Args: args, Pos: pos}
		}
		return &ir.Or{Args: args, FromList: true, Pos: pos}
	}
	l.errorf(n, "a value must be a string, number, boolean, null or a list of them, not a %s", kindName(n))
	return nil
}

// value lowers one scalar value through the modifier chain: a Match, or an
// Or of matches (a list for the field) when the chain makes variants.
func (l *lowerer) value(field string, mods modifiers, n *yaml.Node, pos diag.Pos) ir.Expr {
	m := &ir.Match{Field: field, Pos: pos, Cased: mods.cased}
	if n.Tag == "!!null" {
		if mods.op != nil || len(mods.steps) > 0 {
			l.errorf(n, "null cannot take modifiers")
			return nil
		}
		if field == "" {
			l.errorf(n, "a keyword cannot be null")
			return nil
		}
		m.Op = ir.OpNull
		return m
	}
	if name, ok := placeholder(n.Value); ok && mods.expand && !placeholderChain(mods) {
		l.errorf(n, "expand: placeholder %%%s%%: a placeholder takes only contains, startswith and endswith besides expand", name)
		return nil
	}
	if mods.op != nil {
		if err := mods.op(m, n.Value); err != "" {
			l.errorf(n, "%s", err)
			return nil
		}
		return m
	}
	first := ir.ParseSigmaString(n.Value)
	if mods.expand {
		first = withPlaceholders(first)
	}
	ps := []ir.Pattern{first}
	for _, s := range mods.steps {
		var next []ir.Pattern
		for _, p := range ps {
			out, err := s.fn(p)
			if err != "" {
				l.errorf(n, "%s: %s", s.name, err)
				return nil
			}
			next = append(next, out...)
		}
		ps = next
	}
	if len(ps) == 1 {
		m.Op, m.Pattern = ir.OpEq, ps[0]
		return m
	}
	or := &ir.Or{FromList: true, Pos: pos}
	for _, p := range ps {
		v := *m
		v.Op, v.Pattern = ir.OpEq, p
		or.Args = append(or.Args, &v)
	}
	return or
}

// placeholderChain reports whether a modifier chain leaves a placeholder
// for a pipeline to resolve: no operator (re, cidr, ...) and no step that
// rewrites the value's text (windash, base64, ...).
func placeholderChain(mods modifiers) bool {
	if mods.op != nil {
		return false
	}
	for _, s := range mods.steps {
		if !placeholderSteps[s.name] {
			return false
		}
	}
	return true
}
