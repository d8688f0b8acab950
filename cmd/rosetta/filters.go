package main

import (
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// filters loads the Sigma filter documents of every --filter path (files,
// or folders searched for *.yml and *.yaml). Their problems join errs, and
// the filters that loaded are still applied.
func (s *sources) filters(paths []string, errs *diag.List) []*sigma.Filter {
	var out []*sigma.Filter
	for _, f := range expandPaths(paths, errs) {
		data, err := s.read(f)
		if err != nil {
			errs.Add(diag.Pos{File: f}, "%v", unwrapPathError(err))
			continue
		}
		fs, ferrs := sigma.LoadFilters(f, data)
		*errs = append(*errs, ferrs...)
		out = append(out, fs...)
	}
	return out
}

// applyFilters adds to each rule the filters that name it, in the order
// they were given.
func applyFilters(rules []*ir.Rule, filters []*sigma.Filter) []*ir.Rule {
	if len(filters) == 0 {
		return rules
	}
	out := make([]*ir.Rule, len(rules))
	for i, r := range rules {
		for _, f := range filters {
			r, _ = f.Apply(r)
		}
		out[i] = r
	}
	return out
}
