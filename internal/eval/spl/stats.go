package spl

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// maxGroupsPerRow bounds the groups one row joins through multivalue by
// fields (one group per combination of values).
const maxGroupsPerRow = 10000

// aggregation is one stats/tstats function: fn(read) AS out.
type aggregation struct {
	fn   string // normalised: count, dc, values, list, min, max, sum, avg, first, last
	read string // field read from input rows ("" for count)
	out  string // output field name
}

// aggregations lists the supported functions and their normalised names.
var aggregations = map[string]string{
	"count": "count", "c": "count",
	"dc": "dc", "distinct_count": "dc",
	"values": "values", "list": "list",
	"min": "min", "max": "max",
	"sum": "sum", "avg": "avg", "mean": "avg",
	"first": "first", "last": "last", "earliest": "first", "latest": "last",
}

// groupStage is stats and tstats. tstats first keeps the events of its data
// model and its where clause; both then group by the by fields. A row whose
// by field is missing is dropped unless fillnull is set. Without by fields
// there is exactly one output row, even for no input rows.
type groupStage struct {
	name      string
	datamodel string // tstats: "Endpoint.Processes"
	where     cond   // tstats: lowered with Dataset.field -> field
	aggs      []aggregation
	byRead    []string // field read from input rows
	byOut     []string // output column name, as written in the query
	fillnull  *string
}

func (s *groupStage) run(rows []event.Event) []event.Event {
	if s.name == "tstats" {
		var kept []event.Event
		for _, r := range rows {
			if inDatamodel(r, s.datamodel) && (s.where == nil || s.where.test(&rowCtx{row: r})) {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	if len(s.byRead) == 0 {
		return []event.Event{s.aggregate(event.Event{}, rows)}
	}
	type group struct {
		key  []string
		rows []event.Event
	}
	var order []string
	groups := map[string]*group{}
	for _, r := range rows {
		combos := [][]string{nil}
		for _, f := range s.byRead {
			texts, present := fieldTexts(r, f)
			if !present {
				if s.fillnull == nil {
					combos = nil
					break
				}
				texts = []string{*s.fillnull}
			}
			var next [][]string
			for _, c := range combos {
				for _, t := range dedupe(texts) {
					next = append(next, append(append([]string(nil), c...), t))
				}
			}
			if len(next) > maxGroupsPerRow { // bound hostile multivalue products
				next = next[:maxGroupsPerRow]
			}
			combos = next
		}
		for _, c := range combos {
			k := strings.Join(c, "\x00")
			g, ok := groups[k]
			if !ok {
				g = &group{key: c}
				groups[k] = g
				order = append(order, k)
			}
			g.rows = append(g.rows, r)
		}
	}
	out := make([]event.Event, 0, len(order))
	for _, k := range order {
		g := groups[k]
		row := event.Event{}
		for i, name := range s.byOut {
			row[name] = g.key[i]
		}
		out = append(out, s.aggregate(row, g.rows))
	}
	return out
}

// inDatamodel: the event's _datamodel is the requested data set or a child.
func inDatamodel(r event.Event, dm string) bool {
	v, ok := r["_datamodel"]
	if !ok {
		return false
	}
	s, ok := event.String(v)
	return ok && (s == dm || strings.HasPrefix(s, dm+"."))
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (s *groupStage) aggregate(row event.Event, rows []event.Event) event.Event {
	for _, a := range s.aggs {
		if v, ok := a.compute(rows); ok {
			row[a.out] = v
		}
	}
	return row
}

// compute returns the aggregate over rows; ok is false when it is null.
func (a aggregation) compute(rows []event.Event) (any, bool) {
	if a.fn == "count" && a.read == "" {
		return json.Number(strconv.Itoa(len(rows))), true
	}
	var vals []string
	for _, r := range rows {
		t, _ := fieldTexts(r, a.read)
		vals = append(vals, t...)
	}
	switch a.fn {
	case "count":
		return json.Number(strconv.Itoa(len(vals))), true
	case "dc":
		return json.Number(strconv.Itoa(len(dedupe(vals)))), true
	}
	if len(vals) == 0 {
		return nil, false
	}
	switch a.fn {
	case "values", "list":
		if a.fn == "values" {
			vals = dedupe(vals)
			sort.Strings(vals)
		}
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = v
		}
		return out, true
	case "first":
		return vals[0], true
	case "last":
		return vals[len(vals)-1], true
	case "min", "max":
		return extreme(vals, a.fn == "max"), true
	case "sum", "avg":
		sum, n := 0.0, 0
		for _, v := range vals {
			if f, ok := parseNumber(v); ok {
				sum += f
				n++
			}
		}
		if n == 0 {
			return nil, false
		}
		if a.fn == "avg" {
			sum /= float64(n)
		}
		return json.Number(formatNumber(sum)), true
	}
	return nil, false
}

// extreme is the numeric min/max when every value is a number, else the
// lexicographic one.
func extreme(vals []string, max bool) string {
	numeric := true
	for _, v := range vals {
		if _, ok := parseNumber(v); !ok {
			numeric = false
			break
		}
	}
	best := vals[0]
	for _, v := range vals[1:] {
		var cmp int
		if numeric {
			a, _ := parseNumber(v)
			b, _ := parseNumber(best)
			cmp = compareFloat(a, b)
		} else {
			cmp = strings.Compare(v, best)
		}
		if (max && cmp > 0) || (!max && cmp < 0) {
			best = v
		}
	}
	return best
}

func (s *groupStage) String() string {
	var b strings.Builder
	b.WriteString(s.name)
	if s.fillnull != nil {
		fmt.Fprintf(&b, " fillnull_value=%q", *s.fillnull)
	}
	for _, a := range s.aggs {
		fmt.Fprintf(&b, " %s(%s) AS %s", a.fn, a.read, a.out)
	}
	if s.datamodel != "" {
		b.WriteString(" from datamodel=" + s.datamodel)
	}
	if s.where != nil {
		b.WriteString(" where " + s.where.String())
	}
	if len(s.byOut) > 0 {
		parts := make([]string, len(s.byOut))
		for i := range s.byOut {
			parts[i] = s.byOut[i]
			if s.byRead[i] != s.byOut[i] {
				parts[i] += "<-" + s.byRead[i]
			}
		}
		b.WriteString(" by " + strings.Join(parts, " "))
	}
	return b.String()
}
