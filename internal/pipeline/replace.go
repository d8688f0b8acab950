package pipeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// buildReplaceString rewrites values, as pySigma's replace_string: the
// regular expression (RE2 syntax) is applied to each value written in
// Sigma's notation, where a wildcard is * or ? and a literal *, ? or a
// backslash before them is escaped with a backslash, and every match is
// replaced; the result is read back in the same notation. So "^" is the
// start of the value, and a value that starts with a wildcard starts with
// "*". The replacement uses Python's syntax, as pySigma pipelines do: \1
// or \g<name> for a group, \\ for a backslash. Only pattern comparisons
// are rewritten; select them with field_name_conditions.
func buildReplaceString(p *parser, f map[string]*yaml.Node) (step, bool) {
	re := p.regexParam(f, "regex", "replace_string", false)
	n := f["replacement"]
	if n == nil {
		p.errorf(f["type"], "replace_string needs replacement")
		return nil, false
	}
	tmpl, err := goTemplate(n.Value)
	if err != nil {
		p.errorf(n, "replace_string: replacement %q: %v", n.Value, err)
		return nil, false
	}
	if re == nil {
		return nil, false
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			if m.Op != ir.OpEq || !t.appliesToMatch(m) {
				return m
			}
			s := m.Pattern.String()
			out := re.ReplaceAllString(s, tmpl)
			if out == s {
				return m
			}
			c := *m
			c.Pattern = parseSigmaNotation(out)
			return &c
		})
	}, true
}

// parseSigmaNotation reads a value written as Pattern.String writes it: * and
// ? are wildcards, a backslash escapes a following *, ? or backslash, and
// any other backslash is itself.
func parseSigmaNotation(s string) ir.Pattern {
	var out ir.Pattern
	var lit strings.Builder
	flush := func() {
		out = out.Append(ir.Part{Kind: ir.Literal, Text: lit.String()})
		lit.Reset()
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`*?\`, s[i+1]) >= 0:
			lit.WriteByte(s[i+1])
			i++
		case c == '*':
			flush()
			out = out.Append(ir.Part{Kind: ir.AnyString})
		case c == '?':
			flush()
			out = out.Append(ir.Part{Kind: ir.AnyChar})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out
}

// goTemplate turns a Python re.sub replacement into a Go regexp template:
// \N and \g<N> or \g<name> name a group, \\ is a backslash, \n \t \r \f \v
// \a are control characters, a backslash before another ASCII letter is an
// error (as in Python), before anything else it is kept, and "$" is literal.
func goTemplate(py string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(py); i++ {
		c := py[i]
		if c == '$' {
			b.WriteString("$$")
			continue
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(py) {
			return "", fmt.Errorf("a lone backslash at the end (write \\\\ for a backslash)")
		}
		i++
		switch e := py[i]; {
		case e >= '0' && e <= '9':
			j := i + 1
			if j < len(py) && py[j] >= '0' && py[j] <= '9' {
				j++
			}
			fmt.Fprintf(&b, "${%s}", py[i:j])
			i = j - 1
		case e == 'g':
			end := strings.IndexByte(py[i:], '>')
			if i+1 >= len(py) || py[i+1] != '<' || end < 0 {
				return "", fmt.Errorf(`\g must be followed by <group>`)
			}
			fmt.Fprintf(&b, "${%s}", py[i+2:i+end])
			i += end
		case e == '\\':
			b.WriteByte('\\')
		case strings.IndexByte("ntrfva", e) >= 0:
			b.WriteByte("\n\t\r\f\v\a"[strings.IndexByte("ntrfva", e)])
		case e >= 'a' && e <= 'z' || e >= 'A' && e <= 'Z':
			return "", fmt.Errorf(`bad escape \%c`, e)
		case e == '$':
			b.WriteString(`\$$`)
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), nil
}

// buildHexToDecimal rewrites a value a target stores as a decimal number:
// an exact value (no wildcard) that the regular expression matches in
// whole, its first group hex digits, becomes the decimal number of those
// digits (Defender shows the registry's "DWORD (0x000003c0)" as "960").
// Values it does not match are left to later transformations.
func buildHexToDecimal(p *parser, f map[string]*yaml.Node) (step, bool) {
	re := p.regexParam(f, "regex", "hex_to_decimal", false)
	if re == nil {
		return nil, false
	}
	if re.NumSubexp() < 1 {
		p.errorf(f["regex"], "hex_to_decimal: regex %q needs a group holding the hex digits", f["regex"].Value)
		return nil, false
	}
	whole := regexp.MustCompile(`^(?:` + re.String() + `)$`)
	return func(t *Transformation, r *Result, _ *diag.List) {
		rewriteMatches(r, func(m *ir.Match) ir.Expr {
			if m.Op != ir.OpEq || !t.appliesToMatch(m) {
				return m
			}
			shape, lit := m.Pattern.Shape()
			if shape != ir.ShapeExact {
				return m
			}
			g := whole.FindStringSubmatch(lit)
			if g == nil {
				return m
			}
			n, err := strconv.ParseUint(g[1], 16, 64)
			if err != nil {
				return m
			}
			c := *m
			c.Pattern = ir.Lit(strconv.FormatUint(n, 10))
			return &c
		})
	}, true
}
