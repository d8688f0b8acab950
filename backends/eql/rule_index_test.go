package eql

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
)

// TestEveryCategoryHasAnIndex: every log source an EQL pipeline gives an
// event category (set_state category) gets index patterns from
// kibana_index.yml (or the empty list of Kibana's default indices), read
// from the pipeline files themselves.
func TestEveryCategoryHasAnIndex(t *testing.T) {
	conv, err := Backend{}.NewConversion("rule", nil)
	if err != nil {
		t.Fatal(err)
	}
	rc := conv.(*ruleConversion)
	sources := 0
	for _, name := range []string{"pipelines/ecs.yml", "pipelines/ecs_windows.yml"} {
		data, err := pipelineFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Transformations []struct {
				Type, Key      string
				RuleConditions []map[string]any `yaml:"rule_conditions"`
			}
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, tr := range doc.Transformations {
			if tr.Type != "set_state" || tr.Key != "category" {
				continue
			}
			for _, cond := range tr.RuleConditions {
				for _, ls := range logsources(cond) {
					sources++
					rule := &ir.Rule{Path: "x.yml", Title: "x", Logsource: ls}
					res, errs := pipeline.Apply(rule, rc.stateOf)
					if len(errs) > 0 || res.State.String("category") == "" {
						t.Errorf("%s %+v: no category (%v): the expansion of the condition is wrong", name, ls, errs)
						continue
					}
					if _, err := rc.index(rule); err != nil {
						t.Errorf("%s %+v: %v", name, ls, err)
					}
				}
			}
		}
	}
	if sources < 60 {
		t.Errorf("%d log sources checked, want every one the pipelines name", sources)
	}
}

// logsources expands a logsource condition whose attributes are a value or
// a list of values into every combination.
func logsources(cond map[string]any) []ir.Logsource {
	values := func(key string) []string {
		switch v := cond[key].(type) {
		case string:
			return []string{v}
		case []any:
			var out []string
			for _, x := range v {
				out = append(out, x.(string))
			}
			return out
		}
		return []string{""}
	}
	var out []ir.Logsource
	for _, p := range values("product") {
		for _, c := range values("category") {
			for _, s := range values("service") {
				out = append(out, ir.Logsource{Product: p, Category: c, Service: s})
			}
		}
	}
	return out
}
