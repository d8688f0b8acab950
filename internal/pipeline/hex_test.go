package pipeline

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

func TestHexToDecimal(t *testing.T) {
	const src = "transformations:\n  - type: hex_to_decimal\n    regex: '(?i)DWORD \\(0x([0-9a-f]{8})\\)'\n    field_name_conditions:\n      - type: include_fields\n        fields: [Details]\n"
	tests := []struct {
		name string
		cond ir.Expr
		want string
	}{
		{"exact DWORD", match("Details", ir.Lit("DWORD (0x000003c0)")), `(eq Details "960")`},
		{"upper-case hex and word", match("Details", ir.Lit("dword (0x00000D3D)")), `(eq Details "3389")`},
		{"zero", match("Details", ir.Lit("DWORD (0x00000000)")), `(eq Details "0")`},
		{"wildcard left alone", match("Details", contains("DWORD (0x00000001)")), `(eq Details "*DWORD (0x00000001)*")`},
		{"match must be whole", match("Details", ir.Lit("DWORD (0x00000001) x")), `(eq Details "DWORD (0x00000001) x")`},
		{"other field left alone", match("Data", ir.Lit("DWORD (0x00000001)")), `(eq Data "DWORD (0x00000001)")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := applyText(t, src, ir.Logsource{}, tt.cond)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := ir.Debug(res.Rule.Conditions[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	if _, err := Parse("p.yml", []byte("transformations:\n  - type: hex_to_decimal\n    regex: 'DWORD'\n")); err == nil {
		t.Error("a regex without a group parsed")
	}
}
