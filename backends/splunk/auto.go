package splunk

import (
	"errors"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// autoConversion is --format auto: the tstats search when the rule's log
// source and every field it uses are in a CIM data model, else the plain
// search, whose file carries a note giving tstats' first refusal. A rule
// the plain search refuses too has the plain search's errors.
type autoConversion struct {
	tstats, search *render.QueryConversion
}

// Convert implements render.Conversion.
func (c *autoConversion) Convert(rule *ir.Rule) ([]render.File, error) {
	files, _, err := c.convert(rule)
	return files, err
}

// convert is Convert, also saying whether it wrote the tstats search.
func (c *autoConversion) convert(rule *ir.Rule) ([]render.File, bool, error) {
	files, terr := c.tstats.Convert(rule)
	if terr == nil {
		return files, true, nil
	}
	files, err := c.search.Convert(rule)
	if err != nil {
		return nil, false, err
	}
	why := terr.Error()
	var l diag.List
	if errors.As(terr, &l) && len(l) > 0 {
		why = l[0].Msg
	}
	for i := range files {
		files[i].Note = "splunk auto: " + why + "; emitted the plain search"
	}
	return files, false, nil
}

// Concurrent implements render.ConcurrentConversion: both formats keep
// nothing between rules.
func (c *autoConversion) Concurrent() {}

// Finish implements render.Conversion.
func (c *autoConversion) Finish() []render.File { return nil }
