// Package eval is the one entry to rosetta's query evaluators: it compiles
// query text of a named language (spl, kql, eql) with that language's own
// parser and semantics. Like the evaluators, it reads text only and imports
// nothing of the translator.
package eval

import (
	"fmt"
	"sort"

	"github.com/rosetta-sigma/rosetta/internal/eval/eql"
	"github.com/rosetta-sigma/rosetta/internal/eval/kql"
	"github.com/rosetta-sigma/rosetta/internal/eval/spl"
	"github.com/rosetta-sigma/rosetta/internal/event"
)

// Query is a compiled query: Match reports whether running it over exactly
// one event leaves at least one result row.
type Query interface {
	Match(ev event.Event) bool
}

// Options are what a language needs beside the query text.
type Options struct {
	// Macros is the text of a macros.conf whose macros an SPL query calls.
	Macros string
}

// compilers maps a language name to its compiler.
var compilers = map[string]func(src string, opts Options) (Query, error){
	"spl": func(src string, opts Options) (Query, error) {
		macros, err := spl.ParseMacros(opts.Macros)
		if err != nil {
			return nil, fmt.Errorf("macros.conf: %w", err)
		}
		return spl.Compile(src, macros)
	},
	"kql": func(src string, _ Options) (Query, error) { return kql.Compile(src) },
	"eql": func(src string, _ Options) (Query, error) { return eql.Compile(src) },
}

// Languages lists the language names Compile knows.
func Languages() []string {
	var out []string
	for name := range compilers {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Compile parses src as a query of lang. Errors carry "line:col" positions
// in src.
func Compile(lang, src string, opts Options) (Query, error) {
	c, ok := compilers[lang]
	if !ok {
		return nil, fmt.Errorf("unknown query language %q (one of %v)", lang, Languages())
	}
	q, err := c(src, opts)
	if err != nil {
		return nil, err
	}
	return q, nil
}
