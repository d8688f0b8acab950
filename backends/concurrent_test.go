package backends_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// TestConcurrentConversions: a conversion marked concurrent gives the same
// files and errors when the rules are converted on several goroutines at
// once (run with -race to see shared state), as `rosetta convert` does.
func TestConcurrentConversions(t *testing.T) {
	var rules []*ir.Rule
	for _, path := range ruleFiles(t) {
		rules = append(rules, loadRule(t, path))
	}
	convert := func(conv render.Conversion, r *ir.Rule) string {
		files, err := conv.Convert(r)
		return fmt.Sprint(files, err)
	}
	concurrent := 0
	for _, b := range backends.All() {
		for _, f := range b.Formats() {
			conv, err := b.NewConversion(f.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := conv.(render.ConcurrentConversion); !ok {
				continue
			}
			concurrent++
			want := make([]string, len(rules))
			for i, r := range rules {
				want[i] = convert(conv, r)
			}
			got := make([]string, len(rules))
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < len(rules); i += 4 {
						got[i] = convert(conv, rules[i])
					}
				}()
			}
			wg.Wait()
			for i := range rules {
				if got[i] != want[i] {
					t.Errorf("%s/%s: %s: concurrent conversion differs:\n%s\nwant\n%s", b.Name(), f.Name, rules[i].Path, got[i], want[i])
				}
			}
		}
	}
	if concurrent < 6 {
		t.Errorf("%d concurrent conversions, want the six query formats", concurrent)
	}
}
