// Package golden compares test output with files under testdata and
// rewrites them when the tests run with -update. Every test package of the
// module imports it, so that `go test ./... -update` is a flag every test
// binary knows.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files under testdata")

// Check compares got with the golden file at path, or writes it with -update.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./... -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the output (go test ./... -update rewrites it):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
