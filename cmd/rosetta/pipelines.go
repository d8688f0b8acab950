package main

import (
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
)

// PipelinesCmd lists the embedded pipelines or prints one.
type PipelinesCmd struct {
	List PipelinesListCmd `cmd:"" default:"withargs" help:"List the embedded pipelines (the default)."`
	Show PipelinesShowCmd `cmd:"" help:"Print an embedded pipeline's YAML."`
}

// PipelinesListCmd lists the embedded pipelines.
type PipelinesListCmd struct {
	Target string `short:"t" help:"Only this backend's pipelines."`
}

// PipelinesShowCmd prints one embedded pipeline.
type PipelinesShowCmd struct {
	Name string `arg:"" help:"Pipeline name (as listed) or file (splunk/pipelines/splunk_cim.yml)."`
}

// embeddedPipeline is one pipeline with the backend that embeds it.
type embeddedPipeline struct {
	backend string
	*pipeline.Pipeline
}

// embeddedPipelines returns every backend's embedded pipelines, by backend
// name then priority then file.
func embeddedPipelines(target string) ([]embeddedPipeline, error) {
	var out []embeddedPipeline
	found := target == ""
	for _, b := range backends.All() {
		if target != "" && b.Name() != target {
			continue
		}
		found = true
		ps, err := b.Pipelines()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name(), err)
		}
		pipeline.Sort(ps)
		for _, p := range ps {
			out = append(out, embeddedPipeline{b.Name(), p})
		}
	}
	if !found {
		return nil, fmt.Errorf("unknown target %q", target)
	}
	return out, nil
}

// Run prints one line per pipeline: name, backend, priority, file, number
// of transformations and the log sources its rule conditions name
// (product/category/service, * for any).
func (c PipelinesListCmd) Run(e *env) error {
	ps, err := embeddedPipelines(c.Target)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tBACKEND\tPRIORITY\tFILE\tTRANSFORMATIONS\tLOG SOURCES")
	for _, p := range ps {
		ls := strings.Join(p.Logsources(), ", ")
		if ls == "" {
			ls = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%d\t%s\n", p.Name, p.backend, p.Priority, p.Path, len(p.Transformations), ls)
	}
	return w.Flush()
}

// Run prints the YAML of the pipeline named (or whose file is) c.Name.
func (c PipelinesShowCmd) Run(e *env) error {
	ps, err := embeddedPipelines("")
	if err != nil {
		return err
	}
	var names []string
	for _, p := range ps {
		if p.Name == c.Name || p.Path == c.Name {
			_, err := fmt.Fprint(e.stdout, p.Text)
			return err
		}
		names = append(names, p.Name)
	}
	sort.Strings(names)
	return fmt.Errorf("unknown pipeline %q (embedded: %s)", c.Name, strings.Join(names, ", "))
}
