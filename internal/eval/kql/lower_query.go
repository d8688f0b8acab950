package kql

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// tableKey is the event field that names the table an event belongs to.
const tableKey = "_table"

// alsoKey is the event field that holds the rows the same activity left in
// other tables, by table name (a process start is a Sysmon event in one
// table and a Security 4688 event in another).
const alsoKey = "_also"

// maxExpansion bounds nested expansions of lets and functions.
const maxExpansion = 64

// stage runs a tabular expression: ev is the event being matched (read by
// table sources), in the rows bound to the innermost tabular parameter.
type stage func(ev event.Event, in []row) []row

// plan is a lowered tabular expression and the schema of its output.
type plan struct {
	run stage
	sch *schema
}

// bindKind tells what a let name (or a function parameter) stands for.
type bindKind uint8

const (
	bindScalar  bindKind = iota // a constant value
	bindTabular                 // a tabular expression, expanded where used
	bindFunc                    // a function or view, expanded where called
	bindParam                   // a tabular parameter of the function being expanded
)

// binding is what one name in an env stands for.
type binding struct {
	kind  bindKind
	pos   lexer.Position
	val   value      // bindScalar
	t     staticType // bindScalar
	pipe  *gPipe     // bindTabular
	fn    *gFunc     // bindFunc
	view  bool       // bindFunc declared with `view`
	defs  *env       // bindTabular, bindFunc: the env the let was defined in
	frame int        // bindParam: the expansion that bound it
	sch   *schema    // bindParam: the schema of the piped input
}

// env is a persistent chain of let and parameter bindings.
type env struct {
	parent *env
	name   string
	b      *binding
}

func (e *env) lookup(name string) *binding {
	for ; e != nil; e = e.parent {
		if e.name == name {
			return e.b
		}
	}
	return nil
}

func (e *env) with(name string, b *binding) *env { return &env{parent: e, name: name, b: b} }

// compiler lowers a parse tree to plans and nodes.
type compiler struct {
	src       string
	record    bool // record tables and columns (off while checking unused lets)
	tables    map[string]bool
	columns   map[string]bool
	depth     int // nested let/function expansions
	frame     int // the expansion whose tabular parameter is in scope
	lastFrame int
}

func newCompiler(src string) *compiler {
	return &compiler{src: src, record: true, tables: map[string]bool{}, columns: map[string]bool{}}
}

// lowerScript lowers the let statements and the final tabular expression.
func (c *compiler) lowerScript(s *gScript) (plan, error) {
	e, err := c.lowerLets(s.Lets, nil)
	if err != nil {
		return plan{}, err
	}
	return c.lowerPipe(s.Query, e)
}

// lowerLets binds each let in order; a let sees the ones before it only.
func (c *compiler) lowerLets(lets []*gLet, e *env) (*env, error) {
	for _, l := range lets {
		name := l.Name.text()
		var b *binding
		switch {
		case l.Func != nil || l.View != nil:
			fn := l.Func
			if fn == nil {
				fn = l.View
				if len(fn.Params) > 0 {
					return nil, errorAt(fn.Pos, "view '%s' cannot take parameters", name)
				}
			}
			b = &binding{kind: bindFunc, pos: l.Pos, fn: fn, view: l.View != nil, defs: e}
			if err := c.checkUnused(func() error { _, err := c.expandFunc(b, name, nil, nil, openSchema(), l.Pos, true); return err }); err != nil {
				return nil, err
			}
		case len(l.Value.Ops) > 0 || c.isTabularSource(l.Value.Source, e):
			b = &binding{kind: bindTabular, pos: l.Pos, pipe: l.Value, defs: e}
			if err := c.checkUnused(func() error { _, err := c.lowerPipe(l.Value, e); return err }); err != nil {
				return nil, err
			}
		default:
			n, err := c.lowerExpr(l.Value.Source, scope{env: e})
			if err != nil {
				return nil, err
			}
			k, ok := n.(constNode)
			if !ok {
				return nil, errorAt(l.Value.Pos, "let '%s': value must be a constant", name)
			}
			b = &binding{kind: bindScalar, pos: l.Pos, val: k.v, t: k.t}
		}
		e = e.with(name, b)
	}
	return e, nil
}

// checkUnused lowers a let's body once where it is defined, so that errors in
// it are reported even when the query never uses it, without recording its
// tables and columns (only uses read them).
func (c *compiler) checkUnused(f func() error) error {
	saved := c.record
	c.record = false
	err := f()
	c.record = saved
	return err
}

// isTabularSource reports whether a let value without operators names a
// table, a tabular let, a view or a function call rather than a scalar.
func (c *compiler) isTabularSource(x *gExpr, e *env) bool {
	p := primaryOf(x)
	switch {
	case p == nil:
		return false
	case p.Call != nil:
		b := e.lookup(p.Call.Name)
		return b != nil && b.kind == bindFunc
	case p.Column != nil && len(p.Column.Parts) == 1 && len(p.Column.Members) == 0:
		b := e.lookup(p.Column.Parts[0].text())
		return b == nil || b.kind != bindScalar
	}
	return false
}

// lowerPipe lowers `source | op | ...`.
func (c *compiler) lowerPipe(p *gPipe, e *env) (plan, error) {
	if c.depth >= maxExpansion {
		return plan{}, errorAt(p.Pos, "lets and functions nest too deeply")
	}
	c.depth++
	defer func() { c.depth-- }()
	cur, err := c.lowerSource(p.Source, e)
	if err != nil {
		return plan{}, err
	}
	for _, op := range p.Ops {
		if cur, err = c.lowerOp(op, cur, e); err != nil {
			return plan{}, err
		}
	}
	return cur, nil
}

