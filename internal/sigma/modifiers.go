package sigma

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// modifiers is a chain of Sigma value modifiers, resolved.
type modifiers struct {
	shape func(ir.Pattern) ir.Pattern            // contains/startswith/endswith
	op    func(m *ir.Match, value string) string // an explicit operator; returns an error message
	all   bool
	cased bool
	re    *reFlags
}

type reFlags struct{ flags string }

// modifierKind groups modifiers by what they do, for the chain checks.
type modifierKind int

const (
	kindShape modifierKind = iota
	kindOp
	kindFlag
	kindReFlag
)

// modifierTable lists the modifiers rosetta lowers. A name absent here is
// "unknown"; one listed in notYet is Sigma but not lowered yet.
var modifierTable = map[string]struct {
	kind  modifierKind
	apply func(*modifiers)
}{
	"contains": {kindShape, func(m *modifiers) {
		m.shape = func(p ir.Pattern) ir.Pattern { return wrapStar(p, true, true) }
	}},
	"startswith": {kindShape, func(m *modifiers) {
		m.shape = func(p ir.Pattern) ir.Pattern { return wrapStar(p, false, true) }
	}},
	"endswith": {kindShape, func(m *modifiers) {
		m.shape = func(p ir.Pattern) ir.Pattern { return wrapStar(p, true, false) }
	}},
	"all":   {kindFlag, func(m *modifiers) { m.all = true }},
	"cased": {kindFlag, func(m *modifiers) { m.cased = true }},
	"re": {kindOp, func(m *modifiers) {
		m.re = &reFlags{}
		m.op = func(x *ir.Match, v string) string {
			x.Op, x.Regex, x.Flags = ir.OpRegex, v, m.re.flags
			return ""
		}
	}},
	"i": {kindReFlag, func(m *modifiers) { m.re.flags += "i" }},
	"m": {kindReFlag, func(m *modifiers) { m.re.flags += "m" }},
	"s": {kindReFlag, func(m *modifiers) { m.re.flags += "s" }},
	"cidr": {kindOp, func(m *modifiers) {
		m.op = func(x *ir.Match, v string) string {
			if _, err := netip.ParsePrefix(v); err != nil {
				return fmt.Sprintf("cidr: %q is not a network: %v", v, err)
			}
			x.Op, x.CIDR = ir.OpCIDR, v
			return ""
		}
	}},
	"exists": {kindOp, func(m *modifiers) {
		m.op = func(x *ir.Match, v string) string {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Sprintf("exists takes true or false, not %q", v)
			}
			x.Op, x.Exists = ir.OpExists, b
			return ""
		}
	}},
	"fieldref": {kindOp, func(m *modifiers) {
		m.op = func(x *ir.Match, v string) string {
			x.Op, x.Ref = ir.OpFieldRef, v
			return ""
		}
	}},
	"gt":  {kindOp, numeric(ir.OpGt)},
	"gte": {kindOp, numeric(ir.OpGte)},
	"lt":  {kindOp, numeric(ir.OpLt)},
	"lte": {kindOp, numeric(ir.OpLte)},
}

// notYet are Sigma modifiers that are valid but not lowered by this version.
var notYet = map[string]bool{
	"windash": true, "base64": true, "base64offset": true, "utf16le": true, "utf16be": true,
	"utf16": true, "wide": true, "expand": true, "neq": true, "minute": true, "hour": true,
	"day": true, "week": true, "month": true, "year": true,
}

func numeric(op ir.Op) func(*modifiers) {
	return func(m *modifiers) {
		m.op = func(x *ir.Match, v string) string {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return fmt.Sprintf("%s takes a number, not %q", op, v)
			}
			x.Op, x.Number = op, f
			return ""
		}
	}
}

func wrapStar(p ir.Pattern, before, after bool) ir.Pattern {
	star := ir.Pattern{{Kind: ir.AnyString}}
	out := p
	if before {
		out = ir.Concat(star, out)
	}
	if after {
		out = ir.Concat(out, star)
	}
	return out
}

// modifiers resolves a modifier chain, reporting unknown modifiers and
// chains that contradict themselves at the field's key.
func (l *lowerer) modifiers(key *yaml.Node, names []string) (modifiers, bool) {
	var (
		m        modifiers
		seenOp   string
		seenForm string
	)
	for _, name := range names {
		entry, ok := modifierTable[name]
		switch {
		case ok:
		case notYet[name]:
			l.errorf(key, "modifier %q: not supported yet", name)
			return m, false
		default:
			l.errorf(key, "unknown modifier %q", name)
			return m, false
		}
		switch entry.kind {
		case kindShape:
			if seenForm != "" || seenOp != "" {
				l.errorf(key, "modifier %q cannot follow %q", name, seenForm+seenOp)
				return m, false
			}
			seenForm = name
		case kindOp:
			if seenForm != "" || seenOp != "" {
				l.errorf(key, "modifier %q cannot be combined with %q", name, seenForm+seenOp)
				return m, false
			}
			seenOp = name
		case kindReFlag:
			if seenOp != "re" {
				l.errorf(key, "modifier %q only follows \"re\"", name)
				return m, false
			}
		}
		entry.apply(&m)
	}
	return m, true
}
