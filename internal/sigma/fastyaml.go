package sigma

import (
	"bytes"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parsing YAML with yaml.v3 is most of the time a corpus takes to load. Sigma
// rules use a small part of YAML: one document of block mappings and
// sequences, plain and quoted scalars on one line, plain scalars folded over
// several lines, literal and folded block scalars, and flow sequences of
// scalars on one line. fastDocument reads exactly that part and builds the
// node tree yaml.v3 builds for it (kinds, tags, styles, values, lines and
// columns; comments are dropped, since rosetta reads none). Anything else
// (anchors, tags, flow mappings, escapes it does not know, tabs, non-ASCII
// text, several documents, anything malformed) makes it decline, and the
// file is parsed by yaml.v3, whose errors are the ones reported.
// TestFastDocumentMatchesYAML compares the two on every file it reads.

// documentDecoder yields the YAML documents of a file: the one document of
// the fast reader, or yaml.v3's.
type documentDecoder struct {
	fast *yaml.Node
	done bool
	dec  *yaml.Decoder
}

func newDocumentDecoder(data []byte) *documentDecoder {
	if doc, ok := fastDocument(data); ok {
		return &documentDecoder{fast: doc}
	}
	return &documentDecoder{dec: yaml.NewDecoder(bytes.NewReader(data))}
}

// Decode reads the next document into doc, or returns io.EOF.
func (d *documentDecoder) Decode(doc *yaml.Node) error {
	if d.dec != nil {
		return d.dec.Decode(doc)
	}
	if d.done {
		return io.EOF
	}
	d.done = true
	*doc = *d.fast
	return nil
}

// fastReader reads the lines of one document.
type fastReader struct {
	lines []string
	i     int         // the current line
	slab  []yaml.Node // nodes are allocated from it, a few dozen at a time
}

// node returns a pointer to a copy of n taken from the slab.
func (r *fastReader) node(n yaml.Node) *yaml.Node {
	if len(r.slab) == cap(r.slab) {
		r.slab = make([]yaml.Node, 0, max(16, len(r.lines)-r.i))
	}
	r.slab = append(r.slab, n)
	return &r.slab[len(r.slab)-1]
}

// errDecline stops the fast reader: yaml.v3 parses the file instead.
type errDecline struct{}

// fastDocument parses data when it is in the part of YAML the fast reader
// knows; ok is false otherwise.
func fastDocument(data []byte) (doc *yaml.Node, ok bool) {
	// A file without a final line break ends its last scalar differently
	// (a block scalar keeps no line break); yaml.v3 reads those.
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, false
	}
	// yaml.v3 refuses an implicit key longer than 1024 characters: lines
	// that long go to it.
	lineStart := 0
	for i, c := range data {
		if c == '\t' || c == '\r' || c >= 0x7f || (c < 0x20 && c != '\n') {
			return nil, false
		}
		if c == '\n' {
			if i-lineStart > 1024 {
				return nil, false
			}
			lineStart = i + 1
		}
	}
	r := &fastReader{lines: strings.Split(string(data), "\n")}
	defer func() {
		if v := recover(); v != nil {
			if _, decline := v.(errDecline); !decline {
				panic(v)
			}
			doc, ok = nil, false
		}
	}()
	r.skip()
	if r.i >= len(r.lines) {
		return nil, false
	}
	line, col := r.i+1, indentOf(r.lines[r.i])+1
	root := r.block(0)
	r.skip()
	if r.i < len(r.lines) {
		decline()
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: line, Column: col, Content: []*yaml.Node{root}}, true
}

func decline() { panic(errDecline{}) }

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// blankOrComment reports whether a line holds nothing but spaces and a
// comment.
func blankOrComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#'
}

// skip moves past blank and comment lines.
func (r *fastReader) skip() {
	for r.i < len(r.lines) && blankOrComment(r.lines[r.i]) {
		r.i++
	}
}

// block reads the mapping or sequence that starts on the current line,
// indented at least min.
func (r *fastReader) block(min int) *yaml.Node {
	s := r.lines[r.i]
	n := indentOf(s)
	if n < min {
		decline()
	}
	if isItem(s[n:]) {
		return r.sequence(n)
	}
	return r.mapping(n)
}

