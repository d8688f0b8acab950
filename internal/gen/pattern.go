package gen

import (
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// filler says what wildcards become when patterns are written out as one
// value.
type filler struct {
	lead, sep, trail string // a * at the start, between literal runs, at the end
	anyChar          string // each ?
	paths            bool   // a * next to a path separator becomes a folder or file name instead
}

// witnessFillers are tried in order when building a witness value: the
// realistic one first (`*\x.exe` becomes `C:\Windows\System32\x.exe`),
// then the shortest, then one with a character for every wildcard.
var witnessFillers = []filler{
	{anyChar: "x", paths: true},
	{anyChar: "x"},
	{lead: "x", sep: "x", trail: "x", anyChar: "x"},
}

// pathEdges are what a leading or trailing * becomes next to a path
// separator under filler.paths.
var pathEdges = []struct {
	sep          byte
	folder, file string
}{
	{'\\', `C:\Windows\System32`, "rosetta.exe"},
	{'/', "/usr/bin", "rosetta"},
}

// shape is a pattern split at its * wildcards.
type shape struct {
	head string   // before the first *, or the whole value without *
	mids []string // between two *
	tail string   // after the last *
	star bool     // the pattern has a *
}

func shapeOf(p ir.Pattern, anyChar string) shape {
	var (
		runs []string
		b    strings.Builder
		star bool
	)
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			runs = append(runs, b.String())
			b.Reset()
			star = true
		case ir.AnyChar:
			b.WriteString(anyChar)
		default:
			b.WriteString(part.Text)
		}
	}
	runs = append(runs, b.String())
	if !star {
		return shape{head: runs[0]}
	}
	var mids []string
	for _, r := range runs[1 : len(runs)-1] {
		if r != "" {
			mids = append(mids, r)
		}
	}
	return shape{head: runs[0], mids: mids, tail: runs[len(runs)-1], star: true}
}

// hasWildcard reports whether any pattern has a part of kind k.
func hasWildcard(pats []ir.Pattern, k ir.PartKind) bool {
	for _, p := range pats {
		for _, part := range p {
			if part.Kind == k {
				return true
			}
		}
	}
	return false
}

// combine writes out values meant to satisfy all patterns at once. An
// exact pattern (no *) admits only itself, so each exact pattern is one
// proposal. Otherwise the longest head, every middle run (then extra, such
// as a regex witness) and the longest tail are joined with the filler.
func combine(pats []ir.Pattern, extra []string, f filler) []string {
	var (
		exacts     []string
		head, tail string
		mids       []string
	)
	for _, p := range pats {
		s := shapeOf(p, f.anyChar)
		if !s.star {
			exacts = append(exacts, s.head)
			continue
		}
		if len(s.head) > len(head) {
			head = s.head
		}
		if len(s.tail) > len(tail) {
			tail = s.tail
		}
		// A pattern's middle runs are all kept, in order, unless another
		// pattern already asked for the same sequence.
		if !strings.Contains(strings.Join(mids, "\x00"), strings.Join(s.mids, "\x00")) {
			mids = append(mids, s.mids...)
		}
	}
	if len(exacts) > 0 {
		return exacts
	}
	mids = append(mids, extra...)
	var segs []string
	if head != "" {
		segs = append(segs, head)
	}
	segs = append(segs, mids...)
	if tail != "" {
		segs = append(segs, tail)
	}
	body := strings.Join(segs, f.sep)
	lead, trail := f.lead, f.trail
	if f.paths {
		lead, trail = pathFill(body)
	}
	if head == "" {
		body = lead + body
	}
	if tail == "" {
		body += trail
	}
	return []string{body}
}

// pathFill is a folder for a leading * before a path separator and a file
// name for a trailing * after one.
func pathFill(body string) (lead, trail string) {
	if body == "" {
		return "", ""
	}
	for _, e := range pathEdges {
		if body[0] == e.sep {
			lead = e.folder
		}
		if body[len(body)-1] == e.sep {
			trail = e.file
		}
	}
	return lead, trail
}
