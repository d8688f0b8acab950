package sigma

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// orList renders the Debug form of an or-list of eq matches of field.
func orList(field string, values ...string) string {
	var b strings.Builder
	b.WriteString("(or-list")
	for _, v := range values {
		b.WriteString(` (eq ` + field + ` "` + v + `")`)
	}
	return b.String() + ")"
}

// dashes returns the five windash variants of format, whose %s is the
// flag character.
func dashes(format string) []string {
	var out []string
	for _, d := range []string{"-", "/", "\u2013", "\u2014", "\u2015"} {
		out = append(out, strings.ReplaceAll(format, "%s", d))
	}
	return out
}

func lowerOne(t *testing.T, detection string) string {
	t.Helper()
	rules, errs := Load("r.yml", []byte(header+detection))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(rules) != 1 || len(rules[0].Conditions) != 1 {
		t.Fatalf("got %d rules", len(rules))
	}
	return ir.Debug(rules[0].Conditions[0])
}

func TestLowerModifiers(t *testing.T) {
	twoFlags := func() []string {
		var out []string
		for _, a := range dashes("%s") {
			for _, b := range dashes("%s") {
				out = append(out, "* "+a+"s "+b+"i*")
			}
		}
		return out
	}()
	tests := []struct {
		name, detection, want string
	}{
		// windash
		{"windash", "  sel:\n    A|windash: '-a'\n  condition: sel\n", orList("A", dashes("%sa")...)},
		{"windash varies a slash too", "  sel:\n    A|windash: '/c'\n  condition: sel\n", orList("A", dashes("%sc")...)},
		{"windash keeps inner dashes", "  sel:\n    A|windash: '-param-name'\n  condition: sel\n", orList("A", dashes("%sparam-name")...)},
		{"windash second of two dashes", "  sel:\n    A|windash: '--x'\n  condition: sel\n", orList("A", dashes("-%sx")...)},
		{"windash nothing to vary", "  sel:\n    A|windash: 'a-b c- -'\n  condition: sel\n", `(eq A "a-b c- -")`},
		{"contains then windash", "  sel:\n    A|contains|windash: ' -enc'\n  condition: sel\n", orList("A", dashes("* %senc*")...)},
		{"windash then contains", "  sel:\n    A|windash|contains: ' -enc'\n  condition: sel\n", orList("A", dashes("* %senc*")...)},
		{"windash after a wildcard", "  sel:\n    A|windash: '*-x'\n  condition: sel\n", orList("A", dashes("*%sx")...)},
		{"windash flags vary independently", "  sel:\n    A|contains|windash: ' -s -i'\n  condition: sel\n", orList("A", twoFlags...)},
		{"windash list joins one or-list", "  sel:\n    A|windash:\n      - '-a'\n      - '-b'\n  condition: sel\n", orList("A", append(dashes("%sa"), dashes("%sb")...)...)},
		{"windash with all", "  sel:\n    A|contains|all|windash:\n      - '-a'\n      - '-b'\n  condition: sel\n",
			"(and " + orList("A", dashes("*%sa*")...) + " " + orList("A", dashes("*%sb*")...) + ")"},
		{"windash cased", "  sel:\n    A|windash|cased: '-X'\n  condition: sel\n",
			strings.ReplaceAll(orList("A", dashes("%sX")...), `")`, `" cased)`)},

		// base64 and the encodings. The expected texts are Python's
		// base64.b64encode (and pySigma's offset cuts) of the same bytes.
		{"base64", "  sel:\n    A|base64: 'cmd'\n  condition: sel\n", `(eq A "Y21k")`},
		{"base64 contains", "  sel:\n    A|base64|contains: 'cmd'\n  condition: sel\n", `(eq A "*Y21k*")`},
		{"base64 of an escaped star", "  sel:\n    A|base64: 'a\\*'\n  condition: sel\n", `(eq A "YSo=")`},
		{"base64offset contains", "  sel:\n    A|base64offset|contains: '::FromBase64String'\n  condition: sel\n",
			orList("A", "*OjpGcm9tQmFzZTY0U3RyaW5n*", "*o6RnJvbUJhc2U2NFN0cmluZ*", "*6OkZyb21CYXNlNjRTdHJpbm*")},
		{"base64offset two bytes", "  sel:\n    A|base64offset|contains: 'ab'\n  condition: sel\n", orList("A", "*YW*", "*Fi*", "*hY*")},
		{"base64offset list", "  sel:\n    A|base64offset|contains:\n      - 'ab'\n      - 'cmd'\n  condition: sel\n",
			orList("A", "*YW*", "*Fi*", "*hY*", "*Y21k*", "*NtZ*", "*jbW*")},
		{"utf16le base64offset", "  sel:\n    A|utf16le|base64offset|contains: '::FromBase64String'\n  condition: sel\n",
			orList("A", "*OgA6AEYAcgBvAG0AQgBhAHMAZQA2ADQAUwB0AHIAaQBuAGcA*", "*oAOgBGAHIAbwBtAEIAYQBzAGUANgA0AFMAdAByAGkAbgBnA*", "*6ADoARgByAG8AbQBCAGEAcwBlADYANABTAHQAcgBpAG4AZw*")},
		{"wide base64", "  sel:\n    A|wide|base64: 'cmd'\n  condition: sel\n", `(eq A "YwBtAGQA")`},
		{"utf16be base64offset", "  sel:\n    A|utf16be|base64offset|contains: 'cmd'\n  condition: sel\n", orList("A", "*AGMAbQBk*", "*BjAG0AZ*", "*AYwBtAG*")},
		{"utf16 has a byte order mark", "  sel:\n    A|utf16|base64offset|contains: 'cmd'\n  condition: sel\n", orList("A", "*//5jAG0AZA*", "*/+YwBtAGQA*", "*//mMAbQBkA*")},
		{"utf16le beyond ascii", "  sel:\n    A|utf16le|base64: 'é'\n  condition: sel\n", `(eq A "6QA=")`},
		{"windash then base64", "  sel:\n    A|windash|base64: '-a'\n  condition: sel\n", orList("A", "LWE=", "L2E=", "4oCTYQ==", "4oCUYQ==", "4oCVYQ==")},

		// neq
		{"neq", "  sel:\n    A|neq: x\n  condition: sel\n", `(not (eq A "x"))`},
		{"neq list is none of them", "  sel:\n    A|neq:\n      - x\n      - y\n  condition: sel\n", `(not (or-list (eq A "x") (eq A "y")))`},
		{"neq all is not all of them", "  sel:\n    A|contains|all|neq:\n      - x\n      - y\n  condition: sel\n", `(not (and (eq A "*x*") (eq A "*y*")))`},
		{"neq after contains", "  sel:\n    A|contains|neq: x\n  condition: sel\n", `(not (eq A "*x*"))`},
		{"neq number", "  sel:\n    A|neq: 4\n  condition: sel\n", `(not (eq A "4"))`},
		{"neq fieldref", "  sel:\n    A|fieldref|neq: B\n  condition: sel\n", `(not (fieldref A B))`},
		{"neq null", "  sel:\n    A|neq: null\n  condition: sel\n", `(not (null A))`},
		{"neq windash", "  sel:\n    A|windash|neq: '-a'\n  condition: sel\n", "(not " + orList("A", dashes("%sa")...) + ")"},
		{"neq in a map", "  sel:\n    A: x\n    B|neq: y\n  condition: sel\n", `(and (eq A "x") (not (eq B "y")))`},

		// timestamp parts
		{"minute", "  sel:\n    A|minute: 5\n  condition: sel\n", `(timepart A minute 5)`},
		{"hour list", "  sel:\n    A|hour:\n      - 0\n      - 23\n  condition: sel\n", `(or-list (timepart A hour 0) (timepart A hour 23))`},
		{"day neq", "  sel:\n    A|day|neq: 31\n  condition: sel\n", `(not (timepart A day 31))`},
		{"week 53", "  sel:\n    A|week: 53\n  condition: sel\n", `(timepart A week 53)`},
		{"month", "  sel:\n    A|month: '12'\n  condition: sel\n", `(timepart A month 12)`},
		{"year", "  sel:\n    A|year: 2024\n  condition: sel\n", `(timepart A year 2024)`},

		// expand: placeholders stay parts until a pipeline resolves them
		{"expand placeholder", "  sel:\n    A|expand: '%Admins_1%'\n  condition: sel\n", `(eq A "%Admins_1%")`},
		{"expand placeholder inside", "  sel:\n    A|contains|expand: 'a%b%c%d%'\n  condition: sel\n", `(eq A "*a%b%c%d%*")`},

		// expand without a placeholder, and all with one value
		{"expand without placeholder", "  sel:\n    A|expand: 'x\\%y%'\n  condition: sel\n", `(eq A "x\\%y%")`},
		{"all with one value", "  sel:\n    A|contains|all: x\n  condition: sel\n", `(eq A "*x*")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lowerOne(t, tt.detection); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestModifierErrors checks that invalid chains are reported at the key
// (line 7, column 5) and bad values at the value.
func TestModifierErrors(t *testing.T) {
	tests := []struct {
		name, item, want string
	}{
		{"re then contains", "A|re|contains: x", `r.yml:7:5: modifier "contains" cannot follow "re"`},
		{"base64 then re", "A|base64|re: x", `r.yml:7:5: modifier "re" cannot be combined with "base64"`},
		{"windash then re", "A|windash|re: x", `r.yml:7:5: modifier "re" cannot be combined with "windash"`},
		{"re then windash", "A|re|windash: x", `r.yml:7:5: modifier "windash" cannot follow "re"`},
		{"cidr then base64", "A|cidr|base64: x", `r.yml:7:5: modifier "base64" cannot follow "cidr"`},
		{"contains then base64", "A|contains|base64: x", `r.yml:7:5: modifier "base64" cannot follow "contains"`},
		{"startswith then base64offset", "A|startswith|base64offset: x", `r.yml:7:5: modifier "base64offset" cannot follow "startswith"`},
		{"base64 twice", "A|base64|base64offset: x", `r.yml:7:5: modifier "base64offset" cannot follow "base64"`},
		{"base64 then windash", "A|base64|windash: x", `r.yml:7:5: modifier "windash" cannot follow "base64"`},
		{"windash twice", "A|windash|windash: x", `r.yml:7:5: modifier "windash" cannot follow "windash"`},
		{"utf16le alone", "A|utf16le: x", `r.yml:7:5: modifier "utf16le" must be followed by "base64" or "base64offset"`},
		{"wide then contains", "A|wide|contains|base64: x", `r.yml:7:5: modifier "wide" must be followed by "base64" or "base64offset", not "contains"`},
		{"utf16 twice", "A|utf16|utf16be|base64: x", `r.yml:7:5: modifier "utf16" must be followed by "base64" or "base64offset", not "utf16be"`},
		{"utf16be after base64", "A|base64|utf16be: x", `r.yml:7:5: modifier "utf16be" cannot follow "base64"`},
		{"hour out of range", "A|hour: 24", `r.yml:7:13: hour takes a whole number from 0 to 23, not "24"`},
		{"minute not a number", "A|minute: x", `r.yml:7:15: minute takes a whole number from 0 to 59, not "x"`},
		{"day zero", "A|day: 0", `r.yml:7:12: day takes a whole number from 1 to 31, not "0"`},
		{"week 54", "A|week: 54", `r.yml:7:13: week takes a whole number from 1 to 53, not "54"`},
		{"month fraction", "A|month: 1.5", `r.yml:7:14: month takes a whole number from 1 to 12, not "1.5"`},
		{"hour then gt", "A|hour|gt: 3", `r.yml:7:5: modifier "gt" cannot be combined with "hour"`},
		{"contains then hour", "A|contains|hour: 3", `r.yml:7:5: modifier "hour" cannot be combined with "contains"`},
		{"hour then windash", "A|hour|windash: 3", `r.yml:7:5: modifier "windash" cannot follow "hour"`},
		{"base64 of a wildcard", "A|base64: 'a*'", `r.yml:7:15: base64: "a*" has wildcards, which cannot be encoded`},
		{"base64offset of a wildcard", "A|base64offset|contains: 'a?b'", `r.yml:7:30: base64offset: "a?b" has wildcards`},
		{"base64offset too short", "A|base64offset|contains: 'a'", `r.yml:7:30: base64offset: "a" is too short to be recognised at every base64 offset`},
		{"base64offset without contains", "A|base64offset: 'abc'", `r.yml:7:5: modifier "base64offset" must be followed by "contains"`},
		{"base64offset with startswith", "A|base64offset|startswith: 'abc'", `r.yml:7:5: modifier "base64offset" must be followed by "contains"`},
		{"cidr then startswith", "A|cidr|startswith: 10.0.0.0/8", `r.yml:7:5: modifier "startswith" cannot follow "cidr"`},
		{"exists not a boolean", "A|exists: 'yes'", `r.yml:7:15: exists takes true or false, not "yes"`},
		{"exists then contains", "A|exists|contains: true", `r.yml:7:5: modifier "contains" cannot follow "exists"`},
		{"gt of a string", "A|gt: many", `r.yml:7:11: gt takes a number, not "many"`},
		{"lte of a list with a string", "A|lte:\n      - 1\n      - x", `r.yml:9:9: lte takes a number, not "x"`},
		{"unknown modifier", "A|endswithh: x", `r.yml:7:5: unknown modifier "endswithh"`},
		{"re flag without re", "A|i: x", `r.yml:7:5: modifier "i" only follows "re"`},
		{"expand placeholder with re", "A|re|expand: '%Admins_1%'", `r.yml:7:18: expand: placeholder %Admins_1%: a placeholder takes only contains, startswith and endswith besides expand`},
		{"expand placeholder with windash", "A|windash|expand:\n      - x\n      - '-a%b%c'", `r.yml:9:9: expand: placeholder %b%: a placeholder takes only contains, startswith and endswith besides expand`},
		{"windash too many flags", "A|windash: '-a -b -c -d -e'", `r.yml:7:16: windash: "-a -b -c -d -e" has 5 flag characters, which would make more than 625 variants`},
		{"null with base64", "A|base64: null", `r.yml:7:15: null cannot take modifiers`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Load("r.yml", []byte(header+"  sel:\n    "+tt.item+"\n  condition: sel\n"))
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			if got := errs[0].Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s...", got, tt.want)
			}
		})
	}
}

func TestWindashVariantCount(t *testing.T) {
	got, msg := windash(ir.ParseSigmaString("-a -b -c -d"))
	if msg != "" || len(got) != 625 {
		t.Fatalf("got %d variants, %q", len(got), msg)
	}
	seen := map[string]bool{}
	for _, p := range got {
		seen[p.String()] = true
	}
	if len(seen) != 625 || !seen["-a /b \u2013c \u2014d"] || !seen["\u2015a \u2015b \u2015c \u2015d"] {
		t.Errorf("variants are not the 625 distinct combinations")
	}
}

func TestPlaceholder(t *testing.T) {
	tests := []struct {
		in, name string
		ok       bool
	}{
		{"%a%", "a", true},
		{"x %Domain_Admins% y", "Domain_Admins", true},
		{`\%a%`, "", false},
		{"100% sure %", "", false},
		{"%%", "", false},
		{"%a b%", "", false},
		{"50%%x%", "x", true},
	}
	for _, tt := range tests {
		name, ok := placeholder(tt.in)
		if name != tt.name || ok != tt.ok {
			t.Errorf("placeholder(%q) = %q, %v; want %q, %v", tt.in, name, ok, tt.name, tt.ok)
		}
	}
}

func TestPlaceholderParts(t *testing.T) {
	rules, errs := Load("r.yml", []byte(header+"  sel:\n    A|contains|expand: 'x%a%y%b_2%'\n  condition: sel\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := rules[0].Conditions[0].(*ir.Match)
	want := ir.Pattern{{Kind: ir.AnyString}, {Kind: ir.Literal, Text: "x"}, {Kind: ir.Placeholder, Text: "a"}, {Kind: ir.Literal, Text: "y"}, {Kind: ir.Placeholder, Text: "b_2"}, {Kind: ir.AnyString}}
	if len(m.Pattern) != len(want) {
		t.Fatalf("got %+v", m.Pattern)
	}
	for i := range want {
		if m.Pattern[i] != want[i] {
			t.Errorf("part %d: got %+v, want %+v", i, m.Pattern[i], want[i])
		}
	}
}
