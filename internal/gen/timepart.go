package gen

import (
	"fmt"
	"time"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// baseTime is the time a timestamp part value starts from; timestamps are
// written as Sysmon writes UtcTime.
var baseTime = time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC)

// sysmonTimeLayout is Sysmon's UtcTime.
const sysmonTimeLayout = "2006-01-02 15:04:05.000"

// withPart returns baseTime with one part set to n, and false when no such
// time exists. A week is ISO 8601's: its Monday in 2024, or in 2020 for
// week 53 (2024 has 52 weeks, 2020 has 53).
var withPart = map[ir.TimePart]func(n int) (time.Time, bool){
	ir.PartMinute: func(n int) (time.Time, bool) {
		return set(n, 0, 59, func(t time.Time) time.Time { return t.Add(time.Duration(n-t.Minute()) * time.Minute) })
	},
	ir.PartHour: func(n int) (time.Time, bool) {
		return set(n, 0, 23, func(t time.Time) time.Time { return t.Add(time.Duration(n-t.Hour()) * time.Hour) })
	},
	ir.PartDay: func(n int) (time.Time, bool) {
		return set(n, 1, 31, func(t time.Time) time.Time { return t.AddDate(0, 0, n-t.Day()) })
	},
	ir.PartMonth: func(n int) (time.Time, bool) {
		return set(n, 1, 12, func(t time.Time) time.Time { return t.AddDate(0, n-int(t.Month()), 0) })
	},
	ir.PartYear: func(n int) (time.Time, bool) {
		return set(n, 1, 9999, func(t time.Time) time.Time { return t.AddDate(n-t.Year(), 0, 0) })
	},
	ir.PartWeek: func(n int) (time.Time, bool) {
		if n == 53 {
			return time.Date(2020, 12, 28, 3, 4, 5, 678e6, time.UTC), true
		}
		return set(n, 1, 52, func(time.Time) time.Time { return time.Date(2024, 1, 1+7*(n-1), 3, 4, 5, 678e6, time.UTC) })
	},
}

func set(n, lo, hi int, f func(time.Time) time.Time) (time.Time, bool) {
	if n < lo || n > hi {
		return time.Time{}, false
	}
	return f(baseTime), true
}

// partTimestamp writes a timestamp whose part is n.
func partTimestamp(part ir.TimePart, n int) (string, bool) {
	t, ok := withPart[part](n)
	if !ok {
		return "", false
	}
	return t.Format(sysmonTimeLayout), true
}

// timePartValues proposes a timestamp with the part asked for.
func timePartValues(m *ir.Match) []value {
	if s, ok := partTimestamp(m.Part, int(m.Number)); ok {
		return []value{present(s)}
	}
	return nil
}

// timePartBounds probes the neighbours of a timestamp part: one less and
// one more, where they exist.
func (p *prober) timePartBounds(w *witness, key string, m *ir.Match) {
	for _, d := range []int{-1, 1} {
		if s, ok := partTimestamp(m.Part, int(m.Number)+d); ok {
			p.emit(w, key, fmt.Sprintf("%s %d instead of %v", m.Part, int(m.Number)+d, m.Number), present(s))
		}
	}
}
