package main

import (
	"io"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/diag"
)

// benchCorpus is the public SigmaHQ corpus; ROSETTA_CORPUS names another
// folder of rules.
func benchCorpus(b *testing.B) string {
	dir := os.Getenv("ROSETTA_CORPUS")
	if dir == "" {
		dir = "../../../shared/corpus/sigmahq/rules"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("corpus %s is absent (it comes with the project's shared folder; set ROSETTA_CORPUS to use another): %v", dir, err)
	}
	return dir
}

// BenchmarkCLIConvert runs `rosetta convert -q -t <backend> -f <format>`
// on the corpus in process, as the binary does: files found, read and
// loaded on every CPU, converted, the output written (to nowhere) and the
// exit status computed. The collector runs as main sets it.
func BenchmarkCLIConvert(b *testing.B) {
	dir := benchCorpus(b)
	var errs diag.List
	files := len(expandPaths([]string{dir}, &errs)) // a corpus file holds one rule
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	for _, be := range backends.All() {
		for _, f := range be.Formats() {
			b.Run(be.Name()+"/"+f.Name, func(b *testing.B) {
				for b.Loop() {
					if code := run([]string{"convert", "-q", "-t", be.Name(), "-f", f.Name, dir}, strings.NewReader(""), io.Discard, io.Discard); code > 1 {
						b.Fatalf("exit %d", code)
					}
				}
				if s := b.Elapsed().Seconds(); s > 0 {
					b.ReportMetric(float64(files)*float64(b.N)/s, "rules/s")
				}
			})
		}
	}
}
