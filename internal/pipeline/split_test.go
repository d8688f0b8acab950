package pipeline

import (
	"strings"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// contains is the pattern "*s*".
const (
	sha256 = "0E0F5B1A9A4A0E1D0C9F1E7E3B1D6E1C8C5D2F3A4B5C6D7E8F9A0B1C2D3E4F5A"
	md5    = "0123456789ABCDEF0123456789ABCDEF"
)

func TestHashFieldMapping(t *testing.T) {
	const src = "transformations:\n  - type: hash_field_mapping\n    field: Hashes\n    mapping:\n      MD5: MD5\n      SHA256: SHA256\n    target: the table T\n"
	tests := []struct {
		name    string
		cond    ir.Expr
		want    string // the rewritten condition, when no error
		wantErr string
	}{
		{"whole SHA256", match("Hashes", contains("SHA256="+sha256)), `(eq SHA256 "` + strings.ToLower(sha256) + `")`, ""},
		{"algorithm in lower case", match("Hashes", contains("md5="+md5)), `(eq MD5 "` + strings.ToLower(md5) + `")`, ""},
		{"other fields untouched", match("Image", contains("SHA256="+sha256)), `(eq Image "*SHA256=` + sha256 + `*")`, ""},
		{"IMPHASH has no column", match("Hashes", contains("IMPHASH="+md5)), "", `r.yml:3:5: field "Hashes": value "*IMPHASH=` + md5 + `*": the table T has no IMPHASH column`},
		{"SHA1 not in the mapping", match("Hashes", contains("SHA1="+md5+"01234567")), "", `the table T has no SHA1 column`},
		{"part of a hash", match("Hashes", contains("SHA256=0E0F")), "", `not a whole SHA256 hash (64 hex digits)`},
		{"not hex", match("Hashes", contains("MD5="+strings.Repeat("Z", 32))), "", `not a whole MD5 hash`},
		{"bare hash", match("Hashes", contains(md5)), "", `only a contains of ALGO=<the whole hash> (ALGO one of MD5, SHA256)`},
		{"exact value", match("Hashes", ir.Lit("MD5="+md5)), "", `only a contains of ALGO=`},
		{"regex", &ir.Match{Field: "Hashes", Op: ir.OpRegex, Regex: "x"}, "", `modifier re: only a contains`},
		{"cased", &ir.Match{Field: "Hashes", Op: ir.OpEq, Pattern: contains("MD5=" + md5), Cased: true}, "", `only a contains`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := applyText(t, src, ir.Logsource{}, tt.cond)
			if tt.wantErr != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr) {
					t.Fatalf("errors %v, want one holding %q", errs, tt.wantErr)
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

func TestHashFieldMappingParameters(t *testing.T) {
	for _, src := range []string{
		"transformations:\n  - type: hash_field_mapping\n    field: Hashes\n    mapping:\n      CRC32: C\n    target: T\n",
		"transformations:\n  - type: hash_field_mapping\n    field: Hashes\n    mapping:\n      MD5: [A, B]\n    target: T\n",
		"transformations:\n  - type: hash_field_mapping\n    mapping:\n      MD5: MD5\n    target: T\n",
	} {
		if _, err := Parse("p.yml", []byte(src)); err == nil {
			t.Errorf("%q parsed", src)
		}
	}
}

func TestAccountFieldMapping(t *testing.T) {
	const src = "transformations:\n  - type: account_field_mapping\n    mapping:\n      User: [D, N]\n    target: the table T\n"
	suffix := ir.Pattern{star, {Kind: ir.Literal, Text: "SYSTEM"}}
	tests := []struct {
		name    string
		cond    ir.Expr
		want    string
		wantErr string
	}{
		{"DOMAIN\\name", match("User", ir.Lit(`NT AUTHORITY\SYSTEM`)), `(and (eq D "NT AUTHORITY") (eq N "SYSTEM"))`, ""},
		{"name with a backslash", match("User", ir.Lit(`A\B\C`)), `(and (eq D "A") (eq N "B\\C"))`, ""},
		{"contains is on either part", match("User", contains("AUTHORI")), `(or (eq D "*AUTHORI*") (eq N "*AUTHORI*"))`, ""},
		{"endswith is on the name", match("User", suffix), `(eq N "*SYSTEM")`, ""},
		{"no domain", match("User", ir.Lit(`\SYSTEM`)), "", `r.yml:3:5: field "User": value "\\SYSTEM": the table T splits DOMAIN\name into D and N`},
		{"bare name", match("User", ir.Lit("SYSTEM")), "", `value "SYSTEM"`},
		{"contains a backslash", match("User", contains(`Y\S`)), "", `value "*Y\\S*"`},
		{"prefix may span both", match("User", ir.Pattern{{Kind: ir.Literal, Text: "NT"}, star}), "", `value "NT*"`},
		{"outside ASCII", match("User", contains("СИСТЕМА")), "", `it has letters outside ASCII`},
		{"null", &ir.Match{Field: "User", Op: ir.OpNull}, "", `modifier null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := applyText(t, src, ir.Logsource{}, tt.cond)
			if tt.wantErr != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr) {
					t.Fatalf("errors %v, want one holding %q", errs, tt.wantErr)
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
