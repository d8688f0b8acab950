// Package gen derives sample events from a rule's own detection, so that
// every branch of every translation is exercised by the embedded evaluator.
//
// Generate returns, in this order:
//   - witnesses: events the rule matches, one per conjunct of the
//     condition's disjunctive normal form (computed lazily and bounded),
//     built on a neutral base event for the rule's log source and kept only
//     when internal/match confirms the whole condition holds;
//   - near misses around every value a witness set: other case, a character
//     dropped or added at either end, the field missing or empty, wildcard
//     boundaries, another folder or basename for image paths, numeric and
//     network boundaries, and a negated leaf that matches after all;
//   - edge values translators get wrong: a doubled backslash, quotes, a
//     literal *, non-ASCII letters, a trailing newline.
//
// Samples carry no verdict: the caller asks internal/match, the reference.
// Output is deterministic: fields are visited in sorted order.
package gen

import (
	"encoding/json"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/match"
)

// Sample is one generated raw event.
type Sample struct {
	Note  string      // what this event probes, e.g. `witness 2; Image: other case`
	Event event.Event // raw event with Sigma field names, EventID and Channel for the log source
}

// Options bounds the output. Zero values take the defaults.
type Options struct {
	MaxWitnesses int // witnesses kept at most (default 16)
	MaxSamples   int // samples returned at most, witnesses first (default 400)
}

// Defaults used when an Options field is zero or negative.
const (
	DefaultMaxWitnesses = 16
	DefaultMaxSamples   = 400
)

// conjunctsPerWitness is how many DNF conjuncts are tried per wanted
// witness: some conjuncts are contradictory or beyond the value builders.
const conjunctsPerWitness = 4

func (o Options) withDefaults() Options {
	if o.MaxWitnesses <= 0 {
		o.MaxWitnesses = DefaultMaxWitnesses
	}
	if o.MaxSamples <= 0 {
		o.MaxSamples = DefaultMaxSamples
	}
	return o
}

// Generate derives sample events for one condition of a rule. rule may be
// nil (no log source: the base event is empty). It returns nil when the
// condition cannot be compiled by internal/match.
func Generate(rule *ir.Rule, cond ir.Expr, opts Options) []Sample {
	if cond == nil {
		return nil
	}
	opts = opts.withDefaults()
	whole, err := match.Compile(cond)
	if err != nil {
		return nil
	}
	var ls ir.Logsource
	if rule != nil {
		ls = rule.Logsource
	}
	s, err := newSolver(baseEvent(ls, cond), keywordKey(ls), cond)
	if err != nil {
		return nil
	}
	out := &collector{max: opts.MaxSamples, seen: map[string]bool{}}
	var ws []*witness
	for _, conj := range dnf(cond, false, opts.MaxWitnesses*conjunctsPerWitness) {
		if len(ws) == opts.MaxWitnesses || out.full() {
			break
		}
		w := s.solve(conj)
		if w == nil || !whole.Match(w.ev) {
			continue
		}
		w.n = len(ws) + 1
		if out.add(w.note(""), w.ev) {
			ws = append(ws, w)
		}
	}
	p := &prober{solver: s, out: out, doneValue: map[string]bool{}, doneLeaf: map[*ir.Match]bool{}}
	for _, w := range ws {
		p.nearMisses(w)
	}
	p.doneValue = map[string]bool{}
	for _, w := range ws {
		p.edges(w)
	}
	return out.samples
}

// collector deduplicates samples by their canonical JSON and caps them.
type collector struct {
	max     int
	seen    map[string]bool
	samples []Sample
}

func (c *collector) full() bool { return len(c.samples) >= c.max }

// add keeps ev (a private copy) unless it is a duplicate or the cap is
// reached, and reports whether it was kept.
func (c *collector) add(note string, ev event.Event) bool {
	if c.full() {
		return false
	}
	b, err := json.Marshal(ev) // map keys are sorted: a canonical form
	if err != nil || c.seen[string(b)] {
		return false
	}
	c.seen[string(b)] = true
	c.samples = append(c.samples, Sample{Note: note, Event: copyEvent(ev)})
	return true
}

func copyEvent(ev event.Event) event.Event {
	out := make(event.Event, len(ev))
	for k, v := range ev {
		out[k] = v
	}
	return out
}
