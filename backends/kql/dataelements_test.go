package kql_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/backends/kql"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// loadApplication lowers an Application-channel rule with the detection.
func loadApplication(t *testing.T, detection string) string {
	t.Helper()
	src := "title: Data\nid: 0b9a0f0e-0000-4000-8000-000000000398\nlogsource:\n    product: windows\n    service: application\ndetection:\n" + detection
	rules, errs := sigma.Load("data.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("load: %v\n%s", errs, src)
	}
	conv, err := kql.Backend{}.NewConversion("sentinel", nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := conv.Convert(rules[0])
	if err != nil {
		return "error: " + err.Error()
	}
	return files[0].Text
}

// dataRegex extracts the expression of the query's one EventData search,
// a verbatim (@"...") or an escaped string literal.
var dataRegex = regexp.MustCompile(`EventData matches regex (?:@"((?:[^"]|"")*)"|("(?:[^"\\]|\\.)*"))`)

// TestDataElements: a comparison on Data (unnamed <Data> elements) reads
// the Event table's EventData XML text, matching one element whose text,
// read back from XML, matches the value: XML's escapes are matched as
// written, a wildcard never stops inside an entity, and the constructs no
// search of the text says exactly are refused at their position.
func TestDataElements(t *testing.T) {
	tests := []struct {
		name, value    string
		match, nomatch []string // EventData texts
	}{
		{"contains with markup", `Data|contains: "a<b & 'c' \"d>\""`,
			[]string{`<Data>x a&lt;b &amp; 'c' "d&gt;" y</Data>`, `<Data>a&lt;b &amp; &apos;c&apos; &quot;d>&quot;</Data>`},
			[]string{`<Data>a<b & 'c' "d>"</Data>`, `<Data>a&lt;b</Data><Data> &amp; 'c' "d&gt;"</Data>`}},
		{"no match inside an entity", `Data|endswith: 'amp;'`,
			[]string{`<Data>examp;</Data>`, `<Data>&amp;amp;</Data>`},
			[]string{`<Data>x&amp;</Data>`}},
		{"exact, case-insensitive", `Data: 'Whole Value'`,
			[]string{`<Data>whole value</Data>`, `<Data Name="x">y</Data><Data>WHOLE VALUE</Data>`},
			[]string{`<Data>whole value!</Data>`, `<Data Name="x">whole value</Data>`}},
		{"cased", `Data|contains|cased: 'Set-Mp'`,
			[]string{`<Data>x Set-MpPreference</Data>`},
			[]string{`<Data>set-mppreference</Data>`}},
		{"one character", `Data|startswith: 'a?c'`,
			[]string{`<Data>a&amp;c</Data>`, `<Data>abcd</Data>`},
			[]string{`<Data>a&amp;bc</Data>`, `<Data>ac</Data>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := loadApplication(t, "    sel:\n        "+tt.value+"\n    condition: sel\n")
			if !strings.Contains(out, "\nEvent\n| where EventLog =~ \"Application\" and ") {
				t.Fatalf("not read from the Event table:\n%s", out)
			}
			m := dataRegex.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no EventData search in\n%s", out)
			}
			src := strings.ReplaceAll(m[1], `""`, `"`)
			if m[2] != "" {
				var err error
				if src, err = strconv.Unquote(m[2]); err != nil {
					t.Fatal(err)
				}
			}
			re := regexp.MustCompile(src)
			for _, s := range tt.match {
				if !re.MatchString(s) {
					t.Errorf("%s does not match %s", src, s)
				}
			}
			for _, s := range tt.nomatch {
				if re.MatchString(s) {
					t.Errorf("%s matches %s", src, s)
				}
			}
		})
	}
}

// TestDataElementPosition: RPC Firewall's InterfaceUuid is the 7th <Data>
// element of its event 3 and nothing else: the expression steps over six
// whole elements (with text or empty) from the start of <EventData>.
func TestDataElementPosition(t *testing.T) {
	src := "title: RPC\nid: 0b9a0f0e-0000-4000-8000-000000000396\nlogsource:\n    product: rpc_firewall\n    category: application\ndetection:\n    sel:\n        InterfaceUuid: 'abc'\n    condition: sel\n"
	rules, errs := sigma.Load("rpc.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	conv, err := kql.Backend{}.NewConversion("sentinel", nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := conv.Convert(rules[0])
	if err != nil {
		t.Fatal(err)
	}
	m := dataRegex.FindStringSubmatch(files[0].Text)
	if m == nil || !strings.Contains(files[0].Text, "EventID == 3") {
		t.Fatalf("no event 3 or EventData search in\n%s", files[0].Text)
	}
	re := regexp.MustCompile(strings.ReplaceAll(m[1], `""`, `"`))
	const head = `<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`
	for _, tt := range []struct {
		data string
		want bool
	}{
		{`<Data>f</Data><Data>4</Data><Data/><Data></Data><Data>ncacn_np</Data><Data>&lt;x&gt;</Data><Data>ABC</Data><Data>1</Data>`, true},
		{`<Data>f</Data><Data>4</Data><Data /><Data></Data><Data>e</Data><Data>a</Data><Data>abc</Data>`, true},
		{`<Data>f</Data><Data>4</Data><Data>p</Data><Data>e</Data><Data>a</Data><Data>abc</Data><Data>x</Data>`, false},               // 6th
		{`<Data>f</Data><Data>4</Data><Data>i</Data><Data>p</Data><Data>e</Data><Data>a</Data><Data>x</Data><Data>abc</Data>`, false}, // 8th
		{`<Data>abc</Data>`, false},
	} {
		if got := re.MatchString(head + tt.data + `</EventData></DataItem>`); got != tt.want {
			t.Errorf("%s on %s: %v, want %v", re, tt.data, got, tt.want)
		}
	}
}

// TestKeywordDataElements: a keyword on the Event table searches every
// <Data> element, named or not, one at a time (never across two elements or
// in a Name), and the <System> columns; an empty or match-all keyword is
// refused at its position (the error is the one sentinel.yml gives, the
// format's main pipeline, as for every rule the Event table refuses too).
func TestKeywordDataElements(t *testing.T) {
	out := loadApplication(t, "    kw:\n        - 'Mimi*katz'\n    condition: kw\n")
	for _, col := range []string{`EventLog matches regex`, `Source matches regex`, `Computer matches regex`} {
		if !strings.Contains(out, col) {
			t.Errorf("no %s in\n%s", col, out)
		}
	}
	if strings.Contains(out, "tostring(EventID)") {
		t.Errorf("a keyword with letters searches the number column EventID:\n%s", out)
	}
	m := dataRegex.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no EventData search in\n%s", out)
	}
	src := m[1]
	if m[2] != "" {
		var err error
		if src, err = strconv.Unquote(m[2]); err != nil {
			t.Fatal(err)
		}
	}
	re := regexp.MustCompile(strings.ReplaceAll(src, `""`, `"`))
	for _, tt := range []struct {
		data string
		want bool
	}{
		{`<Data>x mimikatz y</Data>`, true},
		{`<Data Name="CommandLine">MIMI &amp; katz</Data>`, true},
		{`<Data Name="a">mimi</Data><Data Name="b">katz</Data>`, false},
		{`<Data Name="mimikatz">x</Data>`, false},
		{`<Data Name="Image">mimi&lt;katz</Data>`, true},
	} {
		if got := re.MatchString(tt.data); got != tt.want {
			t.Errorf("%s on %s: %v, want %v", re, tt.data, got, tt.want)
		}
	}
	if got := loadApplication(t, "    kw:\n        - '*'\n    condition: kw\n"); !strings.HasPrefix(got, "error: data.yml:7:5: keyword: kql: not supported") {
		t.Errorf("match-all keyword: %s", got)
	}
}