// isItem reports whether text starts a sequence item.
func isItem(t string) bool { return t == "-" || strings.HasPrefix(t, "- ") }

// sequence reads a block sequence whose dashes stand at column n.
func (r *fastReader) sequence(n int) *yaml.Node {
	seq := r.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: r.i + 1, Column: n + 1})
	for {
		r.skip()
		if r.i >= len(r.lines) {
			break
		}
		s := r.lines[r.i]
		ind := indentOf(s)
		if ind < n || (ind == n && !isItem(s[n:])) {
			break
		}
		if ind > n {
			decline()
		}
		rest := s[n+1:]
		if strings.TrimLeft(rest, " ") == "" || strings.TrimLeft(rest, " ")[0] == '#' {
			r.i++
			r.skip()
			if r.i >= len(r.lines) || indentOf(r.lines[r.i]) <= n {
				decline() // an empty item is null
			}
			seq.Content = append(seq.Content, r.block(n+1))
			continue
		}
		col := n + 1 + indentOf(rest)
		item := s[col:]
		if isItem(item) || isKey(item) {
			// The item is a block of its own starting on this line: read
			// it as if the dash were a space.
			r.lines[r.i] = strings.Repeat(" ", col) + item
			seq.Content = append(seq.Content, r.block(col))
			continue
		}
		seq.Content = append(seq.Content, r.value(n, col))
	}
	return seq
}

// mapping reads a block mapping whose keys stand at column n.
func (r *fastReader) mapping(n int) *yaml.Node {
	m := r.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: r.i + 1, Column: n + 1})
	for {
		r.skip()
		if r.i >= len(r.lines) {
			break
		}
		s := r.lines[r.i]
		ind := indentOf(s)
		if ind < n {
			break
		}
		if ind > n || isItem(s[n:]) {
			decline()
		}
		key, after := r.key(n)
		m.Content = append(m.Content, key)
		rest := s[after:]
		if t := strings.TrimLeft(rest, " "); t != "" && t[0] != '#' {
			if len(rest) == len(t) {
				decline() // "key:value" is no mapping entry
			}
			m.Content = append(m.Content, r.value(n, after+len(rest)-len(t)))
			continue
		}
		r.i++
		r.skip()
		if r.i >= len(r.lines) {
			decline()
		}
		next := r.lines[r.i]
		switch ind := indentOf(next); {
		case ind > n:
			m.Content = append(m.Content, r.block(n+1))
		case ind == n && isItem(next[n:]):
			m.Content = append(m.Content, r.sequence(n))
		default:
			decline() // an empty value is null
		}
	}
	return m
}

// isKey reports whether text is "key:" or "key: ..." with a plain or
// quoted key.
func isKey(t string) bool {
	switch {
	case t == "":
		return false
	case t[0] == '\'' || t[0] == '"':
		end := quotedEnd(t)
		return end > 0 && end < len(t) && t[end] == ':' && (end+1 == len(t) || t[end+1] == ' ')
	}
	i := strings.Index(t, ":")
	if i <= 0 || (i+1 < len(t) && t[i+1] != ' ') {
		return false
	}
	return !strings.Contains(t[:i], " #")
}

