package splunk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/gen"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
)

// TestEventFieldsInModel cross-checks the pipeline's event_fields (the
// search-time fields the plain search's events carry, which risk objects
// may name) with the Splunk ingest model of internal/event: for every
// bundled and test rule that the app writes as a plain search, each field
// the pipeline declares is a field of the rule's generated matching events
// as Splunk indexes them.
func TestEventFieldsInModel(t *testing.T) {
	model, ok := event.ModelByName("splunk")
	if !ok {
		t.Fatal("no splunk model")
	}
	app := newApp(t, nil)
	checked := 0
	for _, dir := range []string{"../../rules", "../../testdata/rules"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rule := loadRules(t, path, data)[0]
			if _, tstats, err := app.auto.convert(rule); err != nil || tstats {
				return nil
			}
			res, _ := pipeline.Apply(rule, app.auto.search.Pipelines)
			declared := res.State.Strings("event_fields")
			if len(declared) == 0 {
				return nil
			}
			for _, cond := range rule.Conditions {
				for _, s := range gen.Generate(rule, cond, gen.Options{}) {
					if !strings.HasPrefix(s.Note, "witness") {
						continue
					}
					shaped, _ := model.Shape(s.Event)
					for _, f := range declared {
						if _, ok := shaped[f]; !ok {
							t.Errorf("%s: event_fields names %q, which the Splunk model of its event lacks:\n%v", path, f, shaped)
						}
					}
					checked++
					break
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 10 {
		t.Errorf("%d rules checked, want at least 10", checked)
	}
}
