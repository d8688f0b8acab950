package gen

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

// TestPartTimestamps checks that the timestamp made for each value of each
// part reads back, as the reference reads it, with that value, and that
// values outside the part's range make none.
func TestPartTimestamps(t *testing.T) {
	ranges := map[ir.TimePart][2]int{
		ir.PartMinute: {0, 59}, ir.PartHour: {0, 23}, ir.PartDay: {1, 31},
		ir.PartWeek: {1, 53}, ir.PartMonth: {1, 12}, ir.PartYear: {1970, 2100},
	}
	for part, r := range ranges {
		for n := r[0]; n <= r[1]; n++ {
			s, ok := partTimestamp(part, n)
			if !ok {
				t.Errorf("%s %d: no timestamp", part, n)
				continue
			}
			if got, ok := match.TimePart(part, s); !ok || got != n {
				t.Errorf("%s %d: %s reads back as %d, %v", part, n, s, got, ok)
			}
		}
		if part == ir.PartYear {
			continue
		}
		for _, n := range []int{r[0] - 1, r[1] + 1} {
			if s, ok := partTimestamp(part, n); ok {
				t.Errorf("%s %d: %s, want none", part, n, s)
			}
		}
	}
}
