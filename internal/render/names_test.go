package render

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/golden"
)

func TestFilterName(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Detect Regasm Spawning a Process", "detect_regasm_spawning_a_process_filter"},
		{"Suspicious Child-Process of W3WP.exe / IIS", "suspicious_child_process_of_w3wp_exe___iis_filter"},
		{"Use of 'Rundll32' (LOLBin)", "use_of_rundll32_lolbin_filter"},
		{"Ärger über Dateien", "rger_ber_dateien_filter"},
	}
	for _, tt := range tests {
		if got := FilterName(tt.title); got != tt.want {
			t.Errorf("FilterName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// Every test binary knows -update (see internal/golden).
var _ = golden.Update
