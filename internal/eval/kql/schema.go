package kql

// schema is what the compiler knows about the columns of the rows at one
// point of a pipeline. A table read from events is open: any event column may
// be referenced, since the evaluator has no table schema (Microsoft's checker
// in .ci/kusto does that). project and summarize close it: from then on only
// the named computed columns exist, and any other name is a compile error, as
// it is in Kusto.
type schema struct {
	open   bool            // event columns are visible
	hidden map[string]bool // event columns removed by project-away (open only)
	cols   []column        // computed columns visible by name, in output order
	nslots int             // slots a row carries at this point
}

// column is a named computed column held in a row slot.
type column struct {
	name string
	slot int
	t    staticType
}

// openSchema is the schema of a table read from events.
func openSchema() *schema { return &schema{open: true} }

// clone copies s so that an operator can change it without touching its input.
func (s *schema) clone() *schema {
	c := &schema{open: s.open, nslots: s.nslots, cols: append([]column(nil), s.cols...)}
	if len(s.hidden) > 0 {
		c.hidden = make(map[string]bool, len(s.hidden))
		for k, v := range s.hidden {
			c.hidden[k] = v
		}
	}
	return c
}

// lookup finds a computed column by name.
func (s *schema) lookup(name string) (column, bool) {
	for _, c := range s.cols {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

// eventVisible reports whether name may be read from the event.
func (s *schema) eventVisible(name string) bool { return s.open && !s.hidden[name] }

// has reports whether name is a column at this point, as far as is known.
func (s *schema) has(name string) bool {
	_, ok := s.lookup(name)
	return ok || s.eventVisible(name)
}

// addSlot appends a new computed column, replacing a visible one of the same
// name, and returns its slot.
func (s *schema) addSlot(name string, t staticType) int {
	s.remove(name)
	slot := s.nslots
	s.nslots++
	s.cols = append(s.cols, column{name: name, slot: slot, t: t})
	return slot
}

// remove hides a column, computed or from the event.
func (s *schema) remove(name string) {
	for i, c := range s.cols {
		if c.name == name {
			s.cols = append(s.cols[:i:i], s.cols[i+1:]...)
			break
		}
	}
	if s.open {
		if s.hidden == nil {
			s.hidden = map[string]bool{}
		}
		s.hidden[name] = true
	}
}
