package eql

import (
	"regexp"
	"strings"
)

// strMatcher tests one string value.
type strMatcher interface {
	matchString(s string) bool
}

type exactMatcher struct {
	want        string
	insensitive bool
}

func (m exactMatcher) matchString(s string) bool {
	if m.insensitive {
		return foldEqual(s, m.want)
	}
	return s == m.want
}

type regexMatcher struct{ re *regexp.Regexp }

func (m regexMatcher) matchString(s string) bool { return m.re.MatchString(s) }

// foldEqual is case-insensitive equality with Unicode simple case folding,
// the folding Elasticsearch's case_insensitive term and wildcard queries apply
// per character.
func foldEqual(a, b string) bool { return strings.EqualFold(a, b) }

// wildcardMatcher compiles an EQL wildcard pattern (the : operator, like and
// like~). * matches any run of characters and ? exactly one character; there
// is no escape: Elasticsearch turns every * and ? into a wildcard and keeps
// every other character, backslashes included, literal
// (org.elasticsearch.xpack.eql.util.StringUtils.toLikePattern). The whole
// value must match.
func wildcardMatcher(pattern string, insensitive bool) strMatcher {
	if !strings.ContainsAny(pattern, "*?") {
		return exactMatcher{pattern, insensitive}
	}
	var b strings.Builder
	if insensitive {
		b.WriteString("(?i)")
	}
	b.WriteString(`\A`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`(?s:.*)`)
		case '?':
			b.WriteString(`(?s:.)`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`\z`)
	// The pattern is built from quoted literals and fixed fragments only.
	return regexMatcher{regexp.MustCompile(b.String())}
}

// affixMatcher matches a literal prefix, suffix or substring (startsWith,
// endsWith, stringContains and their ~ forms).
func affixMatcher(kind, lit string, insensitive bool) strMatcher {
	if !insensitive {
		return literalAffix{kind, lit}
	}
	q := regexp.QuoteMeta(lit)
	var src string
	switch kind {
	case "prefix":
		src = `(?is)\A` + q
	case "suffix":
		src = `(?is)` + q + `\z`
	default:
		src = `(?is)` + q
	}
	return regexMatcher{regexp.MustCompile(src)}
}

type literalAffix struct{ kind, lit string }

func (m literalAffix) matchString(s string) bool {
	switch m.kind {
	case "prefix":
		return strings.HasPrefix(s, m.lit)
	case "suffix":
		return strings.HasSuffix(s, m.lit)
	default:
		return strings.Contains(s, m.lit)
	}
}
