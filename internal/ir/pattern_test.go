package ir

import (
	"reflect"
	"testing"
)

// TestConcat: literals merge across the joined patterns, empty ones drop,
// the inputs stay as they were, and nothing joined is nil, as appending
// part by part gives.
func TestConcat(t *testing.T) {
	star := Pattern{{Kind: AnyString}}
	a, b := Lit("a"), Pattern{{Kind: Literal, Text: "b"}, {Kind: AnyChar}}
	tests := []struct {
		name string
		in   []Pattern
		want Pattern
	}{
		{"nothing", nil, nil},
		{"empty literals", []Pattern{Lit(""), {{Kind: Literal}}}, nil},
		{"literals merge", []Pattern{a, b}, Pattern{{Kind: Literal, Text: "ab"}, {Kind: AnyChar}}},
		{"wildcards stay", []Pattern{star, a, star}, Pattern{{Kind: AnyString}, {Kind: Literal, Text: "a"}, {Kind: AnyString}}},
		{"three literals", []Pattern{a, a, Lit(""), a}, Lit("aaa")},
	}
	for _, tt := range tests {
		var want Pattern
		for _, p := range tt.in {
			for _, part := range p {
				want = want.Append(part)
			}
		}
		got := Concat(tt.in...)
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v (Append gives %#v)", tt.name, got, tt.want, want)
		}
	}
	if !reflect.DeepEqual(a, Lit("a")) || !reflect.DeepEqual(b, Pattern{{Kind: Literal, Text: "b"}, {Kind: AnyChar}}) {
		t.Errorf("Concat changed its inputs: %v %v", a, b)
	}
}
