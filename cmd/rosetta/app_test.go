package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestConvertSplunkApp: -o DIR gets the app's four files in their folders
// and nothing else (the rules' notes go to standard error); a --profile
// naming a field the search does not output refuses the rule at its
// position; without -o the files go to standard output, with no empty
// output for the rules that only carry a note.
func TestConvertSplunkApp(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "", "convert", "-t", "splunk", "--format", "app", "-o", dir, "../../testdata/bad/unmappable_field.yml", regasm)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	sort.Strings(files)
	if want := "default/app.conf default/macros.conf default/savedsearches.conf metadata/default.meta"; strings.Join(files, " ") != want {
		t.Errorf("files %q, want %s", files, want)
	}
	searches, err := os.ReadFile(filepath.Join(dir, "default", "savedsearches.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"[rosetta - Detect Regasm Spawning a Process - Rule]", "[rosetta - Unmappable Field - Rule]"} {
		if !strings.Contains(string(searches), s) {
			t.Errorf("savedsearches.conf lacks %s", s)
		}
	}
	if !strings.Contains(errs, "unmappable_field.yml:1:1: note: splunk auto: field \"SpecialSauce\"") {
		t.Errorf("stderr lacks auto's note:\n%s", errs)
	}

	profile := filepath.Join(t.TempDir(), "p.yml")
	code, out, _ = runCLI(t, "", "profile")
	if code != 0 {
		t.Fatal("rosetta profile failed")
	}
	if err := os.WriteFile(profile, []byte(strings.Replace(out, "field: dest", "field: src_ip", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "", "convert", "-t", "splunk/app", "--profile", profile, "-o", t.TempDir(), "../../testdata/rules/proc_creation_base64offset.yml")
	if code != 1 || !strings.Contains(errs, `proc_creation_base64offset.yml:1:1: risk object field "src_ip": splunk app: not supported because the search's results do not carry it`) {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}

	code, out, _ = runCLI(t, "", "convert", "-q", "-t", "splunk/app", "../../testdata/bad/unmappable_field.yml", regasm)
	if code != 0 || !strings.HasPrefix(out, "# Splunk Enterprise Security correlation searches") {
		t.Errorf("exit %d, stdout starts %.80q", code, out)
	}
}

// TestReadmeShowsTheRegasmStanza: the correlation search the README shows
// is the one the app format writes for the regasm rule, byte for byte.
func TestReadmeShowsTheRegasmStanza(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- splunk-regasm-stanza -->\n```ini\n")
	block, _, found := strings.Cut(block, "```")
	if !ok || !found {
		t.Fatal("README.md has no splunk-regasm-stanza block")
	}
	dir := t.TempDir()
	if code, _, errs := runCLI(t, "", "convert", "-t", "splunk", "-f", "app", "-o", dir, regasm); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	conf, err := os.ReadFile(filepath.Join(dir, "default", "savedsearches.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(conf), "\n"+block) {
		t.Errorf("README shows\n%s\nthe app holds\n%s", block, conf)
	}
}
