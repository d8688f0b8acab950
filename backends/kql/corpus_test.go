package kql

import (
	"errors"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/corpus"
	"github.com/rosetta-sigma/rosetta/internal/diag"
)

// TestCorpusRefusalsArePositioned converts every corpus rule with each KQL
// format and checks that every rule a format refuses gets its messages at a
// position in the rule file. (How many convert is pinned in
// backends/corpus_count_test.go.)
func TestCorpusRefusalsArePositioned(t *testing.T) {
	files := corpus.Require(t, "../../"+corpus.Public)
	for _, format := range []string{"defender", "sentinel"} {
		conv, err := Backend{}.NewConversion(format, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if len(f.Errs) > 0 {
				continue
			}
			for _, r := range f.Rules {
				_, err := conv.Convert(r)
				if err == nil {
					continue
				}
				var list diag.List
				if !errors.As(err, &list) || len(list) == 0 {
					t.Errorf("kql/%s: %s: refusal without a position: %v", format, f.Path, err)
					continue
				}
				for _, d := range list {
					if d.Pos.File != f.Path || d.Pos.Line == 0 {
						t.Errorf("kql/%s: %s: refusal without a position in the rule: %v", format, f.Path, d)
					}
				}
			}
		}
	}
}
