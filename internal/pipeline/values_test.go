package pipeline

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// contains, prefix and suffix build the patterns of Sigma's modifiers.
func contains(s string) ir.Pattern { return ir.Concat(ir.Pattern{star}, ir.Lit(s), ir.Pattern{star}) }
func prefix(s string) ir.Pattern   { return ir.Lit(s).Append(star) }
func suffix(s string) ir.Pattern   { return ir.Concat(ir.Pattern{star}, ir.Lit(s)) }

// rewriteCase is one comparison and what a value rewrite makes of it: the
// rewritten condition, or the start of the error.
type rewriteCase struct {
	name string
	cond ir.Expr
	want string
	err  string
}

func runRewrites(t *testing.T, src string, tests []rewriteCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := applyText(t, src, ir.Logsource{}, tt.cond)
			if tt.err != "" {
				if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.err) {
					t.Fatalf("errors %v, want %s", errs, tt.err)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := ir.Debug(res.Rule.Conditions[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestHashesFields(t *testing.T) {
	src := `transformations:
  - type: hashes_fields
    mapping:
      MD5: h.md5
      IMPHASH: pe.imphash
    field_name_conditions:
      - type: include_fields
        fields: [Hashes]
  - type: unmapped_field_failure
    target: T
`
	md5 := "09D278F9DE118EF09163C6140255C690"
	re := &ir.Match{Field: "Hashes", Op: ir.OpRegex, Regex: "MD5=.*"}
	runRewrites(t, src, []rewriteCase{
		{"whole hash: exact", match("Hashes", contains("MD5="+md5)), `(eq h.md5 "` + md5 + `")`, ""},
		{"algorithm in lower case", match("Hashes", contains("imphash="+strings.ToLower(md5))), `(eq pe.imphash "` + strings.ToLower(md5) + `")`, ""},
		{"first digits: prefix", match("Hashes", contains("MD5=09D2")), `(eq h.md5 "09D2*")`, ""},
		{"negated", &ir.Not{Arg: match("Hashes", contains("MD5="+md5))}, `(not (eq h.md5 "` + md5 + `"))`, ""},
		{"other fields untouched", match("Image", ir.Lit("x")), "", `r.yml:3:5: field "Image": no mapping to T`},
		{"algorithm not mapped", match("Hashes", contains("SHA1=0123")), "", `r.yml:3:5: field "Hashes": value "SHA1=0123": not supported because it is not ALGO=HEX with ALGO one of IMPHASH, MD5`},
		{"no algorithm", match("Hashes", contains(md5)), "", `r.yml:3:5: field "Hashes": value "` + md5 + `": not supported`},
		{"too many digits", match("Hashes", contains("MD5="+md5+"0")), "", `r.yml:3:5: field "Hashes": value "MD5=` + md5 + `0": not supported because it is not 1 to 32 hex digits`},
		{"not hex", match("Hashes", contains("MD5=XYZ")), "", `r.yml:3:5: field "Hashes": value "MD5=XYZ": not supported`},
		{"two items", match("Hashes", contains("MD5=01,IMPHASH=02")), "", `r.yml:3:5: field "Hashes": value "MD5=01,IMPHASH=02": not supported`},
		{"all zero", match("Hashes", contains("MD5=000")), "", `r.yml:3:5: field "Hashes": value "MD5=000": not supported because it is not 1 to 32 hex digits, not all zero`},
		{"startswith", match("Hashes", prefix("MD5="+md5)), "", `r.yml:3:5: field "Hashes": value MD5=` + md5 + `*: not supported because the target splits the hashes`},
		{"exact", match("Hashes", ir.Lit("MD5="+md5)), "", `r.yml:3:5: field "Hashes": value MD5=` + md5 + `: not supported`},
		{"regex", re, "", `field "Hashes": modifier re: not supported`},
	})
}

func TestSplitFieldMapping(t *testing.T) {
	src := `transformations:
  - type: split_field_mapping
    separator: '\'
    mapping:
      User: [d, n]
  - type: unmapped_field_failure
    target: T
`
	null := &ir.Match{Field: "User", Op: ir.OpNull}
	ref := &ir.Match{Field: "User", Op: ir.OpFieldRef, Ref: "ParentUser"}
	runRewrites(t, src, []rewriteCase{
		{"exact account", match("User", ir.Lit(`NT AUTHORITY\SYSTEM`)), `(and (eq d "NT AUTHORITY") (eq n "SYSTEM"))`, ""},
		{"contains a word: either part", match("User", contains("AUTHORI")), `(or (eq d "*AUTHORI*") (eq n "*AUTHORI*"))`, ""},
		{"startswith a word: the domain", match("User", prefix("NT AUT")), `(eq d "NT AUT*")`, ""},
		{"endswith a word: the name", match("User", suffix("STEM")), `(eq n "*STEM")`, ""},
		{"contains across the separator", match("User", contains(`ITY\SYS`)), `(and (eq d "*ITY") (eq n "SYS*"))`, ""},
		{"startswith across", match("User", prefix(`NT AUTHORITY\SY`)), `(and (eq d "NT AUTHORITY") (eq n "SY*"))`, ""},
		{"endswith a name", match("User", suffix(`\SYSTEM`)), `(eq n "SYSTEM")`, ""},
		{"startswith a domain", match("User", prefix(`NT AUTHORITY\`)), `(eq d "NT AUTHORITY")`, ""},
		{"null", null, `(null n)`, ""},
		{"empty", match("User", ir.Lit("")), `(eq n "")`, ""},
		{"exact without separator", match("User", ir.Lit("SYSTEM")), "", `r.yml:3:5: field "User": value SYSTEM: not supported because the target stores the value split at '\' into d and n`},
		{"two separators", match("User", contains(`a\b\c`)), "", `r.yml:3:5: field "User": value *a\b\c*: not supported`},
		{"inner wildcard", match("User", ir.Concat(ir.Lit("a"), ir.Pattern{star}, ir.Lit("b"))), "", `r.yml:3:5: field "User": value a*b: not supported`},
		{"fieldref", ref, "", `field "User": modifier fieldref: not supported`},
	})
}

func TestValueRewriteParseErrors(t *testing.T) {
	head := "name: x\ntransformations:\n"
	tests := []struct{ name, src, want string }{
		{"unknown algorithm", "  - type: hashes_fields\n    mapping:\n      CRC32: c\n", `hashes_fields: "CRC32" must be one of MD5, SHA1, SHA256, IMPHASH`},
		{"two targets for one algorithm", "  - type: hashes_fields\n    mapping:\n      MD5: [a, b]\n", `hashes_fields: "MD5" must be one of`},
		{"split without separator", "  - type: split_field_mapping\n    mapping:\n      User: [d, n]\n", `split_field_mapping needs separator`},
		{"split empty separator", "  - type: split_field_mapping\n    separator: ''\n    mapping:\n      User: [d, n]\n", `split_field_mapping: separator must not be empty`},
		{"split one target", "  - type: split_field_mapping\n    separator: '\\'\n    mapping:\n      User: n\n", `split_field_mapping: "User" needs two target fields`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yml", []byte(head+tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}
}
