package sigma

import (
	"context"
	"errors"
	"fmt"
	"strings"

	sigmago "github.com/bradleyjkemp/sigma-go"
	"github.com/bradleyjkemp/sigma-go/evaluator"
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Reference is sigma-go's own evaluator for one rule, the second opinion on
// Sigma semantics. It is built only for rules whose meaning sigma-go's
// evaluator implements as the Sigma specification does (see NewReference),
// so that where it and rosetta's matcher disagree, one of them has a bug.
type Reference struct {
	eval *evaluator.RuleEvaluator
}

// ErrUnsupported is wrapped by every error NewReference returns for a rule
// that sigma-go's evaluator does not implement, or implements differently
// from the Sigma specification. It wraps errors.ErrUnsupported.
var ErrUnsupported = fmt.Errorf("sigma-go's evaluator: %w", errors.ErrUnsupported)

// Feature is a construct of a Sigma rule that sigma-go's evaluator lacks or
// reads differently from the Sigma specification.
type Feature string

// The features that keep a rule from the reference. A modifier that
// sigma-go's evaluator lacks or reads differently is the feature "|name".
const (
	FeatureParse          Feature = "sigma-go parse error"
	FeatureCondition      Feature = "condition syntax"
	FeatureDocuments      Feature = "several YAML documents"
	FeatureAlias          Feature = "YAML alias"
	FeatureTimeframe      Feature = "timeframe"
	FeatureAggregation    Feature = "aggregation"
	FeatureOfSearch       Feature = "1 of / all of one search"
	FeatureThemUnderscore Feature = "them with _ searches"
	FeatureKeywords       Feature = "keywords"
	FeatureNonScalar      Feature = "non-scalar value"
	FeatureNull           Feature = "null value"
	FeatureNullText       Feature = "the text null"
	FeatureScalarText     Feature = "non-canonical scalar"
	FeaturePlaceholder    Feature = "placeholder"
	FeatureWildcard       Feature = "wildcard"
	FeatureEscape         Feature = "wildcard escape"
	FeatureAllNotLast     Feature = "all not last"
	FeatureModifier       Feature = "unknown modifier"
)

// unsupported says, for each feature, why sigma-go's evaluator cannot give
// the reference verdict on a rule that uses it. The reasons were read from
// sigma-go v0.6.6 (rule_parser.go, evaluator/evaluate_search.go,
// evaluator/modifiers/modifiers.go).
var unsupported = map[Feature]string{
	FeatureParse:          "sigma-go cannot parse the rule",
	FeatureCondition:      "sigma-go's condition grammar rejects it (a pattern needs letters right before its *: sel_1_* does not lex)",
	FeatureDocuments:      "sigma-go reads only the first YAML document of a file",
	FeatureAlias:          "sigma-go rejects a search that is a YAML alias and decodes aliases inside one its own way",
	FeatureTimeframe:      "sigma-go decodes the whole detection as the timeframe duration and fails",
	FeatureAggregation:    "sigma-go evaluates aggregations only with counters the caller supplies",
	FeatureOfSearch:       `sigma-go parses "1 of name" and "all of name" but its evaluator panics on them`,
	FeatureThemUnderscore: `sigma-go's "them" includes searches named "_..."; Sigma leaves them out`,
	FeatureKeywords:       `sigma-go's evaluator rejects keyword searches ("keywords unsupported")`,
	FeatureNonScalar:      "sigma-go rejects a value that is not a scalar",
	FeatureNull:           "sigma-go rejects a null value (only the text null matches a missing field)",
	FeatureNullText:       `sigma-go matches the text "null" against a missing field; Sigma compares it as text`,
	FeatureScalarText:     "sigma-go compares the decoded YAML scalar (0x10 is 16, 1.0 is 1, dates and big numbers fail), not its text",
	FeaturePlaceholder:    "sigma-go expands %name% values as placeholders and fails without an expander",
	FeatureWildcard:       "sigma-go compares * and ? literally; Sigma reads them as wildcards",
	FeatureEscape:         `sigma-go keeps the backslash of \*, \? and \\; Sigma reads them as escapes`,
	FeatureAllNotLast:     `sigma-go reads "all" only as the last modifier`,
	FeatureModifier:       "sigma-go does not know the modifier",

	"|cased":        "sigma-go has no cased modifier (only a case-sensitive mode for the whole rule)",
	"|exists":       "sigma-go has no exists modifier",
	"|fieldref":     "sigma-go has no fieldref modifier",
	"|windash":      "sigma-go has no windash modifier",
	"|base64offset": "sigma-go has no base64offset modifier",
	"|utf16":        "sigma-go has no utf16 modifier",
	"|utf16le":      "sigma-go has no utf16le modifier",
	"|utf16be":      "sigma-go has no utf16be modifier",
	"|wide":         "sigma-go has no wide modifier",
	"|expand":       "sigma-go has no expand modifier (it expands %placeholders% through a callback instead)",
	"|neq":          "sigma-go has no neq modifier",
	"|i":            "sigma-go has no regular-expression flags",
	"|m":            "sigma-go has no regular-expression flags",
	"|s":            "sigma-go has no regular-expression flags",
	"|gt":           "sigma-go compares numbers after reading the event value as YAML (0x10, 1_000, .inf are numbers) and panics on a json.Number",
	"|gte":          "sigma-go compares numbers after reading the event value as YAML (0x10, 1_000, .inf are numbers) and panics on a json.Number",
	"|lt":           "sigma-go compares numbers after reading the event value as YAML (0x10, 1_000, .inf are numbers) and panics on a json.Number",
	"|lte":          "sigma-go compares numbers after reading the event value as YAML (0x10, 1_000, .inf are numbers) and panics on a json.Number",
}

// referenceModifiers are the modifiers sigma-go's evaluator implements as
// Sigma does; a value under any of the value-comparing ones is read for
// wildcards and escapes.
var referenceModifiers = map[string]struct{ text bool }{
	"contains":   {text: true},
	"startswith": {text: true},
	"endswith":   {text: true},
	"base64":     {text: true},
	"all":        {},
	"re":         {},
	"cidr":       {},
}

// Unsupported is one reason a rule is kept from the reference.
type Unsupported struct {
	Feature Feature
	Reason  string // from the table, with the detail of this rule
}

// UnsupportedError lists the features of a rule that sigma-go's evaluator
// cannot judge. It wraps ErrUnsupported.
type UnsupportedError struct {
	Path     string        // the rule file
	Features []Unsupported // in the order found, each feature once
}

// Error implements error.
func (e *UnsupportedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: not evaluated by sigma-go: ", e.Path)
	for i, f := range e.Features {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", f.Feature, f.Reason)
	}
	return b.String()
}

// Unwrap returns ErrUnsupported.
func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }

