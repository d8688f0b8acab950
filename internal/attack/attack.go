// Package attack resolves a Sigma rule's ATT&CK tags (attack.<tactic>,
// attack.tNNNN[.NNN]) to MITRE ATT&CK Enterprise tactics and techniques with
// their ids, names and pages, from an embedded table (enterprise.tsv).
//
// This is the interface the deployment formats use; the table here holds
// only the entries the bundled rules need until the full table lands.
package attack

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// Version is the ATT&CK Enterprise release the table follows.
const Version = "19.0"

//go:embed enterprise.tsv
var table string

// Tactic is an ATT&CK tactic.
type Tactic struct {
	ID    string // "TA0005"
	Name  string // "Defense Evasion"
	Short string // Sigma's and ATT&CK's shortname: "defense-evasion"
}

// URL is the tactic's page.
func (t Tactic) URL() string { return "https://attack.mitre.org/tactics/" + t.ID + "/" }

// Technique is an ATT&CK technique or sub-technique.
type Technique struct {
	ID      string   // "T1218" or "T1218.009"
	Name    string   // a sub-technique's own name: "Regsvcs/Regasm"
	Tactics []string // shortnames of its tactics, in ATT&CK's order
}

// URL is the technique's page.
func (t Technique) URL() string {
	return "https://attack.mitre.org/techniques/" + strings.Replace(t.ID, ".", "/", 1) + "/"
}

// Parent is the technique of a sub-technique, "" for a technique.
func (t Technique) Parent() string {
	p, _, ok := strings.Cut(t.ID, ".")
	if !ok {
		return ""
	}
	return p
}

type data struct {
	tactics    []Tactic
	byShort    map[string]Tactic
	techniques map[string]Technique
}

var (
	once   sync.Once
	loaded data
)

func get() *data {
	once.Do(func() {
		d, err := parse(table)
		if err != nil {
			panic("attack: enterprise.tsv: " + err.Error())
		}
		loaded = d
	})
	return &loaded
}

// parse reads the table: tab-separated lines "tactic ID name shortname" and
// "technique ID name tactic,tactic", "#" comments.
func parse(text string) (data, error) {
	d := data{byShort: map[string]Tactic{}, techniques: map[string]Technique{}}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return d, fmt.Errorf("line %d: %d fields, want 4", i+1, len(f))
		}
		switch f[0] {
		case "tactic":
			t := Tactic{ID: f[1], Name: f[2], Short: f[3]}
			d.tactics = append(d.tactics, t)
			d.byShort[t.Short] = t
		case "technique":
			d.techniques[f[1]] = Technique{ID: f[1], Name: f[2], Tactics: strings.Split(f[3], ",")}
		default:
			return d, fmt.Errorf("line %d: kind %q, want tactic or technique", i+1, f[0])
		}
	}
	return d, nil
}

// LookupTactic finds a tactic by shortname, case-insensitively.
func LookupTactic(short string) (Tactic, bool) {
	t, ok := get().byShort[strings.ToLower(short)]
	return t, ok
}

// LookupTechnique finds a technique by id ("t1218.009" or "T1218.009").
func LookupTechnique(id string) (Technique, bool) {
	t, ok := get().techniques[strings.ToUpper(id)]
	return t, ok
}

// Tactics returns every tactic in matrix order.
func Tactics() []Tactic { return append([]Tactic(nil), get().tactics...) }

// Mapping is what a rule's tags say about ATT&CK.
type Mapping struct {
	Tactics    []Tactic    // from attack.<tactic> tags, in tag order, no duplicates
	Techniques []Technique // from attack.tNNNN[.NNN] tags, in tag order, no duplicates
	Unknown    []string    // attack.* tags that look like a tactic or technique but are not in the table
}

// FromTags reads Sigma tags; group (attack.gNNNN) and software (attack.sNNNN)
// tags and tags outside attack.* are ignored.
func FromTags(tags []string) Mapping {
	var m Mapping
	seen := map[string]bool{}
	for _, tag := range tags {
		name, ok := strings.CutPrefix(strings.ToLower(tag), "attack.")
		if !ok || seen[name] || isGroupOrSoftware(name) || name == "html" || name == "mitre.org" {
			continue
		}
		seen[name] = true
		if isTechniqueID(name) {
			if t, ok := LookupTechnique(name); ok {
				m.Techniques = append(m.Techniques, t)
			} else {
				m.Unknown = append(m.Unknown, tag)
			}
			continue
		}
		if t, ok := LookupTactic(name); ok {
			m.Tactics = append(m.Tactics, t)
		} else {
			m.Unknown = append(m.Unknown, tag)
		}
	}
	return m
}

func isGroupOrSoftware(s string) bool {
	return len(s) == 5 && (s[0] == 'g' || s[0] == 's') && digits(s[1:])
}

func isTechniqueID(s string) bool {
	if len(s) < 5 || s[0] != 't' || !digits(s[1:5]) {
		return false
	}
	return len(s) == 5 || (len(s) == 9 && s[5] == '.' && digits(s[6:]))
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
