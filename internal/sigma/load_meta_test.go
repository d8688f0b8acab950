package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestDecodeMetadataEqualsFullDecode checks that leaving the detection out
// of the metadata decode, and reading the metadata without reflection
// (fastMetadata), changes nothing but speed: the same metadata (but for the
// standard keys in the inline map, which are never read) and the same error
// as decoding the whole document.
func TestDecodeMetadataEqualsFullDecode(t *testing.T) {
	docs := []string{
		header + "  sel:\n    Image: a\n  condition: sel\n",
		header + "  sel:\n    Image: a\n    Image: b\n  condition: sel\n",           // duplicate key
		header + "  sel:\n    Image: !!int a\n  condition: sel\n",                   // tag that fails
		header + "  sel:\n    Image: !!str a\n  condition: sel\n",                   // tag that works
		header + "  base: &b\n    Image: a\n  sel:\n    <<: *b\n  condition: sel\n", // merge
		header + "  sel:\n    <<: x\n  condition: sel\n",                            // bad merge
		header + "  sel:\n    1: a\n    true: b\n  condition: sel\n",                // non-string keys
		header + "  sel:\n    ? [a, b]\n    : c\n  condition: sel\n",                // complex key
		header + "  sel:\n    - A: [1, 2.5, null, ~, yes]\n  condition: [sel]\n",    // nesting
		header + "  sel: &x\n    A: b\n  sel2: *x\n  condition: sel\n",              // alias
		"title: &t t\ndescription: *t\nlogsource: {product: windows}\ndetection: {sel: {A: b}, condition: sel}\n",
		"title: t\ntitle: u\nlogsource: {product: windows}\ndetection: {sel: {A: b}, condition: sel}\n",
		"title: t\nlogsource: {product: windows}\ndetection: {sel: {A: b}, condition: sel}\ndetection: {}\n",
		"title: t\ntags: notalist\nlogsource: {product: windows}\ndetection: {sel: {A: b}, condition: sel}\n",
		"title: t\ncustom: {a: [1, 2]}\nlogsource: {product: windows}\ndetection: {sel: {A: b}, condition: sel}\n",
		"title: t\nlogsource: {product: windows}\ndetection: !!map {sel: {A: b}, condition: sel}\n",
		"title: t\nlogsource: {product: windows}\n!!str detection: {sel: {A: b}, condition: sel}\n",
		"title: t\nlogsource: {product: windows}\ndetection: x\n",
		"title: t\nlogsource: {product: windows}\n",
	}
	for i, d := range docs {
		t.Run(fmt.Sprint(i), func(t *testing.T) { compareMetadataDecode(t, fmt.Sprint(i), []byte(d)) })
	}
	corpus := "../../../shared/corpus/sigmahq/rules"
	if testing.Short() {
		return
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Logf("%s is absent: checking the examples only", corpus)
		return
	}
	filepath.WalkDir(corpus, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".yml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		compareMetadataDecode(t, p, data)
		return nil
	})
}

func compareMetadataDecode(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			return
		} else if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		var full, fast metadata
		errFull := root.Decode(&full)
		errFast := decodeMetadata(root, &fast)
		if fmt.Sprint(errFull) != fmt.Sprint(errFast) {
			t.Errorf("%s: error %v, want %v", name, errFast, errFull)
		}
		for k := range standardKeys { // only the other keys of Rest are read
			delete(full.Rest, k)
			delete(fast.Rest, k)
		}
		if len(full.Rest) == 0 {
			full.Rest = nil
		}
		if len(fast.Rest) == 0 {
			fast.Rest = nil
		}
		if !reflect.DeepEqual(full, fast) {
			t.Errorf("%s: metadata\n%+v\nwant\n%+v", name, fast, full)
		}
	}
}