// Has reports whether the rule uses feature f.
func (e *UnsupportedError) Has(f Feature) bool {
	for _, u := range e.Features {
		if u.Feature == f {
			return true
		}
	}
	return false
}

// NewReference parses data with sigma-go and builds its evaluator. It
// returns an *UnsupportedError (wrapping ErrUnsupported, with the reasons)
// when the rule uses something sigma-go does not implement or implements
// differently, decided from the rule's text before any evaluation: the
// features of the unsupported table.
func NewReference(path string, data []byte) (*Reference, error) {
	s := &scan{path: path, seen: map[Feature]bool{}}
	s.document(data)
	var rule sigmago.Rule
	if len(s.found) == 0 {
		var err error
		if rule, err = sigmago.ParseRule(data); err != nil {
			s.add(FeatureParse, err.Error())
		}
	}
	if len(s.found) > 0 {
		return nil, &UnsupportedError{Path: path, Features: s.found}
	}
	return &Reference{eval: evaluator.ForRule(rule)}, nil
}

// Match evaluates the rule's condition(s) on a raw event (flat map, Sigma
// field names) and reports whether it matches: whether any condition
// holds.
func (r *Reference) Match(ev map[string]any) (ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			ok, err = false, fmt.Errorf("sigma-go panicked: %v", p)
		}
	}()
	res, err := r.eval.Matches(context.Background(), ev)
	if err != nil {
		return false, err
	}
	return res.Match, nil
}

// scan collects the unsupported features of one rule's text.
type scan struct {
	path  string
	seen  map[Feature]bool
	found []Unsupported
}

// add records a feature once, with its reason from the table and detail.
func (s *scan) add(f Feature, detail string) {
	if s.seen[f] {
		return
	}
	s.seen[f] = true
	reason := unsupported[f]
	if detail != "" {
		reason += ": " + detail
	}
	s.found = append(s.found, Unsupported{Feature: f, Reason: reason})
}

// document scans the first YAML document of data, the one sigma-go reads,
// and counts the others.
func (s *scan) document(data []byte) {
	var docs []*yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break // io.EOF, or a syntax error sigma-go reports too
		}
		if len(doc.Content) > 0 {
			docs = append(docs, doc.Content[0])
		}
	}
	if len(docs) > 1 {
		s.add(FeatureDocuments, fmt.Sprintf("%d documents", len(docs)))
	}
	if len(docs) == 0 || docs[0].Kind != yaml.MappingNode {
		return // sigma-go's parse error says why
	}
	_, values := mapping(docs[0])
	if det := values["detection"]; det != nil && det.Kind == yaml.MappingNode {
		s.detection(det)
	}
}

// detection scans the searches of a detection, then its condition(s).
func (s *scan) detection(det *yaml.Node) {
	var names []string
	for i := 0; i+1 < len(det.Content); i += 2 {
		k, v := det.Content[i], det.Content[i+1]
		if aliasInside(v) {
			s.add(FeatureAlias, k.Value)
			continue
		}
		switch k.Value {
		case "condition":
		case "timeframe":
			s.add(FeatureTimeframe, "")
		default:
			names = append(names, k.Value)
			s.search(k.Value, v)
		}
	}
	if c := findKey(det, "condition"); c != nil && !aliasInside(c) {
		s.conditions(c, names)
	}
}

