package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/pipeline"
	"github.com/rosetta-sigma/rosetta/internal/render"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// ConvertCmd converts rules to one format of one backend, or, with -t
// given more than once, to each target in turn from rules loaded once.
type ConvertCmd struct {
	Targets   []string `short:"t" name:"target" required:"" help:"Target backend, or backend/format (see 'rosetta backends'); repeatable: the rules are loaded once and converted to each."`
	Format    string   `short:"f" help:"Output format of the targets that name none; the backend's first format by default."`
	Pipelines []string `short:"p" name:"pipeline" type:"existingfile" help:"A pipeline file to apply on top of the backend's own (repeatable)."`
	Filters   []string `name:"filter" type:"path" help:"A Sigma filter file, or a folder of them, to add to the rules it names (repeatable)."`
	Profile   string   `type:"existingfile" help:"A deployment profile (YAML) for the deployment formats (splunk/app, eql/rule, kql/sentinel-rule) instead of the embedded one ('rosetta profile' prints it)."`
	Output    string   `short:"o" type:"path" help:"Write one file per rule into this folder instead of standard output (with several targets, into DIR/<backend>-<format>/)."`
	Stats     bool     `help:"After converting, print to standard error how many rules converted and failed, and the problems grouped by cause (per target)."`
	Quiet     bool     `short:"q" help:"Do not print the problem of each rule (the exit status still says whether any failed)."`
	Paths     []string `arg:"" help:"Rule files, folders (searched for *.yml and *.yaml), or - for standard input."`
}

// target is one backend and format to convert to.
type target struct {
	backend backends.Backend
	format  string
}

func (t target) String() string { return t.backend.Name() + "/" + t.format }

// targets resolves the -t values: backend or backend/format, the format
// defaulting to -f, then to the backend's first.
func (c *ConvertCmd) targets() ([]target, error) {
	var out []target
	seen := map[string]bool{}
	for _, spec := range c.Targets {
		name, format, _ := strings.Cut(spec, "/")
		b, ok := backends.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown target %q (one of: %s)", name, backendNames())
		}
		if format == "" {
			format = c.Format
		}
		if format == "" {
			format = b.Formats()[0].Name
		}
		if !hasFormat(b, format) {
			return nil, fmt.Errorf("%s: unknown format %q (one of: %s)", b.Name(), format, formatNames(b))
		}
		t := target{b, format}
		if seen[t.String()] {
			return nil, fmt.Errorf("target %s given twice", t)
		}
		seen[t.String()] = true
		out = append(out, t)
	}
	return out, nil
}

// Run converts every rule it finds, reporting problems as
// file:line:col: message and carrying on with the other rules. With
// several targets the rules are loaded once; standard output gets each
// target's output in turn, under a "==> backend/format <==" line and
// after a blank line, and each conversion problem names its target.
func (c *ConvertCmd) Run(e *env) error {
	targets, err := c.targets()
	if err != nil {
		return err
	}
	multi := len(targets) > 1
	src := newSources(e.stdin)
	user, err := src.userPipelines(e, c.Pipelines)
	if err != nil {
		return err
	}
	profile, err := src.profile(e, c.Profile)
	if err != nil {
		return err
	}
	convs := make([]render.Conversion, len(targets))
	for i, t := range targets {
		if convs[i], err = t.backend.NewConversion(t.format, user); err != nil {
			return err
		}
		if d, ok := convs[i].(render.Deployer); ok {
			d.UseProfile(profile)
		}
	}
	var loadErrs, filtErrs diag.List
	filters := src.filters(c.Filters, &filtErrs)
	rules := src.rules(c.Paths, &loadErrs)
	loaded, loadFailed := len(rules), filesIn(loadErrs)
	loadErrs = append(loadErrs, filtErrs...)
	rules = applyFilters(rules, filters)

	all := append(diag.List(nil), loadErrs...) // what is printed
	var notes []string
	var stats []convertStats
	union := newUnionStats(targets, loaded+loadFailed)
	for i, t := range targets {
		conv := convs[i]
		st := convertStats{target: t.String(), loaded: loaded, loadFailed: loadFailed}
		var (
			files []render.File
			errs  diag.List
		)
		outs, convErrs := convertRules(conv, rules)
		for j, r := range rules {
			if convErrs[j] == nil {
				st.converted++
				union.add(t, j)
			}
			errs.Append(r.Pos, convErrs[j])
			files = append(files, outs[j]...)
		}
		files = append(files, conv.Finish()...)
		if err := c.write(e.stdout, t, i, multi, files); err != nil {
			return err
		}
		for _, f := range files {
			if f.Note != "" && f.Rule != nil {
				note := f.Note
				if multi {
					note = t.String() + ": " + note
				}
				notes = append(notes, fmt.Sprintf("%s: note: %s\n", f.Rule.Pos, note))
			}
		}
		for _, d := range errs {
			if multi {
				d = &diag.Diagnostic{Pos: d.Pos, Msg: t.String() + ": " + d.Msg}
			}
			all = append(all, d)
		}
		if c.Stats {
			st.problems = append(append(diag.List(nil), loadErrs...), errs...)
			st.problems.Sort()
			stats = append(stats, st)
		}
	}
	all.Sort()
	if !c.Quiet {
		for _, n := range notes {
			io.WriteString(e.stderr, n)
		}
		diag.Print(e.stderr, all, 0, src.text)
	}
	for _, st := range stats {
		st.print(e.stderr)
	}
	if c.Stats {
		union.print(e.stderr)
	}
	if len(all) > 0 {
		return exitError(1)
	}
	return nil
}

