package spl

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// strftime(X, Y) formats X, a UNIX time in seconds, with the format Y, as
// Splunk's "Date and time format variables" define the variables. The
// evaluator formats in UTC (Splunk uses the time zone of the user running
// the search) and knows the variables below; another variable in a literal
// format is a compile error, and a computed format is one per row (null).
// An X that is no number (a missing field, text) gives null.

// strftimeVars writes each known variable of a time.
var strftimeVars = map[byte]func(t time.Time) string{
	'Y': func(t time.Time) string { return fmt.Sprintf("%04d", t.Year()) },
	'y': func(t time.Time) string { return fmt.Sprintf("%02d", t.Year()%100) },
	'm': func(t time.Time) string { return fmt.Sprintf("%02d", int(t.Month())) },
	'd': func(t time.Time) string { return fmt.Sprintf("%02d", t.Day()) },
	'e': func(t time.Time) string { return fmt.Sprintf("%2d", t.Day()) },
	'j': func(t time.Time) string { return fmt.Sprintf("%03d", t.YearDay()) },
	'H': func(t time.Time) string { return fmt.Sprintf("%02d", t.Hour()) },
	'k': func(t time.Time) string { return fmt.Sprintf("%2d", t.Hour()) },
	'M': func(t time.Time) string { return fmt.Sprintf("%02d", t.Minute()) },
	'S': func(t time.Time) string { return fmt.Sprintf("%02d", t.Second()) },
	's': func(t time.Time) string { return fmt.Sprintf("%d", t.Unix()) },
	'F': func(t time.Time) string { return t.Format("2006-01-02") },
	'T': func(t time.Time) string { return t.Format("15:04:05") },
	'%': func(time.Time) string { return "%" },
}

// strftimeFormat formats t, or reports the first unknown variable.
func strftimeFormat(t time.Time, format string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i+1 == len(format) {
			return "", fmt.Errorf("format ends in %%")
		}
		i++
		f, ok := strftimeVars[format[i]]
		if !ok {
			return "", fmt.Errorf("variable %%%c is not supported by this evaluator", format[i])
		}
		b.WriteString(f(t))
	}
	return b.String(), nil
}

// epoch reads a UNIX time in seconds (with a fraction) as a UTC time.
func epoch(v value) (time.Time, bool) {
	if v.k != vNum && !(v.k == vStr && v.num) {
		return time.Time{}, false
	}
	if math.IsNaN(v.n) || math.IsInf(v.n, 0) {
		return time.Time{}, false
	}
	sec, frac := math.Modf(v.n)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

func buildStrftime(l *lowerer, call *astCall, args []expr) (evalFn, etype, error) {
	if lit, ok := args[1].(*litExpr); ok && lit.v.k == vStr {
		if _, err := strftimeFormat(time.Unix(0, 0), lit.v.s); err != nil {
			return nil, 0, l.errorf(call.Args[1].Pos, "strftime: %v", err)
		}
	}
	return func(_ *rowCtx, a []value) value {
		t, ok := epoch(a[0])
		format, fok := a[1].text()
		if !ok || !fok || a[1].k == vMulti {
			return nullValue
		}
		s, err := strftimeFormat(t, format)
		if err != nil {
			return nullValue
		}
		return strValue(s)
	}, tValue, nil
}