func findKey(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// aliasInside reports whether n is or holds a YAML alias.
func aliasInside(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if aliasInside(c) {
			return true
		}
	}
	return false
}

// conditions parses each condition with sigma-go's grammar and scans it
// for the constructs its evaluator gets wrong; names are the searches.
func (s *scan) conditions(n *yaml.Node, names []string) {
	var texts []string
	switch n.Kind {
	case yaml.ScalarNode:
		texts = []string{n.Value}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			texts = append(texts, c.Value)
		}
	}
	underscore := false
	for _, name := range names {
		underscore = underscore || strings.HasPrefix(name, "_")
	}
	for _, text := range texts {
		c, err := sigmago.ParseCondition(text)
		if err != nil {
			s.add(FeatureCondition, fmt.Sprintf("%q: %v", text, err))
			continue
		}
		if c.Aggregation != nil {
			s.add(FeatureAggregation, text)
		}
		walkCondition(c.Search, func(e sigmago.SearchExpr) {
			switch e.(type) {
			case sigmago.OneOfIdentifier, sigmago.AllOfIdentifier:
				s.add(FeatureOfSearch, text)
			case sigmago.OneOfThem, sigmago.AllOfThem:
				if underscore {
					s.add(FeatureThemUnderscore, text)
				}
			}
		})
	}
}

func walkCondition(e sigmago.SearchExpr, visit func(sigmago.SearchExpr)) {
	visit(e)
	switch x := e.(type) {
	case sigmago.And:
		for _, a := range x {
			walkCondition(a, visit)
		}
	case sigmago.Or:
		for _, a := range x {
			walkCondition(a, visit)
		}
	case sigmago.Not:
		walkCondition(x.Expr, visit)
	}
}

// search scans one named search: a mapping of field items, a list of
// such mappings, or keywords.
func (s *scan) search(name string, n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		s.fieldItems(n)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind == yaml.MappingNode {
				s.fieldItems(c)
			} else {
				s.add(FeatureKeywords, name)
			}
		}
	default:
		s.add(FeatureKeywords, name)
	}
}

// fieldItems scans a mapping of "field|modifiers: value(s)" items.
func (s *scan) fieldItems(n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i].Value, n.Content[i+1]
		if field, _ := splitKey(key); field == "" {
			s.add(FeatureKeywords, fmt.Sprintf("%q has no field name", key))
		}
		text := s.modifiers(key)
		switch v.Kind {
		case yaml.ScalarNode:
			s.value(key, v, text)
		case yaml.SequenceNode:
			for _, c := range v.Content {
				if c.Kind != yaml.ScalarNode {
					s.add(FeatureNonScalar, key)
					continue
				}
				s.value(key, c, text)
			}
		default:
			s.add(FeatureNonScalar, key)
		}
	}
}

// modifiers scans a field key's modifier chain and reports whether its
// values compare as text (rather than as a regular expression or a
// network), and so may hold wildcards.
func (s *scan) modifiers(key string) (text bool) {
	_, mods := splitKey(key)
	text = true
	for i, m := range mods {
		ref, ok := referenceModifiers[m]
		switch {
		case !ok && unsupported[Feature("|"+m)] != "":
			s.add(Feature("|"+m), key)
		case !ok:
			s.add(FeatureModifier, fmt.Sprintf("%s: %q", key, m))
		case m == "all" && i != len(mods)-1:
			s.add(FeatureAllNotLast, key)
		case m != "all":
			text = text && ref.text
		}
	}
	return text
}

// value scans one scalar value of field item key.
func (s *scan) value(key string, n *yaml.Node, text bool) {
	var v any
	if err := n.Decode(&v); err != nil {
		s.add(FeatureScalarText, fmt.Sprintf("%s: %q: %v", key, n.Value, err))
		return
	}
	str, _ := v.(string)
	switch v.(type) {
	case nil:
		s.add(FeatureNull, key)
		return
	case string:
	case int, float64, bool:
		if fmt.Sprintf("%v", v) != n.Value {
			s.add(FeatureScalarText, fmt.Sprintf("%s: %q reads as %v", key, n.Value, v))
		}
		return
	default:
		s.add(FeatureScalarText, fmt.Sprintf("%s: %q reads as %T", key, n.Value, v))
		return
	}
	if strings.HasPrefix(str, "%") && strings.HasSuffix(str, "%") {
		s.add(FeaturePlaceholder, fmt.Sprintf("%s: %q", key, str))
	}
	if !text {
		return
	}
	_, mods := splitKey(key)
	if str == "null" && (len(mods) == 0 || len(mods) == 1 && mods[0] == "all") {
		s.add(FeatureNullText, key)
	}
	for _, p := range ir.ParseSigmaString(str) {
		if p.Kind != ir.Literal {
			s.add(FeatureWildcard, fmt.Sprintf("%s: %q", key, str))
			break
		}
	}
	if strings.Contains(str, `\*`) || strings.Contains(str, `\?`) || strings.Contains(str, `\\`) {
		s.add(FeatureEscape, fmt.Sprintf("%s: %q", key, str))
	}
}
