package spl

import "strings"

// fieldMapper maps a field name as written to the name read from rows; nil
// is the identity. tstats uses it to read Processes.process_name from the
// CIM field process_name.
type fieldMapper func(string) string

func (m fieldMapper) apply(name string) string {
	if m == nil {
		return name
	}
	return m(name)
}

// search lowers a search expression (implied AND of OR groups).
func (l *lowerer) search(a *astSearchAnd, m fieldMapper) (cond, error) {
	var and andCond
	for _, o := range a.Terms {
		var or orCond
		for _, n := range o.Terms {
			c, err := l.searchNot(n, m)
			if err != nil {
				return nil, err
			}
			or = append(or, c)
		}
		and = append(and, simplifyOr(or))
	}
	return simplifyAnd(and), nil
}

func (l *lowerer) searchNot(n *astSearchNot, m fieldMapper) (cond, error) {
	switch {
	case n.Not != nil:
		c, err := l.searchNot(n.Not, m)
		if err != nil {
			return nil, err
		}
		return notCond{c}, nil
	case n.Group != nil:
		return l.search(n.Group, m)
	case n.Cmp != nil:
		return l.comparison(n.Cmp, m)
	}
	text, caseSensitive := l.valueText(n.Term)
	return &keywordCond{glob: newGlob(text, '*', 0, !caseSensitive, false)}, nil
}

// tstatsWhere lowers a tstats where clause: the search language without
// bare terms.
func (l *lowerer) tstatsWhere(a *astTsAnd, m fieldMapper) (cond, error) {
	var and andCond
	for _, o := range a.Terms {
		var or orCond
		for _, n := range o.Terms {
			c, err := l.tstatsNot(n, m)
			if err != nil {
				return nil, err
			}
			or = append(or, c)
		}
		and = append(and, simplifyOr(or))
	}
	return simplifyAnd(and), nil
}

func (l *lowerer) tstatsNot(n *astTsNot, m fieldMapper) (cond, error) {
	switch {
	case n.Not != nil:
		c, err := l.tstatsNot(n.Not, m)
		if err != nil {
			return nil, err
		}
		return notCond{c}, nil
	case n.Group != nil:
		return l.tstatsWhere(n.Group, m)
	}
	return l.comparison(n.Cmp, m)
}

func simplifyAnd(c andCond) cond {
	if len(c) == 1 {
		return c[0]
	}
	return c
}

func simplifyOr(c orCond) cond {
	if len(c) == 1 {
		return c[0]
	}
	return c
}

// comparison lowers field=value, field!=value, field<value ... and
// field IN (values).
func (l *lowerer) comparison(c *astCmp, m fieldMapper) (cond, error) {
	field := unescape(c.Field, `"|`)
	if strings.Contains(field, "*") {
		return nil, l.errorf(c.Pos, "wildcards in field names are not supported: %q", field)
	}
	field = m.apply(field)
	if c.In != nil {
		var or orCond
		for _, v := range c.In {
			text, cs := l.valueText(v)
			or = append(or, &fieldCond{field: field, val: newSearchValue(text, cs)})
		}
		return simplifyOr(or), nil
	}
	text, cs := l.valueText(c.Value)
	switch c.Op {
	case "=", "!=":
		return &fieldCond{field: field, neg: c.Op == "!=", val: newSearchValue(text, cs)}, nil
	}
	n, isNum := parseNumber(text)
	return &rangeCond{field: field, op: c.Op, num: n, isNum: isNum, text: text}, nil
}

// valueText is the text of a search value after SPL's escapes, and whether
// CASE() made it case-sensitive.
func (l *lowerer) valueText(v *astValue) (string, bool) {
	switch {
	case v.Directive != nil:
		d := v.Directive
		text := ""
		if d.Str != nil {
			text = unquote(*d.Str)
		} else {
			text = unescape(*d.Word, `"|`)
		}
		return text, strings.EqualFold(d.Name, "CASE")
	case v.Str != nil:
		return unquote(*v.Str), false
	}
	return unescape(*v.Word, `"|`), false
}

// tstatsOptions are the tstats options accepted before the aggregations.
var tstatsOptions = map[string]bool{
	"summariesonly": true, "allow_old_summaries": true, "fillnull_value": true,
	"prestats": true, "local": true, "append": true, "chunk_size": true,
	"include_reduced_buckets": true,
}

func (l *lowerer) tstats(t *astTstats) (stage, error) {
	s := &groupStage{name: "tstats"}
	for _, o := range t.Options {
		key := strings.ToLower(o.Key)
		if !tstatsOptions[key] {
			return nil, l.errorf(o.Pos, "unknown tstats option %q", o.Key)
		}
		val := fieldName(o.Value)
		switch key {
		case "fillnull_value":
			s.fillnull = &val
		case "prestats", "append":
			if isTrue(val) {
				return nil, l.errorf(o.Pos, "tstats %s=%s is not supported", o.Key, val)
			}
		}
	}
	if t.From == nil {
		return nil, l.errorf(t.Aggs[len(t.Aggs)-1].Pos, "tstats: only 'from datamodel=...' searches are supported")
	}
	s.datamodel = fieldName(t.From.Datamodel)
	var m fieldMapper
	if dot := strings.LastIndexByte(s.datamodel, '.'); dot >= 0 {
		prefix := s.datamodel[dot+1:] + "."
		m = func(name string) string { return strings.TrimPrefix(name, prefix) }
	}
	if err := l.groupBy(s, t.Aggs, t.By, m); err != nil {
		return nil, err
	}
	if t.Where != nil {
		c, err := l.tstatsWhere(t.Where, m)
		if err != nil {
			return nil, err
		}
		s.where = c
	}
	return s, nil
}

func (l *lowerer) stats(t *astStats) (stage, error) {
	s := &groupStage{name: "stats"}
	if err := l.groupBy(s, t.Aggs, t.By, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// groupBy lowers the aggregations and by clause shared by stats and tstats.
func (l *lowerer) groupBy(s *groupStage, aggs []*astAgg, by *astBy, m fieldMapper) error {
	for _, a := range aggs {
		fn, ok := aggregations[strings.ToLower(a.Func)]
		if !ok {
			return l.errorf(a.Pos, "unknown aggregation function %q", a.Func)
		}
		agg := aggregation{fn: fn, out: a.Func}
		if a.Arg != nil {
			field := fieldName(*a.Arg)
			agg.read = m.apply(field)
			agg.out = a.Func + "(" + field + ")"
		} else if fn != "count" {
			return l.errorf(a.Pos, "%s needs a field: %s(field)", a.Func, a.Func)
		}
		if a.As != nil {
			agg.out = fieldName(*a.As)
		}
		s.aggs = append(s.aggs, agg)
	}
	if by != nil {
		if by.Span != nil && (len(by.Fields) == 0 || !containsString(by.Fields, "_time")) {
			return l.errorf(by.Pos, "span= needs _time in the by clause")
		}
		for _, f := range by.Fields {
			name := fieldName(f)
			s.byOut = append(s.byOut, name)
			s.byRead = append(s.byRead, m.apply(name))
		}
	}
	return nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