// lowerSource lowers the head of a pipeline: a table, a tabular let or
// parameter, a view, or a function call.
func (c *compiler) lowerSource(x *gExpr, e *env) (plan, error) {
	p := primaryOf(x)
	switch {
	case p != nil && p.Call != nil:
		call := p.Call
		b := e.lookup(call.Name)
		if b != nil && b.kind == bindFunc {
			return c.expandFunc(b, call.Name, call.Args, e, nil, call.Pos, false)
		}
		if _, ok := scalarFuncs[call.Name]; ok || b != nil {
			return plan{}, errorAt(call.Pos, "'%s' is not a tabular function", call.Name)
		}
		return plan{}, errorAt(call.Pos, "unknown function '%s'", call.Name)
	case p != nil && p.Column != nil && len(p.Column.Parts) == 1 && len(p.Column.Members) == 0:
		name := p.Column.Parts[0].text()
		switch b := e.lookup(name); {
		case b == nil:
			return c.tableSource(name), nil
		case b.kind == bindParam:
			if b.frame != c.frame {
				return plan{}, errorAt(p.Pos, "'%s' is a parameter of an enclosing function; only the innermost one can be read", name)
			}
			return plan{sch: b.sch.clone(), run: func(_ event.Event, in []row) []row { return in }}, nil
		case b.kind == bindTabular:
			return c.lowerPipe(b.pipe, b.defs)
		case b.kind == bindFunc:
			return c.expandFunc(b, name, nil, e, nil, p.Pos, false)
		default:
			return plan{}, errorAt(p.Pos, "'%s' is a scalar, not a table", name)
		}
	}
	return plan{}, errorAt(x.Pos, "expected a table name or a tabular expression")
}

// tableSource reads the events of one table.
func (c *compiler) tableSource(name string) plan {
	if c.record {
		c.tables[name] = true
	}
	return plan{sch: openSchema(), run: func(ev event.Event, _ []row) []row {
		if t, ok := ev[tableKey]; ok {
			if s, ok := event.String(t); ok && s == name {
				return []row{{ev: ev}}
			}
		}
		if also, ok := ev[alsoKey].(map[string]any); ok {
			if other, ok := also[name].(map[string]any); ok {
				return []row{{ev: event.Event(other)}}
			}
		}
		return nil
	}}
}

// expandFunc lowers a call of a let function or view at the call site. input
// is the schema piped in by invoke (nil for a plain call); the rows are
// passed at run time. With placeholders, missing scalar arguments read as ""
// (used to check a definition without a call).
func (c *compiler) expandFunc(b *binding, name string, args []*gExpr, caller *env, input *schema, pos lexer.Position, placeholders bool) (plan, error) {
	params := b.fn.Params
	fe := b.defs
	c.lastFrame++
	frame := c.lastFrame
	if input != nil {
		if len(params) == 0 || !params[0].Tabular {
			if placeholders {
				input = nil
			} else {
				return plan{}, errorAt(pos, "function '%s' has no tabular first parameter to invoke with", name)
			}
		}
	}
	if input != nil {
		fe = fe.with(params[0].Name.text(), &binding{kind: bindParam, pos: params[0].Pos, frame: frame, sch: input})
		params = params[1:]
	}
	if len(args) > len(params) {
		return plan{}, errorAt(pos, "function '%s' takes %d argument(s), got %d", name, len(params), len(args))
	}
	for i, prm := range params {
		if prm.Tabular {
			return plan{}, errorAt(prm.Pos, "function '%s': a tabular parameter is only supported first, with invoke", name)
		}
		var val node
		var err error
		switch {
		case i < len(args):
			val, err = c.lowerConst(args[i], scope{env: caller}, "argument")
		case prm.Default != nil:
			val, err = c.lowerConst(prm.Default, scope{env: b.defs}, "default value")
		case placeholders:
			val = constNode{v: stringVal(""), t: typeString}
		default:
			return plan{}, errorAt(pos, "function '%s': missing argument '%s'", name, prm.Name.text())
		}
		if err != nil {
			return plan{}, err
		}
		k := val.(constNode)
		fe = fe.with(prm.Name.text(), &binding{kind: bindScalar, pos: prm.Pos, val: k.v, t: k.t})
	}
	savedFrame := c.frame
	c.frame = frame
	defer func() { c.frame = savedFrame }()
	fe, err := c.lowerLets(b.fn.Body.Lets, fe)
	if err != nil {
		return plan{}, err
	}
	return c.lowerPipe(b.fn.Body.Query, fe)
}

// primaryOf returns the primary of an expression that is nothing more.
func primaryOf(x *gExpr) *gPrimary {
	if x == nil || len(x.Terms) != 1 || len(x.Terms[0].Terms) != 1 {
		return nil
	}
	cmp := x.Terms[0].Terms[0]
	if cmp.Tail != nil || len(cmp.Left.Rest) != 0 || len(cmp.Left.Left.Rest) != 0 || cmp.Left.Left.Left.Neg {
		return nil
	}
	return cmp.Left.Left.Left.Operand
}

// text is the name a gName spells.
func (n *gName) text() string {
	if n.Quoted != "" {
		return stringValue(n.Quoted)
	}
	return n.Ident
}
