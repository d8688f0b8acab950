package attack

import (
	"regexp"
	"strings"
)

// tagPrefix starts every Sigma tag about ATT&CK.
const tagPrefix = "attack."

// Mapping is what a rule's tags say about ATT&CK.
type Mapping struct {
	Tactics    []Tactic    // from attack.<tactic-shortname> tags, in tag order, no duplicates
	Techniques []Technique // from attack.tNNNN[.NNN] tags, in tag order, no duplicates
	Unknown    []string    // attack.* tags, as written, that name no tactic or technique of the table: "attack.t9999"
}

// techniqueTag is the part after "attack." of a technique tag, lower-cased.
var techniqueTag = regexp.MustCompile(`^t[0-9]{4}(\.[0-9]{3})?$`)

// otherObjectTag is the part after "attack." of a tag naming an ATT&CK
// object that is neither tactic nor technique, by its id: a group (g0069),
// software (s0029), campaign (c0024), mitigation (m1042) or data source
// (ds0005).
var otherObjectTag = regexp.MustCompile(`^(g|s|c|m|ds)[0-9]{4}$`)

// junkTags are attack.* tags of the public Sigma corpus that say nothing
// about ATT&CK: pieces of a URL written as a tag.
var junkTags = map[string]bool{"html": true, "mitre.org": true}

// FromTags reads Sigma tags: attack.<tactic-shortname> and attack.tNNNN or
// attack.tNNNN.NNN, in any case. Tags that are not attack.*, tags for other
// ATT&CK objects (groups, software, campaigns, mitigations, data sources)
// and the corpus's junk tags attack.html and attack.mitre.org are ignored;
// any other attack.* tag that the table cannot resolve is Unknown.
func FromTags(tags []string) Mapping {
	var m Mapping
	seen := map[string]bool{}
	for _, tag := range tags {
		name, ok := strings.CutPrefix(strings.ToLower(tag), tagPrefix)
		if !ok || junkTags[name] || otherObjectTag.MatchString(name) || seen[name] {
			continue
		}
		seen[name] = true
		m.add(tag, name)
	}
	return m
}

// add resolves one attack.* tag, name being its lower-cased rest.
func (m *Mapping) add(tag, name string) {
	if techniqueTag.MatchString(name) {
		if tech, ok := LookupTechnique(name); ok {
			m.Techniques = append(m.Techniques, tech)
			return
		}
	} else if tactic, ok := LookupTactic(name); ok {
		m.Tactics = append(m.Tactics, tactic)
		return
	}
	m.Unknown = append(m.Unknown, tag)
}
