package sigma

import (
	"path"
	"strings"
	"sync"
	"sync/atomic"

	sigmago "github.com/bradleyjkemp/sigma-go"
	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// conditions parses the condition (or list of conditions) with sigma-go, or
// with the fallback parser where sigma-go rejects it, and lowers each to an
// expression over the lowered searches.
func (l *lowerer) conditions(n *yaml.Node) []ir.Expr {
	var nodes []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		nodes = []*yaml.Node{n}
	case yaml.SequenceNode:
		nodes = n.Content
	default:
		l.errorf(n, "condition must be a string or a list of strings")
		return nil
	}
	var out []ir.Expr
	for _, c := range nodes {
		c = resolveAlias(c)
		if c.Kind != yaml.ScalarNode {
			l.errorf(c, "condition must be a string")
			continue
		}
		cl := &condLowerer{l: l, node: c}
		parsed, err := parseCondition(c.Value)
		if err != nil {
			// sigma-go's lexer rejects some conditions the specification
			// allows ("1 of selection_1_*"); those go to rosetta's own
			// parser (condparse.go), which reports what it rejects too.
			e, serr := cl.parseFallback(c.Value)
			if serr != nil {
				l.errs.Add(cl.offsetPos(serr.off), "invalid condition %q: %s", c.Value, serr.msg)
				continue
			}
			if e != nil {
				out = append(out, e)
			}
			continue
		}
		if parsed.Aggregation != nil {
			l.errorf(c, "aggregation %q: not supported: Sigma 2 expresses aggregations as correlation rules", strings.TrimSpace(c.Value))
			continue
		}
		if e := cl.expr(parsed.Search); e != nil {
			out = append(out, e)
		}
	}
	if len(l.errs) > 0 {
		return nil
	}
	return out
}

// parsedCondition is sigma-go's result for one condition text.
type parsedCondition struct {
	cond sigmago.Condition
	err  error
}

// conditionCache holds sigma-go's parse of each condition text seen in this
// process: corpora repeat a few conditions ("selection", "all of
// selection_*", "selection and not filter") thousands of times, and the
// parse is pure. It is safe for the loaders running on every CPU; the
// cached values are only read. It stops growing at maxCachedConditions
// entries so that a long-running process (a fuzzer) stays bounded.
var (
	conditionCache  sync.Map // string -> *parsedCondition
	cachedCondCount atomic.Int64
)

const maxCachedConditions = 1 << 14

// parseCondition is sigmago.ParseCondition, remembered by text.
func parseCondition(text string) (sigmago.Condition, error) {
	if v, ok := conditionCache.Load(text); ok {
		p := v.(*parsedCondition)
		return p.cond, p.err
	}
	cond, err := sigmago.ParseCondition(text)
	if cachedCondCount.Load() < maxCachedConditions {
		if _, loaded := conditionCache.LoadOrStore(text, &parsedCondition{cond, err}); !loaded {
			cachedCondCount.Add(1)
		}
	}
	return cond, err
}

// condLowerer lowers one parsed condition. Positions inside the condition
// string are found by looking the identifier up in the text, since sigma-go
// keeps none.
type condLowerer struct {
	l    *lowerer
	node *yaml.Node
}

func (c *condLowerer) posOf(word string) diag.Pos {
	return c.offsetPos(strings.Index(c.node.Value, word))
}

func (c *condLowerer) expr(e sigmago.SearchExpr) ir.Expr {
	pos := c.l.pos(c.node)
	switch x := e.(type) {
	case sigmago.And:
		return c.list(&ir.And{Pos: pos}, x)
	case sigmago.Or:
		return c.list(&ir.Or{Pos: pos}, x)
	case sigmago.Not:
		arg := c.expr(x.Expr)
		if arg == nil {
			return nil
		}
		return &ir.Not{Arg: arg, Pos: pos}
	case sigmago.SearchIdentifier:
		s := c.lookup(x.Name)
		if s == nil {
			return nil
		}
		return s.expr
	case sigmago.OneOfIdentifier:
		return c.ofSearch(x.Ident.Name, false)
	case sigmago.AllOfIdentifier:
		return c.ofSearch(x.Ident.Name, true)
	case sigmago.OneOfPattern:
		return c.ofPattern(x.Pattern, false)
	case sigmago.AllOfPattern:
		return c.ofPattern(x.Pattern, true)
	case sigmago.OneOfThem:
		return c.ofPattern("*", false)
	case sigmago.AllOfThem:
		return c.ofPattern("*", true)
	}
	c.l.errs.Add(pos, "condition construct %T: not supported", e)
	return nil
}

func (c *condLowerer) list(into ir.Expr, items []sigmago.SearchExpr) ir.Expr {
	var args []ir.Expr
	for _, it := range items {
		a := c.expr(it)
		if a == nil {
			return nil
		}
		args = append(args, a)
	}
	switch n := into.(type) {
	case *ir.And:
		n.Args = args
	case *ir.Or:
		n.Args = args
	}
	return into
}

func (c *condLowerer) lookup(name string) *search { return c.lookupAt(name, c.posOf(name)) }

func (c *condLowerer) lookupAt(name string, pos diag.Pos) *search {
	s, ok := c.l.searches[name]
	if !ok {
		c.l.errs.Add(pos, "condition names search %q, which the detection does not define", name)
		return nil
	}
	return s
}

// ofSearch lowers "1 of name" and "all of name": for a search written as a
// list of maps, any or all of its elements; otherwise the search itself.
func (c *condLowerer) ofSearch(name string, all bool) ir.Expr {
	return c.ofSearchAt(name, all, c.posOf(name))
}

func (c *condLowerer) ofSearchAt(name string, all bool, pos diag.Pos) ir.Expr {
	s := c.lookupAt(name, pos)
	if s == nil {
		return nil
	}
	if all && len(s.alts) > 1 {
		return &ir.And{Args: s.alts, Pos: pos}
	}
	return s.expr
}

// ofPattern lowers "1 of pattern" / "all of pattern" and "them". Searches
// whose names start with "_" are left out of "them", as the specification
// says.
func (c *condLowerer) ofPattern(pattern string, all bool) ir.Expr {
	return c.ofPatternAt(pattern, all, c.posOf(pattern))
}

func (c *condLowerer) ofPatternAt(pattern string, all bool, pos diag.Pos) ir.Expr {
	var args []ir.Expr
	for _, name := range c.l.order {
		if pattern == "*" && strings.HasPrefix(name, "_") {
			continue
		}
		if ok, _ := path.Match(pattern, name); ok {
			args = append(args, c.l.searches[name].expr)
		}
	}
	if len(args) == 0 {
		c.l.errs.Add(pos, "condition pattern %q matches no search", pattern)
		return nil
	}
	if len(args) == 1 {
		return args[0]
	}
	if all {
		return &ir.And{Args: args, Pos: pos}
	}
	return &ir.Or{Args: args, Pos: pos}
}
