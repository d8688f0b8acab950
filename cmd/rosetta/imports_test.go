package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/rosetta-sigma/rosetta/"

// importRules says which module packages (and which outside modules) each
// package may import, so imports flow one way: the evaluator never sees the
// translator, and only internal/sigma touches sigma-go. A package prefix
// absent from the table may import anything; the first matching entry decides.
var importRules = []struct {
	pkg     string   // package path relative to the module, prefix match
	allowed []string // allowed module-relative or external import prefixes
}{
	{"internal/diag", nil},
	{"internal/golden", nil},
	// ir keeps a rule's custom attributes as YAML nodes, for their positions.
	{"internal/ir", []string{"internal/diag", "gopkg.in/yaml.v3"}},
	{"internal/attack", nil},
	{"internal/deploy", []string{"internal/ir", "internal/diag", "internal/attack", "gopkg.in/yaml.v3"}},
	{"internal/event", nil},
	{"internal/sigma", []string{"internal/ir", "internal/diag", "github.com/bradleyjkemp/sigma-go", "gopkg.in/yaml.v3"}},
	{"internal/pipeline", []string{"internal/ir", "internal/diag", "gopkg.in/yaml.v3"}},
	{"internal/render", []string{"internal/ir", "internal/diag", "internal/pipeline", "internal/deploy"}},
	{"internal/eval", []string{"internal/eval", "internal/event", "internal/diag", "github.com/alecthomas/participle/v2", "github.com/dlclark/regexp2"}},
	{"backends/splunk/", []string{"internal/ir", "internal/diag", "internal/pipeline", "internal/render", "internal/deploy", "internal/attack"}},
	// kql writes Sentinel analytic rules, which are YAML, with yaml.v3's encoder.
	{"backends/kql/", []string{"internal/ir", "internal/diag", "internal/pipeline", "internal/render", "internal/deploy", "internal/attack", "gopkg.in/yaml.v3"}},
	{"backends/eql/", []string{"internal/ir", "internal/diag", "internal/pipeline", "internal/render", "internal/deploy", "internal/attack"}},
	{"backends/", []string{"backends/", "internal/pipeline", "internal/render"}},
}

func TestImportDirection(t *testing.T) {
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel) + "/"
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, rule := range importRules {
			if !strings.HasPrefix(rel, rule.pkg) {
				continue
			}
			// The first rule that matches decides.
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
					continue // standard library
				}
				if !allowedImport(p, rule.allowed) {
					t.Errorf("%s imports %s; %s may import only %v", path, p, rule.pkg, rule.allowed)
				}
			}
			break
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func allowedImport(p string, allowed []string) bool {
	rel := strings.TrimPrefix(p, module)
	for _, a := range allowed {
		if strings.HasPrefix(rel, a) || strings.HasPrefix(p, a) {
			return true
		}
	}
	return false
}
