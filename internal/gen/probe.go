package gen

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// prober emits near misses and edge values around witnesses.
type prober struct {
	*solver
	out       *collector
	doneValue map[string]bool    // field and value already probed
	doneLeaf  map[*ir.Match]bool // negated leaves already probed
}

// emit adds a copy of w's event with key set to v.
func (p *prober) emit(w *witness, key, what string, v value) {
	ev := copyEvent(w.ev)
	setValue(ev, p.base, key, v)
	p.out.add(w.note(key+": "+what), ev)
}

// firstVisit reports whether the field's current value in w is new to the
// running pass, and records it.
func (p *prober) firstVisit(w *witness, key string) (value, bool) {
	cur := valueOf(w.ev, key)
	id := fmt.Sprintf("%s\x00%t\x00%s", key, cur.present, cur.s)
	if p.doneValue[id] {
		return cur, false
	}
	p.doneValue[id] = true
	return cur, true
}

// valueMutations are the near misses of every value a witness set.
var valueMutations = []struct {
	name string
	fn   func(string) string
}{
	{"other case", swapCase},
	{"first character dropped", func(s string) string { _, n := utf8.DecodeRuneInString(s); return s[n:] }},
	{"last character dropped", func(s string) string { _, n := utf8.DecodeLastRuneInString(s); return s[:len(s)-n] }},
	{"character added at start", func(s string) string { return "x" + s }},
	{"character added at end", func(s string) string { return s + "x" }},
	{"empty", func(string) string { return "" }},
}

// wildcardProbes write a field's patterns out with each wildcard at a
// boundary of what it matches.
var wildcardProbes = []struct {
	name string
	kind ir.PartKind
	f    filler
}{
	{"* matching empty", ir.AnyString, filler{anyChar: "x"}},
	{"* matching one character", ir.AnyString, filler{lead: "x", sep: "x", trail: "x", anyChar: "x"}},
	{"? matching zero characters", ir.AnyChar, filler{}},
	{"? matching two characters", ir.AnyChar, filler{anyChar: "xy"}},
}

// pathFields hold a full image path, whose basename the CIM, Defender and
// ECS models split off.
var pathFields = map[string]bool{
	"Image": true, "ParentImage": true, "SourceImage": true, "TargetImage": true, "ImageLoaded": true,
}

