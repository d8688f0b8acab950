package ir

import (
	"fmt"
	"strings"
)

// Walk calls fn for every node of the tree in depth-first pre-order. When fn
// returns false the children of that node are skipped.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch n := e.(type) {
	case *And:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Or:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Not:
		Walk(n.Arg, fn)
	}
}

// Rewrite rebuilds the tree bottom-up, replacing every Match with what fn
// returns for it. fn may return a new subtree or an error, which stops the
// rewrite.
func Rewrite(e Expr, fn func(*Match) (Expr, error)) (Expr, error) {
	switch n := e.(type) {
	case *And:
		args, err := rewriteAll(n.Args, fn)
		if err != nil {
			return nil, err
		}
		return &And{Args: args, Pos: n.Pos}, nil
	case *Or:
		args, err := rewriteAll(n.Args, fn)
		if err != nil {
			return nil, err
		}
		return &Or{Args: args, FromList: n.FromList, Pos: n.Pos}, nil
	case *Not:
		arg, err := Rewrite(n.Arg, fn)
		if err != nil {
			return nil, err
		}
		return &Not{Arg: arg, Pos: n.Pos}, nil
	case *Match:
		return fn(n)
	}
	return nil, fmt.Errorf("ir: unknown node %T", e)
}

func rewriteAll(args []Expr, fn func(*Match) (Expr, error)) ([]Expr, error) {
	out := make([]Expr, len(args))
	for i, a := range args {
		r, err := Rewrite(a, fn)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// Matches returns the leaves of the tree in source order.
func Matches(e Expr) []*Match {
	var out []*Match
	Walk(e, func(x Expr) bool {
		if m, ok := x.(*Match); ok {
			out = append(out, m)
		}
		return true
	})
	return out
}

// Debug renders the tree as a compact S-expression, for tests and
// `rosetta convert --format ir`.
func Debug(e Expr) string {
	var b strings.Builder
	debug(&b, e)
	return b.String()
}

func debug(b *strings.Builder, e Expr) {
	switch n := e.(type) {
	case *And:
		debugList(b, "and", n.Args)
	case *Or:
		name := "or"
		if n.FromList {
			name = "or-list"
		}
		debugList(b, name, n.Args)
	case *Not:
		b.WriteString("(not ")
		debug(b, n.Arg)
		b.WriteString(")")
	case *Match:
		field := n.Field
		if field == "" {
			field = "<keyword>"
		}
		fmt.Fprintf(b, "(%s %s", n.Op, field)
		switch n.Op {
		case OpEq:
			fmt.Fprintf(b, " %q", n.Pattern.String())
		case OpRegex:
			fmt.Fprintf(b, " %q/%s", n.Regex, n.Flags)
		case OpCIDR:
			fmt.Fprintf(b, " %s", n.CIDR)
		case OpFieldRef:
			fmt.Fprintf(b, " %s", n.Ref)
		case OpExists:
			fmt.Fprintf(b, " %v", n.Exists)
		case OpGt, OpGte, OpLt, OpLte:
			fmt.Fprintf(b, " %v", n.Number)
		case OpTimePart:
			fmt.Fprintf(b, " %s %v", n.Part, n.Number)
		}
		if n.Cased {
			b.WriteString(" cased")
		}
		b.WriteString(")")
	default:
		fmt.Fprintf(b, "<%T>", e)
	}
}

func debugList(b *strings.Builder, name string, args []Expr) {
	b.WriteString("(" + name)
	for _, a := range args {
		b.WriteByte(' ')
		debug(b, a)
	}
	b.WriteString(")")
}

// WalkLeaves calls fn for every leaf in source order with whether it stands
// under an odd number of Nots (so that the condition needs it false).
func WalkLeaves(e Expr, fn func(m *Match, negated bool)) {
	var walk func(e Expr, neg bool)
	walk = func(e Expr, neg bool) {
		switch n := e.(type) {
		case *Not:
			walk(n.Arg, !neg)
		case *And:
			for _, a := range n.Args {
				walk(a, neg)
			}
		case *Or:
			for _, a := range n.Args {
				walk(a, neg)
			}
		case *Match:
			fn(n, neg)
		}
	}
	walk(e, false)
}
