package ir

import "strings"

// PartKind says what one part of a pattern is.
type PartKind int

// The kinds of pattern parts.
const (
	Literal     PartKind = iota // text that must appear as is
	AnyString                   // Sigma "*": any run of characters, possibly empty
	AnyChar                     // Sigma "?": exactly one character
	Placeholder                 // Sigma "%name%" of an expand value, until a pipeline resolves it
)

// Part is one piece of a Pattern.
type Part struct {
	Kind PartKind
	Text string // for Literal; the name for Placeholder
}

// Pattern is a value with wildcards as structure: a list of literal text and
// wildcard parts. Adjacent literals are merged by the constructors, so a
// pattern is in a canonical form.
type Pattern []Part

// Lit returns a pattern of one literal text.
func Lit(s string) Pattern {
	if s == "" {
		return Pattern{}
	}
	return Pattern{{Kind: Literal, Text: s}}
}

// Append adds a part, merging adjacent literals and dropping empty ones.
func (p Pattern) Append(part Part) Pattern {
	if part.Kind == Literal {
		if part.Text == "" {
			return p
		}
		if n := len(p); n > 0 && p[n-1].Kind == Literal {
			out := append(Pattern{}, p...)
			out[n-1].Text += part.Text
			return out
		}
	}
	return append(p, part)
}

// Concat joins patterns, merging adjacent literals and dropping empty ones
// as Append does. The result is new, so literals merge in place.
func Concat(ps ...Pattern) Pattern {
	n := 0
	for _, p := range ps {
		n += len(p)
	}
	if n == 0 {
		return nil
	}
	out := make(Pattern, 0, n)
	for _, p := range ps {
		for _, part := range p {
			switch last := len(out) - 1; {
			case part.Kind == Literal && part.Text == "":
			case part.Kind == Literal && last >= 0 && out[last].Kind == Literal:
				out[last].Text += part.Text
			default:
				out = append(out, part)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// IsPlain reports whether the pattern has no wildcard.
func (p Pattern) IsPlain() bool {
	for _, part := range p {
		if part.Kind != Literal {
			return false
		}
	}
	return true
}

// Text returns the literal text of a plain pattern.
func (p Pattern) Text() string {
	var b strings.Builder
	for _, part := range p {
		b.WriteString(part.Text)
	}
	return b.String()
}

// Shape classifies a pattern by where its "*" wildcards stand.
type Shape int

// The shapes a backend may have dedicated operators for.
const (
	ShapeExact    Shape = iota // no wildcard: "abc"
	ShapePrefix                // "abc*"
	ShapeSuffix                // "*abc"
	ShapeContains              // "*abc*"
	ShapeAny                   // "*" alone: any value, the field must exist
	ShapeOther                 // wildcards elsewhere, or "?"
)

// Shape returns the pattern's shape and, for all shapes but ShapeOther and
// ShapeAny, the literal text between the wildcards.
func (p Pattern) Shape() (Shape, string) {
	lit := func(i int) bool { return i < len(p) && p[i].Kind == Literal }
	star := func(i int) bool { return i < len(p) && p[i].Kind == AnyString }
	switch {
	case len(p) == 0:
		return ShapeExact, ""
	case len(p) == 1 && lit(0):
		return ShapeExact, p[0].Text
	case len(p) == 1 && star(0):
		return ShapeAny, ""
	case len(p) == 2 && lit(0) && star(1):
		return ShapePrefix, p[0].Text
	case len(p) == 2 && star(0) && lit(1):
		return ShapeSuffix, p[1].Text
	case len(p) == 3 && star(0) && lit(1) && star(2):
		return ShapeContains, p[1].Text
	}
	return ShapeOther, ""
}

// String renders the pattern in Sigma's own notation, escaping literal
// wildcards and backslashes where Sigma would read them as special.
func (p Pattern) String() string {
	var b strings.Builder
	for _, part := range p {
		switch part.Kind {
		case AnyString:
			b.WriteByte('*')
		case AnyChar:
			b.WriteByte('?')
		case Placeholder:
			b.WriteString("%" + part.Text + "%")
		default:
			b.WriteString(escapeSigma(part.Text))
		}
	}
	return b.String()
}

// Placeholders returns the names of the placeholders of the pattern, in
// order.
func (p Pattern) Placeholders() []string {
	var out []string
	for _, part := range p {
		if part.Kind == Placeholder {
			out = append(out, part.Text)
		}
	}
	return out
}

func escapeSigma(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*', '?':
			b.WriteByte('\\')
		case '\\':
			// A backslash only needs escaping where Sigma would read it as
			// one: before a wildcard, another backslash, or at the end.
			if i+1 == len(s) || s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\' {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