// quotedEnd returns the index after the closing quote of the quoted
// scalar t starts with, or -1.
func quotedEnd(t string) int {
	q := t[0]
	for i := 1; i < len(t); i++ {
		switch {
		case q == '\'' && t[i] == '\'':
			if i+1 < len(t) && t[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		case q == '"' && t[i] == '\\':
			i++
		case q == '"' && t[i] == '"':
			return i + 1
		}
	}
	return -1
}

// key reads the key at column n of the current line and returns it and the
// column after its ':'.
func (r *fastReader) key(n int) (*yaml.Node, int) {
	s := r.lines[r.i]
	t := s[n:]
	if !isKey(t) {
		decline()
	}
	if t[0] == '\'' || t[0] == '"' {
		end := quotedEnd(t)
		return r.quoted(t[:end], n), n + end + 1
	}
	i := strings.Index(t, ":")
	text := strings.TrimRight(t[:i], " ")
	checkPlain(text)
	return r.plain(text, r.i+1, n+1), n + i + 1
}

// checkPlain declines a plain scalar that starts with an indicator or
// holds text a plain scalar cannot.
func checkPlain(text string) {
	if text == "" || strings.ContainsAny(text[:1], "[]{}#&*!|>'\"%@`,?:-") && !(text[0] == '-' && len(text) > 1 && text[1] != ' ') {
		decline()
	}
	if strings.Contains(text, ": ") || strings.HasSuffix(text, ":") || strings.Contains(text, " #") || text == "<<" {
		decline()
	}
}

// plain is a plain scalar, tagged as yaml.v3 resolves it: a text that
// starts with none of the characters yaml.v3 looks further at is a string.
func (r *fastReader) plain(text string, line, col int) *yaml.Node {
	tag := "!!str"
	switch {
	case text == "" || strings.IndexByte(numberStart, text[0]) >= 0:
		tag = (&yaml.Node{Kind: yaml.ScalarNode, Value: text}).ShortTag()
	case strings.IndexByte(nameStart, text[0]) >= 0:
		if t, ok := namedTags[text]; ok {
			tag = t
		}
	}
	return r.node(yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text, Line: line, Column: col})
}

// numberStart are the first characters of the plain scalars yaml.v3 may read as
// numbers or times; nameStart those of the ones it may read as a name in
// namedTags (yaml.v3's resolve table). Any other plain scalar is a string.
const (
	numberStart = "+-0123456789."
	nameStart   = "yYnNtTfFoO~"
)

var namedTags = map[string]string{
	"true": "!!bool", "True": "!!bool", "TRUE": "!!bool", "false": "!!bool", "False": "!!bool", "FALSE": "!!bool",
	"~": "!!null", "null": "!!null", "Null": "!!null", "NULL": "!!null",
}

// value reads the scalar or flow sequence at column col of the current
// line, the value of a mapping at column n or an item of a sequence there;
// a plain scalar may go on over the lines indented deeper than n.
func (r *fastReader) value(n, col int) *yaml.Node {
	s := r.lines[r.i]
	t := s[col:]
	line := r.i + 1
	switch t[0] {
	case '\'', '"':
		end := quotedEnd(t)
		if end < 0 || !blankOrComment(t[end:]) || (end < len(t) && t[end] != ' ') {
			decline()
		}
		q := r.quoted(t[:end], col)
		r.i++
		return q
	case '[':
		r.i++
		return r.flowSequence(t, line, col)
	case '|', '>':
		return r.blockScalar(n, col)
	}
	text := t
	if c := strings.Index(text, " #"); c >= 0 {
		text = text[:c]
	}
	text = strings.TrimRight(text, " ")
	checkPlain(text)
	r.i++
	// Continuation lines fold into the scalar: one space between lines,
	// a newline for each blank line.
	var b strings.Builder
	b.WriteString(text)
	blanks := 0
	for r.i < len(r.lines) {
		next := r.lines[r.i]
		if strings.TrimLeft(next, " ") == "" {
			blanks++
			r.i++
			continue
		}
		if indentOf(next) <= n || blankOrComment(next) {
			break
		}
		cont := strings.TrimRight(strings.TrimLeft(next, " "), " ")
		checkPlain(cont)
		if isItem(cont) {
			decline()
		}
		if blanks == 0 {
			b.WriteByte(' ')
		}
		for ; blanks > 0; blanks-- {
			b.WriteByte('\n')
		}
		b.WriteString(cont)
		r.i++
	}
	if b.Len() == len(text) {
		return r.plain(text, line, col+1)
	}
	// A multi-line plain scalar: yaml.v3 resolves it as well.
	return r.plain(b.String(), line, col+1)
}

// quoted is the node of a quoted scalar written q (quotes included) at
// column col of the current line.
func (r *fastReader) quoted(q string, col int) *yaml.Node { return r.quotedAt(q, r.i+1, col) }

