package gen

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/corpus"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

// corpusDir is the SigmaHQ rule corpus, shared by the project's sessions.
const corpusDir = "../../" + corpus.Public

// minWitnessRate is the share of loadable corpus rules that must get at
// least one witness: the measured rate (3045 of 3046 rules, 99.97%)
// minus a small margin.
const minWitnessRate = 0.99

// TestCorpusWitnesses generates samples for every condition of every
// corpus rule: nothing may panic, every witness must match, and nearly
// every rule must get one.
func TestCorpusWitnesses(t *testing.T) {
	files := corpus.Require(t, corpusDir)
	var loaded, witnessed, samples, leaves, covered int
	var missing []string
	for _, f := range files {
		path, rules := f.Path, f.Rules
		for _, r := range rules {
			if len(r.Conditions) == 0 {
				continue
			}
			loaded++
			got := false
			for _, cond := range r.Conditions {
				m, err := match.Compile(cond)
				out := Generate(r, cond, Options{})
				samples += len(out)
				l, c := leafCoverage(cond, out)
				leaves, covered = leaves+l, covered+c
				for _, s := range out {
					if !isWitness(s) {
						continue
					}
					got = true
					if err == nil && !m.Match(s.Event) {
						t.Errorf("%s: %s does not match", path, s.Note)
					}
				}
			}
			if got {
				witnessed++
			} else {
				missing = append(missing, strings.TrimPrefix(path, corpusDir+"/"))
			}
		}
	}
	if loaded == 0 {
		t.Fatal("no rule loaded")
	}
	rate := float64(witnessed) / float64(loaded)
	t.Logf("%d of %d loaded rules have a witness (%.1f%%), %d samples in all", witnessed, loaded, 100*rate, samples)
	t.Logf("%d of %d leaves outside a negation hold in some witness (%.1f%%)", covered, leaves, 100*float64(covered)/float64(max(leaves, 1)))
	for _, p := range missing {
		t.Logf("no witness: %s", p)
	}
	if rate < minWitnessRate {
		t.Errorf("witness rate %.3f is below %.3f", rate, minWitnessRate)
	}
}

// leafCoverage counts the leaves outside a negation and those of them that
// hold in some witness.
func leafCoverage(cond ir.Expr, out []Sample) (leaves, covered int) {
	ir.WalkLeaves(cond, func(n *ir.Match, neg bool) {
		if neg {
			return
		}
		leaves++
		m, err := match.Compile(n)
		if err != nil {
			return
		}
		for _, s := range out {
			if isWitness(s) && m.Match(s.Event) {
				covered++
				return
			}
		}
	})
	return leaves, covered
}
