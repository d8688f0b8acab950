package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/prove"
)

// TestCmd proves translations on sample events.
type TestCmd struct {
	Pipelines []string `short:"p" name:"pipeline" type:"existingfile" help:"A pipeline file to apply on top of each backend's own (repeatable)."`
	Target    []string `short:"t" help:"Only these targets (backend or backend/format; repeatable)."`
	Verbose   bool     `short:"v" help:"Print a row for every rule and target, not only the ones that fail."`
	Filters   []string `name:"filter" type:"path" help:"A Sigma filter file, or a folder of them, to add to the rules it names (repeatable)."`
	Generate  bool     `short:"g" help:"Also run events generated from each rule's detection: a match per branch and near misses around every value."`
	Paths     []string `arg:"" default:"rules" help:"Rule files or folders; each rule's samples are <rule>.events.jsonl beside it."`
}

// Run checks every rule on every target and prints a row per check: rule,
// target, events, agreeing, and the first disagreement with both verdicts.
func (c *TestCmd) Run(e *env) error {
	src := newSources(e.stdin)
	var errs diag.List
	user, err := src.userPipelines(e, c.Pipelines)
	if err != nil {
		return err
	}
	checker, err := prove.NewChecker(user)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "RULE\tTARGET\tEVENTS\tAGREE\tFIRST DISAGREEMENT")
	var sum summary
	filters := src.filters(c.Filters, &errs)
	for _, r := range applyFilters(src.rules(c.Paths, &errs), filters) {
		samples, err := prove.LoadSamples(prove.SamplesPath(r.Path))
		if err != nil {
			errs.Add(diag.Pos{File: prove.SamplesPath(r.Path)}, "%v", err)
			continue
		}
		if c.Generate {
			resolved, err := checker.Resolve(r) // generate from the values the placeholders stand for
			if err != nil {
				resolved = r
			}
			samples = append(samples, prove.Generated(resolved)...)
		}
		if len(samples) == 0 {
			sum.noSamples++
			continue
		}
		sum.rules++
		for _, t := range prove.Targets {
			if !selected(c.Target, t) {
				continue
			}
			for _, res := range checker.Check(r, t, samples) {
				sum.add(res)
				if res.OK() && !c.Verbose {
					continue
				}
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\n", ruleLabel(res), t, res.Events, res.Agreeing, firstProblem(res))
			}
		}
	}
	w.Flush()
	fmt.Fprintf(e.stdout, "%d rules with samples (%d without), %d checks: %d agree, %d disagree, %d mislabelled, %d do not convert\n",
		sum.rules, sum.noSamples, sum.checks, sum.agree, sum.disagree, sum.mislabelled, sum.refused)
	errs.Sort()
	diag.Print(e.stderr, errs, 0, src.text)
	if sum.disagree > 0 || sum.mislabelled > 0 || sum.broken > 0 || len(errs) > 0 {
		return exitError(1)
	}
	return nil
}

// summary counts the checks of a run.
type summary struct {
	rules, noSamples, checks, agree, disagree, mislabelled, refused, broken int
}

func (s *summary) add(r *prove.Result) {
	s.checks++
	switch {
	case r.Err != nil && !r.Compiled && strings.Contains(r.Err.Error(), "does not compile"):
		s.broken++
	case r.Err != nil:
		s.refused++
	case r.First != nil:
		s.disagree++
	case len(r.Mislabels) > 0:
		s.mislabelled++
	default:
		s.agree++
	}
}

func selected(only []string, t prove.Target) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == t.Backend || o == t.String() {
			return true
		}
	}
	return false
}

func ruleLabel(r *prove.Result) string {
	label := r.Rule.Path
	if len(r.Rule.Conditions) > 1 {
		label += fmt.Sprintf("#%d", r.Condition+1)
	}
	return label
}

func firstProblem(r *prove.Result) string {
	switch {
	case r.Err != nil:
		return "error: " + r.Err.Error()
	case r.First != nil:
		d := r.First
		return fmt.Sprintf("%q: rule says %s, query says %s", d.Sample.Note, verdict(d.Reference), verdict(d.Translation))
	case len(r.Mislabels) > 0:
		s := r.Mislabels[0]
		return fmt.Sprintf("%q: labelled %s, but the rule says %s", s.Note, verdict(*s.Expect), verdict(!*s.Expect))
	}
	return "-"
}

func verdict(b bool) string {
	if b {
		return "match"
	}
	return "no match"
}
