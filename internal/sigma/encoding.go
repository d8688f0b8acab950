package sigma

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// windashChars are the characters the windash modifier puts in place of a
// dash, in the order of the Sigma specification's modifier appendix:
// hyphen-minus, slash, en dash (U+2013), em dash (U+2014) and horizontal bar
// (U+2015).
var windashChars = []string{"-", "/", "\u2013", "\u2014", "\u2015"}

// windashMaxVariants bounds the variants one value may expand to (5 to the
// power of the number of flag characters; the SigmaHQ rules have at most 2).
const windashMaxVariants = 625

// windash expands a value into its Windows command-line flag variants.
//
// The specification says only "all possible permutations" of the five
// characters. rosetta follows pySigma (SigmaWindowsDashModifier), the
// reference implementation: a "-" or "/" varies where it starts a flag, that
// is where it is not preceded by a word character and is followed by one
// (Python's \B[-/]\b, with Unicode word characters and wildcards counting as
// non-word characters). Each such character varies independently of the
// others, so a value with k of them has 5^k variants; other dashes, such as
// the one inside "-param-name", are left as written.
func windash(p ir.Pattern) ([]ir.Pattern, string) {
	type item struct {
		r    rune
		kind ir.PartKind
	}
	var items []item
	for _, part := range p {
		if part.Kind != ir.Literal {
			items = append(items, item{kind: part.Kind})
			continue
		}
		for _, r := range part.Text {
			items = append(items, item{r: r, kind: ir.Literal})
		}
	}
	word := func(i int) bool {
		return i >= 0 && i < len(items) && items[i].kind == ir.Literal && isWordRune(items[i].r)
	}
	var at []int
	for i, it := range items {
		if it.kind == ir.Literal && (it.r == '-' || it.r == '/') && !word(i-1) && word(i+1) {
			at = append(at, i)
		}
	}
	total := 1
	for range at {
		total *= len(windashChars)
		if total > windashMaxVariants {
			return nil, fmt.Sprintf("%q has %d flag characters, which would make more than %d variants", p.String(), len(at), windashMaxVariants)
		}
	}
	// choice[k] is the index in windashChars used at at[k]; the first
	// position varies slowest, as itertools.product would.
	choice := make([]int, len(at))
	var out []ir.Pattern
	for n := 0; n < total; n++ {
		rest := n
		for k := len(at) - 1; k >= 0; k-- {
			choice[k] = rest % len(windashChars)
			rest /= len(windashChars)
		}
		var v ir.Pattern
		var lit strings.Builder
		k := 0
		for i, it := range items {
			switch {
			case it.kind != ir.Literal:
				v = v.Append(ir.Part{Kind: ir.Literal, Text: lit.String()})
				lit.Reset()
				v = v.Append(ir.Part{Kind: it.kind})
			case k < len(at) && at[k] == i:
				lit.WriteString(windashChars[choice[k]])
				k++
			default:
				lit.WriteRune(it.r)
			}
		}
		v = v.Append(ir.Part{Kind: ir.Literal, Text: lit.String()})
		out = append(out, v)
	}
	return out, ""
}

// isWordRune is Python's \w on str patterns: letters, digits and the
// underscore, in all of Unicode.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// encodeValue returns the bytes a base64 modifier encodes: the value's UTF-8
// text, or its UTF-16 encoding after utf16le/wide, utf16be or utf16 (UTF-16LE
// after the byte order mark FF FE). The value must have no wildcard: an
// escaped \* or \? is encoded as the character.
//
// pySigma builds the UTF-16 forms by decoding UTF-16 bytes as UTF-8, so it
// rejects text outside ASCII; rosetta encodes any text as UTF-16 proper
// (surrogate pairs beyond the Basic Multilingual Plane).
func encodeValue(p ir.Pattern, encoding string) ([]byte, string) {
	if !p.IsPlain() {
		return nil, fmt.Sprintf("%q has wildcards, which cannot be encoded (escape a literal * or ? with a backslash)", p.String())
	}
	text := p.Text()
	var order binary.AppendByteOrder
	var out []byte
	switch encoding {
	case "":
		return []byte(text), ""
	case "utf16le":
		order = binary.LittleEndian
	case "utf16be":
		order = binary.BigEndian
	case "utf16":
		order = binary.LittleEndian
		out = []byte{0xff, 0xfe}
	default:
		return nil, fmt.Sprintf("unknown encoding %q", encoding)
	}
	for _, u := range utf16.Encode([]rune(text)) {
		out = order.AppendUint16(out, u)
	}
	return out, ""
}

func base64Plain(data []byte) string { return base64.StdEncoding.EncodeToString(data) }

// base64Offsets returns the three forms the encoded data takes inside a
// longer base64 text, as pySigma's SigmaBase64OffsetModifier computes them:
// the data is encoded after 0, 1 and 2 bytes of padding (spaces), and the
// characters that depend on the unknown bytes around it are cut: 0, 2 or 3
// at the start (by offset), and 0, 3 or 2 at the end (by the length of the
// padded data modulo 3). A form may be empty when the data is very short.
func base64Offsets(data []byte) [3]string {
	start := [3]int{0, 2, 3}
	endCut := [3]int{0, 3, 2}
	var out [3]string
	for i := 0; i < 3; i++ {
		padded := append([]byte(strings.Repeat(" ", i)), data...)
		enc := base64.StdEncoding.EncodeToString(padded)
		end := len(enc) - endCut[(len(data)+i)%3]
		if start[i] < end {
			out[i] = enc[start[i]:end]
		}
	}
	return out
}