// quotedAt is the node of a quoted scalar written q at a line and column
// (0-based).
func (r *fastReader) quotedAt(q string, line, col int) *yaml.Node {
	n := r.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line, Column: col + 1})
	body := q[1 : len(q)-1]
	if q[0] == '\'' {
		n.Style = yaml.SingleQuotedStyle
		n.Value = strings.ReplaceAll(body, "''", "'")
		return n
	}
	n.Style = yaml.DoubleQuotedStyle
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case '\\', '"', '/':
			b.WriteByte(body[i])
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		default:
			decline()
		}
	}
	n.Value = b.String()
	return n
}

// flowSequence reads a flow sequence of scalars that closes on its line.
func (r *fastReader) flowSequence(t string, line, col int) *yaml.Node {
	seq := r.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col + 1})
	i := 1
	skipSpaces := func() {
		for i < len(t) && t[i] == ' ' {
			i++
		}
	}
	skipSpaces()
	if i < len(t) && t[i] == ']' {
		i++
	} else {
		for {
			skipSpaces()
			if i >= len(t) {
				decline()
			}
			var item *yaml.Node
			switch t[i] {
			case '\'', '"':
				end := quotedEnd(t[i:])
				if end < 0 {
					decline()
				}
				item = r.quotedAt(t[i:i+end], line, col+i)
				i += end
			default:
				j := strings.IndexAny(t[i:], ",]")
				if j < 0 {
					decline()
				}
				text := strings.TrimRight(t[i:i+j], " ")
				if strings.ContainsAny(text, "[]{}'\"") {
					decline()
				}
				checkPlain(text)
				item = r.plain(text, line, col+i+1)
				i += j
			}
			seq.Content = append(seq.Content, item)
			skipSpaces()
			if i >= len(t) {
				decline()
			}
			if t[i] == ']' {
				i++
				break
			}
			if t[i] != ',' {
				decline()
			}
			i++
			skipSpaces()
			if i < len(t) && t[i] == ']' {
				decline() // a trailing comma
			}
		}
	}
	if !blankOrComment(t[i:]) || (i < len(t) && t[i] != ' ') {
		decline()
	}
	return seq
}

// blockScalar reads a literal (|) or folded (>) block scalar whose
// indicator stands at column col of the current line, the value of a
// mapping or sequence at column n.
func (r *fastReader) blockScalar(n, col int) *yaml.Node {
	s := r.lines[r.i]
	head := s[col:]
	node := r.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: r.i + 1, Column: col + 1, Style: yaml.LiteralStyle})
	if head[0] == '>' {
		node.Style = yaml.FoldedStyle
	}
	chomp := byte(0)
	rest := head[1:]
	if rest != "" && rest[0] == '-' {
		chomp, rest = rest[0], rest[1:]
	}
	if !blankOrComment(rest) || (rest != "" && rest[0] != ' ') {
		decline()
	}
	r.i++
	// The first line with text sets the indentation.
	indent := -1
	var lines []string
	for r.i < len(r.lines) {
		next := r.lines[r.i]
		if strings.TrimLeft(next, " ") == "" {
			if (indent >= 0 && len(next) > indent) || (indent < 0 && next != "") {
				decline() // spaces beyond the indentation are text
			}
			lines = append(lines, "")
			r.i++
			continue
		}
		ind := indentOf(next)
		if indent < 0 {
			if ind <= n || len(lines) > 0 {
				decline()
			}
			indent = ind
		}
		if ind < indent {
			break
		}
		if ind > indent && node.Style == yaml.FoldedStyle {
			decline() // more-indented lines keep their breaks
		}
		lines = append(lines, next[indent:])
		r.i++
	}
	if indent < 0 {
		decline()
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			switch {
			case node.Style == yaml.LiteralStyle:
				b.WriteByte('\n')
			case l == "":
				b.WriteByte('\n')
				continue
			case lines[i-1] != "":
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	if chomp == 0 {
		b.WriteByte('\n')
	}
	node.Value = b.String()
	return node
}
