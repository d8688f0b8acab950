package splunk

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

func TestCleanKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Threat Name", "Threat_Name"},
		{"EventID", "EventID"},
		{"Provider_Name", "Provider_Name"},
		{"a.b-c:d", "a_b_c_d"},
		{"_time", "time"},
		{"__9lives", "lives"},
		{"2nd_try", "nd_try"},
		{"Größe", "Gr__e"},
		{"%%", ""},
	} {
		if got := cleanKey(tc.in); got != tc.want {
			t.Errorf("cleanKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCleanRuleFields: the rule's own names are cleaned, a pipeline's
// target names (Mapped) are not, and a name cleaning empties is refused at
// its position.
func TestCleanRuleFields(t *testing.T) {
	mapped := eq("_time", "1")
	mapped.Mapped = true
	ref := &ir.Match{Field: "Source Name", Op: ir.OpFieldRef, Ref: "Target-Name"}
	cond := &ir.And{Args: []ir.Expr{eq("Threat Name", "HackTool:*"), mapped, not(ref), eq("", "keyword")}}
	got, err := cleanRuleFields(cond, "splunk search")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ir.Matches(got) {
		names = append(names, m.Field+"|"+m.Ref)
	}
	if want := "Threat_Name|,_time|,Source_Name|Target_Name,|"; strings.Join(names, ",") != want {
		t.Errorf("fields %s, want %s", strings.Join(names, ","), want)
	}
	if ref.Field != "Source Name" {
		t.Errorf("the rule's condition was changed in place: %q", ref.Field)
	}

	bad := eq("%%", "x")
	bad.Pos = diag.Pos{File: "r.yml", Line: 7, Col: 9}
	_, err = cleanRuleFields(&ir.And{Args: []ir.Expr{eq("A", "1"), bad}}, "splunk search")
	if err == nil || !strings.HasPrefix(err.Error(), "r.yml:7:9: field \"%%\": splunk search: not supported because") {
		t.Errorf("err = %v, want a positioned refusal", err)
	}
}

// TestFieldNameQuoting: a name that is not a plain search name is never
// written bare before "=": its comparisons go to where, single-quoted, and
// tstats (which has no where) refuses it.
func TestFieldNameQuoting(t *testing.T) {
	tests := []struct {
		name string
		cond ir.Expr
		want string
	}{
		{"plain", eq("Threat_Name", "HackTool:*"), "Threat_Name=\"HackTool:*\" | `f`"},
		{"dotted and colon", eq("userIdentity.type", "Root"), "userIdentity.type=Root | `f`"},
		{"internal field", eq("_time", "1"), "_time=1 | `f`"},
		{"space", eq("Threat Name", "x"), "* | where match('Threat Name', \"^[xX]\\\\z\") | `f`"},
		{"dash", eq("c-uri", "/a"), "* | where match('c-uri', \"^/[aA]\\\\z\") | `f`"},
		{"array member", eq("target{}.displayName", "1"), "* | where 'target{}.displayName'==\"1\" | `f`"},
		{"quote in name", eq(`a'b"c`, "1"), "* | where 'a\\'b\"c'==\"1\" | `f`"},
		{"leading digit", eq("1x", "1"), "* | where '1x'==\"1\" | `f`"},
		{"operator word", eq("OR", "1"), "* | where 'OR'==\"1\" | `f`"},
		{"exists", &ir.Match{Field: "c-uri", Op: ir.OpExists, Exists: true}, "* | where isnotnull('c-uri') | `f`"},
		{"rest stays in search", &ir.And{Args: []ir.Expr{eq("EventID", "1116"), eq("Threat Name", "1")}}, "EventID=1116 | where 'Threat Name'==\"1\" | `f`"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := plainSearch(tc.cond, false, "json", "`f`")
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	if _, err := renderSearch(eq("c-uri", "/a"), false, "json", "splunk tstats"); err == nil || !strings.Contains(err.Error(), `field name "c-uri": splunk tstats: not supported`) {
		t.Errorf("tstats: err = %v, want a refusal", err)
	}
}
