package deploy

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Interval is the fixed time between two runs of a cron schedule, for the
// SIEMs that schedule by interval (Kibana's interval, Sentinel's
// queryFrequency). Only schedules that repeat at one fixed interval have
// one: every N minutes or hours (N dividing the hour or the day), daily,
// weekly.
func Interval(cron string) (time.Duration, error) {
	f := strings.Fields(cron)
	if len(f) != 5 {
		return 0, fmt.Errorf("a cron schedule has 5 fields (minute hour day month weekday), not %d", len(f))
	}
	minute, hour, dom, month, dow := f[0], f[1], f[2], f[3], f[4]
	if dom != "*" || month != "*" {
		return 0, fmt.Errorf("runs on given days of the month or months, which no fixed interval says")
	}
	fixedMinute := isNumber(minute, 59)
	fixedHour := isNumber(hour, 23)
	switch {
	case dow != "*":
		if isNumber(dow, 7) && fixedMinute && fixedHour {
			return 7 * 24 * time.Hour, nil
		}
	case hour == "*":
		if minute == "*" {
			return time.Minute, nil
		}
		if fixedMinute {
			return time.Hour, nil
		}
		if n, ok := step(minute, 60); ok {
			return time.Duration(n) * time.Minute, nil
		}
	case fixedMinute:
		if fixedHour {
			return 24 * time.Hour, nil
		}
		if n, ok := step(hour, 24); ok {
			return time.Duration(n) * time.Hour, nil
		}
	}
	return 0, fmt.Errorf("does not repeat at one fixed interval (every N minutes or hours, daily or weekly)")
}

// isNumber reports whether s is a whole number from 0 to max.
func isNumber(s string, max int) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= max && strconv.Itoa(n) == s
}

// step reads "*/N" where N divides period, so the runs are evenly spaced.
func step(s string, period int) (int, bool) {
	rest, ok := strings.CutPrefix(s, "*/")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n <= 0 || period%n != 0 {
		return 0, false
	}
	return n, true
}

// offsetUnits are the units of Splunk's relative time modifiers that have a
// fixed length, by every name Splunk accepts for them.
var offsetUnits = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
}

// Offset is how far before the run a Splunk relative time such as "-70m@m"
// lies ("now" and "" are 0). The snap ("@m") only rounds down to the unit,
// which the interval-scheduled SIEMs do not do; it must name a unit.
func Offset(t string) (time.Duration, error) {
	if t == "" || t == "now" {
		return 0, nil
	}
	rel, snap, hasSnap := strings.Cut(t, "@")
	if hasSnap {
		if _, ok := offsetUnits[snap]; !ok {
			return 0, fmt.Errorf("%q: snap to %q: not a unit (s, m, h, d, w)", t, snap)
		}
	}
	if rel == "" {
		return 0, nil
	}
	num, ok := strings.CutPrefix(rel, "-")
	if !ok {
		return 0, fmt.Errorf("%q: a relative time in the past starts with '-'", t)
	}
	i := 0
	for i < len(num) && num[i] >= '0' && num[i] <= '9' {
		i++
	}
	n := 1
	if i > 0 {
		var err error
		if n, err = strconv.Atoi(num[:i]); err != nil {
			return 0, fmt.Errorf("%q: %v", t, err)
		}
	}
	unit, ok := offsetUnits[num[i:]]
	if !ok {
		return 0, fmt.Errorf("%q: %q is not a unit of fixed length (s, m, h, d, w)", t, num[i:])
	}
	return time.Duration(n) * unit, nil
}
