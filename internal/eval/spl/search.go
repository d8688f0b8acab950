package spl

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// cond is a lowered search-language condition (search and tstats where).
type cond interface {
	test(rc *rowCtx) bool
	String() string
}

type andCond []cond

func (c andCond) test(rc *rowCtx) bool {
	for _, x := range c {
		if !x.test(rc) {
			return false
		}
	}
	return true
}

func (c andCond) String() string { return "and(" + joinConds(c) + ")" }

type orCond []cond

func (c orCond) test(rc *rowCtx) bool {
	for _, x := range c {
		if x.test(rc) {
			return true
		}
	}
	return false
}

func (c orCond) String() string { return "or(" + joinConds(c) + ")" }

type notCond struct{ c cond }

func (c notCond) test(rc *rowCtx) bool { return !c.c.test(rc) }
func (c notCond) String() string       { return "not(" + c.c.String() + ")" }

func joinConds(cs []cond) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.String()
	}
	return strings.Join(s, ", ")
}

// searchValue is a compiled search value: a case-insensitive (unless CASE())
// anchored wildcard pattern, and the subnet when the value is in CIDR
// notation.
type searchValue struct {
	glob *glob
	cidr *netip.Prefix
}

func newSearchValue(text string, caseSensitive bool) *searchValue {
	v := &searchValue{glob: newGlob(text, '*', 0, !caseSensitive, true)}
	if strings.Contains(text, "/") && !strings.Contains(text, "*") {
		if p, err := netip.ParsePrefix(text); err == nil {
			p = p.Masked()
			v.cidr = &p
		}
	}
	return v
}

func (v *searchValue) match(s string) bool {
	if v.glob.match(s) {
		return true
	}
	if v.cidr != nil {
		if a, err := netip.ParseAddr(strings.TrimSpace(s)); err == nil {
			return v.cidr.Contains(a.Unmap())
		}
	}
	return false
}

func (v *searchValue) String() string { return strconv.Quote(v.glob.text) }

// fieldCond is field=value (neg false) or field!=value (neg true). != means
// the field exists and no value matches, so it is false for a missing field.
type fieldCond struct {
	field string
	neg   bool
	val   *searchValue
}

func (c *fieldCond) test(rc *rowCtx) bool {
	texts, present := fieldTexts(rc.row, c.field)
	if !present {
		return false
	}
	for _, t := range texts {
		if c.val.match(t) {
			return !c.neg
		}
	}
	return c.neg
}

func (c *fieldCond) String() string {
	op := "="
	if c.neg {
		op = "!="
	}
	return fmt.Sprintf("%s%s%s", c.field, op, c.val)
}

// rangeCond is field<value and friends. A numeric value compares numerically
// and ignores non-numeric field values; a non-numeric value compares as text.
type rangeCond struct {
	field string
	op    string
	num   float64
	isNum bool
	text  string
}

func (c *rangeCond) test(rc *rowCtx) bool {
	texts, _ := fieldTexts(rc.row, c.field)
	for _, t := range texts {
		var cmp int
		if c.isNum {
			n, ok := parseNumber(t)
			if !ok {
				continue
			}
			cmp = compareFloat(n, c.num)
		} else {
			cmp = strings.Compare(t, c.text)
		}
		if cmpHolds(c.op, cmp) {
			return true
		}
	}
	return false
}

func (c *rangeCond) String() string { return fmt.Sprintf("%s%s%q", c.field, c.op, c.text) }

// keywordCond is a bare term: a case-insensitive substring match with
// wildcards on the row's raw text.
type keywordCond struct {
	glob *glob
}

func (c *keywordCond) test(rc *rowCtx) bool {
	if c.glob.matchAll {
		return true
	}
	return c.glob.match(rc.rawText())
}

func (c *keywordCond) String() string { return fmt.Sprintf("term(%q)", c.glob.text) }

// parseNumber reads a decimal number (sign, digits, fraction, exponent); it
// rejects what ParseFloat would also take (inf, nan, hex, underscores).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if !isDecimal(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpHolds(op string, cmp int) bool {
	switch op {
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	case "=", "==":
		return cmp == 0
	case "!=":
		return cmp != 0
	}
	return false
}

func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
