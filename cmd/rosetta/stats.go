package main

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/diag"
)

// convertStats counts the outcome of one convert run for --stats.
type convertStats struct {
	target     string // backend/format
	loaded     int    // rules that loaded
	loadFailed int    // files with a load error (each counted as one rule)
	converted  int
	problems   diag.List
}

// causeRules normalize a message so that the same cause groups together:
// the rule-specific value (a field, a log source, a condition) is replaced
// by "…" and kept as a detail of the group. The first rule that matches
// decides; other messages group as they are.
var causeRules = []struct {
	re  *regexp.Regexp
	key string // regexp.Expand template; $1 is the detail
}{
	{regexp.MustCompile(`^field "(.*)": (no mapping to .*)$`), `field …: $2`},
	{regexp.MustCompile(`^fields: "(.*)": (no mapping to .*)$`), `fields: …: $2`},
	{regexp.MustCompile(`^field "(.*?)": value ".*?": (.*)$`), `field …: value …: $2`},
	{regexp.MustCompile(`^logsource (.*?): (.*: no pipeline gives it .*)$`), `logsource …: $2`},
	{regexp.MustCompile(`^invalid condition "(.*)": \d+:\d+: (.*)$`), `invalid condition …: $2`},
	{regexp.MustCompile(`^aggregation "(.*)": (.*)$`), `aggregation …: $2`},
	{regexp.MustCompile(`^condition names search "(.*)", (.*)$`), `condition names search …, $2`},
	{regexp.MustCompile(`^condition pattern "(.*)" (.*)$`), `condition pattern … $2`},
	{regexp.MustCompile(`^search "(.*?)" (.*)$`), `search … $2`},
	{regexp.MustCompile(`^keyword "(.*)": (.*)$`), `keyword …: $2`},
	{regexp.MustCompile(`^\w+ of length (\d+): (.*)$`), `length …: $2`},
}

var (
	spaces  = regexp.MustCompile(`\s+`)
	lineNum = regexp.MustCompile(`\bline \d+`)
)

// cause returns the group of a message and the rule-specific detail it
// stripped ("" when none).
func cause(msg string) (key, detail string) {
	msg = spaces.ReplaceAllString(strings.TrimSpace(msg), " ")
	for _, r := range causeRules {
		if m := r.re.FindStringSubmatchIndex(msg); m != nil {
			return string(r.re.ExpandString(nil, r.key, msg, m)), msg[m[2]:m[3]]
		}
	}
	return lineNum.ReplaceAllString(msg, "line N"), ""
}

// causeGroup is the problems of one cause.
type causeGroup struct {
	key     string
	count   int
	details map[string]int
}

// groupCauses groups the problems by cause, most frequent first (ties by
// message).
func groupCauses(l diag.List) []*causeGroup {
	byKey := map[string]*causeGroup{}
	var out []*causeGroup
	for _, d := range l {
		key, detail := cause(d.Msg)
		g := byKey[key]
		if g == nil {
			g = &causeGroup{key: key, details: map[string]int{}}
			byKey[key] = g
			out = append(out, g)
		}
		g.count++
		if detail != "" {
			g.details[detail]++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].count != out[j].count {
			return out[i].count > out[j].count
		}
		return out[i].key < out[j].key
	})
	return out
}

// maxDetails is how many rule-specific values a group lists.
const maxDetails = 5

// print writes the counts and the problems grouped by cause.
func (s *convertStats) print(w io.Writer) {
	total := s.loaded + s.loadFailed
	fmt.Fprintf(w, "%s: %s: %d converted, %d failed", s.target, plural(total, "rule"), s.converted, total-s.converted)
	if total > s.converted {
		fmt.Fprintf(w, " (%d did not load, %d did not convert)", s.loadFailed, s.loaded-s.converted)
	}
	fmt.Fprintln(w)
	groups := groupCauses(s.problems)
	if len(groups) == 0 {
		return
	}
	fmt.Fprintf(w, "problems by cause (%s):\n", plural(len(s.problems), "message"))
	width := len(fmt.Sprint(groups[0].count))
	for _, g := range groups {
		fmt.Fprintf(w, "  %*d  %s\n", width, g.count, g.key)
		if len(g.details) > 0 {
			fmt.Fprintf(w, "  %*s    %s\n", width, "", topDetails(g.details))
		}
	}
}

// topDetails lists the most frequent details with their counts.
func topDetails(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for i, k := range keys {
		if i == maxDetails {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-maxDetails))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", shorten(k, 60), m[k]))
	}
	return strings.Join(parts, ", ")
}

// shorten cuts s to at most n runes, marking the cut with "...".
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// unionStats counts, for each backend that runs in several formats, the
// rules that at least one of its formats converted (--stats with, say,
// -t kql/defender -t kql/sentinel: a rule converts to KQL when either
// table family holds it).
type unionStats struct {
	total     int                     // rules, those that did not load included
	backends  []string                // backends with several formats, in -t order
	formats   map[string][]string     // backend -> its formats in the run
	converted map[string]map[int]bool // backend -> indexes of converted rules
}

// newUnionStats prepares the counts of a run over targets.
func newUnionStats(targets []target, total int) *unionStats {
	u := &unionStats{total: total, formats: map[string][]string{}, converted: map[string]map[int]bool{}}
	for _, t := range targets {
		name := t.backend.Name()
		if len(u.formats[name]) == 0 {
			u.backends = append(u.backends, name)
			u.converted[name] = map[int]bool{}
		}
		u.formats[name] = append(u.formats[name], t.format)
	}
	return u
}

// add records that target t converted rule i.
func (u *unionStats) add(t target, i int) { u.converted[t.backend.Name()][i] = true }

// print writes one line per backend with several formats.
func (u *unionStats) print(w io.Writer) {
	for _, b := range u.backends {
		if fs := u.formats[b]; len(fs) > 1 {
			fmt.Fprintf(w, "%s (%s): %s: %d converted by at least one format\n",
				b, strings.Join(fs, ", "), plural(u.total, "rule"), len(u.converted[b]))
		}
	}
}
