package kql

import (
	"regexp"
	"strconv"
	"strings"
)

// scope is what names mean while lowering an expression: the columns of the
// rows (nil in a constant context such as a let value or a take count) and
// the let bindings.
type scope struct {
	sch *schema
	env *env
}

// lowerConst lowers an expression that must be a constant.
func (c *compiler) lowerConst(x *gExpr, sc scope, what string) (node, error) {
	n, err := c.lowerExpr(x, scope{env: sc.env})
	if err != nil {
		return nil, err
	}
	if _, ok := n.(constNode); !ok {
		return nil, errorAt(x.Pos, "%s must be a constant", what)
	}
	return n, nil
}

// fold evaluates a node whose operands are all constants.
func fold(n node, operands ...node) node {
	for _, o := range operands {
		if _, ok := o.(constNode); !ok {
			return n
		}
	}
	return constNode{v: n.eval(&row{}), t: n.typ()}
}

// checkBool rejects an operand of where/and/or/not that cannot be a boolean.
func checkBool(n node, at *gExpr, what string) error {
	if t := n.typ(); t != typeBool && t != typeUnknown {
		return errorAt(at.Pos, "%s: expected a boolean expression, got a %s", what, t)
	}
	return nil
}

func checkArity(call *gCall, minArgs, maxArgs int) error {
	n := len(call.Args)
	if n >= minArgs && (maxArgs < 0 || n <= maxArgs) {
		return nil
	}
	want := strconv.Itoa(minArgs)
	switch {
	case maxArgs < 0:
		want = "at least " + want
	case maxArgs != minArgs:
		want += " to " + strconv.Itoa(maxArgs)
	}
	return errorAt(call.Pos, "function '%s' expects %s argument(s), got %d", call.Name, want, n)
}

func (c *compiler) lowerExpr(x *gExpr, sc scope) (node, error) {
	if len(x.Terms) == 1 {
		return c.lowerAnd(x.Terms[0], sc)
	}
	terms := make([]node, len(x.Terms))
	for i, t := range x.Terms {
		n, err := c.lowerAnd(t, sc)
		if err != nil {
			return nil, err
		}
		if err := checkBool(n, &gExpr{Pos: t.Pos}, "or"); err != nil {
			return nil, err
		}
		terms[i] = n
	}
	return fold(orNode{terms: terms}, terms...), nil
}

func (c *compiler) lowerAnd(x *gAnd, sc scope) (node, error) {
	if len(x.Terms) == 1 {
		return c.lowerCmp(x.Terms[0], sc)
	}
	terms := make([]node, len(x.Terms))
	for i, t := range x.Terms {
		n, err := c.lowerCmp(t, sc)
		if err != nil {
			return nil, err
		}
		if err := checkBool(n, &gExpr{Pos: t.Pos}, "and"); err != nil {
			return nil, err
		}
		terms[i] = n
	}
	return fold(andNode{terms: terms}, terms...), nil
}

// orderTests maps the ordering operators to tests on a three-way comparison.
var orderTests = map[string]func(int) bool{
	"<":  func(c int) bool { return c < 0 },
	"<=": func(c int) bool { return c <= 0 },
	">":  func(c int) bool { return c > 0 },
	">=": func(c int) bool { return c >= 0 },
}

