package render

import (
	"errors"
	"regexp/syntax"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// RegexSource is the regular expression a Sigma "re" leaf means: its flags
// (i, m, s) as an inline group in front of the expression, the way the
// reference matcher compiles it.
func RegexSource(m *ir.Match) string {
	if m.Flags == "" {
		return m.Regex
	}
	return "(?" + m.Flags + ")" + m.Regex
}

// RegexProblem is a construct of a Sigma regular expression that RE2 (Go's
// regexp/syntax, the dialect of the reference matcher and of KQL's matches
// regex) does not have, or a syntax error. Construct names it as the rule
// wrote it ("re: lookahead (?=...)"); Lacks completes "<dialect> has no
// ...", and is empty for an expression that does not parse at all.
type RegexProblem struct {
	Construct string
	Lacks     string
}

// Why says why a dialect cannot take the expression: "RE2 has no
// lookarounds".
func (p *RegexProblem) Why(dialect string) string {
	if p.Lacks == "" {
		return "it is not a valid regular expression in RE2, the dialect of Sigma's reference matcher"
	}
	return dialect + " has no " + p.Lacks
}

// ParseRegex parses a Sigma "re" leaf, flags included, as RE2 with Perl
// syntax. A construct RE2 lacks (lookarounds, backreferences, possessive
// quantifiers, atomic groups, ...) is named in the problem; so is a syntax
// error.
func ParseRegex(m *ir.Match) (*syntax.Regexp, *RegexProblem) {
	re, err := syntax.Parse(RegexSource(m), syntax.Perl)
	if err == nil {
		return re, nil
	}
	var se *syntax.Error
	if !errors.As(err, &se) {
		return nil, &RegexProblem{"re: " + err.Error(), ""}
	}
	return nil, regexProblem(se)
}

// lookarounds and the other Perl group syntax RE2 rejects, by their opening.
var perlGroups = []struct{ open, name, lacks string }{
	{"(?=", "lookahead (?=...)", "lookarounds"},
	{"(?!", "negative lookahead (?!...)", "lookarounds"},
	{"(?<=", "lookbehind (?<=...)", "lookarounds"},
	{"(?<!", "negative lookbehind (?<!...)", "lookarounds"},
	{"(?>", "atomic group (?>...)", "atomic groups"},
	{"(?P=", "named backreference (?P=name)", "backreferences"},
	{"(?P>", "recursion (?P>name)", "recursion"},
	{"(?R", "recursion (?R)", "recursion"},
	{"(?(", "conditional (?(...)...)", "conditionals"},
	{"(?#", "comment (?#...)", "inline comments"},
	{"(?|", "branch reset (?|...)", "branch reset groups"},
}

// perlEscapes are escapes of PCRE that RE2 rejects.
var perlEscapes = map[byte][2]string{
	'Z': {`end anchor \Z`, `\Z (use \z or $)`},
	'G': {`anchor \G`, `\G`},
	'K': {`match reset \K`, `\K`},
	'k': {`named backreference \k`, "backreferences"},
	'g': {`backreference \g`, "backreferences"},
	'h': {`horizontal space \h`, `\h`},
	'H': {`non-horizontal space \H`, `\H`},
	'R': {`line break \R`, `\R`},
	'X': {`grapheme cluster \X`, `\X`},
	'e': {`escape character \e`, `\e (write \x1b)`},
	'c': {`control character \c`, `\c (write \x..)`},
	'N': {`non-newline \N`, `\N (write [^\n])`},
	'V': {`non-vertical space \V`, `\V`},
	'o': {`octal escape \o{...}`, `\o{...}`},
}

func regexProblem(se *syntax.Error) *RegexProblem {
	expr := se.Expr
	for _, g := range perlGroups {
		if strings.HasPrefix(expr, g.open) {
			return &RegexProblem{"re: " + g.name, g.lacks}
		}
	}
	switch se.Code {
	case syntax.ErrInvalidEscape:
		if len(expr) >= 2 && expr[0] == '\\' {
			c := expr[1]
			if c >= '1' && c <= '9' {
				return &RegexProblem{"re: backreference " + expr, "backreferences"}
			}
			if e, ok := perlEscapes[c]; ok {
				return &RegexProblem{"re: " + e[0], e[1]}
			}
		}
		return &RegexProblem{"re: escape " + expr, "the escape " + expr}
	case syntax.ErrInvalidRepeatOp:
		if len(expr) == 2 && expr[1] == '+' {
			return &RegexProblem{"re: possessive quantifier " + expr, "possessive quantifiers"}
		}
	}
	return &RegexProblem{"re: " + se.Error(), ""}
}