// convertRules converts each rule, on every CPU when the conversion keeps
// nothing between rules (render.ConcurrentConversion), and returns the
// files and the error of each rule in the rules' order.
func convertRules(conv render.Conversion, rules []*ir.Rule) ([][]render.File, []error) {
	files := make([][]render.File, len(rules))
	errs := make([]error, len(rules))
	one := func(i int) { files[i], errs[i] = conv.Convert(rules[i]) }
	if _, ok := conv.(render.ConcurrentConversion); ok {
		parallel(len(rules), one)
	} else {
		for i := range rules {
			one(i)
		}
	}
	return files, errs
}

// write writes one target's files: to standard output (with several
// targets, after a blank line between targets and a header naming the
// target), or into -o DIR (with several targets, DIR/<backend>-<format>).
func (c *ConvertCmd) write(w io.Writer, t target, i int, multi bool, files []render.File) error {
	dir := c.Output
	if multi {
		if dir != "" {
			dir = filepath.Join(dir, t.backend.Name()+"-"+t.format)
		} else {
			sep := ""
			if i > 0 {
				sep = "\n"
			}
			if _, err := fmt.Fprintf(w, "%s==> %s <==\n", sep, t); err != nil {
				return err
			}
		}
	}
	return writeFiles(w, dir, files)
}

// filesIn counts the files the diagnostics are about.
func filesIn(l diag.List) int {
	seen := map[string]bool{}
	for _, d := range l {
		seen[d.Pos.File] = true
	}
	return len(seen)
}

func backendNames() string {
	var names []string
	for _, b := range backends.All() {
		names = append(names, b.Name())
	}
	return strings.Join(names, ", ")
}

func hasFormat(b backends.Backend, name string) bool {
	for _, f := range b.Formats() {
		if f.Name == name {
			return true
		}
	}
	return false
}