func (c *compiler) lowerCmp(x *gCmp, sc scope) (node, error) {
	left, err := c.lowerAdd(x.Left, sc)
	if err != nil || x.Tail == nil {
		return left, err
	}
	t := x.Tail
	switch {
	case t.Regex != nil:
		pat, err := c.lowerAdd(t.Regex, sc)
		if err != nil {
			return nil, err
		}
		k, ok := pat.(constNode)
		if !ok || k.v.k != kindString {
			return nil, errorAt(t.Regex.Pos, "matches regex: the pattern must be a constant string")
		}
		re, err := regexp.Compile(k.v.s)
		if err != nil {
			return nil, errorAt(t.Regex.Pos, "matches regex: invalid RE2 pattern %q: %v", k.v.s, err)
		}
		return fold(regexNode{l: left, re: re}, left), nil
	case t.ListOp != "":
		list := make([]node, len(t.List))
		for i, e := range t.List {
			if list[i], err = c.lowerExpr(e, sc); err != nil {
				return nil, err
			}
		}
		if len(list) == 0 {
			return nil, errorAt(t.Pos, "%s: the list is empty", t.ListOp)
		}
		var n node
		switch t.ListOp {
		case "has_any", "has_all":
			n = hasAnyNode{l: left, list: list, all: t.ListOp == "has_all"}
		default:
			n = inNode{l: left, list: list, fold: strings.HasSuffix(t.ListOp, "~"), negate: strings.HasPrefix(t.ListOp, "!")}
		}
		return fold(n, append(list, left)...), nil
	}
	right, err := c.lowerAdd(t.Right, sc)
	if err != nil {
		return nil, err
	}
	var n node
	switch op := t.Op; op {
	case "==", "!=", "=~", "!~":
		n = equalNode{l: left, r: right, fold: op[1] == '~', negate: op[0] == '!'}
	case "<", "<=", ">", ">=":
		n = orderNode{l: left, r: right, test: orderTests[op]}
	default:
		pred, ok := stringOps[strings.TrimPrefix(op, "!")]
		if !ok {
			return nil, errorAt(t.Pos, "unknown operator '%s'", op)
		}
		n = stringOpNode{l: left, r: right, pred: pred, negate: strings.HasPrefix(op, "!")}
	}
	return fold(n, left, right), nil
}

func (c *compiler) lowerAdd(x *gAdd, sc scope) (node, error) {
	n, err := c.lowerMul(x.Left, sc)
	if err != nil {
		return nil, err
	}
	for _, r := range x.Rest {
		right, err := c.lowerMul(r.Right, sc)
		if err != nil {
			return nil, err
		}
		n = fold(arithNode{op: r.Op, l: n, r: right}, n, right)
	}
	return n, nil
}

func (c *compiler) lowerMul(x *gMul, sc scope) (node, error) {
	n, err := c.lowerUnary(x.Left, sc)
	if err != nil {
		return nil, err
	}
	for _, r := range x.Rest {
		right, err := c.lowerUnary(r.Right, sc)
		if err != nil {
			return nil, err
		}
		n = fold(arithNode{op: r.Op, l: n, r: right}, n, right)
	}
	return n, nil
}

func (c *compiler) lowerUnary(x *gUnary, sc scope) (node, error) {
	n, err := c.lowerPrimary(x.Operand, sc)
	if err != nil || !x.Neg {
		return n, err
	}
	zero := constNode{v: longVal(0), t: typeLong}
	return fold(arithNode{op: "-", l: zero, r: n}, n), nil
}

func (c *compiler) lowerPrimary(p *gPrimary, sc scope) (node, error) {
	switch {
	case p.Strings != nil:
		var b strings.Builder
		for _, tok := range p.Strings {
			b.WriteString(stringValue(tok))
		}
		return constNode{v: stringVal(b.String()), t: typeString}, nil
	case p.Number != "":
		return parseNumber(p)
	case p.Bool != "":
		return constNode{v: boolVal(strings.EqualFold(p.Bool, "true")), t: typeBool}, nil
	case p.Datetime != nil:
		toks := significant(p.Datetime.Tokens)
		first, last := toks[0], toks[len(toks)-1]
		text := strings.TrimSpace(c.src[first.Pos.Offset : last.Pos.Offset+len(last.Value)])
		if text == "null" {
			return constNode{v: nullValue, t: typeDatetime}, nil
		}
		if (first.Type == tokenTypes["String"] || first.Type == tokenTypes["VString"]) && len(toks) == 1 {
			text = stringValue(first.Value)
		}
		t, ok := parseDatetime(text)
		if !ok {
			return nil, errorAt(first.Pos, "invalid datetime literal %q", text)
		}
		return constNode{v: value{k: kindDatetime, t: t}, t: typeDatetime}, nil
	case p.Dynamic != nil:
		return c.lowerDynamic(p.Dynamic, sc)
	case p.Call != nil:
		n, err := c.lowerCall(p.Call, sc)
		if err != nil || len(p.Call.Members) == 0 {
			return n, err
		}
		steps, err := memberSteps(p.Call.Members)
		if err != nil {
			return nil, err
		}
		return fold(memberNode{base: n, path: steps}, n), nil
	case p.Paren != nil:
		return c.lowerExpr(p.Paren, sc)
	case p.Column != nil:
		return c.lowerColumn(p.Column, sc)
	}
	return nil, errorAt(p.Pos, "unsupported expression")
}

