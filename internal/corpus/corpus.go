// Package corpus reads folders of Sigma rules for tests and benchmarks: the
// public SigmaHQ corpus of the project's shared folder, the repository's
// test rules, or any other folder. Each folder is read and loaded once per
// process.
package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// Public is the public SigmaHQ corpus, relative to the repository's root;
// a test in a package n folders deep finds it at strings.Repeat("../", n)
// + Public.
const Public = "../shared/corpus/sigmahq/rules"

// File is one rule file of a folder and what loading it gave.
type File struct {
	Path  string
	Data  []byte
	Rules []*ir.Rule
	Errs  diag.List
}

var (
	mu     sync.Mutex
	loaded = map[string]*folder{}
)

type folder struct {
	once  sync.Once
	files []File
	err   error
}

// Load reads and loads every .yml and .yaml file under dir, in path order.
func Load(dir string) ([]File, error) {
	mu.Lock()
	f, ok := loaded[dir]
	if !ok {
		f = &folder{}
		loaded[dir] = f
	}
	mu.Unlock()
	f.once.Do(func() { f.files, f.err = read(dir) })
	return f.files, f.err
}

func read(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, File{Path: path, Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for i := range files {
		files[i].Rules, files[i].Errs = sigma.Load(files[i].Path, files[i].Data)
	}
	return files, nil
}

// Require loads dir for a test or benchmark, which it skips, saying why,
// when dir is absent (the shared folder does not come with a clone) or
// when tests run with -short (a corpus run takes a while).
func Require(tb testing.TB, dir string) []File {
	tb.Helper()
	if testing.Short() {
		tb.Skip("the corpus run takes a while; skipped with -short")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("%s is absent (it comes with the project's shared folder): skipping", dir)
	}
	files, err := Load(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Skipf("no rules under %s", dir)
	}
	return files
}
