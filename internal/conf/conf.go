// Package conf reads Splunk .conf files (savedsearches.conf, macros.conf,
// app.conf, metadata/default.meta) as Splunk's admin manual and .spec files
// describe them: "[stanza]" headers, "key = value" settings, lines whose
// first non-blank character is "#" are comments, blank lines are ignored,
// and a value whose line ends in a backslash continues on the next line
// (the backslash is dropped and the line break kept, as Splunk keeps the
// lines of a multi-line search). Settings before the first stanza belong
// to the "default" stanza.
//
// The reader is strict where Splunk is lenient, since it checks files that
// rosetta writes: a stanza named twice in one file, a key set twice in one
// stanza, and any line that is neither blank, a comment, a header nor a
// setting are errors. It is independent of the writer (backends/splunk),
// which the tests check against it.
package conf

import (
	"fmt"
	"strings"
)

// File is a parsed .conf file: its stanzas in file order.
type File struct {
	Stanzas []*Stanza
}

// Stanza is one "[name]" section and its settings in file order.
type Stanza struct {
	Name     string
	Line     int // the header's line; 0 for the implicit default stanza
	Settings []Setting
}

// Setting is one "key = value" pair; Line is where its key is.
type Setting struct {
	Key, Value string
	Line       int
}

// Error is a problem at a line of the file.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%d: %s", e.Line, e.Msg) }

// Stanza returns the stanza named name, or nil.
func (f *File) Stanza(name string) *Stanza {
	for _, s := range f.Stanzas {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Get returns the value of key and whether the stanza sets it.
func (s *Stanza) Get(key string) (string, bool) {
	for _, kv := range s.Settings {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return "", false
}

// Keys lists the stanza's keys in file order.
func (s *Stanza) Keys() []string {
	out := make([]string, len(s.Settings))
	for i, kv := range s.Settings {
		out[i] = kv.Key
	}
	return out
}

// Parse reads the text of a .conf file.
func Parse(text string) (*File, error) {
	p := parser{lines: strings.Split(text, "\n"), f: &File{}, seen: map[string]bool{}}
	for p.i = 0; p.i < len(p.lines); p.i++ {
		if err := p.line(); err != nil {
			return nil, err
		}
	}
	return p.f, nil
}

type parser struct {
	lines []string
	i     int
	f     *File
	cur   *Stanza
	seen  map[string]bool // stanza names
	keys  map[string]bool // keys of cur
}

// line reads the line at p.i (and the continuation lines of its value).
func (p *parser) line() error {
	no := p.i + 1
	line := strings.TrimSuffix(p.lines[p.i], "\r")
	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		return nil
	case strings.HasPrefix(trimmed, "["):
		if !strings.HasSuffix(trimmed, "]") {
			return &Error{no, "a stanza header ends with ']'"}
		}
		return p.stanza(trimmed[1:len(trimmed)-1], no)
	}
	// The value is the rest of the line: a backslash continues it only as
	// the line's very last character.
	key, value, ok := strings.Cut(strings.TrimLeft(line, " \t"), "=")
	if !ok {
		return &Error{no, fmt.Sprintf("not a stanza header, a comment or key = value: %q", trimmed)}
	}
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " \t") {
		return &Error{no, fmt.Sprintf("bad key %q: a key is one word before '='", key)}
	}
	value = strings.TrimLeft(value, " \t")
	// A backslash at the end of the line continues the value: the line
	// break stays, the backslash goes. The next line is taken as it is.
	for strings.HasSuffix(value, `\`) {
		if p.i+1 >= len(p.lines) {
			return &Error{no, "the last line ends with a backslash: nothing to continue with"}
		}
		p.i++
		value = value[:len(value)-1] + "\n" + strings.TrimSuffix(p.lines[p.i], "\r")
	}
	return p.set(key, strings.TrimRight(value, " \t"), no)
}

func (p *parser) stanza(name string, no int) error {
	if p.seen[name] {
		return &Error{no, fmt.Sprintf("stanza [%s] appears twice", name)}
	}
	p.seen[name] = true
	p.cur = &Stanza{Name: name, Line: no}
	p.keys = map[string]bool{}
	p.f.Stanzas = append(p.f.Stanzas, p.cur)
	return nil
}

func (p *parser) set(key, value string, no int) error {
	if p.cur == nil { // settings before any stanza are the default stanza's
		if err := p.stanza("default", 0); err != nil {
			return err
		}
	}
	if p.keys[key] {
		return &Error{no, fmt.Sprintf("[%s]: key %q set twice", p.cur.Name, key)}
	}
	p.keys[key] = true
	p.cur.Settings = append(p.cur.Settings, Setting{Key: key, Value: value, Line: no})
	return nil
}
