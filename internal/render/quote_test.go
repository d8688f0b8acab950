package render

import (
	"fmt"
	"testing"
)

func TestQuoteEscaped(t *testing.T) {
	hex := func(r rune) string {
		if r < 0x20 {
			return fmt.Sprintf(`\u{%02X}`, r)
		}
		return ""
	}
	tests := []struct {
		in, plain, withControl string
	}{
		{`C:\Windows\"x"`, `"C:\\Windows\\\"x\""`, `"C:\\Windows\\\"x\""`},
		{"a\nb\tc\rd", `"a\nb\tc\rd"`, `"a\nb\tc\rd"`},
		{"bell\x07", "\"bell\x07\"", `"bell\u{07}"`},
		{"ünï", `"ünï"`, `"ünï"`},
	}
	for _, tt := range tests {
		if got := QuoteEscaped(tt.in); got != tt.plain {
			t.Errorf("QuoteEscaped(%q) = %s, want %s", tt.in, got, tt.plain)
		}
		if got := QuoteEscapedWith(tt.in, hex); got != tt.withControl {
			t.Errorf("QuoteEscapedWith(%q) = %s, want %s", tt.in, got, tt.withControl)
		}
	}
}
