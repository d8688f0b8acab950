package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/rosetta-sigma/rosetta/internal/eval"
	"github.com/rosetta-sigma/rosetta/internal/event"
)

// QueryCmd evaluates any query text on events.
type QueryCmd struct {
	Lang   string `required:"" enum:"spl,kql,eql" help:"Query language: spl, kql or eql."`
	Events string `required:"" type:"existingfile" help:"Events: JSONL, a JSON array, concatenated objects or Windows event exports."`
	Model  string `default:"" help:"Shape the events first with this ingest model: sigma, splunk, cim, defender, ecs."`
	Macros string `type:"existingfile" help:"For SPL: a macros.conf whose macros the query calls (rosetta convert -t splunk --format macros)."`
	Query  string `arg:"" help:"The query text, or @FILE to read it from a file."`
}

// Run prints each matching event as a JSON line, then the count.
func (c *QueryCmd) Run(e *env) error {
	text := c.Query
	if len(text) > 1 && text[0] == '@' {
		b, err := os.ReadFile(text[1:])
		if err != nil {
			return err
		}
		text = string(b)
	}
	var opts eval.Options
	if c.Macros != "" {
		b, err := os.ReadFile(c.Macros)
		if err != nil {
			return err
		}
		opts.Macros = string(b)
	}
	q, err := eval.Compile(c.Lang, text, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "query:%v\n", err)
		return exitError(1)
	}
	events, err := event.DecodeFile(c.Events)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitError(1)
	}
	shape := func(ev event.Event) (event.Event, bool) { return ev, true }
	if c.Model != "" {
		m, ok := event.ModelByName(c.Model)
		if !ok {
			return fmt.Errorf("unknown model %q", c.Model)
		}
		shape = m.Shape
	}
	enc := json.NewEncoder(e.stdout)
	n := 0
	for _, raw := range events {
		ev, ok := shape(unwrapSample(raw))
		if !ok || !q.Match(ev) {
			continue
		}
		n++
		if err := enc.Encode(ev); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "%d of %d events match\n", n, len(events))
	return nil
}

// unwrapSample takes the raw event out of a line of a rule's samples file
// ({"expect": ..., "note": ..., "event": {...}}), so that those files can be
// queried too.
func unwrapSample(ev event.Event) event.Event {
	inner, ok := ev["event"].(map[string]any)
	if _, labelled := ev["expect"]; ok && labelled {
		return event.Event(inner)
	}
	return ev
}
