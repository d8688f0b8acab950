package kql

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// then appends a row transformation to a plan.
func then(in plan, out *schema, f func(ev event.Event, rows []row) []row) plan {
	return plan{sch: out, run: func(ev event.Event, x []row) []row { return f(ev, in.run(ev, x)) }}
}

// lowerOp lowers one tabular operator applied to in.
func (c *compiler) lowerOp(op *gOp, in plan, e *env) (plan, error) {
	sc := scope{sch: in.sch, env: e}
	switch {
	case op.Where != nil:
		return c.lowerWhere(op.Where, in, sc)
	case op.Summarize != nil:
		return c.lowerSummarize(op, in, sc)
	case op.Extend != nil:
		return c.lowerExtend(op.Extend, in, sc)
	case op.Project != nil:
		return c.lowerProject(op.Project, in, sc)
	case op.ProjectKeep != nil:
		named := make([]*gNamed, len(op.ProjectKeep))
		for i, n := range op.ProjectKeep {
			named[i] = &gNamed{Pos: n.Pos, Expr: nameExpr(n)}
		}
		return c.lowerProject(named, in, sc)
	case op.ProjectAway != nil:
		out := in.sch.clone()
		for _, n := range op.ProjectAway {
			if err := c.requireColumn(out, n); err != nil {
				return plan{}, err
			}
			out.remove(n.text())
		}
		return plan{sch: out, run: in.run}, nil
	case op.ProjectRename != nil:
		return c.lowerRename(op.ProjectRename, in)
	case op.ProjectReorder != nil:
		for _, n := range op.ProjectReorder {
			if err := c.requireColumn(in.sch, n); err != nil {
				return plan{}, err
			}
		}
		return in, nil
	case op.Invoke != nil:
		return c.lowerInvoke(op.Invoke, in, e)
	case op.Take != nil:
		return c.lowerTake(op.Take, in, e)
	case op.Top != nil:
		if _, err := c.lowerExpr(op.Top.Key.Expr, sc); err != nil {
			return plan{}, err
		}
		return c.lowerTake(op.Top.N, in, e)
	case op.DistinctAll:
		return then(in, in.sch, func(_ event.Event, rows []row) []row { return distinctRows(rows) }), nil
	case op.Distinct != nil:
		named := make([]*gNamed, len(op.Distinct))
		for i, n := range op.Distinct {
			named[i] = &gNamed{Pos: n.Pos, Expr: nameExpr(n)}
		}
		return c.lowerGroups(&gSummarize{By: named}, in, sc)
	case op.Sort != nil:
		for _, k := range op.Sort {
			if _, err := c.lowerExpr(k.Expr, sc); err != nil {
				return plan{}, err
			}
		}
		return in, nil
	case op.Count:
		out := &schema{}
		out.addSlot("Count", typeLong)
		return then(in, out, func(_ event.Event, rows []row) []row {
			return []row{{slots: []value{longVal(int64(len(rows)))}}}
		}), nil
	case op.Unknown != nil:
		return plan{}, errorAt(op.Unknown.Pos, "unknown operator '%s'", op.Unknown.Name)
	}
	return plan{}, errorAt(op.Pos, "unsupported operator")
}

// requireColumn fails when a closed schema has no column of that name.
func (c *compiler) requireColumn(s *schema, n *gName) error {
	if !s.has(n.text()) {
		return errorAt(n.Pos, "unknown column '%s'", n.text())
	}
	return nil
}

// nameExpr wraps a column name as an expression.
func nameExpr(n *gName) *gExpr {
	p := &gPrimary{Pos: n.Pos, Column: &gPath{Pos: n.Pos, Parts: []*gName{n}}}
	u := &gUnary{Pos: n.Pos, Operand: p}
	m := &gMul{Pos: n.Pos, Left: u}
	a := &gAdd{Pos: n.Pos, Left: m}
	return &gExpr{Pos: n.Pos, Terms: []*gAnd{{Pos: n.Pos, Terms: []*gCmp{{Pos: n.Pos, Left: a}}}}}
}

func (c *compiler) lowerWhere(x *gExpr, in plan, sc scope) (plan, error) {
	pred, err := c.lowerExpr(x, sc)
	if err != nil {
		return plan{}, err
	}
	if err := checkBool(pred, x, "where"); err != nil {
		return plan{}, err
	}
	return then(in, in.sch, func(_ event.Event, rows []row) []row {
		out := rows[:0:0]
		for i := range rows {
			if pred.eval(&rows[i]).truth() == 1 {
				out = append(out, rows[i])
			}
		}
		return out
	}), nil
}

// slotAssign computes one computed column of extend or project-rename.
type slotAssign struct {
	slot int
	x    node
}

