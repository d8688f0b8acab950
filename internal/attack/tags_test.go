package attack

import (
	"reflect"
	"testing"
)

// summary is a Mapping in ids and tags, for compact expectations.
type summary struct {
	Tactics, Techniques, Unknown []string
}

func summarize(m Mapping) summary {
	var s summary
	for _, t := range m.Tactics {
		s.Tactics = append(s.Tactics, t.ID+" "+t.Short)
	}
	for _, t := range m.Techniques {
		s.Techniques = append(s.Techniques, t.ID)
	}
	s.Unknown = m.Unknown
	return s
}

func TestFromTags(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		want summary
	}{
		{"none", nil, summary{}},
		{"the regasm rule", []string{"attack.defense-evasion", "attack.t1218.009"},
			summary{Tactics: []string{"TA0005 defense-evasion"}, Techniques: []string{"T1218.009"}}},
		{"tag order kept", []string{"attack.t1059.001", "attack.persistence", "attack.t1053", "attack.execution"},
			summary{Tactics: []string{"TA0003 persistence", "TA0002 execution"}, Techniques: []string{"T1059.001", "T1053"}}},
		{"duplicates dropped, first kept", []string{"attack.stealth", "attack.t1027", "attack.Stealth", "attack.T1027", "attack.stealth"},
			summary{Tactics: []string{"TA0005 stealth"}, Techniques: []string{"T1027"}}},
		{"sub-technique and technique are two", []string{"attack.t1218.011", "attack.t1218"},
			summary{Techniques: []string{"T1218.011", "T1218"}}},
		{"old and new name of TA0005 are two tactics", []string{"attack.defense-evasion", "attack.stealth", "attack.defense-impairment"},
			summary{Tactics: []string{"TA0005 defense-evasion", "TA0005 stealth", "TA0112 defense-impairment"}}},
		{"any case", []string{"ATTACK.T1003.001", "Attack.Credential-Access"},
			summary{Tactics: []string{"TA0006 credential-access"}, Techniques: []string{"T1003.001"}}},
		{"groups, software, other objects ignored", []string{"attack.g0069", "attack.s0029", "attack.c0024", "attack.m1042", "attack.ds0005", "attack.t1021.002"},
			summary{Techniques: []string{"T1021.002"}}},
		{"not attack.* ignored", []string{"cve.2021-44228", "detection.emerging-threats", "car.2013-05-004", "tlp.white", "attack", "attackt1059"},
			summary{}},
		{"junk tags ignored", []string{"attack.html", "attack.mitre.org", "attack.impact"},
			summary{Tactics: []string{"TA0040 impact"}}},
		{"unknown technique", []string{"attack.t9999", "attack.t1562.001", "attack.t1059"},
			summary{Techniques: []string{"T1059"}, Unknown: []string{"attack.t9999", "attack.t1562.001"}}},
		{"unknown tactic", []string{"attack.defense_evasion", "attack.evasion", "attack.lateral-movement"},
			summary{Tactics: []string{"TA0008 lateral-movement"}, Unknown: []string{"attack.defense_evasion", "attack.evasion"}}},
		{"malformed ids unknown, once, as written", []string{"attack.T1059.1", "attack.t1059.1", "attack.g69", "attack.ta0005", "attack."},
			summary{Unknown: []string{"attack.T1059.1", "attack.g69", "attack.ta0005", "attack."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summarize(FromTags(tt.tags)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromTags(%q)\n = %+v\nwant %+v", tt.tags, got, tt.want)
			}
		})
	}
}

// TestFromTagsResolves: the Mapping carries the table's full entries.
func TestFromTagsResolves(t *testing.T) {
	m := FromTags([]string{"attack.defense-impairment", "attack.t1685.001"})
	wantTactic := Tactic{"TA0112", "Defense Impairment", "defense-impairment"}
	wantTech := Technique{"T1685.001", "Disable or Modify Windows Event Log", []string{"defense-impairment"}}
	if len(m.Tactics) != 1 || m.Tactics[0] != wantTactic || len(m.Techniques) != 1 || !reflect.DeepEqual(m.Techniques[0], wantTech) {
		t.Errorf("FromTags = %+v; want tactic %+v and technique %+v", m, wantTactic, wantTech)
	}
}
