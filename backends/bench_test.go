package backends_test

import (
	"os"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/corpus"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// corpusDir is the public SigmaHQ corpus the speed benchmarks run on;
// ROSETTA_CORPUS names another folder of rules.
func corpusDir() string {
	if d := os.Getenv("ROSETTA_CORPUS"); d != "" {
		return d
	}
	return "../" + corpus.Public
}

// readCorpus reads the corpus files and loads them once per process, so
// that each benchmark times only what it names.
func readCorpus(b testing.TB) ([]corpus.File, []*ir.Rule) {
	b.Helper()
	files := corpus.Require(b, corpusDir())
	var rules []*ir.Rule
	for _, f := range files {
		rules = append(rules, f.Rules...)
	}
	return files, rules
}

// reportRate reports how many rules a second one iteration of n rules runs.
func reportRate(b *testing.B, n int) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/s, "rules/s")
	}
}

// BenchmarkLoadCorpus parses every corpus file (YAML, the condition
// grammar) and lowers it to IR.
func BenchmarkLoadCorpus(b *testing.B) {
	files, _ := readCorpus(b)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			sigma.Load(f.Path, f.Data)
		}
	}
	reportRate(b, len(files))
}

// BenchmarkConvertCorpus converts the loaded corpus to each format of each
// backend: the embedded pipelines parsed and applied, every query rendered,
// the batch files written, as one `rosetta convert` run does after loading.
func BenchmarkConvertCorpus(b *testing.B) {
	_, rules := readCorpus(b)
	for _, be := range backends.All() {
		for _, f := range be.Formats() {
			b.Run(be.Name()+"/"+f.Name, func(b *testing.B) {
				for b.Loop() {
					convertAll(b, be, f.Name, rules)
				}
				reportRate(b, len(rules))
			})
		}
	}
}

// BenchmarkConvertCorpusAllBackends loads the corpus and converts it to
// the default format of every backend, as one run for all three targets.
func BenchmarkConvertCorpusAllBackends(b *testing.B) {
	files, _ := readCorpus(b)
	all := backends.All()
	b.ResetTimer()
	for b.Loop() {
		var rules []*ir.Rule
		for _, f := range files {
			rs, _ := sigma.Load(f.Path, f.Data)
			rules = append(rules, rs...)
		}
		for _, be := range all {
			convertAll(b, be, be.Formats()[0].Name, rules)
		}
	}
	reportRate(b, len(files))
}

func convertAll(b *testing.B, be backends.Backend, format string, rules []*ir.Rule) {
	conv, err := be.NewConversion(format, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rules {
		conv.Convert(r)
	}
	conv.Finish()
}
