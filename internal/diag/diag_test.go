package diag

import (
	"bytes"
	"errors"
	"github.com/rosetta-sigma/rosetta/internal/golden"
	"testing"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{"a.yml", 3, 7}, "a.yml:3:7"},
		{Pos{"a.yml", 3, 0}, "a.yml:3"},
		{Pos{"a.yml", 0, 0}, "a.yml"},
		{Pos{"", 2, 1}, "2:1"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestListSortAndPrint(t *testing.T) {
	var l List
	l.Add(Pos{"b.yml", 1, 1}, "second file")
	l.Add(Pos{"a.yml", 4, 3}, "later line")
	l.Add(Pos{"a.yml", 2, 5}, "first")
	l.Append(Pos{"a.yml", 9, 1}, errors.New("plain error"))
	l.Sort()
	var buf bytes.Buffer
	src := map[string][]byte{"a.yml": []byte("x: 1\ny:   bad\n")}
	Print(&buf, l, 3, func(f string) []byte { return src[f] })
	want := "a.yml:2:5: first\n    y:   bad\n        ^\na.yml:4:3: later line\na.yml:9:1: plain error\n... and 1 more errors\n"
	if buf.String() != want {
		t.Errorf("Print:\n%s\nwant:\n%s", buf.String(), want)
	}
	if l.Err() == nil || List(nil).Err() != nil {
		t.Error("Err must be nil only for an empty list")
	}
}

// Every test binary knows -update (see internal/golden).
var _ = golden.Update
