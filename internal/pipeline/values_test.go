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

// parseErrorCase is a pipeline file (after head) and the start of the
// error Parse returns for it.
type parseErrorCase struct{ name, src, want string }

func runParseErrors(t *testing.T, head string, tests []parseErrorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yml", []byte(head+tt.src))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
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

// hashesSrc is a hashes_fields transformation with the given parameters
// and field conditions, then unmapped_field_failure.
func hashesSrc(params string) string {
	return "transformations:\n  - type: hashes_fields\n    mapping:\n      MD5: h.md5\n      IMPHASH: pe.imphash\n" + params +
		"    field_name_conditions:\n      - type: include_fields\n        fields: [Hashes]\n  - type: unmapped_field_failure\n    target: T\n"
}

// The cases each mode of hashes_fields shares.
func hashCases(md5, got string) []rewriteCase {
	re := &ir.Match{Field: "Hashes", Op: ir.OpRegex, Regex: "MD5=.*"}
	return []rewriteCase{
		{"whole hash: exact", match("Hashes", contains("MD5="+md5)), `(eq h.md5 "` + got + `")`, ""},
		{"algorithm in lower case", match("Hashes", contains("imphash="+md5)), `(eq pe.imphash "` + got + `")`, ""},
		{"negated", &ir.Not{Arg: match("Hashes", contains("MD5="+md5))}, `(not (eq h.md5 "` + got + `"))`, ""},
		{"other fields untouched", match("Image", ir.Lit("x")), "", `r.yml:3:5: field "Image": no mapping to T`},
		{"unknown algorithm", match("Hashes", contains("CRC32=0123")), "", `r.yml:3:5: field "Hashes": value "*CRC32=0123*": not supported because it is not ALGO=HEX with ALGO one of IMPHASH, MD5`},
		{"no algorithm", match("Hashes", contains(md5)), "", `r.yml:3:5: field "Hashes": value "*` + md5 + `*": not supported`},
		{"too many digits", match("Hashes", contains("MD5="+md5+"0")), "", `r.yml:3:5: field "Hashes": value "*MD5=` + md5 + `0*": not supported because it is not`},
		{"not hex", match("Hashes", contains("MD5=XYZ")), "", `r.yml:3:5: field "Hashes": value "*MD5=XYZ*": not supported`},
		{"two items", match("Hashes", contains("MD5=01,IMPHASH=02")), "", `r.yml:3:5: field "Hashes": value "*MD5=01,IMPHASH=02*": not supported`},
		{"all zero", match("Hashes", contains("MD5="+strings.Repeat("0", 32))), "", `r.yml:3:5: field "Hashes": value "*MD5=00000000000000000000000000000000*": not supported because it is not`},
		{"startswith", match("Hashes", prefix("MD5="+md5)), "", `r.yml:3:5: field "Hashes": value MD5=` + md5 + `*: not supported because`},
		{"exact", match("Hashes", ir.Lit("MD5="+md5)), "", `r.yml:3:5: field "Hashes": value MD5=` + md5 + `: not supported`},
		{"regex", re, "", `field "Hashes": modifier re: not supported because`},
	}
}

func TestHashesFields(t *testing.T) {
	md5 := "09D278F9DE118EF09163C6140255C690"
	t.Run("prefix", func(t *testing.T) {
		cased := &ir.Match{Field: "Hashes", Op: ir.OpEq, Pattern: contains("MD5=" + md5), Cased: true}
		runRewrites(t, hashesSrc("    prefix: true\n"), append(hashCases(md5, md5),
			rewriteCase{"first digits: prefix", match("Hashes", contains("MD5=09D2")), `(eq h.md5 "09D2*")`, ""},
			rewriteCase{"cased kept", cased, `(eq h.md5 "` + md5 + `" cased)`, ""},
			rewriteCase{"algorithm not mapped", match("Hashes", contains("SHA1=0123")), "", `r.yml:3:5: field "Hashes": value "*SHA1=0123*": not supported because the target has no SHA1 field`},
			rewriteCase{"all zero digits", match("Hashes", contains("MD5=000")), "", `r.yml:3:5: field "Hashes": value "*MD5=000*": not supported because it is not 1 to 32 hex digits, not all zero`},
		))
	})
	t.Run("whole, lower case", func(t *testing.T) {
		cased := &ir.Match{Field: "Hashes", Op: ir.OpEq, Pattern: contains("MD5=" + md5), Cased: true}
		runRewrites(t, hashesSrc("    lowercase: true\n    target: the table X\n"), append(hashCases(md5, strings.ToLower(md5)),
			rewriteCase{"first digits refused", match("Hashes", contains("MD5=09D2")), "", `r.yml:3:5: field "Hashes": value "*MD5=09D2*": not supported because it is not a whole MD5 hash of 32 hex digits, not all zero`},
			rewriteCase{"cased refused", cased, "", `field "Hashes": modifier cased: not supported because the table X splits the hashes into one field per algorithm, in lower case`},
			rewriteCase{"algorithm not mapped", match("Hashes", contains("SHA1=0123")), "", `r.yml:3:5: field "Hashes": value "*SHA1=0123*": not supported because the table X has no SHA1 field`},
		))
	})
}

// splitSrc is a split_field_mapping transformation with the given
// parameters, then unmapped_field_failure.
func splitSrc(params string) string {
	return "transformations:\n  - type: split_field_mapping\n    separator: '\\'\n    mapping:\n      User: [d, n]\n" + params +
		"  - type: unmapped_field_failure\n    target: T\n"
}

func TestSplitFieldMapping(t *testing.T) {
	null := &ir.Match{Field: "User", Op: ir.OpNull}
	ref := &ir.Match{Field: "User", Op: ir.OpFieldRef, Ref: "ParentUser"}
	cased := &ir.Match{Field: "User", Op: ir.OpEq, Pattern: contains("AUTHORI"), Cased: true}
	shared := []rewriteCase{
		{"exact account", match("User", ir.Lit(`NT AUTHORITY\SYSTEM`)), `(and (eq d "NT AUTHORITY") (eq n "SYSTEM"))`, ""},
		{"contains a word: either part", match("User", contains("AUTHORI")), `(or (eq d "*AUTHORI*") (eq n "*AUTHORI*"))`, ""},
		{"endswith a word: the name", match("User", suffix("STEM")), `(eq n "*STEM")`, ""},
		{"exact without separator", match("User", ir.Lit("SYSTEM")), "", `r.yml:3:5: field "User": value "SYSTEM": not supported because the target stores the value split at '\' into d and n`},
		{"inner wildcard", match("User", ir.Concat(ir.Lit("a"), ir.Pattern{star}, ir.Lit("b"))), "", `r.yml:3:5: field "User": value "a*b": not supported`},
		{"fieldref", ref, "", `field "User": modifier fieldref: not supported because`},
		{"other fields untouched", match("Image", ir.Lit("x")), "", `r.yml:3:5: field "Image": no mapping to T`},
	}
	t.Run("one separator", func(t *testing.T) {
		runRewrites(t, splitSrc(""), append(shared,
			rewriteCase{"startswith a word: the domain", match("User", prefix("NT AUT")), `(eq d "NT AUT*")`, ""},
			rewriteCase{"contains across the separator", match("User", contains(`ITY\SYS`)), `(and (eq d "*ITY") (eq n "SYS*"))`, ""},
			rewriteCase{"startswith across", match("User", prefix(`NT AUTHORITY\SY`)), `(and (eq d "NT AUTHORITY") (eq n "SY*"))`, ""},
			rewriteCase{"endswith a name", match("User", suffix(`\SYSTEM`)), `(eq n "SYSTEM")`, ""},
			rewriteCase{"startswith a domain", match("User", prefix(`NT AUTHORITY\`)), `(eq d "NT AUTHORITY")`, ""},
			rewriteCase{"null", null, `(null n)`, ""},
			rewriteCase{"empty", match("User", ir.Lit("")), `(eq n "")`, ""},
			rewriteCase{"cased kept", cased, `(or (eq d "*AUTHORI*" cased) (eq n "*AUTHORI*" cased))`, ""},
			rewriteCase{"outside ASCII kept", match("User", suffix("СИСТЕМА")), `(eq n "*СИСТЕМА")`, ""},
			rewriteCase{"two separators", match("User", contains(`a\b\c`)), "", `r.yml:3:5: field "User": value "*a\\b\\c*": not supported`},
			rewriteCase{"exact two separators", match("User", ir.Lit(`A\B\C`)), "", `r.yml:3:5: field "User": value "A\\B\\C": not supported`},
		))
	})
	t.Run("unsplit, lower case", func(t *testing.T) {
		runRewrites(t, splitSrc("    unsplit: true\n    lowercase: true\n    target: the table X\n"), append(shared[:3],
			rewriteCase{"name with a backslash", match("User", ir.Lit(`A\B\C`)), `(and (eq d "A") (eq n "B\\C"))`, ""},
			rewriteCase{"no domain", match("User", ir.Lit(`\SYSTEM`)), "", `r.yml:3:5: field "User": value "\\SYSTEM": not supported because the table X stores the value split at '\' into d and n (lower case); only a whole value with text on both sides`},
			rewriteCase{"exact without separator", match("User", ir.Lit("SYSTEM")), "", `r.yml:3:5: field "User": value "SYSTEM": not supported`},
			rewriteCase{"endswith a name", match("User", suffix(`\SYSTEM`)), "", `r.yml:3:5: field "User": value "*\\SYSTEM": not supported`},
			rewriteCase{"contains a backslash", match("User", contains(`Y\S`)), "", `r.yml:3:5: field "User": value "*Y\\S*": not supported`},
			rewriteCase{"prefix may span both", match("User", prefix("NT")), "", `r.yml:3:5: field "User": value "NT*": not supported`},
			rewriteCase{"null", null, "", `field "User": modifier null: not supported because the table X`},
			rewriteCase{"empty", match("User", ir.Lit("")), "", `r.yml:3:5: field "User": value "": not supported`},
			rewriteCase{"cased", cased, "", `field "User": modifier cased: not supported because the table X`},
			rewriteCase{"outside ASCII", match("User", contains("СИСТЕМА")), "", `r.yml:3:5: field "User": value "*СИСТЕМА*": not supported because the table X stores the value split at '\' into d and n (lower case), and folds the case of ASCII letters only`},
		))
	})
}

func TestValueRewriteParseErrors(t *testing.T) {
	head := "name: x\ntransformations:\n"
	tests := []parseErrorCase{
		{"unknown algorithm", "  - type: hashes_fields\n    mapping:\n      CRC32: c\n", `p.yml:5:7: hashes_fields: "CRC32" must be one of MD5, SHA1, SHA256, IMPHASH`},
		{"two targets for one algorithm", "  - type: hashes_fields\n    mapping:\n      MD5: [a, b]\n", `p.yml:5:7: hashes_fields: "MD5" must be one of`},
		{"hashes without mapping", "  - type: hashes_fields\n    prefix: true\n", `p.yml: mapping is required`},
		{"prefix not a boolean", "  - type: hashes_fields\n    prefix: yes\n    mapping:\n      MD5: a\n", `p.yml:4:13: hashes_fields: prefix must be true or false, not "yes"`},
		{"target not a string", "  - type: hashes_fields\n    target: [a]\n    mapping:\n      MD5: a\n", `p.yml:4:13: hashes_fields: target must be a string`},
		{"lowercase not a boolean", "  - type: split_field_mapping\n    separator: '\\'\n    lowercase: 1\n    mapping:\n      User: [d, n]\n", `p.yml:5:16: split_field_mapping: lowercase must be true or false, not "1"`},
		{"unsplit not a boolean", "  - type: split_field_mapping\n    separator: '\\'\n    unsplit: maybe\n    mapping:\n      User: [d, n]\n", `p.yml:5:14: split_field_mapping: unsplit must be true or false`},
		{"split without separator", "  - type: split_field_mapping\n    mapping:\n      User: [d, n]\n", `p.yml:3:11: split_field_mapping needs separator`},
		{"split empty separator", "  - type: split_field_mapping\n    separator: ''\n    mapping:\n      User: [d, n]\n", `p.yml:4:16: split_field_mapping: separator must not be empty`},
		{"split one target", "  - type: split_field_mapping\n    separator: '\\'\n    mapping:\n      User: n\n", `p.yml:6:7: split_field_mapping: "User" needs two target fields`},
	}
	runParseErrors(t, head, tests)
}