// otherFolders replace the folder of a path, per separator.
var otherFolders = map[string]string{`\`: `C:\Users\Public\rosetta\`, "/": "/tmp/rosetta/"}

// nearMisses emits the near misses of every field w's positive leaves set
// (once per field value across witnesses) and, once per leaf, an event on
// which a negated leaf matches after all.
func (p *prober) nearMisses(w *witness) {
	for _, fs := range w.set {
		cur, first := p.firstVisit(w, fs.key)
		if !first {
			continue
		}
		if !cur.present {
			p.emit(w, fs.key, "field present", present(neutralText))
			p.emit(w, fs.key, "field empty", present(""))
			continue
		}
		for _, m := range valueMutations {
			if r := m.fn(cur.s); r != cur.s {
				p.emit(w, fs.key, m.name, present(r))
			}
		}
		p.emit(w, fs.key, "missing field", absent)
		p.wildcards(w, fs)
		if pathFields[fs.key] {
			p.paths(w, fs.key, cur.s)
		}
		for _, m := range fs.leaves {
			p.bounds(w, fs.key, m)
		}
	}
	for _, m := range w.negated {
		if p.doneLeaf[m] {
			continue
		}
		p.doneLeaf[m] = true
		p.negatedHit(w, m)
	}
}

func (p *prober) wildcards(w *witness, fs fieldSet) {
	pats := patternsOf(fs.leaves)
	for _, wp := range wildcardProbes {
		if !hasWildcard(pats, wp.kind) {
			continue
		}
		for _, v := range combine(pats, nil, wp.f) {
			p.emit(w, fs.key, wp.name, present(v))
		}
	}
}

// paths moves the basename to another folder, and puts another basename
// with the same ending in the same folder.
func (p *prober) paths(w *witness, key, s string) {
	dir, base := splitPath(s)
	if base == "" {
		return
	}
	if moved, ok := otherFolder(s); ok {
		p.emit(w, key, "same basename in another folder", present(moved))
	}
	p.emit(w, key, "other basename with the same suffix", present(dir+"not"+base))
}

// splitPath splits a Windows or Unix path after its last separator.
func splitPath(s string) (dir, base string) {
	i := strings.LastIndexAny(s, `\/`)
	return s[:i+1], s[i+1:]
}

// otherFolder moves the basename of a path to a folder of its own.
func otherFolder(s string) (string, bool) {
	dir, base := splitPath(s)
	if base == "" {
		return "", false
	}
	sep := `\`
	if strings.HasSuffix(dir, "/") {
		sep = "/"
	}
	return otherFolders[sep] + base, true
}

// bounds probes the edges of numeric comparisons and networks.
func (p *prober) bounds(w *witness, key string, m *ir.Match) {
	switch m.Op {
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		for _, d := range []float64{-1, 0, 1} {
			n := formatNumber(m.Number + d)
			p.emit(w, key, fmt.Sprintf("%s %s boundary: %s", m.Op, formatNumber(m.Number), n), present(n))
		}
	case ir.OpTimePart:
		p.timePartBounds(w, key, m)
	case ir.OpCIDR:
		for _, a := range cidrOutside(m.CIDR) {
			p.emit(w, key, "address just outside "+m.CIDR, present(a))
		}
	}
}

// negatedHit sets the field of a negated leaf so that the leaf matches:
// the filter catches the event after all.
func (p *prober) negatedHit(w *witness, m *ir.Match) {
	key := keyOf(m, p.keyword)
	what := fmt.Sprintf("negated %s leaf matches", m.Op)
	if m.Op == ir.OpFieldRef {
		p.emit(w, key, what, valueOf(w.ev, m.Ref))
		return
	}
	lits := []literal{{m: m}}
	for _, v := range buildValues([]*ir.Match{m}) {
		if p.satisfies(key, lits, v) {
			p.emit(w, key, what, v)
			return
		}
	}
}

// edgeTokens are characters that translators quote, escape or fold wrongly.
var edgeTokens = []struct{ name, token string }{
	{"double quote", `"`},
	{"single quote", "'"},
	{"literal *", "*"},
	{"non-ASCII İ", "İ"},
	{"non-ASCII ß", "ß"},
	{"trailing newline", "\n"},
}

// foldProbes replace letters with non-ASCII ones that Unicode case folding
// (Go's, and so the reference's) treats as equal but ASCII-only folding
// does not, or the reverse.
var foldProbes = []struct {
	name string
	from string
	to   rune
}{
	{"Kelvin sign for k", "kK", '\u212a'},
	{"long s for s", "sS", '\u017f'},
	{"dotted capital I for i", "iI", 'İ'},
}

// edges emits each field value's edge values once: the backslashes
// doubled, each edge token at the end and in place of the wildcards, and
// the fold probes.
func (p *prober) edges(w *witness) {
	for _, fs := range w.set {
		cur, first := p.firstVisit(w, fs.key)
		if !first || !cur.present {
			continue
		}
		if strings.Contains(cur.s, `\`) {
			p.emit(w, fs.key, "backslash doubled", present(strings.ReplaceAll(cur.s, `\`, `\\`)))
		}
		pats := patternsOf(fs.leaves)
		star := hasWildcard(pats, ir.AnyString)
		for _, e := range edgeTokens {
			p.emit(w, fs.key, e.name+" at end", present(cur.s+e.token))
			if star {
				f := filler{lead: e.token, sep: e.token, trail: e.token, anyChar: "x"}
				for _, v := range combine(pats, nil, f) {
					p.emit(w, fs.key, e.name+" in wildcard", present(v))
				}
			}
		}
		for _, fp := range foldProbes {
			if strings.ContainsAny(cur.s, fp.from) {
				r := strings.Map(func(c rune) rune {
					if strings.ContainsRune(fp.from, c) {
						return fp.to
					}
					return c
				}, cur.s)
				p.emit(w, fs.key, fp.name, present(r))
			}
		}
	}
}

func patternsOf(leaves []*ir.Match) []ir.Pattern {
	var out []ir.Pattern
	for _, m := range leaves {
		if m.Op == ir.OpEq {
			out = append(out, leafPattern(m))
		}
	}
	return out
}

// swapCase turns upper-case letters to lower case and the reverse.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsUpper(r):
			return unicode.ToLower(r)
		case unicode.IsLower(r):
			return unicode.ToUpper(r)
		}
		return r
	}, s)
}
