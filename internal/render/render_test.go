package render

import (
	"strconv"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// TestMaxChain: a chain longer than MaxChain is written as parenthesized
// chains of at most MaxChain operands, regrouped until the top chain is
// short too; shorter chains and a MaxChain of 0 leave it flat.
func TestMaxChain(t *testing.T) {
	leaves := func(n int) *ir.Or {
		or := &ir.Or{}
		for i := 1; i <= n; i++ {
			or.Args = append(or.Args, &ir.Match{Field: strconv.Itoa(i)})
		}
		return or
	}
	d := &Dialect{Or: " or ", And: " and ", Open: "(", Close: ")", Prec: Precedence{Or: 1, And: 2, Not: 3},
		Leaf: func(m *ir.Match) (string, error) { return m.Field, nil }}
	tests := []struct {
		n, max int
		want   string
	}{
		{3, 0, "1 or 2 or 3"},
		{3, 3, "1 or 2 or 3"},
		{5, 2, "((1 or 2) or (3 or 4)) or 5"},
		{7, 3, "(1 or 2 or 3) or (4 or 5 or 6) or 7"},
	}
	for _, tt := range tests {
		d.MaxChain = tt.max
		got, err := d.Render(leaves(tt.n))
		if err != nil || got != tt.want {
			t.Errorf("%d operands, MaxChain %d: %q, %v; want %q", tt.n, tt.max, got, err, tt.want)
		}
	}
}
