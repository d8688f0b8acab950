package spl

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/dlclark/regexp2"
)

// lowerer turns the parse tree into stages, reporting errors positioned in
// the source through the macro expansion map.
type lowerer struct {
	exp *expansion
	// fixed, when set, positions every error (used for the text inside a
	// searchmatch() string, whose offsets are not in the query text).
	fixed *lexer.Position
}

func (l *lowerer) errorf(pos lexer.Position, format string, args ...any) error {
	if l.fixed != nil {
		pos = *l.fixed
	}
	return l.exp.errorAt(pos.Offset, format, args...)
}

// parseMessage is the unadorned message of a participle error.
func parseMessage(err error) string {
	var perr participle.Error
	if errors.As(err, &perr) {
		return perr.Message()
	}
	return err.Error()
}

func (l *lowerer) query(q *astQuery) ([]stage, error) {
	var stages []stage
	if q.Head.Search != nil {
		c, err := l.search(q.Head.Search, nil)
		if err != nil {
			return nil, err
		}
		stages = append(stages, searchStage(c))
	} else {
		p := q.Head.Piped
		if p.Cmd == nil || p.Cmd.Tstats == nil {
			return nil, l.errorf(p.Pos, "a search that starts with '|' must start with a generating command (tstats), not %s", l.commandName(p))
		}
	}
	all := q.Tail
	if q.Head.Piped != nil {
		all = append([]*astPiped{q.Head.Piped}, all...)
	}
	for i, p := range all {
		if p.Cmd != nil && p.Cmd.Tstats != nil && (i > 0 || q.Head.Search != nil) {
			return nil, l.errorf(p.Cmd.Pos, "tstats must be the first command")
		}
		s, err := l.piped(p)
		if err != nil {
			return nil, err
		}
		stages = append(stages, s)
	}
	return stages, nil
}

func (l *lowerer) commandName(p *astPiped) string {
	switch {
	case p.Where != nil:
		return "where"
	case p.Eval != nil:
		return "eval"
	case p.Cmd.Unknown != nil:
		return strconv.Quote(p.Cmd.Unknown.Name)
	}
	return "a streaming command"
}

func (l *lowerer) piped(p *astPiped) (stage, error) {
	switch {
	case p.Where != nil:
		e, err := l.expr(p.Where)
		if err != nil {
			return nil, err
		}
		if err := l.wantBool(p.Where.Pos, e, "where"); err != nil {
			return nil, err
		}
		return whereStage(e), nil
	case p.Eval != nil:
		s := &evalStage{}
		for _, a := range p.Eval {
			e, err := l.expr(a.Expr)
			if err != nil {
				return nil, err
			}
			s.fields = append(s.fields, fieldName(a.Field))
			s.exprs = append(s.exprs, e)
		}
		return s, nil
	}
	return l.command(p.Cmd)
}

func (l *lowerer) command(c *astCommand) (stage, error) {
	switch {
	case c.Search != nil:
		cnd, err := l.search(c.Search.Expr, nil)
		if err != nil {
			return nil, err
		}
		return searchStage(cnd), nil
	case c.Tstats != nil:
		return l.tstats(c.Tstats)
	case c.Stats != nil:
		return l.stats(c.Stats)
	case c.Regex != nil:
		field, negate := "_raw", false
		if t := c.Regex.Target; t != nil {
			field, negate = t.Field, t.Op == "!="
		}
		re, err := regexp2.Compile(unquote(c.Regex.Pattern), regexp2.None)
		if err != nil {
			return nil, l.errorf(c.Pos, "regex: invalid regular expression: %s", shorten(err.Error()))
		}
		re.MatchTimeout = regexTimeout
		return regexStage(field, negate, re), nil
	case c.Rename != nil:
		s := &renameStage{}
		for _, p := range c.Rename.Pairs {
			from, to := fieldName(p.From), fieldName(p.To)
			if strings.Count(to, "*") > 0 && strings.Count(to, "*") != strings.Count(from, "*") {
				return nil, l.errorf(p.Pos, "rename: %q and %q have different numbers of wildcards", from, to)
			}
			s.pairs = append(s.pairs, [2]string{from, to})
		}
		return s, nil
	case c.Convert != nil:
		return l.convert(c.Convert)
	case c.Fields != nil:
		names := fieldNames(c.Fields.Names)
		remove := c.Fields.Mode != nil && *c.Fields.Mode == "-"
		return &projectStage{name: "fields", patterns: names, remove: remove, internal: !remove}, nil
	case c.Table != nil:
		return &projectStage{name: "table", patterns: fieldNames(c.Table.Names)}, nil
	case c.HeadCmd != nil:
		n := 10
		if c.HeadCmd.Count != nil {
			v, err := strconv.Atoi(*c.HeadCmd.Count)
			if err != nil || v < 0 {
				return nil, l.errorf(c.Pos, "head: expected a non-negative count, got %q", *c.HeadCmd.Count)
			}
			n = v
		}
		return &headStage{n: n}, nil
	case c.Fillnull != nil:
		v := "0"
		if c.Fillnull.Value != nil {
			v = unquote(*c.Fillnull.Value)
		}
		return &fillnullStage{value: v, fields: fieldNames(c.Fillnull.Fields)}, nil
	}
	return nil, l.errorf(c.Pos, "unknown command %q", c.Unknown.Name)
}

// fieldName reads a field name token: quotes are removed.
func fieldName(s string) string {
	if strings.HasPrefix(s, `"`) || strings.HasPrefix(s, `'`) {
		return unquote(s)
	}
	return s
}

func fieldNames(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fieldName(s)
	}
	return out
}

// convertFunctions are the convert command's functions. None changes which
// rows exist, so they are all pass-through here.
var convertFunctions = map[string]bool{
	"auto": true, "ctime": true, "dur2sec": true, "memk": true, "mktime": true,
	"mstime": true, "none": true, "num": true, "rmcomma": true, "rmunit": true,
}

func (l *lowerer) convert(c *astConvert) (stage, error) {
	s := &convertStage{}
	var desc []string
	for _, f := range c.Funcs {
		if !convertFunctions[strings.ToLower(f.Name)] {
			return nil, l.errorf(f.Pos, "unknown convert function %q", f.Name)
		}
		field := fieldName(f.Field)
		d := fmt.Sprintf("%s(%s)", strings.ToLower(f.Name), field)
		if f.As != nil {
			s.copies = append(s.copies, [2]string{field, fieldName(*f.As)})
			d += " AS " + fieldName(*f.As)
		}
		desc = append(desc, d)
	}
	s.desc = strings.Join(desc, " ")
	return s, nil
}
