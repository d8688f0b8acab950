package backends_test

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/conf"
	"github.com/rosetta-sigma/rosetta/internal/eval"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// The Splunk app's files, as --format app names them.
const (
	appSearches = "default/savedsearches.conf"
	appMacros   = "default/macros.conf"
)

// checkBatchParsesBack parses every .conf and .meta file a batch format
// writes with the .conf reader (stanzas, key = value, continuation lines,
// no stanza or key twice), and compiles the search of every correlation
// search of a Splunk app with the SPL evaluator and the app's own
// macros.conf.
func checkBatchParsesBack(t *testing.T, backend, format string, files []render.File) {
	t.Helper()
	parsed := map[string]*conf.File{}
	text := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".conf") && !strings.HasSuffix(f.Name, ".meta") {
			continue
		}
		p, err := conf.Parse(f.Text)
		if err != nil {
			t.Errorf("%s/%s: %s is no valid .conf: %v", backend, format, f.Name, err)
			continue
		}
		parsed[f.Name], text[f.Name] = p, f.Text
	}
	searches := parsed[appSearches]
	if searches == nil {
		return
	}
	for _, st := range searches.Stanzas {
		q, ok := st.Get("search")
		if !ok {
			t.Errorf("%s: [%s] has no search", appSearches, st.Name)
			continue
		}
		if _, err := eval.Compile("spl", q, eval.Options{Macros: text[appMacros]}); err != nil {
			t.Errorf("%s: [%s]: the search does not parse back with the app's macros.conf: %v\n%s", appSearches, st.Name, err, q)
		}
	}
}

// TestSplunkAppSearchIsAuto: the search of each correlation search is the
// text --format auto writes for the rule (one stanza per query of a rule
// with several conditions), so that the proof of the query formats covers
// it; a rule auto refuses, the app refuses with the same errors.
func TestSplunkAppSearchIsAuto(t *testing.T) {
	b, _ := backends.Lookup("splunk")
	auto, err := b.NewConversion("auto", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range ruleFiles(t) {
		rule := loadRule(t, path)
		app, err := b.NewConversion("app", nil)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := auto.Convert(rule)
		_, aerr := app.Convert(rule)
		if werr != nil {
			if aerr == nil || aerr.Error() != werr.Error() {
				t.Errorf("%s: auto refuses with %v, the app with %v", path, werr, aerr)
			}
			continue
		}
		if aerr != nil {
			continue // the deployment settings are refused: pinned by the golden files
		}
		var f *conf.File
		for _, o := range app.Finish() {
			if o.Name == appSearches {
				if f, err = conf.Parse(o.Text); err != nil {
					t.Fatal(err)
				}
			}
		}
		queries := strings.Split(strings.TrimSuffix(want[0].Text, "\n"), "\n")
		if len(f.Stanzas) != len(queries) {
			t.Errorf("%s: %d stanzas for %d queries", path, len(f.Stanzas), len(queries))
			continue
		}
		for i, st := range f.Stanzas {
			if got, _ := st.Get("search"); got != queries[i] {
				t.Errorf("%s: [%s] search\n%s\nwant auto's\n%s", path, st.Name, got, queries[i])
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("%d searches compared, want the test rules' (over 100)", n)
	}
}
