// Package backends is the registry of rosetta's targets. The list is
// explicit: adding a backend is adding a line here, not an init side effect.
package backends

import (
	"sort"

	"github.com/rosetta-sigma/rosetta/backends/eql"
	"github.com/rosetta-sigma/rosetta/backends/kql"
	"github.com/rosetta-sigma/rosetta/backends/splunk"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// Backend is one target language.
type Backend interface {
	// Name is the value of convert -t.
	Name() string
	// Doc is one line for `rosetta backends`.
	Doc() string
	// Formats lists the output shapes; the first is the default.
	Formats() []render.Format
	// Pipelines returns the embedded default pipelines.
	Pipelines() ([]*pipeline.Pipeline, error)
	// NewConversion starts converting a batch of rules to one format, with
	// the user's pipelines added to the embedded ones.
	NewConversion(format string, user []*pipeline.Pipeline) (render.Conversion, error)
}

var registry = []Backend{
	splunk.Backend{},
	kql.Backend{},
	eql.Backend{},
}

// All returns the backends sorted by name.
func All() []Backend {
	out := append([]Backend(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Lookup finds a backend by name.
func Lookup(name string) (Backend, bool) {
	for _, b := range registry {
		if b.Name() == name {
			return b, true
		}
	}
	return nil, false
}
