package eql

import (
	"strings"
	"testing"
	"time"
)

// TestPathologicalInputs guards against parser backtracking blow-ups: each
// input must compile or fail quickly (an exponential grammar ambiguity once
// made the "nestedLists" input hang).
func TestPathologicalInputs(t *testing.T) {
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"parens", "any where " + strings.Repeat("(", 2000) + `x : "a"` + strings.Repeat(")", 2000), true},
		{"openParens", "any where " + strings.Repeat("(", 2000), false},
		{"nots", "any where " + strings.Repeat("not ", 5000) + `x : "a"`, true},
		{"ands", "any where " + strings.Repeat(`x : "a" and `, 2000) + `x : "a"`, true},
		{"ors", "any where " + strings.Repeat(`x : "a" or `, 2000) + `x : "a"`, true},
		{"calls", "any where " + strings.Repeat("f(", 2000), false},
		{"openRaw", `any where x : """` + strings.Repeat("a", 100000), false},
		{"strings", "any where " + strings.Repeat(`"a" `, 20000), false},
		{"longPath", "any where " + strings.Repeat(`a.`, 10000) + `b : "x"`, true},
		{"nestedLists", "any where " + strings.Repeat("(x : (", 500), false},
		{"nestedNotIn", "any where " + strings.Repeat("(x not in (", 500), false},
	}
	for _, tt := range tests {
		start := time.Now()
		_, err := Compile(tt.src)
		if (err == nil) != tt.ok {
			t.Errorf("%s: Compile error = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: Compile took %v", tt.name, d)
		}
	}
}
