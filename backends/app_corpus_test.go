package backends_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/conf"
)

// corpusAppStanzas is the floor of corpus rules the Splunk app holds a
// correlation search for; a change may raise it, never lower it.
const corpusAppStanzas = 3140

// TestCorpusSplunkApp converts the public corpus to one Splunk app: at
// least corpusAppStanzas rules make stanzas and every file reads back as a
// .conf file. (Each search is --format auto's, which the corpus agreement
// test compiles and proves; TestGolden compiles the test rules' app.)
func TestCorpusSplunkApp(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run takes a while; skipped with -short")
	}
	if os.Getenv("ROSETTA_CORPUS") != "" {
		t.Skip("ROSETTA_CORPUS names another corpus: the count is the public corpus's")
	}
	if _, err := os.Stat(corpusDir()); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder)", corpusDir())
	}
	_, rules := readCorpus(t)
	b, _ := backends.Lookup("splunk")
	conv, err := b.NewConversion("app", nil)
	if err != nil {
		t.Fatal(err)
	}
	converted := 0
	for _, r := range rules {
		if _, err := conv.Convert(r); err == nil {
			converted++
		}
	}
	if converted < corpusAppStanzas {
		t.Errorf("%d of %d rules make a correlation search, want at least %d", converted, len(rules), corpusAppStanzas)
	}
	t.Logf("splunk/app: %d of %d rules make a correlation search", converted, len(rules))
	for _, f := range conv.Finish() {
		parsed, err := conf.Parse(f.Text)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Name != appSearches {
			continue
		}
		if len(parsed.Stanzas) < converted {
			t.Errorf("%d stanzas for %d rules", len(parsed.Stanzas), converted)
		}
		if n := strings.Count(f.Text, "\\\n"); n == 0 {
			t.Error("no value of the corpus is written on continuation lines: the multi-line descriptions are")
		}
	}
}
