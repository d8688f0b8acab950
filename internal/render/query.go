package render

import (
	"path/filepath"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
)

// QueryConversion is the Conversion of the query formats: each rule goes
// through the pipelines, each of its conditions becomes one query, and the
// queries of a rule make one file named after the rule's file.
type QueryConversion struct {
	Pipelines []*pipeline.Pipeline
	Ext       string // file extension without the dot: "spl", "kql", "eql"
	// Query renders one condition of a rule that went through the pipelines.
	// It is called on several goroutines at once (see Concurrent), so it
	// must keep no state between calls.
	Query func(res *pipeline.Result, cond ir.Expr) (string, error)
}

// Concurrent implements ConcurrentConversion: Convert applies the
// pipelines to a copy of the rule and renders it, keeping nothing.
func (c *QueryConversion) Concurrent() {}

// Convert implements Conversion.
func (c *QueryConversion) Convert(rule *ir.Rule) ([]File, error) {
	res, errs := pipeline.Apply(rule, c.Pipelines)
	if len(errs) > 0 {
		return nil, errs
	}
	var queries []string
	for _, cond := range res.Rule.Conditions {
		q, err := c.Query(res, cond)
		if err != nil {
			errs.Append(rule.Pos, err)
			continue
		}
		queries = append(queries, q)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return []File{{Name: BaseName(rule.Path) + "." + c.Ext, Text: strings.Join(queries, "\n") + "\n", Rule: rule}}, nil
}

// Finish implements Conversion; query formats have no batch files.
func (c *QueryConversion) Finish() []File { return nil }

// BaseName is the rule file's name without folder and extension, the stem
// of the files written for it.
func BaseName(path string) string {
	b := filepath.Base(path)
	if b == "-" || b == "." || b == "" || b == string(filepath.Separator) {
		return "rule"
	}
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// NoTarget is the error for a rule whose log source no pipeline gave a
// target (data model, table, category) for. hint, when set, says what to do
// instead.
func NoTarget(rule *ir.Rule, backend, what, hint string) error {
	d := diag.Errorf(rule.Pos, "logsource %s: %s: no pipeline gives it a %s", LogsourceString(rule.Logsource), backend, what)
	if hint != "" {
		d.Msg += " (" + hint + ")"
	}
	return d
}

// LogsourceString renders a log source as "product=windows category=x".
func LogsourceString(ls ir.Logsource) string {
	var parts []string
	for _, p := range [][2]string{{"product", ls.Product}, {"category", ls.Category}, {"service", ls.Service}} {
		if p[1] != "" {
			parts = append(parts, p[0]+"="+p[1])
		}
	}
	if len(parts) == 0 {
		return "(none)"
	}
	return strings.Join(parts, " ")
}
