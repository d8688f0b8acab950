package gen

import (
	"regexp"
	"testing"
)

func TestRegexValues(t *testing.T) {
	tests := []struct{ expr, flags string }{
		{`^abc$`, ""},
		{`\\(cmd|powershell)\.exe$`, "i"},
		{`[0-9a-f]{32}`, ""},
		{`\bfoo\s+bar\b`, ""},
		{`(?i)^-e(nc(odedcommand)?)?\s`, ""},
		{`[^\\]+\.dll`, ""},
		{`a{2,5}b+c*`, ""},
	}
	for _, tt := range tests {
		vals := regexValues(tt.expr, tt.flags)
		if len(vals) == 0 {
			t.Errorf("%s: no value", tt.expr)
			continue
		}
		re := regexp.MustCompile("(?" + tt.flags + "s)" + tt.expr)
		if !re.MatchString(vals[0]) {
			t.Errorf("%s: %q does not match", tt.expr, vals[0])
		}
	}
}

func TestCIDRBounds(t *testing.T) {
	tests := []struct {
		cidr    string
		inside  string
		outside []string
	}{
		{"10.0.0.0/8", "10.0.0.1", []string{"9.255.255.255", "11.0.0.0"}},
		{"192.168.1.7/32", "192.168.1.7", []string{"192.168.1.6", "192.168.1.8"}},
		{"fe80::/10", "fe80::1", []string{"fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fec0::"}},
	}
	for _, tt := range tests {
		if got := cidrInside(tt.cidr); got[0] != tt.inside {
			t.Errorf("cidrInside(%s) = %v", tt.cidr, got)
		}
		got := cidrOutside(tt.cidr)
		if len(got) != 2 || got[0] != tt.outside[0] || got[1] != tt.outside[1] {
			t.Errorf("cidrOutside(%s) = %v, want %v", tt.cidr, got, tt.outside)
		}
	}
}
