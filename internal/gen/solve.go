package gen

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

// keywordField holds the values of keyword (field-less) leaves: a keyword
// matches any value of the event, and this one is where witnesses put it,
// unless the log source names another (source.keyword).
const keywordField = "Message"

// value is a candidate field value; present false means the field is absent.
type value struct {
	s       string
	present bool
}

var absent = value{}

func present(s string) value { return value{s: s, present: true} }

// fieldSet is a field that positive leaves of a witness's conjunct set.
type fieldSet struct {
	key    string      // the event key (keywordField for keywords)
	leaves []*ir.Match // the positive leaves on it
}

// witness is an event built from one conjunct.
type witness struct {
	n       int         // 1-based, in output order
	ev      event.Event // the event
	set     []fieldSet  // fields set by positive leaves, sorted by key
	negated []*ir.Match // leaves that must not match
}

func (w *witness) note(what string) string {
	if what == "" {
		return fmt.Sprintf("witness %d", w.n)
	}
	return fmt.Sprintf("witness %d; %s", w.n, what)
}

// solver builds witnesses on a base event. Every leaf is compiled once, so
// that a candidate value is checked with the reference semantics.
type solver struct {
	base    event.Event
	keyword string // the event key of keywords
	leaves  map[*ir.Match]*match.Matcher
}

func newSolver(base event.Event, keyword string, cond ir.Expr) (*solver, error) {
	s := &solver{base: base, keyword: keyword, leaves: map[*ir.Match]*match.Matcher{}}
	for _, m := range ir.Matches(cond) {
		c, err := match.Compile(m)
		if err != nil {
			return nil, err
		}
		s.leaves[m] = c
	}
	return s, nil
}

// keyOf is the event key a leaf reads, keyword the key of keywords.
func keyOf(m *ir.Match, keyword string) string {
	if m.Field == "" {
		return keyword
	}
	return m.Field
}

// holds reports whether leaf m is true on an event whose key has value v
// and nothing else.
func (s *solver) holds(m *ir.Match, key string, v value) bool {
	ev := event.Event{}
	setValue(ev, s.base, key, v)
	return s.leaves[m].Match(ev)
}

// satisfies reports whether v makes every literal come out as required.
func (s *solver) satisfies(key string, lits []literal, v value) bool {
	for _, l := range lits {
		if s.holds(l.m, key, v) == l.neg {
			return false
		}
	}
	return true
}

// solve builds an event on which every literal of c comes out as required,
// or returns nil. Fields are solved one at a time in sorted order; field
// references come last, as they read other fields.
func (s *solver) solve(c conjunct) *witness {
	byKey := map[string][]literal{}
	var refs []literal
	for _, l := range c {
		if l.m.Op == ir.OpFieldRef {
			refs = append(refs, l)
			continue
		}
		byKey[keyOf(l.m, s.keyword)] = append(byKey[keyOf(l.m, s.keyword)], l)
	}
	w := &witness{ev: copyEvent(s.base)}
	for _, key := range sortedKeys(byKey) {
		lits := byKey[key]
		var pos []*ir.Match
		for _, l := range lits {
			if l.neg {
				w.negated = append(w.negated, l.m)
			} else {
				pos = append(pos, l.m)
			}
		}
		v, ok := s.choose(key, lits, pos, valueOf(w.ev, key))
		if !ok {
			return nil
		}
		setValue(w.ev, s.base, key, v)
		if len(pos) > 0 {
			w.set = append(w.set, fieldSet{key: key, leaves: pos})
		}
	}
	for _, l := range refs {
		applyRef(w.ev, s.base, l)
		if l.neg {
			w.negated = append(w.negated, l.m)
		}
	}
	return w
}

// choose returns the first candidate value satisfying all literals on key:
// the current value, then values built from the positive leaves, then the
// current value moved to another folder, then neutral fallbacks.
func (s *solver) choose(key string, lits []literal, pos []*ir.Match, cur value) (value, bool) {
	base, _ := event.String(s.base[key])
	cands := append([]value{cur}, accountForms(base, buildValues(pos))...)
	if cur.present {
		if moved, ok := otherFolder(cur.s); ok {
			cands = append(cands, present(moved))
		}
	}
	cands = append(cands, present(neutralText), absent, present(""))
	for _, v := range cands {
		if s.satisfies(key, lits, v) {
			return v, true
		}
	}
	return value{}, false
}

// accountForms puts first, for a field whose neutral value is
// "DOMAIN\\name" (a Windows account: Sysmon writes User so, and the ECS
// ingest splits it there), each candidate without a backslash as the
// domain and as the name, so that witnesses are accounts Windows writes.
func accountForms(base string, cands []value) []value {
	if !strings.Contains(base, `\`) {
		return cands
	}
	var out []value
	for _, v := range cands {
		if v.present && v.s != "" && !strings.Contains(v.s, `\`) {
			out = append(out, present(`ROSETTA\`+v.s), present(v.s+`\rosetta`))
		}
	}
	return append(out, cands...)
}

// applyRef makes a fieldref literal hold: the field copies the other
// field's value, or (negated) differs from it.
func applyRef(ev, base event.Event, l literal) {
	ref := valueOf(ev, l.m.Ref)
	if !l.neg {
		if !ref.present {
			ref = present("rosetta-ref")
			setValue(ev, base, l.m.Ref, ref)
		}
		setValue(ev, base, l.m.Field, ref)
		return
	}
	if cur := valueOf(ev, l.m.Field); cur.present && ref.present && cur.s == ref.s {
		setValue(ev, base, l.m.Field, present(cur.s+"-other"))
	}
}

// valueOf reads a scalar field of ev as text.
func valueOf(ev event.Event, key string) value {
	v, ok := ev[key]
	if !ok || v == nil {
		return absent
	}
	if s, ok := event.String(v); ok {
		return present(s)
	}
	return absent
}

// setValue writes v to key, deleting the field for an absent value. A
// field that is a JSON number in the base event stays one when v is an
// integer.
func setValue(ev, base event.Event, key string, v value) {
	if !v.present {
		delete(ev, key)
		return
	}
	if _, num := base[key].(json.Number); num && isInteger(v.s) {
		ev[key] = json.Number(v.s)
		return
	}
	ev[key] = v.s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
