package prove

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/gen"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// SamplesPath is where a rule's hand-written sample events live: beside the
// rule, named after it, "<rule>.events.jsonl".
func SamplesPath(rulePath string) string {
	return strings.TrimSuffix(rulePath, filepath.Ext(rulePath)) + ".events.jsonl"
}

// labelled is one line of a samples file.
type labelled struct {
	Expect string      `json:"expect"` // "match" or "no match"
	Note   string      `json:"note"`
	Event  event.Event `json:"event"`
}

// LoadSamples reads a samples file: one JSON object per line with
// "expect" ("match" or "no match"), "note" and the raw "event". A missing
// file is no samples and no error.
func LoadSamples(path string) ([]Sample, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Sample
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var l labelled
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("%s:%d:1: %v", path, i+1, err)
		}
		var expect bool
		switch l.Expect {
		case "match":
			expect = true
		case "no match":
		default:
			return nil, fmt.Errorf("%s:%d:1: expect must be \"match\" or \"no match\", not %q", path, i+1, l.Expect)
		}
		if l.Event == nil {
			return nil, fmt.Errorf("%s:%d:1: no event", path, i+1)
		}
		out = append(out, Sample{Note: l.Note, Expect: &expect, Event: l.Event})
	}
	return out, nil
}

// Generated derives samples from the rule's own detection (internal/gen):
// witnesses that match each condition, and near misses around every value.
// They carry no label; they are checked against the rule's verdict only.
func Generated(rule *ir.Rule) []Sample {
	var out []Sample
	for i, cond := range rule.Conditions {
		for _, s := range gen.Generate(rule, cond, gen.Options{}) {
			note := s.Note
			if len(rule.Conditions) > 1 {
				note = fmt.Sprintf("condition %d: %s", i+1, note)
			}
			out = append(out, Sample{Note: "generated: " + note, Event: s.Event})
		}
	}
	return out
}