func parseNumber(p *gPrimary) (node, error) {
	s := p.Number
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		if err != nil {
			return nil, errorAt(p.Pos, "invalid number %s", s)
		}
		return constNode{v: longVal(int64(u)), t: typeLong}, nil
	}
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return constNode{v: longVal(i), t: typeLong}, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, errorAt(p.Pos, "invalid number %s", s)
	}
	return constNode{v: realVal(f), t: typeReal}, nil
}

// lowerDynamic lowers dynamic(...) of constants.
func (c *compiler) lowerDynamic(d *gDynamic, sc scope) (node, error) {
	switch {
	case d.Null:
		return constNode{v: nullValue, t: typeDynamic}, nil
	case d.Scalar != nil:
		return c.lowerConst(d.Scalar, sc, "dynamic value")
	}
	list := make([]value, len(d.Elems))
	raw := make([]any, len(d.Elems))
	for i, e := range d.Elems {
		n, err := c.lowerConst(e, sc, "dynamic array element")
		if err != nil {
			return nil, err
		}
		v := n.(constNode).v
		list[i] = v
		switch v.k {
		case kindLong:
			raw[i] = v.i
		case kindReal:
			raw[i] = v.f
		case kindBool:
			raw[i] = v.b
		case kindNull:
			raw[i] = nil
		default:
			raw[i] = v.str()
		}
	}
	return constNode{v: value{k: kindDynamic, list: list, raw: raw}, t: typeDynamic}, nil
}

// typedNulls are the type names whose T(null) spells a null literal.
var typedNulls = map[string]staticType{
	"bool": typeBool, "boolean": typeBool, "int": typeLong, "long": typeLong,
	"real": typeReal, "double": typeReal, "decimal": typeReal, "datetime": typeDatetime,
	"timespan": typeUnknown, "guid": typeUnknown, "string": typeString,
}

// constantArgChecks validate constant arguments whose mistakes Kusto would
// only reveal as an always-null result.
var constantArgChecks = map[string]struct {
	arg   int
	valid func(string) bool
	what  string
}{
	"ipv4_is_in_range": {1, func(s string) bool { _, ok := parseIPv4Prefix(s); return ok }, "IPv4 address or range"},
	"ipv6_is_in_range": {1, func(s string) bool { _, ok := parseIPv6Prefix(s); return ok }, "IPv6 address or range"},
	"ipv4_is_match":    {1, func(s string) bool { _, ok := parseIPv4Prefix(s); return ok }, "IPv4 address"},
}

