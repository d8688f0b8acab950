package eql

import (
	"strings"
	"testing"
	"time"

	"github.com/rosetta-sigma/rosetta/internal/attack"
	"github.com/rosetta-sigma/rosetta/internal/render"
)

// TestThreatsOf: tactics in tag order, each technique under its tagged
// tactics, a sub-technique under its technique; what the table lacks or
// the rule does not tag is said in a note. Only the regasm entries (TA0005,
// T1218, T1218.009) are named, which every ATT&CK table holds.
func TestThreatsOf(t *testing.T) {
	const regasm = `[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0005","name":"Defense Evasion","reference":"https://attack.mitre.org/tactics/TA0005/"},"technique":[{"id":"T1218","name":"System Binary Proxy Execution","reference":"https://attack.mitre.org/techniques/T1218/","subtechnique":[{"id":"T1218.009","name":"Regsvcs/Regasm","reference":"https://attack.mitre.org/techniques/T1218/009/"}]}]}]`
	cases := []struct {
		tags  []string
		want  string
		notes string
	}{
		{nil, `[]`, ""},
		{[]string{"attack.defense-evasion", "attack.t1218", "attack.t1218.009"}, regasm, ""},
		{[]string{"attack.t1218.009", "attack.defense-evasion", "attack.t1218"}, regasm, ""},
		{[]string{"attack.defense-evasion"}, `[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0005","name":"Defense Evasion","reference":"https://attack.mitre.org/tactics/TA0005/"},"technique":[]}]`, ""},
		{[]string{"attack.defense-evasion", "attack.t1218", "attack.t1218.009", "attack.t9999", "attack.no-such-tactic", "attack.g0069"}, regasm,
			"ATT&CK " + attack.Version + " tags not in its table, left out of threat: attack.t9999, attack.no-such-tactic"},
		{[]string{"attack.defense-evasion", "attack.t9999.001"}, `[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0005","name":"Defense Evasion","reference":"https://attack.mitre.org/tactics/TA0005/"},"technique":[]}]`,
			"ATT&CK " + attack.Version + " tags not in its table, left out of threat: attack.t9999.001"},
	}
	for _, c := range cases {
		threats, notes := threatsOf(c.tags)
		got, err := render.CompactJSON(threats)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want || strings.Join(notes, "; ") != c.notes {
			t.Errorf("%v:\n%s\n%q\nwant\n%s\n%q", c.tags, got, notes, c.want, c.notes)
		}
	}
}

// TestThreatUntaggedTactic: a technique whose tactics the rule does not tag
// goes under the tactics the table gives it, with a note.
func TestThreatUntaggedTactic(t *testing.T) {
	sub, ok := attack.LookupTechnique("T1218.009")
	if !ok {
		t.Fatal("T1218.009 is not in the table")
	}
	threats, notes := threatsOf([]string{"attack.t1218.009"})
	want := "ATT&CK T1218.009 placed under its tactics " + strings.Join(sub.Tactics, ", ") + ", which the rule does not tag"
	if len(threats) != len(sub.Tactics) || strings.Join(notes, "; ") != want {
		t.Fatalf("%+v %q", threats, notes)
	}
	for i, th := range threats {
		tac, _ := attack.LookupTactic(sub.Tactics[i])
		if th.Tactic.ID != tac.ID || len(th.Technique) != 1 || th.Technique[0].ID != "T1218" ||
			len(th.Technique[0].Subtechnique) != 1 || th.Technique[0].Subtechnique[0].ID != "T1218.009" {
			t.Errorf("entry %d: %+v", i, th)
		}
	}
}

func TestDateMath(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "1h", 70 * time.Minute: "70m", 24 * time.Hour: "1d", 7 * 24 * time.Hour: "7d",
		90 * time.Second: "90s", 36 * time.Hour: "36h", 15 * time.Minute: "15m",
	} {
		if got := dateMath(d); got != want {
			t.Errorf("dateMath(%v) = %s, want %s", d, got, want)
		}
	}
	if relative(0) != "now" || relative(10*time.Minute) != "now-10m" {
		t.Errorf("relative: %s %s", relative(0), relative(10*time.Minute))
	}
}