func (c *compiler) lowerExtend(list []*gNamed, in plan, sc scope) (plan, error) {
	out := in.sch.clone()
	var assigns []slotAssign
	for i, nx := range list {
		x, err := c.lowerExpr(nx.Expr, scope{sch: out, env: sc.env})
		if err != nil {
			return plan{}, err
		}
		assigns = append(assigns, slotAssign{slot: out.addSlot(columnName(nx, i), x.typ()), x: x})
	}
	return then(in, out, func(_ event.Event, rows []row) []row { return assignSlots(rows, out.nslots, assigns) }), nil
}

// assignSlots widens each row to n slots and computes the assignments in
// order, so that later ones see earlier ones.
func assignSlots(rows []row, n int, assigns []slotAssign) []row {
	out := make([]row, len(rows))
	for i, r := range rows {
		slots := make([]value, n)
		copy(slots, r.slots)
		nr := row{ev: r.ev, slots: slots}
		for _, a := range assigns {
			slots[a.slot] = a.x.eval(&nr)
		}
		out[i] = nr
	}
	return out
}

func (c *compiler) lowerProject(list []*gNamed, in plan, sc scope) (plan, error) {
	out := &schema{}
	var xs []node
	for i, nx := range list {
		x, err := c.lowerExpr(nx.Expr, sc)
		if err != nil {
			return plan{}, err
		}
		name := columnName(nx, i)
		if _, dup := out.lookup(name); dup {
			return plan{}, errorAt(nx.Pos, "project: duplicate column name '%s'", name)
		}
		out.addSlot(name, x.typ())
		xs = append(xs, x)
	}
	return then(in, out, func(_ event.Event, rows []row) []row {
		res := make([]row, len(rows))
		for i := range rows {
			slots := make([]value, len(xs))
			for j, x := range xs {
				slots[j] = x.eval(&rows[i])
			}
			res[i] = row{slots: slots}
		}
		return res
	}), nil
}

func (c *compiler) lowerRename(list []*gRename, in plan) (plan, error) {
	out := in.sch.clone()
	var assigns []slotAssign
	for _, rn := range list {
		oldName, newName := rn.Old.text(), rn.New.text()
		if col, ok := out.lookup(oldName); ok {
			out.remove(newName)
			for i := range out.cols {
				if out.cols[i].slot == col.slot {
					out.cols[i].name = newName
				}
			}
			continue
		}
		if !out.eventVisible(oldName) {
			return plan{}, errorAt(rn.Old.Pos, "unknown column '%s'", oldName)
		}
		if c.record {
			c.columns[oldName] = true
		}
		assigns = append(assigns, slotAssign{slot: out.addSlot(newName, typeUnknown), x: eventColumn{name: oldName}})
		out.remove(oldName)
	}
	if len(assigns) == 0 {
		return plan{sch: out, run: in.run}, nil
	}
	return then(in, out, func(_ event.Event, rows []row) []row { return assignSlots(rows, out.nslots, assigns) }), nil
}

func (c *compiler) lowerInvoke(call *gInvoke, in plan, e *env) (plan, error) {
	name := call.Name.text()
	b := e.lookup(name)
	if b == nil || b.kind != bindFunc {
		return plan{}, errorAt(call.Pos, "unknown function '%s'", name)
	}
	body, err := c.expandFunc(b, name, call.Args, e, in.sch, call.Pos, false)
	if err != nil {
		return plan{}, err
	}
	return then(in, body.sch, func(ev event.Event, rows []row) []row { return body.run(ev, rows) }), nil
}

func (c *compiler) lowerTake(x *gExpr, in plan, e *env) (plan, error) {
	n, err := c.lowerConst(x, scope{env: e}, "row count")
	if err != nil {
		return plan{}, err
	}
	v := n.(constNode).v
	limit, _, isInt, ok := v.number()
	if !ok || !isInt || limit < 0 || v.k == kindString {
		return plan{}, errorAt(x.Pos, "row count must be a non-negative integer")
	}
	return then(in, in.sch, func(_ event.Event, rows []row) []row {
		if int64(len(rows)) > limit {
			return rows[:limit]
		}
		return rows
	}), nil
}

// lowerSummarize lowers summarize; lowerGroups does the work (distinct is a
// summarize with keys only).
func (c *compiler) lowerSummarize(op *gOp, in plan, sc scope) (plan, error) {
	if len(op.Summarize.Aggs) == 0 && len(op.Summarize.By) == 0 {
		return plan{}, errorAt(op.Pos, "summarize needs an aggregation or a by clause")
	}
	return c.lowerGroups(op.Summarize, in, sc)
}

// aggregation is one lowered aggregation of a summarize.
type aggregation struct {
	fn   aggFunc
	args []node
}

