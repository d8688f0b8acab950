// Package pipeline holds processing pipelines: ordered transformations that
// turn a lowered Sigma rule into the field names, values, added conditions
// and target state (data model, table, event category) of one SIEM. The YAML
// reads like pySigma's processing pipelines; the defaults each backend embeds
// are ordinary pipeline files, and users add theirs with -p.
package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Pipeline is one parsed pipeline file.
type Pipeline struct {
	Name            string              // name, as listed by `rosetta pipelines`
	Priority        int                 // lower runs first; equal priorities keep the given order
	Path            string              // file it came from
	Text            string              // the file's text, as `rosetta pipelines show` prints it
	Transformations []Transformation    // in the order they run
	Vars            map[string][]string // pySigma's vars: values of placeholders, by name
}

// Transformation is one step of a pipeline: a kind of change, the rules and
// fields it applies to, and where in the pipeline file it was written.
type Transformation struct {
	ID     string   // optional name, used in messages
	Type   string   // a key of transformationTypes: field_name_mapping, replace_string, set_state, ...
	Pos    diag.Pos // position of the transformation in its file
	rule   []ruleCondition
	fields fieldCondition
	items  []itemCondition
	step   step
}

// State is what pipelines tell a backend beyond the rule itself: the data
// model, table or event category a rule's events live in, and the like.
type State map[string]any

// String returns a state value as a string ("" when absent).
func (s State) String(key string) string {
	v, _ := s[key].(string)
	return v
}

// Strings returns a state value as a list of strings.
func (s State) Strings(key string) []string {
	switch v := s[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	case string:
		return []string{v}
	}
	return nil
}

// Result is a rule after the pipelines: the rewritten rule and the state.
type Result struct {
	Rule  *ir.Rule
	State State
	Vars  map[string][]string // the vars of every pipeline applied; a later pipeline's name wins
}

// step is what a transformation does to a result. It may report problems at
// positions of the rule.
type step func(t *Transformation, r *Result, errs *diag.List)

// Sort orders pipelines by priority, keeping the given order of equals.
func Sort(ps []*Pipeline) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Priority < ps[j].Priority })
}

// Apply runs the pipelines, in priority order, over a copy of the rule.
func Apply(rule *ir.Rule, pipelines []*Pipeline) (*Result, diag.List) {
	ps := append([]*Pipeline(nil), pipelines...)
	Sort(ps)
	cp := *rule
	cp.Conditions = append([]ir.Expr(nil), rule.Conditions...)
	cp.Fields = append([]string(nil), rule.Fields...)
	res := &Result{Rule: &cp, State: State{}, Vars: mergeVars(ps)}
	var errs diag.List
	for _, p := range ps {
		for i := range p.Transformations {
			t := &p.Transformations[i]
			if !t.appliesTo(&cp) {
				continue
			}
			t.step(t, res, &errs)
		}
	}
	unresolvedPlaceholders(res, &errs)
	return res, errs
}

// Parse reads a pipeline file. Unknown transformation types, unknown
// condition types and malformed entries are errors at their position.
func Parse(path string, data []byte) (*Pipeline, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, diag.List{yamlErr(path, err)}
	}
	p := &parser{path: path}
	pl := p.pipeline(&root)
	if len(p.errs) > 0 {
		p.errs.Sort()
		return nil, p.errs
	}
	pl.Text = string(data)
	return pl, nil
}

func yamlErr(path string, err error) *diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if _, e := fmt.Sscanf(msg, "line %d:", &line); e == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return diag.Errorf(diag.Pos{File: path, Line: line, Col: 1}, "invalid YAML: %s", msg)
}
