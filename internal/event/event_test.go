package event

import (
	"encoding/json"
	"testing"
)

func TestLookup(t *testing.T) {
	ev := Event{
		"Image":      `C:\Windows\regasm.exe`,
		"process":    map[string]any{"parent": map[string]any{"name": "regasm.exe"}, "pid": json.Number("42")},
		"event.code": "1",
		"nullfield":  nil,
		"nested":     map[string]any{"a.b": "flat-in-nested"},
	}
	tests := []struct {
		path  string
		want  string
		found bool
	}{
		{"Image", `C:\Windows\regasm.exe`, true},
		{"process.parent.name", "regasm.exe", true},
		{"process.pid", "42", true},
		{"event.code", "1", true},
		{"nested.a.b", "flat-in-nested", true},
		{"process.parent.missing", "", false},
		{"missing", "", false},
		{"Image.x", "", false},
	}
	for _, tt := range tests {
		v, ok := ev.Lookup(tt.path)
		if ok != tt.found {
			t.Errorf("Lookup(%q) found=%v, want %v", tt.path, ok, tt.found)
			continue
		}
		if !ok {
			continue
		}
		if s, _ := String(v); s != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.path, s, tt.want)
		}
	}
	if v, ok := ev.Lookup("nullfield"); !ok || v != nil {
		t.Errorf("Lookup(nullfield) = %v, %v; want nil, true", v, ok)
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		in   any
		want string
		ok   bool
	}{
		{"x", "x", true},
		{json.Number("3"), "3", true},
		{float64(3), "3", true},
		{1.5, "1.5", true},
		{true, "true", true},
		{nil, "", false},
		{[]any{"a"}, "", false},
	}
	for _, tt := range tests {
		got, ok := String(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("String(%#v) = %q,%v want %q,%v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