func (c *compiler) lowerGroups(g *gSummarize, in plan, sc scope) (plan, error) {
	out := &schema{}
	add := func(nx *gNamed, name string, t staticType) error {
		if _, dup := out.lookup(name); dup {
			return errorAt(nx.Pos, "summarize: duplicate column name '%s'", name)
		}
		out.addSlot(name, t)
		return nil
	}
	var keys []node
	for i, nx := range g.By {
		x, err := c.lowerExpr(nx.Expr, sc)
		if err != nil {
			return plan{}, err
		}
		if err := add(nx, columnName(nx, i), x.typ()); err != nil {
			return plan{}, err
		}
		keys = append(keys, x)
	}
	var aggs []aggregation
	for _, nx := range g.Aggs {
		a, name, err := c.lowerAggregation(nx, sc)
		if err != nil {
			return plan{}, err
		}
		if err := add(nx, name, a.fn.t); err != nil {
			return plan{}, err
		}
		aggs = append(aggs, a)
	}
	return then(in, out, func(_ event.Event, rows []row) []row { return summarizeRows(rows, keys, aggs) }), nil
}

// lowerAggregation lowers `[name =] agg(args)` and names its column.
func (c *compiler) lowerAggregation(nx *gNamed, sc scope) (aggregation, string, error) {
	p := primaryOf(nx.Expr)
	if p == nil || p.Call == nil {
		return aggregation{}, "", errorAt(nx.Expr.Pos, "summarize: expected an aggregation function call")
	}
	call := p.Call
	fn, ok := aggFuncs[call.Name]
	if !ok {
		if _, scalar := scalarFuncs[call.Name]; scalar {
			return aggregation{}, "", errorAt(call.Pos, "'%s' is not an aggregation function", call.Name)
		}
		return aggregation{}, "", errorAt(call.Pos, "unknown aggregation function '%s'", call.Name)
	}
	if err := checkArity(call, fn.minArgs, fn.maxArgs); err != nil {
		return aggregation{}, "", err
	}
	args := make([]node, len(call.Args))
	for i, a := range call.Args {
		x, err := c.lowerExpr(a, sc)
		if err != nil {
			return aggregation{}, "", err
		}
		args[i] = x
	}
	if call.Name == "countif" {
		if err := checkBool(args[0], call.Args[0], "countif"); err != nil {
			return aggregation{}, "", err
		}
	}
	name := fn.prefix + "_"
	if nx.Name != nil {
		name = nx.Name.text()
	} else if len(call.Args) > 0 && fn.prefix != "count" && fn.prefix != "countif" {
		if col := columnOf(call.Args[0]); col != "" {
			name += col
		}
	}
	return aggregation{fn: fn, args: args}, name, nil
}

// summarizeRows groups rows by the key values (null and empty keys form
// groups like any other) and aggregates each group. Without keys there is
// always exactly one group, even for no rows.
func summarizeRows(rows []row, keys []node, aggs []aggregation) []row {
	type group struct {
		key    []value
		states []aggState
	}
	newGroup := func(key []value) *group {
		g := &group{key: key, states: make([]aggState, len(aggs))}
		for i, a := range aggs {
			g.states[i] = a.fn.newState(a.args)
		}
		return g
	}
	var groups []*group
	index := map[string]*group{}
	for i := range rows {
		r := &rows[i]
		key := make([]value, len(keys))
		var id strings.Builder
		for j, k := range keys {
			key[j] = k.eval(r)
			id.WriteString(key[j].groupKey())
			id.WriteByte(0)
		}
		g := index[id.String()]
		if g == nil {
			g = newGroup(key)
			index[id.String()] = g
			groups = append(groups, g)
		}
		for _, s := range g.states {
			s.add(r)
		}
	}
	if len(keys) == 0 && len(groups) == 0 {
		groups = append(groups, newGroup(nil))
	}
	out := make([]row, len(groups))
	for i, g := range groups {
		slots := append([]value(nil), g.key...)
		for _, s := range g.states {
			slots = append(slots, s.result())
		}
		out[i] = row{slots: slots}
	}
	return out
}

// distinctRows drops rows equal to an earlier one (distinct *).
func distinctRows(rows []row) []row {
	seen := map[string]bool{}
	var out []row
	for _, r := range rows {
		var id strings.Builder
		if r.ev != nil {
			b, _ := json.Marshal(r.ev)
			id.Write(b)
		}
		for _, v := range r.slots {
			id.WriteByte(0)
			id.WriteString(v.groupKey())
		}
		if !seen[id.String()] {
			seen[id.String()] = true
			out = append(out, r)
		}
	}
	return out
}

// columnName is the name of a computed column: the explicit one, the column
// an expression reads, or Column<n> as Kusto names the rest.
func columnName(nx *gNamed, i int) string {
	if nx.Name != nil {
		return nx.Name.text()
	}
	if col := columnOf(nx.Expr); col != "" {
		return col
	}
	return fmt.Sprintf("Column%d", i+1)
}

// columnOf returns the column name of an expression that is just a column.
func columnOf(x *gExpr) string {
	p := primaryOf(x)
	if p == nil || p.Column == nil {
		return ""
	}
	parts := p.Column.Parts
	return parts[len(parts)-1].text()
}
