package attack

import (
	"cmp"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/corpus"
)

// Floors measured on the public SigmaHQ corpus: the distinct techniques and
// sub-techniques its attack.* tags name, the distinct techniques among them
// and the distinct tactics. Raise them when the corpus grows. (A grep of the
// rule files finds 391 ids: the 391st, attack.t1098.007 in
// fortinet_fortigate_user_group_modified.yml, is commented out.)
const (
	corpusMinTechniqueIDs = 390
	corpusMinTopLevel     = 170
	corpusMinTactics      = 15
)

// TestCorpusTags: every attack.* tag of the public corpus that names a tactic
// or a technique resolves; none is Unknown.
func TestCorpusTags(t *testing.T) {
	files := corpus.Require(t, "../../"+corpus.Public)
	ids, top, tactics := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var rules int
	for _, f := range files {
		for _, r := range f.Rules {
			rules++
			m := FromTags(r.Tags)
			if len(m.Unknown) > 0 {
				t.Errorf("%s: unknown ATT&CK tags %q", f.Path, m.Unknown)
			}
			for _, tech := range m.Techniques {
				ids[tech.ID] = true
				top[cmp.Or(tech.Parent(), tech.ID)] = true
			}
			for _, tactic := range m.Tactics {
				tactics[tactic.Short] = true
			}
		}
	}
	t.Logf("%d rules: %d technique ids (%d techniques), %d tactics", rules, len(ids), len(top), len(tactics))
	if len(ids) < corpusMinTechniqueIDs || len(top) < corpusMinTopLevel || len(tactics) < corpusMinTactics {
		t.Errorf("%d technique ids, %d techniques, %d tactics; want at least %d, %d, %d",
			len(ids), len(top), len(tactics), corpusMinTechniqueIDs, corpusMinTopLevel, corpusMinTactics)
	}
}

// TestBundledRuleTags: the repository's own rules resolve too; the regasm
// rule still says defense-evasion, ATT&CK v18's name for TA0005.
func TestBundledRuleTags(t *testing.T) {
	files, err := corpus.Load("../../rules")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]summary{}
	for _, f := range files {
		for _, r := range f.Rules {
			got[filepath.Base(f.Path)] = summarize(FromTags(r.Tags))
		}
	}
	want := summary{Tactics: []string{"TA0005 defense-evasion"}, Techniques: []string{"T1218", "T1218.009"}}
	if regasm := got["proc_creation_win_regasm_spawning_a_process.yml"]; !reflect.DeepEqual(regasm, want) {
		t.Errorf("regasm rule: %+v, want %+v", regasm, want)
	}
	for name, s := range got {
		if len(s.Unknown) > 0 {
			t.Errorf("%s: unknown ATT&CK tags %q", name, s.Unknown)
		}
	}
}
