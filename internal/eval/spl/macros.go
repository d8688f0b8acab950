package spl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Macros maps a macros.conf stanza name ("name" for a macro without
// arguments, "name(N)" for one with N arguments) to its macro.
type Macros map[string]Macro

// Macro is one search macro: its argument names, in call order, and the SPL
// text it expands to, with $arg$ placeholders for the arguments.
type Macro struct {
	Args       []string
	Definition string
}

var (
	stanzaArity = regexp.MustCompile(`^(.*)\((\d+)\)$`)
	argName     = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// ParseMacros reads macros.conf text: [stanza] headers, key = value lines,
// lines continued by a trailing backslash, and # comments. Only "args" and
// "definition" are used; eval-based macros (iseval = 1) are rejected. Errors
// are *Error values positioned in conf.
func ParseMacros(conf string) (Macros, error) {
	type stanza struct {
		name      string
		line, col int
		keys      map[string]string
		keyPos    map[string][2]int
	}
	var stanzas []*stanza
	byName := map[string]*stanza{}
	var cur *stanza
	lines := strings.Split(conf, "\n")
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := strings.TrimSuffix(lines[i], "\r")
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(trimmed, "["):
			end := strings.LastIndex(trimmed, "]")
			if end < 0 {
				return nil, &Error{Line: lineNo, Col: col, Msg: "unterminated stanza header"}
			}
			if rest := strings.TrimSpace(trimmed[end+1:]); rest != "" {
				return nil, &Error{Line: lineNo, Col: col + end + 1, Msg: "unexpected text after stanza header"}
			}
			name := strings.TrimSpace(trimmed[1:end])
			if name == "" {
				return nil, &Error{Line: lineNo, Col: col, Msg: "empty stanza name"}
			}
			if s, ok := byName[name]; ok { // Splunk merges repeated stanzas
				cur = s
				continue
			}
			cur = &stanza{name: name, line: lineNo, col: col, keys: map[string]string{}, keyPos: map[string][2]int{}}
			byName[name] = cur
			stanzas = append(stanzas, cur)
		default:
			eq := strings.IndexByte(trimmed, '=')
			if eq < 0 {
				return nil, &Error{Line: lineNo, Col: col, Msg: "expected key = value"}
			}
			key := strings.TrimSpace(trimmed[:eq])
			if key == "" {
				return nil, &Error{Line: lineNo, Col: col, Msg: "missing key before '='"}
			}
			value := trimmed[eq+1:]
			// A trailing backslash continues the value on the next line.
			for strings.HasSuffix(value, "\\") && i+1 < len(lines) {
				i++
				value = value[:len(value)-1] + "\n" + strings.TrimSuffix(lines[i], "\r")
			}
			if cur == nil { // global settings before any stanza
				continue
			}
			cur.keys[key] = strings.TrimSpace(value)
			cur.keyPos[key] = [2]int{lineNo, col}
		}
	}

	out := Macros{}
	for _, s := range stanzas {
		if s.name == "default" {
			continue
		}
		if v, ok := s.keys["iseval"]; ok && isTrue(v) {
			p := s.keyPos["iseval"]
			return nil, &Error{Line: p[0], Col: p[1], Msg: fmt.Sprintf("macro [%s]: eval-based macros (iseval) are not supported", s.name)}
		}
		def, ok := s.keys["definition"]
		if !ok {
			return nil, &Error{Line: s.line, Col: s.col, Msg: fmt.Sprintf("macro [%s] has no definition", s.name)}
		}
		var args []string
		if a := strings.TrimSpace(s.keys["args"]); a != "" {
			seen := map[string]bool{}
			for _, n := range strings.Split(a, ",") {
				n = strings.TrimSpace(n)
				p := s.keyPos["args"]
				if !argName.MatchString(n) {
					return nil, &Error{Line: p[0], Col: p[1], Msg: fmt.Sprintf("macro [%s]: invalid argument name %q", s.name, n)}
				}
				if seen[n] {
					return nil, &Error{Line: p[0], Col: p[1], Msg: fmt.Sprintf("macro [%s]: repeated argument name %q", s.name, n)}
				}
				seen[n] = true
				args = append(args, n)
			}
		}
		want := 0
		if m := stanzaArity.FindStringSubmatch(s.name); m != nil {
			want, _ = strconv.Atoi(m[2])
		}
		if want != len(args) {
			return nil, &Error{Line: s.line, Col: s.col, Msg: fmt.Sprintf("macro [%s] declares %d argument(s) but args lists %d", s.name, want, len(args))}
		}
		out[s.name] = Macro{Args: args, Definition: def}
	}
	return out, nil
}

func isTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "t", "yes", "y":
		return true
	}
	return false
}

// expansion is query text after macro expansion, with the source offset and
// the outermost macro call of every byte, so that errors point into the text
// the user wrote.
type expansion struct {
	src    string
	text   string
	origin []int32 // source offset per byte of text, plus one entry for EOF
	macro  []int32 // index into names of the outermost macro call, or -1
	names  []string
}

// errorAt builds an *Error for an offset in the expanded text.
func (x *expansion) errorAt(off int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	src, id := len(x.src), int32(-1)
	if off >= 0 && off < len(x.origin) {
		src, id = int(x.origin[off]), x.macro[off]
	}
	if id >= 0 {
		msg += fmt.Sprintf(" (in expansion of macro `%s`)", x.names[id])
	}
	return sourceError(x.src, src, msg)
}

