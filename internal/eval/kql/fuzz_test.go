package kql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzCompile checks that no input makes Compile panic (it would report an
// "internal error") or hang, and that Match on a compiled query does not
// panic either.
func FuzzCompile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "valid", "*.kql"))
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(string(src))
		}
	}
	for _, seed := range []string{
		`DeviceProcessEvents | where FileName has "x" and not(ProcessId > 1)`,
		`let f = (T:(*)) { T }; DeviceProcessEvents | invoke f() | summarize count() by A`,
		`T | where a in~ ("x", 'y') or b !in (1, 2) or c matches regex @"\d+"`,
		`T | where ipv4_is_in_range(ip, "10.0.0.0/8") | project a, b = c | take 1`,
		"T | where x == ```a\nb``` or y == h@'z'",
		`T | where (((a)))`,
		`T | where datetime(2024-01-01) < t | extend z = dynamic([1, "a", null])`,
		`let v = view () { T }; v | distinct a | count`,
		`T | where "C:\Windows"`,
		`T | where a == "`,
		`T | frob`,
		`(`,
		`let`,
	} {
		f.Add(seed)
	}
	events := []string{
		`{}`,
		`{"FileName":"cmd.exe","ProcessId":7,"ip":"10.1.1.1","a":"x","t":"2024-05-01T00:00:00Z"}`,
		`{"_table":"T","a":null,"b":[1,"x"],"c":{"d":true}}`,
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2000 {
			return
		}
		start := time.Now()
		q, err := Compile(src)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Compile took %v", d)
		}
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Compile(%q): %v", src, err)
			}
			return
		}
		for _, ev := range events {
			q.Match(decodeEvent(t, ev))
		}
	})
}
