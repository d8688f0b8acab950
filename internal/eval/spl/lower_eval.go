package spl

import (
	"github.com/alecthomas/participle/v2/lexer"
)

// expr lowers a where/eval expression: XOR < OR < AND < NOT < comparison <
// + - . < * / % < unary minus.
func (l *lowerer) expr(a *astExpr) (expr, error) {
	return l.logic("XOR", len(a.Terms), func(i int) (lexer.Position, expr, error) {
		e, err := l.orExpr(a.Terms[i])
		return a.Terms[i].Pos, e, err
	})
}

func (l *lowerer) orExpr(a *astOrExpr) (expr, error) {
	return l.logic("OR", len(a.Terms), func(i int) (lexer.Position, expr, error) {
		e, err := l.andExpr(a.Terms[i])
		return a.Terms[i].Pos, e, err
	})
}

func (l *lowerer) andExpr(a *astAndExpr) (expr, error) {
	return l.logic("AND", len(a.Terms), func(i int) (lexer.Position, expr, error) {
		e, err := l.notExpr(a.Terms[i])
		return a.Terms[i].Pos, e, err
	})
}

// logic builds an n-ary logical node; with several operands each must be
// boolean.
func (l *lowerer) logic(op string, n int, term func(int) (lexer.Position, expr, error)) (expr, error) {
	var terms []expr
	for i := 0; i < n; i++ {
		p, e, err := term(i)
		if err != nil {
			return nil, err
		}
		if n > 1 {
			if err := l.wantBool(p, e, op); err != nil {
				return nil, err
			}
		}
		terms = append(terms, e)
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return &logicExpr{op: op, terms: terms}, nil
}

// wantBool rejects operands that can never be boolean: literals, arithmetic
// and bare field references.
func (l *lowerer) wantBool(p lexer.Position, e expr, what string) error {
	switch e.typ() {
	case tValue, tField:
		return l.errorf(p, "%s needs a boolean expression, got %s", what, e)
	}
	return nil
}

func (l *lowerer) notExpr(a *astNotExpr) (expr, error) {
	if a.Not != nil {
		e, err := l.notExpr(a.Not)
		if err != nil {
			return nil, err
		}
		if err := l.wantBool(a.Not.Pos, e, "NOT"); err != nil {
			return nil, err
		}
		return &notExpr{e}, nil
	}
	return l.cmpExpr(a.Cmp)
}

func (l *lowerer) cmpExpr(a *astCmpExpr) (expr, error) {
	left, err := l.addExpr(a.Left)
	if err != nil {
		return nil, err
	}
	switch {
	case a.Right != nil:
		right, err := l.addExpr(a.Right)
		if err != nil {
			return nil, err
		}
		op := a.Op
		if op == "==" {
			op = "="
		}
		return &cmpExpr{op: op, l: left, r: right}, nil
	case a.Like != nil:
		right, err := l.addExpr(a.Like)
		if err != nil {
			return nil, err
		}
		return l.callBuilt(&astCall{Pos: a.Pos, Name: "like", Args: []*astExpr{exprAt(a.Pos), exprAt(a.Like.Pos)}}, []expr{left, right})
	case a.In != nil:
		args := []expr{left}
		call := &astCall{Pos: a.Pos, Name: "in", Args: []*astExpr{exprAt(a.Pos)}}
		for _, x := range a.In {
			e, err := l.expr(x)
			if err != nil {
				return nil, err
			}
			args = append(args, e)
			call.Args = append(call.Args, x)
		}
		return l.callBuilt(call, args)
	}
	return left, nil
}

// exprAt is a placeholder argument carrying only a position, for operators
// (LIKE, IN) lowered as function calls.
func exprAt(p lexer.Position) *astExpr { return &astExpr{Pos: p} }

func (l *lowerer) addExpr(a *astAddExpr) (expr, error) {
	e, err := l.mulExpr(a.Left)
	if err != nil {
		return nil, err
	}
	for _, op := range a.Rest {
		r, err := l.mulExpr(op.Right)
		if err != nil {
			return nil, err
		}
		e = &arithExpr{op: op.Op, l: e, r: r}
	}
	return e, nil
}

func (l *lowerer) mulExpr(a *astMulExpr) (expr, error) {
	e, err := l.unary(a.Left)
	if err != nil {
		return nil, err
	}
	for _, op := range a.Rest {
		r, err := l.unary(op.Right)
		if err != nil {
			return nil, err
		}
		e = &arithExpr{op: op.Op, l: e, r: r}
	}
	return e, nil
}

func (l *lowerer) unary(a *astUnary) (expr, error) {
	if a.Neg != nil {
		e, err := l.unary(a.Neg)
		if err != nil {
			return nil, err
		}
		return &negExpr{e}, nil
	}
	return l.prim(a.Prim)
}

func (l *lowerer) prim(a *astPrim) (expr, error) {
	switch {
	case a.Call != nil:
		return l.call(a.Call)
	case a.Number != nil:
		n, ok := parseNumber(*a.Number)
		if !ok {
			return nil, l.errorf(a.Pos, "invalid number %q", *a.Number)
		}
		return &litExpr{numValue(n)}, nil
	case a.Str != nil:
		return &litExpr{strValue(unquote(*a.Str))}, nil
	case a.Field != nil:
		return &fieldExpr{unquote(*a.Field)}, nil
	case a.Ident != nil:
		return &fieldExpr{*a.Ident}, nil
	}
	return l.expr(a.Group)
}

// call lowers a function call: the name must be a known function with the
// right number of arguments.
func (l *lowerer) call(c *astCall) (expr, error) {
	args := make([]expr, len(c.Args))
	for i, a := range c.Args {
		e, err := l.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	return l.callBuilt(c, args)
}

func (l *lowerer) callBuilt(c *astCall, args []expr) (expr, error) {
	spec, ok := functions[c.Name]
	if !ok {
		return nil, l.errorf(c.Pos, "unknown function %q", c.Name)
	}
	if len(args) < spec.min || (spec.max >= 0 && len(args) > spec.max) {
		want := "at least"
		if spec.max == spec.min {
			want = "exactly"
		}
		return nil, l.errorf(c.Pos, "%s expects %s %d argument(s), got %d", c.Name, want, spec.min, len(args))
	}
	fn, t, err := spec.build(l, c, args)
	if err != nil {
		return nil, err
	}
	return &callExpr{name: c.Name, args: args, t: t, fn: fn}, nil
}