// sourceError positions msg at byte offset off of text.
func sourceError(text string, off int, msg string) *Error {
	if off > len(text) {
		off = len(text)
	}
	line := 1 + strings.Count(text[:off], "\n")
	col := off - (strings.LastIndexByte(text[:off], '\n') + 1) + 1
	return &Error{Line: line, Col: col, Msg: msg}
}

type expander struct {
	macros Macros
	src    string
	out    []byte
	origin []int32
	macro  []int32
	names  []string
	calls  int
}

// expandMacros replaces every `macro` call outside double-quoted strings by
// its definition, recursively.
func expandMacros(src string, macros Macros) (*expansion, error) {
	x := &expander{macros: macros, src: src}
	if err := x.expand(src, true, 0, -1, nil); err != nil {
		return nil, err
	}
	x.origin = append(x.origin, int32(len(src)))
	x.macro = append(x.macro, -1)
	return &expansion{src: src, text: string(x.out), origin: x.origin, macro: x.macro, names: x.names}, nil
}

// expand copies text to the output. For the source itself (top) every byte
// keeps its own offset; inside a definition every byte points at the
// outermost call (callOff, macroID).
func (x *expander) expand(text string, top bool, callOff int, macroID int32, stack []string) error {
	errAt := func(i int, format string, args ...any) error {
		off := callOff
		if top {
			off = i
		}
		msg := fmt.Sprintf(format, args...)
		if macroID >= 0 {
			msg += fmt.Sprintf(" (in expansion of macro `%s`)", x.names[macroID])
		}
		return sourceError(x.src, off, msg)
	}
	emit := func(i, n int) error {
		if len(x.out)+n > maxExpandedLen {
			return errAt(i, "macro expansion is longer than %d bytes", maxExpandedLen)
		}
		for k := 0; k < n; k++ {
			x.out = append(x.out, text[i+k])
			if top {
				x.origin = append(x.origin, int32(i+k))
			} else {
				x.origin = append(x.origin, int32(callOff))
			}
			x.macro = append(x.macro, macroID)
		}
		return nil
	}
	inStr := false
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text):
			if err := emit(i, 2); err != nil {
				return err
			}
			i += 2
			continue
		case c == '"':
			inStr = !inStr
		case c == '`' && !inStr:
			end := strings.IndexByte(text[i+1:], '`')
			if end < 0 {
				return errAt(i, "unterminated macro call")
			}
			key, args, err := parseMacroCall(text[i+1 : i+1+end])
			if err != nil {
				return errAt(i, "%s", err)
			}
			m, ok := x.macros[key]
			if !ok {
				return errAt(i, "unknown macro `%s`", key)
			}
			for _, s := range stack {
				if s == key {
					return errAt(i, "macro cycle: %s -> %s", strings.Join(stack, " -> "), key)
				}
			}
			if len(stack) >= maxMacroDepth {
				return errAt(i, "macros nested deeper than %d", maxMacroDepth)
			}
			if x.calls++; x.calls > maxMacroCalls {
				return errAt(i, "more than %d macro calls", maxMacroCalls)
			}
			off, id := callOff, macroID
			if top {
				off, id = i, int32(len(x.names))
				x.names = append(x.names, key)
			}
			if err := x.expand(substituteArgs(m, args), false, off, id, append(stack, key)); err != nil {
				return err
			}
			i += end + 2
			continue
		}
		if err := emit(i, 1); err != nil {
			return err
		}
		i++
	}
	return nil
}

// parseMacroCall splits "name(a, b)" into the stanza key "name(2)" and its
// arguments. Commas inside double quotes or parentheses do not split.
func parseMacroCall(call string) (string, []string, error) {
	call = strings.TrimSpace(call)
	open := strings.IndexByte(call, '(')
	if open < 0 {
		if call == "" {
			return "", nil, fmt.Errorf("empty macro call")
		}
		return call, nil, nil
	}
	name := strings.TrimSpace(call[:open])
	if name == "" {
		return "", nil, fmt.Errorf("macro call without a name")
	}
	if !strings.HasSuffix(call, ")") {
		return "", nil, fmt.Errorf("macro call `%s`: missing ')'", call)
	}
	inner := call[open+1 : len(call)-1]
	if strings.TrimSpace(inner) == "" {
		return name, nil, nil
	}
	var args []string
	depth, inStr, start := 0, false, 0
	for i := 0; i < len(inner); i++ {
		switch c := inner[i]; {
		case c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			args = append(args, strings.TrimSpace(inner[start:i]))
			start = i + 1
		}
	}
	args = append(args, strings.TrimSpace(inner[start:]))
	return fmt.Sprintf("%s(%d)", name, len(args)), args, nil
}

// substituteArgs replaces $name$ by the call's argument values in one pass,
// so that an argument value is never substituted again.
func substituteArgs(m Macro, args []string) string {
	if len(m.Args) == 0 {
		return m.Definition
	}
	vals := make(map[string]string, len(m.Args))
	for i, n := range m.Args {
		if i < len(args) {
			vals[n] = args[i]
		}
	}
	def := m.Definition
	var b strings.Builder
	for {
		i := strings.IndexByte(def, '$')
		if i < 0 {
			break
		}
		j := strings.IndexByte(def[i+1:], '$')
		if j < 0 {
			break
		}
		if v, ok := vals[def[i+1:i+1+j]]; ok {
			b.WriteString(def[:i])
			b.WriteString(v)
			def = def[i+j+2:]
			continue
		}
		b.WriteString(def[:i+1])
		def = def[i+1:]
	}
	b.WriteString(def)
	return b.String()
}
