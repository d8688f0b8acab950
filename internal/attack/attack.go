// Package attack is the MITRE ATT&CK Enterprise matrix as data: its tactics
// and techniques (ids, names, the tactics each technique belongs to), and
// what a Sigma rule's attack.* tags say about them (FromTags). Deployment
// outputs use it to write a Kibana rule's threat objects, a Sentinel
// analytic's tactics and techniques and a Splunk ES annotation.
//
// The table follows ATT&CK Enterprise release 19.2 (Version). It lives in
// enterprise.tsv, embedded in the binary and parsed once; that file's header
// says where its facts come from and carries MITRE's terms-of-use notice:
// © The MITRE Corporation. This work is reproduced and distributed with the
// permission of The MITRE Corporation.
//
// ATT&CK v19 (28 April 2026) split Defense Evasion into Stealth, which kept
// TA0005, and the new Defense Impairment (TA0112). Rules written earlier still tag
// attack.defense-evasion, so that shortname resolves to the tactic's last
// official id and name (TA0005, "Defense Evasion"), though Tactics, the
// matrix, no longer lists it.
package attack

import "strings"

// Version is the ATT&CK Enterprise release the table follows.
const Version = "19.2"

// siteURL is where ATT&CK's pages live.
const siteURL = "https://attack.mitre.org/"

// Tactic is an ATT&CK tactic: the adversary's goal, a column of the matrix.
type Tactic struct {
	ID    string // "TA0005"
	Name  string // "Stealth"
	Short string // the shortname Sigma and ATT&CK's STIX data use: "stealth"
}

// URL is the tactic's page on attack.mitre.org.
func (t Tactic) URL() string { return siteURL + "tactics/" + t.ID + "/" }

// Technique is an ATT&CK technique or sub-technique.
type Technique struct {
	ID      string   // "T1218" or "T1218.009"
	Name    string   // its own name: "System Binary Proxy Execution"; for T1218.009 "Regsvcs/Regasm"
	Tactics []string // shortnames of the tactics it belongs to, in matrix order
}

// URL is the technique's page on attack.mitre.org; a sub-technique's page
// sits under its parent's: "https://attack.mitre.org/techniques/T1218/009/".
func (t Technique) URL() string {
	return siteURL + "techniques/" + strings.ReplaceAll(t.ID, ".", "/") + "/"
}

// Parent is the id of a sub-technique's technique ("T1218" for "T1218.009"),
// and "" for a technique.
func (t Technique) Parent() string {
	parent, _, sub := strings.Cut(t.ID, ".")
	if !sub {
		return ""
	}
	return parent
}

// LookupTactic finds a tactic by its shortname, in any case: "stealth",
// "Defense-Impairment". A retired shortname ("defense-evasion") finds the
// tactic's last official id and name.
func LookupTactic(short string) (Tactic, bool) {
	t, ok := enterprise().tactics[strings.ToLower(short)]
	return t, ok
}

// LookupTechnique finds a technique or sub-technique by its id, in any case:
// "T1218.009" or "t1218.009".
func LookupTechnique(id string) (Technique, bool) {
	t, ok := enterprise().techniques[strings.ToUpper(id)]
	if !ok {
		return Technique{}, false
	}
	t.Tactics = append([]string(nil), t.Tactics...)
	return t, true
}

// Tactics lists the matrix's tactics in its order, from Reconnaissance to
// Impact. Retired tactics are not in it.
func Tactics() []Tactic {
	return append([]Tactic(nil), enterprise().matrix...)
}
