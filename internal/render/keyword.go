package render

import "github.com/rosetta-sigma/rosetta/internal/ir"

// KeywordPattern is the pattern a keyword (a field-less value) matches in
// one text value: anywhere in it, as if between two "*". A backend that
// searches keywords in a raw-text column compares the column with it.
func KeywordPattern(p ir.Pattern) ir.Pattern {
	star := ir.Part{Kind: ir.AnyString}
	out := ir.Pattern{star}
	for _, part := range p {
		if part.Kind == ir.AnyString && out[len(out)-1].Kind == ir.AnyString {
			continue
		}
		out = out.Append(part)
	}
	if out[len(out)-1].Kind != ir.AnyString {
		out = out.Append(star)
	}
	return out
}
