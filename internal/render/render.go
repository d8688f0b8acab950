// Package render turns IR expressions into query text from a backend's
// table: its boolean tokens, its precedence, and hooks for leaves and
// in-lists. Parentheses are decided here, in one place, from the precedence
// table; no backend writes them by hand.
package render

import (
	"fmt"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Precedence gives the binding strength of each boolean operator: a higher
// number binds tighter.
type Precedence struct {
	Or, And, Not int
}

// Dialect is the part of a target language the renderer needs.
type Dialect struct {
	Backend    string     // name used in error messages
	And, Or    string     // infix tokens, with their spacing: " AND ", " or ", " " (implicit)
	Not        string     // prefix token with its spacing: "NOT ", "not "
	NotWrap    bool       // always parenthesize the operand of Not
	Open       string     // group opener, "("
	Close      string     // group closer, ")"
	Prec       Precedence // binding strength
	ParenMixed bool       // parenthesize a nested And/Or of the other kind even where precedence would not need it
	// Leaf renders one comparison, or returns a positioned error for one the
	// target cannot express.
	Leaf func(m *ir.Match) (string, error)
	// List renders an Or of comparisons of one field from a YAML list as an
	// in-list. ok is false when it cannot, and the Or is rendered instead.
	// MinList is the fewest values a list needs to be rendered so.
	List    func(ms []*ir.Match) (s string, ok bool)
	MinList int
	// MaxChain, when not 0, is the most operands one chain of "and" or
	// "or" holds: a longer chain is written as parenthesized chains of at
	// most MaxChain operands (the same value: both operators are
	// associative), for parsers that nest a chain one level per operand.
	MaxChain int
}

// Unsupported builds the error for a construct a target cannot express.
func Unsupported(pos diag.Pos, construct, backend, why string) *diag.Diagnostic {
	return diag.Errorf(pos, "%s: %s: not supported because %s", construct, backend, why)
}

// Render renders an expression.
func (d *Dialect) Render(e ir.Expr) (string, error) {
	s, _, err := d.render(simplify(e))
	return s, err
}

// level is the binding strength of what was rendered; atoms bind tightest.
const atom = 1 << 20

func (d *Dialect) render(e ir.Expr) (string, int, error) {
	switch n := e.(type) {
	case *ir.Match:
		s, err := d.Leaf(n)
		return s, atom, err
	case *ir.Not:
		inner, lvl, err := d.render(n.Arg)
		if err != nil {
			return "", 0, err
		}
		if d.NotWrap || lvl < d.Prec.Not {
			inner = d.Open + inner + d.Close
		}
		return d.Not + inner, d.Prec.Not, nil
	case *ir.Or:
		if s, ok := d.list(n); ok {
			return s, atom, nil
		}
		return d.infix(n.Args, d.Or, d.Prec.Or, d.Prec.And)
	case *ir.And:
		return d.infix(n.Args, d.And, d.Prec.And, d.Prec.Or)
	}
	return "", 0, fmt.Errorf("render: unknown node %T", e)
}

// infix renders the arguments of an And or Or, parenthesizing those that
// bind looser than the operator (and, with ParenMixed, the other operator).
func (d *Dialect) infix(args []ir.Expr, token string, prec, other int) (string, int, error) {
	if len(args) == 1 {
		return d.render(args[0])
	}
	parts := make([]string, 0, len(args))
	for _, a := range args {
		s, lvl, err := d.render(a)
		if err != nil {
			return "", 0, err
		}
		if lvl < prec || (d.ParenMixed && lvl == other) {
			s = d.Open + s + d.Close
		}
		parts = append(parts, s)
	}
	return strings.Join(d.chains(parts, token), token), prec, nil
}

// chains groups parts into parenthesized chains of at most MaxChain, as
// often as it takes for the top chain to be that short too.
func (d *Dialect) chains(parts []string, token string) []string {
	for d.MaxChain > 1 && len(parts) > d.MaxChain {
		var grouped []string
		for i := 0; i < len(parts); i += d.MaxChain {
			chunk := parts[i:min(i+d.MaxChain, len(parts))]
			if len(chunk) == 1 {
				grouped = append(grouped, chunk[0])
				continue
			}
			grouped = append(grouped, d.Open+strings.Join(chunk, token)+d.Close)
		}
		parts = grouped
	}
	return parts
}

// list renders an Or from a YAML list as an in-list when the dialect can.
func (d *Dialect) list(n *ir.Or) (string, bool) {
	if d.List == nil || !n.FromList || len(n.Args) < max(d.MinList, 1) {
		return "", false
	}
	ms := make([]*ir.Match, 0, len(n.Args))
	for _, a := range n.Args {
		m, ok := a.(*ir.Match)
		if !ok || m.Field != ms0Field(ms, m) {
			return "", false
		}
		ms = append(ms, m)
	}
	return d.List(ms)
}

func ms0Field(ms []*ir.Match, m *ir.Match) string {
	if len(ms) == 0 {
		return m.Field
	}
	return ms[0].Field
}

// simplify flattens nested operators of the same kind and drops
// one-argument And/Or nodes (except one-value lists, which some targets
// render as in-lists).
func simplify(e ir.Expr) ir.Expr {
	switch n := e.(type) {
	case *ir.And:
		var args []ir.Expr
		for _, a := range n.Args {
			a = simplify(a)
			if inner, ok := a.(*ir.And); ok {
				args = append(args, inner.Args...)
			} else {
				args = append(args, a)
			}
		}
		if len(args) == 1 {
			return args[0]
		}
		return &ir.And{Args: args, Pos: n.Pos}
	case *ir.Or:
		var args []ir.Expr
		for _, a := range n.Args {
			a = simplify(a)
			if inner, ok := a.(*ir.Or); ok && !inner.FromList {
				args = append(args, inner.Args...)
			} else {
				args = append(args, a)
			}
		}
		if len(args) == 1 && !n.FromList {
			return args[0]
		}
		return &ir.Or{Args: args, FromList: n.FromList, Pos: n.Pos}
	case *ir.Not:
		return &ir.Not{Arg: simplify(n.Arg), Pos: n.Pos}
	}
	return e
}
