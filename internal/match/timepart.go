package match

import (
	"time"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Sigma's time modifiers (minute, hour, day, week, month, year) extract a
// number from a date value; the specification leaves time zones and formats
// out ("not designed to handle timezone or format conversions"). The
// reference reads the value as a timestamp in one of timestampLayouts, takes
// it in UTC (a layout without a zone is UTC), and the week is ISO 8601's
// (week 1 holds the year's first Thursday; 1 to 53), the definition KQL's
// week_of_year documents. A value that is no timestamp (text around it too) matches no part.

// timestampLayouts are the timestamp texts the reference reads: Sysmon's
// UtcTime, and ISO 8601 / RFC 3339 with and without a zone.
var timestampLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
}

// ParseTimestamp reads a timestamp value as the reference does, in UTC.
func ParseTimestamp(s string) (time.Time, bool) {
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// partOf extracts the timestamp parts, by Sigma modifier.
var partOf = map[ir.TimePart]func(time.Time) int{
	ir.PartMinute: time.Time.Minute,
	ir.PartHour:   time.Time.Hour,
	ir.PartDay:    time.Time.Day,
	ir.PartWeek:   func(t time.Time) int { _, w := t.ISOWeek(); return w },
	ir.PartMonth:  func(t time.Time) int { return int(t.Month()) },
	ir.PartYear:   time.Time.Year,
}

// TimePart returns the part of a timestamp value, and false when the value
// is no timestamp.
func TimePart(part ir.TimePart, value string) (int, bool) {
	t, ok := ParseTimestamp(value)
	if !ok {
		return 0, false
	}
	return partOf[part](t), true
}

// timePartNode compiles a timestamp part comparison.
func timePartNode(m *ir.Match) node {
	want := int(m.Number)
	return anyValue(m.Field, func(v string) bool {
		got, ok := TimePart(m.Part, v)
		return ok && got == want
	})
}
