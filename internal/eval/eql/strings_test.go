package eql

import (
	"strings"
	"testing"
)

func TestUnquoteString(t *testing.T) {
	tests := []struct {
		tok, want string
	}{
		{`""`, ""},
		{`"plain"`, "plain"},
		{`"a\\b"`, `a\b`},
		{`"C:\\\\Windows\\\\*"`, `C:\\Windows\\*`},
		{`"q\"q"`, `q"q`},
		{`"\n\r\t"`, "\n\r\t"},
		{`"\u{41}"`, "A"},
		{`"\u{200f}x"`, "\u200fx"},
		{`"\u{0000200F}"`, "\u200f"},
		{`"\u{1F600}"`, "😀"},
		{`"é\\é"`, `é\é`},
	}
	for _, tt := range tests {
		got, err := unquoteString(tt.tok)
		if err != nil || got != tt.want {
			t.Errorf("unquoteString(%s) = %q, %v; want %q", tt.tok, got, err, tt.want)
		}
	}
}

func TestUnquoteStringErrors(t *testing.T) {
	tests := []struct {
		tok    string
		offset int // runes from the opening quote
		msg    string
	}{
		{`"\d"`, 1, `unknown escape sequence "\d"`},
		{`"APT\d"`, 4, `unknown escape sequence "\d"`},
		{`"\*"`, 1, `unknown escape sequence "\*"`},
		{`"\'"`, 1, `unknown escape sequence "\'"`},
		{`"\b"`, 1, `unknown escape sequence "\b"`},
		{`"éé\x41"`, 3, `unknown escape sequence "\x"`},
		{`"\u41"`, 1, `invalid unicode escape`},
		{`"\u{4}"`, 1, `2 to 8 hex digits`},
		{`"\u{123456789}"`, 1, `2 to 8 hex digits`},
		{`"\u{zz}"`, 1, `not a hexadecimal number`},
		{`"\u{110000}"`, 1, `not a Unicode scalar value`},
		{`"\u{D800}"`, 1, `not a Unicode scalar value`},
		{`"\u{41"`, 1, `missing "}"`},
		{`"ab\u{41}\q"`, 9, `unknown escape sequence "\q"`},
	}
	for _, tt := range tests {
		_, err := unquoteString(tt.tok)
		ee, ok := err.(*escapeError)
		if !ok {
			t.Errorf("unquoteString(%s): got %v, want an escape error", tt.tok, err)
			continue
		}
		if ee.offset != tt.offset || !strings.Contains(ee.msg, tt.msg) {
			t.Errorf("unquoteString(%s) = offset %d %q; want offset %d containing %q", tt.tok, ee.offset, ee.msg, tt.offset, tt.msg)
		}
	}
}

func TestUnquoteOthers(t *testing.T) {
	if got := unquoteRaw(`"""a\d"b"""`); got != `a\d"b` {
		t.Errorf("unquoteRaw = %q", got)
	}
	if got := unquoteBacktick("`a``b`"); got != "a`b" {
		t.Errorf("unquoteBacktick = %q", got)
	}
}
