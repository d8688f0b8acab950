package attack

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// tableFile is the embedded table's name, which parse errors start with.
const tableFile = "enterprise.tsv"

//go:embed enterprise.tsv
var enterpriseTSV []byte

// table is a parsed enterprise.tsv.
type table struct {
	matrix     []Tactic             // current tactics, in matrix order
	tactics    map[string]Tactic    // by shortname, retired ones included
	techniques map[string]Technique // by id
}

// enterprise is the embedded table, parsed on first use. The package's tests
// parse the same bytes, so a malformed table fails them before it can panic
// here.
var enterprise = sync.OnceValue(func() *table {
	t, err := parse(tableFile, enterpriseTSV)
	if err != nil {
		panic(err)
	}
	return t
})

// The shapes of a table line's fields.
var (
	tacticID    = regexp.MustCompile(`^TA[0-9]{4}$`)
	techniqueID = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
	shortname   = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
)

// lineParsers reads one line of each kind into the table.
var lineParsers = map[string]func(*table, []string) error{
	"tactic":         (*table).addTactic,
	"retired-tactic": (*table).addRetiredTactic,
	"technique":      (*table).addTechnique,
}

// parse reads a table: lines of tab-separated fields (kind, id, name, rest),
// blank lines and # comments. Every malformed line is an error naming file
// and line; a sub-technique whose technique is missing is one too.
func parse(file string, data []byte) (*table, error) {
	t := &table{tactics: map[string]Tactic{}, techniques: map[string]Technique{}}
	var errs []error
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := t.addLine(line); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", file, i+1, err))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(t.techniques)) {
		if p := t.techniques[id].Parent(); p != "" {
			if _, ok := t.techniques[p]; !ok {
				errs = append(errs, fmt.Errorf("%s: sub-technique %s: no technique %s", file, id, p))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// addLine checks a line's shape common to all kinds and hands it to its kind.
func (t *table) addLine(line string) error {
	fields := strings.Split(line, "\t")
	if len(fields) != 4 {
		return fmt.Errorf("%d tab-separated fields, want 4 (kind, id, name, rest)", len(fields))
	}
	add, ok := lineParsers[fields[0]]
	if !ok {
		return fmt.Errorf("unknown kind %q (want tactic, retired-tactic or technique)", fields[0])
	}
	if name := fields[2]; name == "" || strings.TrimSpace(name) != name {
		return fmt.Errorf("%s: name %q is empty or has surrounding spaces", fields[1], name)
	}
	return add(t, fields[1:])
}

// addTactic reads "TA0005, Stealth, stealth": a tactic of the matrix.
func (t *table) addTactic(f []string) error {
	tactic, err := t.readTactic(f)
	if err != nil {
		return err
	}
	if len(t.techniques) > 0 {
		return fmt.Errorf("tactic %s after the first technique: tactics come first", tactic.Short)
	}
	t.matrix = append(t.matrix, tactic)
	return nil
}

// addRetiredTactic reads a tactic that resolves but is not in the matrix.
func (t *table) addRetiredTactic(f []string) error {
	_, err := t.readTactic(f)
	return err
}

// readTactic checks a tactic's fields and indexes it by shortname.
func (t *table) readTactic(f []string) (Tactic, error) {
	tactic := Tactic{ID: f[0], Name: f[1], Short: f[2]}
	switch {
	case !tacticID.MatchString(tactic.ID):
		return Tactic{}, fmt.Errorf("tactic id %q is not TA and four digits", tactic.ID)
	case !shortname.MatchString(tactic.Short):
		return Tactic{}, fmt.Errorf("tactic %s: shortname %q is not lower-case words joined by -", tactic.ID, tactic.Short)
	}
	if _, dup := t.tactics[tactic.Short]; dup {
		return Tactic{}, fmt.Errorf("tactic %s: shortname %q declared twice", tactic.ID, tactic.Short)
	}
	t.tactics[tactic.Short] = tactic
	return tactic, nil
}

// addTechnique reads "T1218.009, Regsvcs/Regasm, stealth": a technique or
// sub-technique and its tactics, which must be matrix tactics declared
// above, listed once each in matrix order.
func (t *table) addTechnique(f []string) error {
	tech := Technique{ID: f[0], Name: f[1], Tactics: strings.Split(f[2], ",")}
	if !techniqueID.MatchString(tech.ID) {
		return fmt.Errorf("technique id %q is not T, four digits and maybe .three digits", tech.ID)
	}
	if _, dup := t.techniques[tech.ID]; dup {
		return fmt.Errorf("technique %s declared twice", tech.ID)
	}
	last := -1
	for _, short := range tech.Tactics {
		at := slices.IndexFunc(t.matrix, func(m Tactic) bool { return m.Short == short })
		switch {
		case at < 0:
			return fmt.Errorf("technique %s: %q is not a tactic of the matrix declared above", tech.ID, short)
		case at <= last:
			return fmt.Errorf("technique %s: tactic %q repeated or out of matrix order", tech.ID, short)
		}
		last = at
	}
	t.techniques[tech.ID] = tech
	return nil
}
