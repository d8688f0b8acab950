package sigma

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlV3 parses data with yaml.v3: its one document, comments dropped, or
// false when it holds another number of documents or does not parse.
func yamlV3(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, false
	}
	dropComments(&doc)
	return &doc, true
}

func dropComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		dropComments(c)
	}
}

// checkFast compares the fast reader with yaml.v3 on data: where the fast
// reader reads a file, the trees must be equal; it reports whether it read it.
func checkFast(t *testing.T, name string, data []byte) bool {
	t.Helper()
	fast, ok := fastDocument(data)
	if !ok {
		return false
	}
	want, ok := yamlV3(data)
	if !ok {
		t.Errorf("%s: the fast reader read what yaml.v3 refuses", name)
		return true
	}
	if !reflect.DeepEqual(fast, want) {
		t.Errorf("%s: the fast reader differs from yaml.v3:\n%s", name, firstDifference(fast, want, "doc"))
	}
	return true
}

// firstDifference names the first node where two trees differ.
func firstDifference(a, b *yaml.Node, path string) string {
	if len(a.Content) == len(b.Content) {
		for i := range a.Content {
			if d := firstDifference(a.Content[i], b.Content[i], path+"/"+a.Content[i].Value); d != "" {
				return d
			}
		}
	}
	if reflect.DeepEqual(a, b) {
		return ""
	}
	ca, cb := *a, *b
	ca.Content, cb.Content = nil, nil
	return path + ":\nfast   " + strings.ReplaceAll(strings.TrimSpace(fmtNode(&ca)), "\n", " ") + "\nyaml.v3 " + strings.ReplaceAll(strings.TrimSpace(fmtNode(&cb)), "\n", " ")
}

func fmtNode(n *yaml.Node) string {
	return strings.Join([]string{n.Tag, n.Value, itoa(int(n.Kind)), itoa(int(n.Style)), itoa(n.Line), itoa(n.Column), itoa(len(n.Content))}, " | ")
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestFastDocumentCases: each construct the fast reader knows gives
// yaml.v3's tree, and each it does not know makes it decline.
func TestFastDocumentCases(t *testing.T) {
	read := []string{
		"a: b\n",
		"# head\ntitle: x # trailing\nn: 1\nf: 1.5\nb: true\nd: 2024-01-02\nnul: null\n",
		"k:\n    - a\n    - 'b''c'\n    - \"d\\\\e\\\"f\"\n",
		"k:\n- a\n- b\nz: 1\n",
		"k:\n    - x: 1\n      y: 2\n    - - nested\n",
		"d: a long\n    text that folds\n\n    over lines\ne: f\n",
		"t: [a, 'b c', \"d\", 1]\nu: []\n",
		"l: |\n    line 1\n      indented\n\n    line 3\n\nm: >\n    folded\n    text\n\n    para\nn: |-\n    stripped\n",
		"'|all':\n    - 'x'\n\"q\": -enc\n",
		"a:\n    b:\n        c: http://x/y?z=1\n",
	}
	for _, src := range read {
		if !checkFast(t, src, []byte(src)) {
			t.Errorf("the fast reader declined:\n%s", src)
		}
	}
	declined := []string{
		"a: &x 1\nb: *x\n",
		"a: !!str 1\n",
		"a: {b: c}\n",
		"a:\n",
		"a: 'multi\n    line'\n",
		"a: \"\\x41\"\n",
		"a: b\n---\nc: d\n",
		"a:\tb\n",
		"a: é\n",
		"a: |+\n    keep\n\n",
		"a: >\n    folded\n      more indented\n",
		"a: b: c\n",
		"a:b\n",
		"- a\nb: c\n",
		"a: [b,\n    c]\n",
		"a: <<\n",
		"a: - b\n",
		"  a: b\n c: d\n",
	}
	for _, src := range declined {
		if _, ok := fastDocument([]byte(src)); ok {
			t.Errorf("the fast reader read what it should leave to yaml.v3:\n%s", src)
		}
	}
}

// TestFastDocumentMatchesYAML reads every rule the repository holds, and
// the public corpus when it is there, with both readers.
func TestFastDocumentMatchesYAML(t *testing.T) {
	dirs := []string{"../../rules", "../../testdata"}
	corpus := "../../../shared/corpus/sigmahq/rules"
	if _, err := os.Stat(corpus); err == nil && !testing.Short() {
		dirs = append(dirs, corpus)
	}
	for _, dir := range dirs {
		files, fast := 0, 0
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files++
			if checkFast(t, p, data) {
				fast++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: the fast reader read %d of %d files", dir, fast, files)
	}
}

// corpusTexts reads the public corpus for the YAML benchmarks.
func corpusTexts(b *testing.B) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("../../../shared/corpus/sigmahq/rules", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") {
			return err
		}
		data, err := os.ReadFile(p)
		out = append(out, data)
		return err
	})
	if err != nil || len(out) == 0 {
		b.Skipf("the corpus is absent: %v", err)
	}
	return out
}