func (c *compiler) lowerCall(call *gCall, sc scope) (node, error) {
	name := call.Name
	if t, ok := typedNulls[name]; ok && len(call.Args) == 1 {
		if p := primaryOf(call.Args[0]); p != nil && p.Column != nil && len(p.Column.Parts) == 1 && p.Column.Parts[0].Ident == "null" {
			return constNode{v: nullValue, t: t}, nil
		}
	}
	if _, ok := aggFuncs[name]; ok {
		return nil, errorAt(call.Pos, "aggregation function '%s' is only allowed in summarize", name)
	}
	args := make([]node, len(call.Args))
	for i, a := range call.Args {
		n, err := c.lowerExpr(a, sc)
		if err != nil {
			return nil, err
		}
		args[i] = n
	}
	switch name {
	case "not":
		if err := checkArity(call, 1, 1); err != nil {
			return nil, err
		}
		if err := checkBool(args[0], call.Args[0], "not"); err != nil {
			return nil, err
		}
		return fold(notNode{x: args[0]}, args[0]), nil
	case "iff", "iif":
		if err := checkArity(call, 3, 3); err != nil {
			return nil, err
		}
		if err := checkBool(args[0], call.Args[0], name); err != nil {
			return nil, err
		}
		n := callNode{t: args[1].typ(), args: args, fn: func(a []value) value {
			if a[0].truth() == 1 {
				return a[1]
			}
			return a[2]
		}}
		return fold(n, args...), nil
	}
	f, ok := scalarFuncs[name]
	if !ok {
		if b := sc.env.lookup(name); b != nil && b.kind == bindFunc {
			return nil, errorAt(call.Pos, "function '%s' is tabular; call it as a table source or with invoke", name)
		}
		return nil, errorAt(call.Pos, "unknown function '%s'", name)
	}
	if err := checkArity(call, f.minArgs, f.maxArgs); err != nil {
		return nil, err
	}
	if chk, ok := constantArgChecks[name]; ok && chk.arg < len(args) {
		if k, isConst := args[chk.arg].(constNode); isConst && !chk.valid(k.v.str()) {
			return nil, errorAt(call.Args[chk.arg].Pos, "%s: %q is not a valid %s", name, k.v.str(), chk.what)
		}
	}
	return fold(callNode{fn: f.fn, args: args, t: f.t}, args...), nil
}

// lowerColumn resolves a name: a computed column, then a let, then a column of
// the event. Only an open schema (rows straight from a table, possibly
// extended or filtered) reads event columns.
func (c *compiler) lowerColumn(p *gPath, sc scope) (node, error) {
	first := p.Parts[0].text()
	rest, err := pathSteps(p)
	if err != nil {
		return nil, err
	}
	member := func(n node) node {
		if len(rest) == 0 {
			return n
		}
		return fold(memberNode{base: n, path: rest}, n)
	}
	if sc.sch != nil {
		if col, ok := sc.sch.lookup(first); ok {
			return member(slotColumn{slot: col.slot, t: col.t}), nil
		}
	}
	if b := sc.env.lookup(first); b != nil {
		if b.kind != bindScalar {
			return nil, errorAt(p.Pos, "'%s' is a table or function, not a scalar", first)
		}
		return member(constNode{v: b.val, t: b.t}), nil
	}
	switch {
	case sc.sch == nil:
		return nil, errorAt(p.Pos, "unknown name '%s' (no columns here)", first)
	case !sc.sch.eventVisible(first):
		return nil, errorAt(p.Pos, "unknown column '%s'", first)
	}
	if c.record {
		c.columns[first] = true
	}
	return member(eventColumn{name: first}), nil
}

// pathSteps are the accesses of a path after its column: the dotted names,
// then the members and subscripts.
func pathSteps(p *gPath) ([]step, error) {
	var out []step
	for _, part := range p.Parts[1:] {
		out = append(out, step{key: part.text()})
	}
	more, err := memberSteps(p.Members)
	return append(out, more...), err
}

// memberSteps are the accesses of a list of members.
func memberSteps(ms []*gMember) ([]step, error) {
	var out []step
	for _, m := range ms {
		switch {
		case m.Name != nil:
			out = append(out, step{key: m.Name.text()})
		case m.Key != "":
			out = append(out, step{key: stringValue(m.Key)})
		default:
			i, err := strconv.Atoi(m.Index)
			if err != nil {
				return nil, errorAt(m.Pos, "invalid array index %s", m.Index)
			}
			out = append(out, step{index: i, isIdx: true})
		}
	}
	return out, nil
}
