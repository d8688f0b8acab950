package main

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// corpusConverted pins how many public SigmaHQ rules each target converts:
// coverage may only go up. Raise a number when a change converts more.
var corpusConverted = map[string]int{
	"eql": 2780,
}

var convertedCount = regexp.MustCompile(`: (\d+) rules: (\d+) converted`)

// TestCorpusConvertedCount runs `rosetta convert --stats` on the corpus for
// each pinned target and fails if fewer rules convert than pinned (skipped
// without the shared folder, and with -short).
func TestCorpusConvertedCount(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run takes a while; skipped with -short")
	}
	const dir = "../../../shared/corpus/sigmahq/rules"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s is absent (it comes with the project's shared folder): skipping", dir)
	}
	for target, floor := range corpusConverted {
		t.Run(target, func(t *testing.T) {
			_, _, errs := runCLI(t, "", "convert", "--stats", "-q", "-t", target, "-o", t.TempDir(), dir)
			m := convertedCount.FindStringSubmatch(errs)
			if m == nil {
				t.Fatalf("no summary in the output:\n%s", errs)
			}
			got, _ := strconv.Atoi(m[2])
			if got < floor {
				t.Errorf("%s converts %d of %s corpus rules, fewer than the %d pinned", target, got, m[1], floor)
			}
			t.Logf("%s converts %d of %s corpus rules (pinned %d)", target, got, m[1], floor)
		})
	}
}
