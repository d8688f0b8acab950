package eql

import (
	"encoding/json"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// exceptionList is an Elastic exception list container as the exception
// lists import API takes it, one JSON object per line. Its list_id is the
// rule's filter name, which the rule's exceptions_list references.
type exceptionList struct {
	ListID        string   `json:"list_id"`
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	Type          string   `json:"type"`
	NamespaceType string   `json:"namespace_type"`
	Tags          []string `json:"tags"`
	OSTypes       []string `json:"os_types"`
}

// exceptionsConversion writes one exception list per rule, all in one
// NDJSON file.
type exceptionsConversion struct {
	lines []string
	seen  map[string]bool
}

func (c *exceptionsConversion) Convert(rule *ir.Rule) ([]render.File, error) {
	id := render.FilterName(rule.Title)
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[id] {
		return nil, nil
	}
	c.seen[id] = true
	b, err := json.Marshal(exceptionList{
		ListID:        id,
		Name:          rule.Title + " - filter",
		Description:   "False-positive exceptions for the rule " + rule.Title + " (rosetta filter hook)",
		Type:          "detection",
		NamespaceType: "single",
		Tags:          []string{"rosetta"},
		OSTypes:       []string{},
	})
	if err != nil {
		return nil, err
	}
	c.lines = append(c.lines, string(b))
	return nil, nil
}

func (c *exceptionsConversion) Finish() []render.File {
	if len(c.lines) == 0 {
		return nil
	}
	return []render.File{{Name: "exceptions.ndjson", Text: strings.Join(c.lines, "\n") + "\n"}}
}
