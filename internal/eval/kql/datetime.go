package kql

import (
	"strings"
	"time"
)

// The datetime part functions, as Microsoft's reference defines them:
// datetime_part(part, date) extracts part as an integer; part is one of
// Year, Quarter, Month, week_of_year, Day, DayOfYear, Hour, Minute, Second,
// Millisecond, Microsecond, Nanosecond (any case). week_of_year is the ISO
// 8601 week: week 1 holds the year's first Thursday. hourofday,
// dayofmonth, getmonth, getyear and week_of_year are the one-part
// functions. A date that is null or no datetime gives null, as does an
// unknown part. Datetimes are UTC.

// datetimeParts extracts each part of datetime_part, by lower-cased name.
var datetimeParts = map[string]func(time.Time) int64{
	"year":         func(t time.Time) int64 { return int64(t.Year()) },
	"quarter":      func(t time.Time) int64 { return int64(t.Month()-1)/3 + 1 },
	"month":        func(t time.Time) int64 { return int64(t.Month()) },
	"week_of_year": func(t time.Time) int64 { _, w := t.ISOWeek(); return int64(w) },
	"day":          func(t time.Time) int64 { return int64(t.Day()) },
	"dayofyear":    func(t time.Time) int64 { return int64(t.YearDay()) },
	"hour":         func(t time.Time) int64 { return int64(t.Hour()) },
	"minute":       func(t time.Time) int64 { return int64(t.Minute()) },
	"second":       func(t time.Time) int64 { return int64(t.Second()) },
	"millisecond":  func(t time.Time) int64 { return int64(t.Nanosecond() / 1e6) },
	"microsecond":  func(t time.Time) int64 { return int64(t.Nanosecond() / 1e3) },
	"nanosecond":   func(t time.Time) int64 { return int64(t.Nanosecond()) },
}

// datetimePart is datetime_part(part, date).
func datetimePart(a []value) value {
	if a[0].k != kindString {
		return nullValue
	}
	part, ok := datetimeParts[strings.ToLower(a[0].s)]
	if !ok {
		return nullValue
	}
	return partOfDate(part)(a[1:])
}

// partOfDate is a one-argument function extracting one part of a date.
func partOfDate(part func(time.Time) int64) func([]value) value {
	return func(a []value) value {
		if a[0].k != kindDatetime && a[0].k != kindString {
			return nullValue
		}
		t, ok := a[0].datetime()
		if !ok {
			return nullValue
		}
		return longVal(part(t))
	}
}
