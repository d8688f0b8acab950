package spl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dlclark/regexp2"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// stage is one lowered command: it maps the result rows of the previous
// command to its own.
type stage interface {
	run(rows []event.Event) []event.Event
	String() string
}

// filterStage keeps the rows for which keep is true (search, where, regex).
type filterStage struct {
	name string
	keep func(rc *rowCtx) bool
	desc string
}

func (s *filterStage) run(rows []event.Event) []event.Event {
	var out []event.Event
	for _, r := range rows {
		if s.keep(&rowCtx{row: r}) {
			out = append(out, r)
		}
	}
	return out
}

func (s *filterStage) String() string { return s.name + " " + s.desc }

func searchStage(c cond) *filterStage {
	return &filterStage{name: "search", keep: c.test, desc: c.String()}
}

func whereStage(e expr) *filterStage {
	return &filterStage{name: "where", desc: e.String(), keep: func(rc *rowCtx) bool {
		v := e.eval(rc)
		return v.k == vBool && v.b
	}}
}

// regexStage keeps rows whose field matches (or, negated, does not match:
// a missing field never matches). Without a field it reads the raw text.
func regexStage(field string, negate bool, re *regexp2.Regexp) *filterStage {
	op := "="
	if negate {
		op = "!="
	}
	return &filterStage{name: "regex", desc: fmt.Sprintf("%s%s%q", field, op, re.String()), keep: func(rc *rowCtx) bool {
		var texts []string
		if field == "_raw" {
			texts = []string{rc.rawText()}
		} else {
			texts, _ = fieldTexts(rc.row, field)
		}
		matched := false
		for _, t := range texts {
			if regexMatch(re, t) {
				matched = true
				break
			}
		}
		return matched != negate
	}}
}

// evalStage assigns fields in order; a null result removes the field.
type evalStage struct {
	fields []string
	exprs  []expr
}

func (s *evalStage) run(rows []event.Event) []event.Event {
	out := make([]event.Event, len(rows))
	for i, r := range rows {
		r = copyRow(r)
		for j, e := range s.exprs {
			if v, ok := e.eval(&rowCtx{row: r}).toAny(); ok {
				r[s.fields[j]] = v
			} else {
				delete(r, s.fields[j])
			}
		}
		out[i] = r
	}
	return out
}

func (s *evalStage) String() string {
	parts := make([]string, len(s.fields))
	for i := range s.fields {
		parts[i] = s.fields[i] + "=" + s.exprs[i].String()
	}
	return "eval " + strings.Join(parts, ", ")
}

// renameStage renames fields; a * in the old name captures text that a * in
// the new name receives (rename Processes.* AS *).
type renameStage struct {
	pairs [][2]string
}

func (s *renameStage) run(rows []event.Event) []event.Event {
	out := make([]event.Event, len(rows))
	for i, r := range rows {
		for _, p := range s.pairs {
			r = renameFields(r, p[0], p[1])
		}
		out[i] = r
	}
	return out
}

func renameFields(r event.Event, from, to string) event.Event {
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := copyRow(r)
	for _, k := range keys {
		caps, ok := wildcardCapture(from, k)
		if !ok {
			continue
		}
		name := to
		if strings.Contains(to, "*") {
			var b strings.Builder
			n := 0
			for _, c := range to {
				if c == '*' {
					if n < len(caps) {
						b.WriteString(caps[n])
					}
					n++
					continue
				}
				b.WriteRune(c)
			}
			name = b.String()
		}
		if name == k {
			continue
		}
		v := out[k]
		delete(out, k)
		out[name] = v
	}
	return out
}

// wildcardCapture matches name against a field-name pattern with * wildcards
// (case-sensitive) and returns the text each * matched.
func wildcardCapture(pattern, name string) ([]string, bool) {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return nil, pattern == name
	}
	prefix := pattern[:star]
	if !strings.HasPrefix(name, prefix) {
		return nil, false
	}
	rest, nameRest := pattern[star+1:], name[len(prefix):]
	for i := 0; i <= len(nameRest); i++ { // shortest capture first
		if caps, ok := wildcardCapture(rest, nameRest[i:]); ok {
			return append([]string{nameRest[:i]}, caps...), true
		}
	}
	return nil, false
}

func (s *renameStage) String() string {
	parts := make([]string, len(s.pairs))
	for i, p := range s.pairs {
		parts[i] = p[0] + " AS " + p[1]
	}
	return "rename " + strings.Join(parts, ", ")
}

// convertStage leaves values as they are (time formatting does not change
// which rows exist); "fn(f) AS g" copies f to g.
type convertStage struct {
	copies [][2]string
	desc   string
}

func (s *convertStage) run(rows []event.Event) []event.Event {
	if len(s.copies) == 0 {
		return rows
	}
	out := make([]event.Event, len(rows))
	for i, r := range rows {
		r = copyRow(r)
		for _, c := range s.copies {
			if v, ok := r[c[0]]; ok {
				r[c[1]] = v
			}
		}
		out[i] = r
	}
	return out
}

func (s *convertStage) String() string { return "convert " + s.desc }

// projectStage implements fields (keep or remove) and table (keep only).
type projectStage struct {
	name     string
	patterns []string
	remove   bool
	internal bool // keep _-prefixed fields (fields +)
}

func (s *projectStage) run(rows []event.Event) []event.Event {
	out := make([]event.Event, len(rows))
	for i, r := range rows {
		n := event.Event{}
		for k, v := range r {
			listed := false
			for _, p := range s.patterns {
				if _, ok := wildcardCapture(p, k); ok {
					listed = true
					break
				}
			}
			keep := listed != s.remove || (!s.remove && s.internal && strings.HasPrefix(k, "_"))
			if keep {
				n[k] = v
			}
		}
		out[i] = n
	}
	return out
}

func (s *projectStage) String() string {
	mode := ""
	if s.remove {
		mode = "- "
	}
	return s.name + " " + mode + strings.Join(s.patterns, ", ")
}

type headStage struct{ n int }

func (s *headStage) run(rows []event.Event) []event.Event {
	if len(rows) > s.n {
		return rows[:s.n]
	}
	return rows
}

func (s *headStage) String() string { return fmt.Sprintf("head %d", s.n) }

// fillnullStage gives missing fields a value: the listed fields, or every
// field that some row has.
type fillnullStage struct {
	value  string
	fields []string
}

func (s *fillnullStage) run(rows []event.Event) []event.Event {
	fields := s.fields
	if len(fields) == 0 {
		seen := map[string]bool{}
		for _, r := range rows {
			for k := range r {
				if !seen[k] {
					seen[k] = true
					fields = append(fields, k)
				}
			}
		}
	}
	out := make([]event.Event, len(rows))
	for i, r := range rows {
		r = copyRow(r)
		for _, f := range fields {
			if v, ok := r[f]; !ok || v == nil {
				r[f] = s.value
			}
		}
		out[i] = r
	}
	return out
}

func (s *fillnullStage) String() string {
	return fmt.Sprintf("fillnull value=%q %s", s.value, strings.Join(s.fields, " "))
}
