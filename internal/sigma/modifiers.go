package sigma

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// modifiers is a chain of Sigma value modifiers, resolved. The string
// modifiers (contains, windash, base64, ...) become steps that turn the
// value's pattern into one or more patterns, in chain order, so that no
// modifier is left for a backend: a value with several variants lowers to an
// Or of ordinary matches.
type modifiers struct {
	steps    []step                                 // pattern transformations, in chain order
	op       func(m *ir.Match, value string) string // an explicit operator; returns an error message
	all      bool
	cased    bool
	neq      bool // the whole field item is negated (Sigma "neq")
	expand   bool // the value may hold %placeholders% (Sigma "expand")
	re       *reFlags
	encoding string // the utf16 modifier in force for the next base64 step
}

type reFlags struct{ flags string }

// step is one pattern transformation of a modifier chain. It returns the
// patterns it makes from one pattern, or a message saying why the value
// cannot be transformed.
type step struct {
	name string
	fn   func(ir.Pattern) ([]ir.Pattern, string)
}

// modifierKind groups modifiers by what they do, for the chain checks.
type modifierKind int

const (
	kindShape   modifierKind = iota // contains, startswith, endswith
	kindOp                          // re, cidr, exists, fieldref, gt, ...: an explicit operator
	kindFlag                        // all, cased, neq
	kindReFlag                      // i, m, s after re
	kindWindash                     // windash
	kindEncode                      // utf16le, utf16be, utf16, wide: only before base64
	kindBase64                      // base64, base64offset
	kindExpand                      // expand
)

func one(p ir.Pattern) []ir.Pattern { return []ir.Pattern{p} }

func shape(name string, before, after bool) func(*modifiers) {
	return func(m *modifiers) {
		m.steps = append(m.steps, step{name, func(p ir.Pattern) ([]ir.Pattern, string) {
			return one(wrapStar(p, before, after)), ""
		}})
	}
}

// modifierTable lists the modifiers rosetta lowers: every modifier of the
// Sigma modifiers appendix (2.1.0). A name absent here is "unknown".
var modifierTable = map[string]struct {
	kind  modifierKind
	apply func(*modifiers)
}{
	"contains":   {kindShape, shape("contains", true, true)},
	"startswith": {kindShape, shape("startswith", false, true)},
	"endswith":   {kindShape, shape("endswith", true, false)},
	"all":        {kindFlag, func(m *modifiers) { m.all = true }},
	"cased":      {kindFlag, func(m *modifiers) { m.cased = true }},
	"neq":        {kindFlag, func(m *modifiers) { m.neq = true }},
	"expand":     {kindExpand, func(m *modifiers) { m.expand = true }},
	"windash": {kindWindash, func(m *modifiers) {
		m.steps = append(m.steps, step{"windash", func(p ir.Pattern) ([]ir.Pattern, string) {
			return windash(p)
		}})
	}},
	"utf16le": {kindEncode, func(m *modifiers) { m.encoding = "utf16le" }},
	"wide":    {kindEncode, func(m *modifiers) { m.encoding = "utf16le" }},
	"utf16be": {kindEncode, func(m *modifiers) { m.encoding = "utf16be" }},
	"utf16":   {kindEncode, func(m *modifiers) { m.encoding = "utf16" }},
	"base64": {kindBase64, func(m *modifiers) {
		enc := m.encoding
		m.steps = append(m.steps, step{"base64", func(p ir.Pattern) ([]ir.Pattern, string) {
			data, msg := encodeValue(p, enc)
			if msg != "" {
				return nil, msg
			}
			return one(ir.Lit(base64Plain(data))), ""
		}})
	}},
	"base64offset": {kindBase64, func(m *modifiers) {
		enc := m.encoding
		m.steps = append(m.steps, step{"base64offset", func(p ir.Pattern) ([]ir.Pattern, string) {
			data, msg := encodeValue(p, enc)
			if msg != "" {
				return nil, msg
			}
			var out []ir.Pattern
			for _, s := range base64Offsets(data) {
				if s == "" {
					return nil, fmt.Sprintf("%q is too short to be recognised at every base64 offset", p.Text())
				}
				out = append(out, ir.Lit(s))
			}
			return out, ""
		}})
	}},
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
	"minute": {kindOp, timePart(ir.PartMinute)},
	"hour":   {kindOp, timePart(ir.PartHour)},
	"day":    {kindOp, timePart(ir.PartDay)},
	"week":   {kindOp, timePart(ir.PartWeek)},
	"month":  {kindOp, timePart(ir.PartMonth)},
	"year":   {kindOp, timePart(ir.PartYear)},
	"gt":     {kindOp, numeric(ir.OpGt)},
	"gte":    {kindOp, numeric(ir.OpGte)},
	"lt":     {kindOp, numeric(ir.OpLt)},
	"lte":    {kindOp, numeric(ir.OpLte)},
}

