package pipeline

import (
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// buildDropDetectionItem removes the comparisons its field name and
// detection item conditions select (pySigma's drop_detection_item, which
// deletes detection items from the AND of their detection). A dropped
// comparison is a constraint removed, that is always true, and the tree is
// simplified around it:
//
//   - in an AND it disappears; an AND left with nothing is dropped in turn;
//   - an OR with a dropped branch is true, so it is dropped in turn. This is
//     what pySigma does to a field's list of values (the whole detection item
//     goes when its condition selects any value) and to a list of maps whose
//     detection loses all its items;
//   - under a NOT it is an error at the comparison: "not true" would make the
//     rule match nothing, which no pipeline means;
//   - a condition left with nothing is an error at the rule, as pySigma has
//     no query for an empty detection.
func buildDropDetectionItem(p *parser, f map[string]*yaml.Node) (step, bool) {
	return func(t *Transformation, r *Result, errs *diag.List) {
		for i, c := range r.Rule.Conditions {
			out, dropped := dropMatches(t, c, false, errs)
			if dropped {
				errs.Add(r.Rule.Pos, "drop_detection_item removed every comparison of the condition")
				continue
			}
			r.Rule.Conditions[i] = out
		}
	}, true
}

// dropMatches rebuilds e without the comparisons t selects; dropped reports
// that e itself is gone (always true). Under a NOT (negated), at any depth, a
// selected comparison is an error and stays.
func dropMatches(t *Transformation, e ir.Expr, negated bool, errs *diag.List) (out ir.Expr, dropped bool) {
	switch n := e.(type) {
	case *ir.Match:
		if !t.appliesToMatch(n) {
			return n, false
		}
		if negated {
			errs.Add(n.Pos, "drop_detection_item: cannot drop a comparison under NOT (the rule would match nothing)")
			return n, false
		}
		return nil, true
	case *ir.And:
		var args []ir.Expr
		for _, a := range n.Args {
			if o, d := dropMatches(t, a, negated, errs); !d {
				args = append(args, o)
			}
		}
		switch len(args) {
		case 0:
			return nil, true
		case 1:
			return args[0], false
		}
		return &ir.And{Args: args, Pos: n.Pos}, false
	case *ir.Or:
		args := make([]ir.Expr, 0, len(n.Args))
		gone := false
		for _, a := range n.Args {
			o, d := dropMatches(t, a, negated, errs)
			gone = gone || d
			args = append(args, o)
		}
		if gone {
			return nil, true
		}
		return &ir.Or{Args: args, FromList: n.FromList, Pos: n.Pos}, false
	case *ir.Not:
		o, _ := dropMatches(t, n.Arg, true, errs)
		return &ir.Not{Arg: o, Pos: n.Pos}, false
	}
	return e, false
}
