package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/rosetta-sigma/rosetta/backends"
)

// BackendsCmd lists the targets.
type BackendsCmd struct{}

// Run prints each backend with its formats, the default first.
func (BackendsCmd) Run(e *env) error {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, b := range backends.All() {
		fmt.Fprintf(w, "%s\t%s\n", b.Name(), b.Doc())
		for i, f := range b.Formats() {
			def := ""
			if i == 0 {
				def = " (default)"
			}
			fmt.Fprintf(w, "  --format %s%s\t%s\n", f.Name, def, f.Doc)
		}
	}
	return w.Flush()
}