// Modifiers lists the names of the modifiers rosetta lowers, sorted.
func Modifiers() []string {
	names := make([]string, 0, len(modifierTable))
	for name := range modifierTable {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// partRanges are the values each timestamp part can take; the week is ISO
// 8601's, which has 53 weeks in some years (Sigma's appendix says 1 to 52).
var partRanges = map[ir.TimePart][2]int{
	ir.PartMinute: {0, 59},
	ir.PartHour:   {0, 23},
	ir.PartDay:    {1, 31},
	ir.PartWeek:   {1, 53},
	ir.PartMonth:  {1, 12},
	ir.PartYear:   {1, 9999},
}

// timePart is a timestamp part modifier: the value is a whole number in
// the part's range.
func timePart(part ir.TimePart) func(*modifiers) {
	return func(m *modifiers) {
		m.op = func(x *ir.Match, v string) string {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			r := partRanges[part]
			if err != nil || n < r[0] || n > r[1] {
				return fmt.Sprintf("%s takes a whole number from %d to %d, not %q", part, r[0], r[1], v)
			}
			x.Op, x.Part, x.Number = ir.OpTimePart, part, float64(n)
			return ""
		}
	}
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

// chainState is what the chain check has seen so far.
type chainState struct {
	shape, op, windash, encode, base64 string
	shapeAfterBase64                   string // contains, startswith, endswith after base64 or base64offset
}

// modifiers resolves a modifier chain, reporting unknown modifiers and
// chains that contradict themselves at the field's key.
func (l *lowerer) modifiers(key *yaml.Node, names []string) (modifiers, bool) {
	var (
		m  modifiers
		st chainState
	)
	fail := func(format string, args ...any) (modifiers, bool) {
		l.errorf(key, format, args...)
		return m, false
	}
	for i, name := range names {
		entry, ok := modifierTable[name]
		switch {
		case ok:
		default:
			return fail("unknown modifier %q", name)
		}
		if st.encode != "" && entry.kind != kindBase64 {
			return fail("modifier %q must be followed by \"base64\" or \"base64offset\", not %q", st.encode, name)
		}
		switch entry.kind {
		case kindShape:
			if prev := first(st.shape, st.op); prev != "" {
				return fail("modifier %q cannot follow %q", name, prev)
			}
			st.shape = name
			if st.base64 != "" {
				st.shapeAfterBase64 = name
			}
		case kindOp:
			if prev := first(st.shape, st.op, st.windash, st.base64); prev != "" {
				return fail("modifier %q cannot be combined with %q", name, prev)
			}
			st.op = name
		case kindReFlag:
			if st.op != "re" {
				return fail("modifier %q only follows \"re\"", name)
			}
		case kindWindash:
			if prev := first(st.op, st.windash, st.base64); prev != "" {
				return fail("modifier %q cannot follow %q", name, prev)
			}
			st.windash = name
		case kindEncode:
			if prev := first(st.op, st.base64); prev != "" {
				return fail("modifier %q cannot follow %q", name, prev)
			}
			if i == len(names)-1 {
				return fail("modifier %q must be followed by \"base64\" or \"base64offset\"", name)
			}
			st.encode = name
		case kindBase64:
			// The value is encoded as it stands: wildcards added by
			// contains and the like would be encoded as text.
			if prev := first(st.shape, st.op, st.base64); prev != "" {
				return fail("modifier %q cannot follow %q", name, prev)
			}
			st.base64, st.encode = name, ""
		}
		entry.apply(&m)
	}
	if st.base64 == "base64offset" && st.shapeAfterBase64 != "contains" {
		// Each variant is cut at both ends, so it is found only inside
		// the encoded text.
		return fail("modifier \"base64offset\" must be followed by \"contains\": its variants are cut at both ends and match only inside the encoded text")
	}
	return m, true
}

// first returns the first non-empty name.
func first(names ...string) string {
	for _, n := range names {
		if n != "" {
			return n
		}
	}
	return ""
}

// placeholder returns the name of the first %name% placeholder in a value
// that the expand modifier would replace, as pySigma finds them: a "%" not
// escaped by a backslash, one or more word characters, and a "%".
func placeholder(s string) (string, bool) {
	start, end, ok := placeholderSpan(s)
	if !ok {
		return "", false
	}
	return s[start+1 : end-1], true
}

// placeholderSpan returns the byte offsets of the first placeholder of s,
// both "%" included.
func placeholderSpan(s string) (start, end int, ok bool) {
	prev := rune(0)
	for i, r := range s {
		if r == '%' && prev != '\\' {
			j := i + 1
			for j < len(s) {
				c, size := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(c) {
					break
				}
				j += size
			}
			if j > i+1 && j < len(s) && s[j] == '%' {
				return i, j + 1, true
			}
		}
		prev = r
	}
	return 0, 0, false
}

// withPlaceholders splits the literal parts of an expand value at its
// placeholders, which a pipeline's value_placeholders (or
// wildcard_placeholders) resolves.
func withPlaceholders(p ir.Pattern) ir.Pattern {
	var out ir.Pattern
	for _, part := range p {
		if part.Kind != ir.Literal {
			out = out.Append(part)
			continue
		}
		rest := part.Text
		for {
			start, end, ok := placeholderSpan(rest)
			if !ok {
				break
			}
			out = out.Append(ir.Part{Kind: ir.Literal, Text: rest[:start]})
			out = out.Append(ir.Part{Kind: ir.Placeholder, Text: rest[start+1 : end-1]})
			rest = rest[end:]
		}
		out = out.Append(ir.Part{Kind: ir.Literal, Text: rest})
	}
	return out
}

// placeholderSteps are the chain steps a placeholder may go through: they
// add wildcards around the value and leave its parts as they are.
var placeholderSteps = map[string]bool{"contains": true, "startswith": true, "endswith": true}
