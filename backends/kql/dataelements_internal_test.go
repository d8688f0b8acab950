package kql

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// TestDataElementsRefused: what no search of the Event table's XML text
// says exactly is refused by sentinel_event.yml at the comparison, with
// the reason. (A rule no pipeline converts gets sentinel.yml's errors, so
// this reads the fallback's own.)
func TestDataElementsRefused(t *testing.T) {
	ps, err := pipeline.LoadFS(pipelineFiles, "kql", "pipelines/sentinel_event.yml")
	if err != nil {
		t.Fatal(err)
	}
	conv := &render.QueryConversion{Pipelines: ps, Ext: "kql", Query: func(res *pipeline.Result, cond ir.Expr) (string, error) {
		return query(res, cond, "Sentinel table")
	}}
	tests := []struct{ name, value, want string }{
		{"regular expression", `Data|re: 'a.b'`, "data.yml:8:9: modifier re on Data: kql: not supported because Data is the text of the event's unnamed <Data> elements"},
		{"null", `Data: null`, "data.yml:8:9: modifier null on Data: kql: not supported"},
		{"empty", `Data: ''`, "data.yml:8:9: an empty or match-all value of Data: kql: not supported because an empty <Data> element may be written <Data/>"},
		{"match-all", `Data: '*'`, "data.yml:8:9: an empty or match-all value of Data"},
		{"control character", `Data|contains: "a\tb"`, "data.yml:8:9: a control character in a value of Data: kql: not supported"},
		{"another field", `Message: 'x'`, `field "Message": no mapping to the Sentinel table Event`},
		{"match-all keyword", `- '*'`, "data.yml:7:5: an empty or match-all keyword: kql: not supported because an empty <Data> element may be written <Data/>"},
		{"empty keyword", `- ''`, "data.yml:7:5: an empty or match-all keyword"},
		{"control character in a keyword", `- "a\tb"`, "data.yml:7:5: a control character in a keyword: kql: not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "title: Data\nid: 0b9a0f0e-0000-4000-8000-000000000397\nlogsource:\n    product: windows\n    service: application\ndetection:\n    sel:\n        " + tt.value + "\n    condition: sel\n"
			rules, errs := sigma.Load("data.yml", []byte(src))
			if len(errs) > 0 {
				t.Fatalf("load: %v", errs)
			}
			_, err := conv.Convert(rules[0])
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("want %q, got %v", tt.want, err)
			}
		})
	}
}
