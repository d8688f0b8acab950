package gen

import "github.com/rosetta-sigma/rosetta/internal/ir"

// literal is a leaf of a conjunct: the leaf must match, or (neg) must not.
type literal struct {
	m   *ir.Match
	neg bool
}

// conjunct is one term of the disjunctive normal form: all literals hold.
type conjunct []literal

// dnf converts e (negated when neg) to at most limit conjuncts. Not is
// pushed down with De Morgan's laws. When the full form is larger than the
// limit, alternatives are taken round-robin and products along the
// diagonal first, so that every alternative of every Or shows up in some
// conjunct before combinations repeat.
func dnf(e ir.Expr, neg bool, limit int) []conjunct {
	if limit <= 0 {
		return nil
	}
	switch n := e.(type) {
	case *ir.Match:
		return []conjunct{{{m: n, neg: neg}}}
	case *ir.Not:
		return dnf(n.Arg, !neg, limit)
	case *ir.And:
		if neg {
			return union(n.Args, true, limit)
		}
		return product(n.Args, false, limit)
	case *ir.Or:
		if neg {
			return product(n.Args, true, limit)
		}
		return union(n.Args, false, limit)
	}
	return nil
}

// union is the disjunction of args: their conjuncts interleaved.
func union(args []ir.Expr, neg bool, limit int) []conjunct {
	alts := make([][]conjunct, len(args))
	for i, a := range args {
		alts[i] = dnf(a, neg, limit)
	}
	var out []conjunct
	for round := 0; len(out) < limit; round++ {
		added := false
		for _, a := range alts {
			if round < len(a) && len(out) < limit {
				out = append(out, a[round])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// product is the conjunction of args: the diagonal first (combination i
// takes alternative i mod len of each argument), then the remaining
// combinations in mixed-radix order.
func product(args []ir.Expr, neg bool, limit int) []conjunct {
	alts := make([][]conjunct, len(args))
	widest := 0
	for i, a := range args {
		alts[i] = dnf(a, neg, limit)
		if len(alts[i]) == 0 {
			return nil
		}
		widest = max(widest, len(alts[i]))
	}
	combine := func(pick func(k int) int) conjunct {
		var c conjunct
		for k, a := range alts {
			c = append(c, a[pick(k)]...)
		}
		return c
	}
	var out []conjunct
	for i := 0; i < widest && len(out) < limit; i++ {
		out = append(out, combine(func(k int) int { return i % len(alts[k]) }))
	}
	idx := make([]int, len(alts))
	for len(out) < limit {
		if !onDiagonal(idx, alts, widest) {
			out = append(out, combine(func(k int) int { return idx[k] }))
		}
		if !next(idx, alts) {
			break
		}
	}
	return out
}

// onDiagonal reports whether the combination idx was already taken by the
// diagonal pass.
func onDiagonal(idx []int, alts [][]conjunct, widest int) bool {
	for i := 0; i < widest; i++ {
		same := true
		for k := range idx {
			if idx[k] != i%len(alts[k]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// next advances idx as a mixed-radix counter, the last digit fastest. It
// returns false after the last combination.
func next(idx []int, alts [][]conjunct) bool {
	for k := len(idx) - 1; k >= 0; k-- {
		idx[k]++
		if idx[k] < len(alts[k]) {
			return true
		}
		idx[k] = 0
	}
	return false
}