func formatNames(b backends.Backend) string {
	var names []string
	for _, f := range b.Formats() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

func loadPipelines(paths []string, src *sources) ([]*pipeline.Pipeline, diag.List) {
	var (
		out  []*pipeline.Pipeline
		errs diag.List
	)
	for _, p := range paths {
		data, err := src.read(p)
		if err != nil {
			errs.Add(diag.Pos{File: p}, "%v", err)
			continue
		}
		pl, err := pipeline.Parse(p, data)
		if err != nil {
			errs.Append(diag.Pos{File: p}, err)
			continue
		}
		out = append(out, pl)
	}
	return out, errs
}

// userPipelines loads the -p pipelines; their problems are printed and end
// the command with status 1.
func (s *sources) userPipelines(e *env, paths []string) ([]*pipeline.Pipeline, error) {
	user, errs := loadPipelines(paths, s)
	if len(errs) > 0 {
		diag.Print(e.stderr, errs, 0, s.text)
		return nil, exitError(1)
	}
	return user, nil
}

// profile loads the --profile file, or the embedded profile when there is
// none; its problems are printed and end the command with status 1.
func (s *sources) profile(e *env, path string) (*deploy.Profile, error) {
	if path == "" {
		return deploy.Default(), nil
	}
	data, err := s.read(path)
	if err != nil {
		return nil, err
	}
	p, errs := deploy.Parse(path, data)
	if len(errs) > 0 {
		diag.Print(e.stderr, errs, 0, s.text)
		return nil, exitError(1)
	}
	return p, nil
}

// sources reads rule and pipeline files and keeps their text for the source
// lines under diagnostics.
type sources struct {
	stdin io.Reader
	texts map[string][]byte
}

func newSources(stdin io.Reader) *sources {
	return &sources{stdin: stdin, texts: map[string][]byte{}}
}

func (s *sources) read(path string) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = io.ReadAll(s.stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err == nil {
		s.texts[path] = data
	}
	return data, err
}

func (s *sources) text(path string) []byte { return s.texts[path] }

// rules loads the rules of every path: files as given, folders searched
// recursively for *.yml and *.yaml in name order, "-" from standard input.
// Files are read and parsed on every CPU; the rules and problems come out
// in the order of the files.
func (s *sources) rules(paths []string, errs *diag.List) []*ir.Rule {
	files := expandPaths(paths, errs)
	type loaded struct {
		data  []byte
		err   error
		rules []*ir.Rule
		errs  diag.List
	}
	res := make([]loaded, len(files))
	load := func(i int) {
		r := &res[i]
		if files[i] != "-" {
			r.data, r.err = os.ReadFile(files[i])
		}
		if r.err == nil {
			r.rules, r.errs = sigma.Load(files[i], r.data)
		}
	}
	for i, f := range files { // standard input, once and in order, before the workers
		if f == "-" {
			res[i].data, res[i].err = io.ReadAll(s.stdin)
		}
	}
	parallel(len(files), load)
	var out []*ir.Rule
	for i, f := range files {
		r := &res[i]
		if r.err != nil {
			errs.Add(diag.Pos{File: f}, "%v", r.err)
			continue
		}
		s.texts[f] = r.data
		*errs = append(*errs, r.errs...)
		out = append(out, r.rules...)
	}
	return out
}

func expandPaths(paths []string, errs *diag.List) []string {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			errs.Add(diag.Pos{File: p}, "%v", unwrapPathError(err))
			continue
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs.Add(diag.Pos{File: path}, "%v", unwrapPathError(err))
				return nil
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			errs.Add(diag.Pos{File: p}, "%v", err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// parallel runs fn(0) … fn(n-1) on every CPU and returns when all are done.
func parallel(n int, fn func(i int)) {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// noOutput reports whether a file only carries a note (render.File).
func noOutput(f render.File) bool { return f.Name == "" && f.Text == "" }

// writeFiles prints the files to w, or writes them into dir when it is set
// (a name with folders, such as a Splunk app's default/savedsearches.conf,
// in those folders under dir). Two rules whose files share a name get
// numbered names. A file with neither name nor text only carries a note.
func writeFiles(w io.Writer, dir string, files []render.File) error {
	files = slices.DeleteFunc(slices.Clone(files), noOutput)
	if dir == "" {
		bw := bufio.NewWriter(w)
		for _, f := range files {
			if _, err := io.WriteString(bw, f.Text); err != nil {
				return err
			}
			if !strings.HasSuffix(f.Text, "\n") {
				bw.WriteByte('\n')
			}
		}
		return bw.Flush()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	used := map[string]int{}
	names := make([]string, len(files))
	last := map[string]int{} // the file written under a name: the last, as in order
	for i, f := range files {
		name := f.Name
		if n := used[f.Name]; n > 0 {
			ext := filepath.Ext(name)
			name = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), n+1, ext)
		}
		used[f.Name]++
		names[i] = name
		last[name] = i
	}
	// The files are written on every CPU; the error is the first in order.
	errs := make([]error, len(files))
	parallel(len(files), func(i int) {
		if last[names[i]] == i {
			errs[i] = writeFile(filepath.Join(dir, names[i]), files[i].Text)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes text to path, making its folders first.
func writeFile(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
