package prove

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/event"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// fuzzModifiers are the value shapes the translation fuzzer tries.
var fuzzModifiers = []string{"", "|contains", "|startswith", "|endswith", "|contains|all", "|cased", "|contains|cased"}

// fuzzFields are fields every backend maps for process_creation; Image also
// goes through the basename mappings.
var fuzzFields = []string{"CommandLine", "Image", "ParentCommandLine"}

// FuzzTranslation is the property "render, then parse, then evaluate equals
// the reference" over adversarial values: for a rule comparing one field
// with the fuzzed value, every target either refuses the rule with a
// positioned error or emits a query that its evaluator parses and that
// agrees with the rule on events holding the fuzzed event value, the rule
// value itself, and the rule value inside a path.
func FuzzTranslation(f *testing.F) {
	seeds := []string{
		`regasm.exe`, `\regasm.exe`, `C:\Windows\`, `a"b`, `a'b`, `a\"b`, `\\server\share`, `a*b`, `a?b`,
		`a\*b`, `a\?b`, `a\\*b`, `pipe|here`, "back`tick`", "new\nline", "tab\there", `ünïcödé`, `İstanbul`,
		`K-sign`, strings.Repeat("long", 300), `%s%d`, `$(x)`, `" OR 1=1 --`, `') or ('1`, `*`, `?`, ``, `\`,
		`]]>`, `{"json": 1}`, `\u0041`, `a\nb`, `CASE(x)`, `TERM(x)`, `NOT`, `OR`, `"`, `'`,
	}
	for i, s := range seeds {
		f.Add(s, s, uint8(i))
		f.Add(s, "x"+s+"y", uint8(i+1))
	}
	checker, err := NewChecker(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, value, eventValue string, choice uint8) {
		checkTranslation(t, checker, value, eventValue, choice)
	})
}

// checkTranslation checks one fuzz input; see FuzzTranslation.
func checkTranslation(t *testing.T, checker *Checker, value, eventValue string, choice uint8) {
	{
		if len(value) > 2000 || len(eventValue) > 2000 {
			return
		}
		field := fuzzFields[int(choice)%len(fuzzFields)]
		mod := fuzzModifiers[int(choice/8)%len(fuzzModifiers)]
		var values any = value
		if strings.HasSuffix(mod, "|all") {
			values = []string{value, "x"}
		}
		doc := map[string]any{
			"title":     "Fuzz " + field + mod,
			"logsource": map[string]string{"product": "windows", "category": "process_creation"},
			"detection": map[string]any{
				"selection": map[string]any{field + mod: values},
				"condition": "selection",
			},
		}
		data, err := yaml.Marshal(doc)
		if err != nil {
			return
		}
		rules, errs := sigma.Load("fuzz.yml", data)
		if len(errs) > 0 || len(rules) != 1 {
			return
		}
		var samples []Sample
		for _, v := range []string{eventValue, value, `C:\Windows\` + value, value + `\x.exe`} {
			samples = append(samples, Sample{Note: v, Event: fuzzEvent(field, v)})
		}
		for _, target := range Targets {
			for _, r := range checker.Check(rules[0], target, samples) {
				if r.Err != nil {
					if !r.Compiled && strings.Contains(r.Err.Error(), "does not compile") {
						t.Errorf("%s: %v\nrule:\n%s\nquery:\n%s", target, r.Err, data, r.Query)
					}
					continue
				}
				if r.First != nil {
					t.Errorf("%s: on %q the rule says %v, the query says %v\nrule:\n%s\nquery:\n%s",
						target, r.First.Sample.Note, r.First.Reference, r.First.Translation, data, r.Query)
				}
			}
		}
	}
}

// fuzzEvent is a Sysmon process creation with one field set.
func fuzzEvent(field, value string) event.Event {
	ev := event.Event{
		"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": "host.example",
		"Image": `C:\Windows\System32\cmd.exe`, "ParentImage": `C:\Windows\explorer.exe`,
		"CommandLine": "cmd.exe", "ParentCommandLine": "explorer.exe", "User": `CORP\alice`,
		"ProcessId": 10, "ParentProcessId": 9, "IntegrityLevel": "Medium", "UtcTime": "2026-11-27 08:00:00.000",
	}
	ev[field] = value
	return ev
}
