package attack

import "testing"

func TestFromTagsRegasm(t *testing.T) {
	m := FromTags([]string{"attack.defense-evasion", "attack.t1218", "attack.t1218.009", "attack.t1218", "attack.g0069", "car.2013-05-009"})
	if len(m.Tactics) != 1 || m.Tactics[0].ID != "TA0005" || len(m.Techniques) != 2 || m.Techniques[1].Name != "Regsvcs/Regasm" || len(m.Unknown) != 0 {
		t.Errorf("FromTags = %+v", m)
	}
	if u := m.Techniques[1].URL(); u != "https://attack.mitre.org/techniques/T1218/009/" {
		t.Errorf("URL %s", u)
	}
}
