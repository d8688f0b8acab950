package pipeline

import (
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// buildChangeLogsource sets the rule's log source (pySigma's
// change_logsource): as in pySigma the whole log source is replaced, so a
// key left out (category, product, service) becomes empty. Later
// transformations, of this pipeline and of the ones after it, see the new
// log source in their logsource rule conditions; the input rule is not
// changed.
func buildChangeLogsource(p *parser, f map[string]*yaml.Node) (step, bool) {
	var ls ir.Logsource
	ok := true
	for _, k := range []struct {
		name string
		dst  *string
	}{{"category", &ls.Category}, {"product", &ls.Product}, {"service", &ls.Service}} {
		n := f[k.name]
		if n == nil {
			continue
		}
		if n.Kind != yaml.ScalarNode {
			p.errorf(n, "change_logsource: %s must be a string", k.name)
			ok = false
			continue
		}
		*k.dst = n.Value
	}
	if !ok {
		return nil, false
	}
	if ls == (ir.Logsource{}) {
		p.errorf(f["type"], "change_logsource needs category, product or service")
		return nil, false
	}
	return func(t *Transformation, r *Result, _ *diag.List) {
		r.Rule.Logsource = ls
	}, true
}