// BenchmarkYAMLDocuments parses the corpus's YAML as Load does (the fast
// reader, yaml.v3 for the files it declines) and with yaml.v3 alone.
func BenchmarkYAMLDocuments(b *testing.B) {
	texts := corpusTexts(b)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				var doc yaml.Node
				_ = newDocumentDecoder(t).Decode(&doc)
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				var doc yaml.Node
				_ = yaml.NewDecoder(bytes.NewReader(t)).Decode(&doc)
			}
		}
	})
}

// TestFastMetadataMatchesDecode compares fastMetadata with yaml.v3's
// decode on every rule the repository holds and the public corpus.
func TestFastMetadataMatchesDecode(t *testing.T) {
	dirs := []string{"../../rules", "../../testdata/rules"}
	corpus := "../../../shared/corpus/sigmahq/rules"
	if _, err := os.Stat(corpus); err == nil && !testing.Short() {
		dirs = append(dirs, corpus)
	}
	for _, dir := range dirs {
		files, fast := 0, 0
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var doc yaml.Node
			if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
				return nil
			}
			files++
			var got metadata
			if !fastMetadata(doc.Content[0], &got) {
				return nil
			}
			fast++
			var want metadata
			if err := doc.Content[0].Decode(&want); err != nil {
				t.Errorf("%s: fastMetadata read what the decode refuses: %v", p, err)
				return nil
			}
			want.Rest = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: fastMetadata differs from the decode:\n%+v\n%+v", p, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: fastMetadata read %d of %d rules", dir, fast, files)
	}
}

// TestPlainNodeTags: the tag of every plain scalar yaml.v3 resolves by name
// or by number, and strings that only look like them.
func TestPlainNodeTags(t *testing.T) {
	for _, v := range []string{"true", "True", "TRUE", "tRUE", "yes", "no", "on", "off", "y", "~", "null", "Null", "NULL", "nul",
		"false", "False", "FALSE", "Off", "1", "-1", "+1", "0x1F", "0o17", "1.5", ".5", ".nan", ".inf", "-.inf", "1e3", "2024-01-02",
		"2024-01-02T03:04:05Z", "1_000", "-", "-a", ".a", "Tool.exe", "file"} {
		want := (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag()
		if got := (&fastReader{}).plain(v, 1, 1).Tag; got != want {
			t.Errorf("%q: tag %s, want %s", v, got, want)
		}
	}
}

// FuzzFastDocument: on any input the fast reader accepts, its tree is
// yaml.v3's; it never panics on the rest.
func FuzzFastDocument(f *testing.F) {
	for _, seed := range []string{
		"title: t\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image|endswith: '\\\\a.exe'\n  condition: sel\n",
		"a: |\n  x\n  y\nb: [1, 'two', \"three\"]\n",
		"a: >-\n  folded\n  text\n- b\n",
		"k: \"esc \\\" \\\\ \\t\"\nl:\n  - - x\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFast(t, "fuzz input", data)
	})
}
