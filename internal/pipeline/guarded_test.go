package pipeline

import (
	"testing"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

func TestGuardedFieldMapping(t *testing.T) {
	const src = "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      exe: process.executable\n    unless:\n      event.action: execve\n"
	tests := []struct {
		name string
		cond ir.Expr
		want string
	}{
		{"a comparison excludes the other events", match("exe", ir.Lit("/usr/sbin/useradd")),
			`(and (eq process.executable "/usr/sbin/useradd") (not (eq event.action "execve")))`},
		{"inside a negation the guard stays with the comparison", &ir.Not{Arg: match("exe", contains("nmap"))},
			`(not (and (eq process.executable "*nmap*") (not (eq event.action "execve"))))`},
		{"other field left alone", match("comm", ir.Lit("split")), `(eq comm "split")`},
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
	const when = "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      a0: process.executable\n    when:\n      event.action: execve\n    otherwise: auditd.log.a0\n"
	res, errs := applyText(t, when, ir.Logsource{}, match("a0", ir.Lit("whoami")))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := ir.Debug(res.Rule.Conditions[0]), `(or (and (eq process.executable "whoami") (eq event.action "execve")) (eq auditd.log.a0 "whoami"))`; got != want {
		t.Errorf("when, otherwise: got  %s\nwant %s", got, want)
	}
	for name, bad := range map[string]string{
		"no unless":             "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      exe: process.executable\n",
		"two unless fields":     "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      exe: process.executable\n    unless:\n      a: x\n      b: y\n",
		"unless and when":       "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      exe: x\n    unless:\n      a: x\n    when:\n      a: y\n",
		"otherwise with unless": "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      exe: x\n    unless:\n      a: x\n    otherwise: y\n",
		"two targets":           "transformations:\n  - type: guarded_field_mapping\n    mapping:\n      exe: [a, b]\n    unless:\n      event.action: execve\n",
	} {
		if _, err := Parse("p.yml", []byte(bad)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
