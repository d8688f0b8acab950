package backends_test

import (
	"os"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
)

// corpusConverted are floors of how many corpus rules convert per target;
// a change may raise them, never lower them. splunk/search converts every
// rule: a keyword no search term can say is match() of _raw.
var corpusConverted = []struct {
	backend, format string
	min             int
}{
	{"splunk", "search", 3141},
	{"splunk", "tstats", 1653},
	{"kql", "defender", 1911},
	{"kql", "sentinel", 2722},
	{"eql", "query", 2811},
	{"eql", "rule", 2811}, // every rule the query format converts: an index for each log source
}

// corpusConvertedByKQL is the floor of rules that at least one KQL format
// converts (the KQL target counts a rule either format converts).
const corpusConvertedByKQL = 2936

// TestCorpusConvertedCounts converts the public SigmaHQ corpus in
// ../shared and checks how many rules each target converts.
func TestCorpusConvertedCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run takes a while; skipped with -short")
	}
	if os.Getenv("ROSETTA_CORPUS") != "" {
		t.Skip("ROSETTA_CORPUS names another corpus: the counts are the public corpus's")
	}
	if _, err := os.Stat(corpusDir()); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder): skipping the corpus counts", corpusDir())
	}
	files, rules := readCorpus(t)
	if len(rules) != len(files) || len(rules) < 3141 {
		t.Fatalf("%d rules loaded from %d files: the corpus holds 3141 rules, one a file", len(rules), len(files))
	}
	kqlAny := map[int]bool{}
	for _, c := range corpusConverted {
		b, ok := backends.Lookup(c.backend)
		if !ok {
			t.Fatalf("no backend %s", c.backend)
		}
		conv, err := b.NewConversion(c.format, nil)
		if err != nil {
			t.Fatal(err)
		}
		converted := 0
		for i, r := range rules {
			if _, err := conv.Convert(r); err == nil {
				converted++
				if c.backend == "kql" {
					kqlAny[i] = true
				}
			}
		}
		if converted < c.min {
			t.Errorf("%s/%s: %d of %d rules convert, want at least %d", c.backend, c.format, converted, len(rules), c.min)
		}
		t.Logf("%s/%s: %d of %d rules convert", c.backend, c.format, converted, len(rules))
	}
	if len(kqlAny) < corpusConvertedByKQL {
		t.Errorf("kql: %d of %d rules convert in at least one format, want at least %d", len(kqlAny), len(rules), corpusConvertedByKQL)
	}
	t.Logf("kql: %d of %d rules convert in at least one format", len(kqlAny), len(rules))
}
