package gen

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// buildValues proposes values for a field from the positive leaves on it,
// in order of preference. Each is checked against all the field's leaves
// by the caller, so a proposal may satisfy only some of them.
func buildValues(pos []*ir.Match) []value {
	var (
		pats    []ir.Pattern
		regexes []string // every value of every regex leaf
		firsts  []string // the first value of each regex leaf
		out     []value
	)
	for _, m := range pos {
		switch m.Op {
		case ir.OpEq:
			pats = append(pats, leafPattern(m))
		case ir.OpRegex:
			vals := regexValues(m.Regex, m.Flags)
			if len(vals) > 0 {
				firsts = append(firsts, vals[0])
			}
			regexes = append(regexes, vals...)
		}
	}
	if len(pats) > 0 {
		for _, f := range witnessFillers {
			out = appendStrings(out, combine(pats, nil, f)...)
			if len(firsts) > 0 {
				out = appendStrings(out, combine(pats, firsts, f)...)
			}
		}
	}
	if len(firsts) > 1 {
		out = appendStrings(out, strings.Join(firsts, " "), strings.Join(firsts, ""))
	}
	out = appendStrings(out, regexes...)
	for _, m := range pos {
		if build, ok := leafValues[m.Op]; ok {
			out = append(out, build(m)...)
		}
	}
	return out
}

// anyString is a lone * pattern part.
var anyString = ir.Pattern{{Kind: ir.AnyString}}

// leafPattern is the pattern a leaf's value must match as a whole: a
// keyword matches anywhere in a value, as if between two *.
func leafPattern(m *ir.Match) ir.Pattern {
	if m.Field == "" {
		return ir.Concat(anyString, m.Pattern, anyString)
	}
	return m.Pattern
}

// leafValues proposes values satisfying one non-pattern leaf.
var leafValues = map[ir.Op]func(m *ir.Match) []value{
	ir.OpCIDR:     func(m *ir.Match) []value { return strValues(cidrInside(m.CIDR)) },
	ir.OpTimePart: timePartValues,
	ir.OpGt:       numberValues,
	ir.OpGte:      numberValues,
	ir.OpLt:       numberValues,
	ir.OpLte:      numberValues,
	ir.OpExists: func(m *ir.Match) []value {
		if m.Exists {
			return []value{present(neutralText)}
		}
		return []value{absent}
	},
	ir.OpNull: func(*ir.Match) []value { return []value{absent, present("")} },
}

// numberOffsets are tried around a numeric bound: together they satisfy
// any single bound and the common ranges between two.
var numberOffsets = []float64{1, 0, -1, 0.5, -0.5}

func numberValues(m *ir.Match) []value {
	var out []value
	for _, d := range numberOffsets {
		out = append(out, present(formatNumber(m.Number+d)))
	}
	return out
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// cidrInside is an address inside the network: the one after the network
// address, or the address itself for a single-address network.
func cidrInside(c string) []string {
	p, err := netip.ParsePrefix(c)
	if err != nil {
		return nil
	}
	p = p.Masked()
	var out []string
	if n := p.Addr().Next(); n.IsValid() && p.Contains(n) {
		out = append(out, n.String())
	}
	return append(out, p.Addr().String())
}

// cidrOutside are the addresses just below and just above the network.
func cidrOutside(c string) []string {
	p, err := netip.ParsePrefix(c)
	if err != nil {
		return nil
	}
	p = p.Masked()
	var out []string
	if a := p.Addr().Prev(); a.IsValid() {
		out = append(out, a.String())
	}
	if a := lastAddr(p).Next(); a.IsValid() {
		out = append(out, a.String())
	}
	return out
}

// lastAddr is the highest address of a network.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := range b {
		hostBits := max(0, min(8, (i+1)*8-p.Bits()))
		b[i] |= byte(1<<hostBits - 1)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func strValues(ss []string) []value {
	out := make([]value, len(ss))
	for i, s := range ss {
		out[i] = present(s)
	}
	return out
}

func appendStrings(out []value, ss ...string) []value {
	for _, s := range ss {
		if v := present(s); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
