package kql_test

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/backends/kql"
	"github.com/rosetta-sigma/rosetta/internal/attack"
	"github.com/rosetta-sigma/rosetta/internal/deploy"
	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
	"github.com/rosetta-sigma/rosetta/internal/render"
	"github.com/rosetta-sigma/rosetta/internal/sigma"
)

// analyticRuleSource is a rule the sentinel format converts from Security
// 4688; %s is replaced by extra top-level keys.
const analyticRuleSource = `title: Cmd Child
id: 0b9a0f0e-0000-4000-8000-000000000401
author: Someone
level: %LEVEL%
tags:
    - attack.defense-evasion
    - attack.t1218.009
    - attack.t9999
    - attack.nosuchtactic
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        ParentImage|endswith: '\cmd.exe'
    condition: selection
%EXTRA%`

func loadAnalytic(t *testing.T, level, extra string) *ir.Rule {
	t.Helper()
	src := strings.NewReplacer("%LEVEL%", level, "%EXTRA%", extra).Replace(analyticRuleSource)
	rules, errs := sigma.Load("analytic.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("load: %v\n%s", errs, src)
	}
	return rules[0]
}

func analyticConversion(t *testing.T, profile *deploy.Profile) render.Conversion {
	t.Helper()
	conv, err := kql.Backend{}.NewConversion("sentinel-rule", nil)
	if err != nil {
		t.Fatal(err)
	}
	if profile != nil {
		conv.(render.Deployer).UseProfile(profile)
	}
	return conv
}

// TestAnalyticRuleSettings: the keys that come from the rule's level, tags
// and deployment settings.
func TestAnalyticRuleSettings(t *testing.T) {
	for _, c := range []struct {
		name, level, extra string
		want               map[string]string // key -> value as the YAML decodes it, printed with %v
		note               string
	}{
		{name: "critical is High", level: "critical", want: map[string]string{"severity": "High", "queryFrequency": "1h", "queryPeriod": "70m"}},
		{name: "informational", level: "informational", want: map[string]string{"severity": "Informational"}},
		{name: "no level", level: "''", want: map[string]string{"severity": "Medium"}, note: `level "": severity Medium`},
		{name: "tactics and techniques", level: "low", want: map[string]string{"tactics": "[DefenseEvasion]", "relevantTechniques": "[T1218.009]"},
			note: "tags not in ATT&CK " + attack.Version + ", left out: attack.t9999, attack.nosuchtactic"},
		{name: "every 15 minutes over the last day", level: "low",
			extra: "rosetta:\n    schedule:\n        cron: '*/15 * * * *'\n        earliest: -1d\n        latest: now\n",
			want:  map[string]string{"queryFrequency": "15m", "queryPeriod": "1d"}},
		{name: "daily over two weeks", level: "low",
			extra: "rosetta:\n    schedule:\n        cron: '30 2 * * *'\n        earliest: -14d\n",
			want:  map[string]string{"queryFrequency": "1d", "queryPeriod": "14d", "author": "Someone"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files, err := analyticConversion(t, nil).Convert(loadAnalytic(t, c.level, c.extra))
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(files[0].Text), &doc); err != nil {
				t.Fatal(err)
			}
			doc["author"] = doc["metadata"].(map[string]any)["author"].(map[string]any)["name"]
			for k, v := range c.want {
				if got := sprint(doc[k]); got != v {
					t.Errorf("%s = %s, want %s", k, got, v)
				}
			}
			if !strings.Contains(files[0].Note, c.note) {
				t.Errorf("note %q does not say %q", files[0].Note, c.note)
			}
		})
	}
}

// sprint prints a decoded YAML value: a list as [a b].
func sprint(v any) string {
	if l, ok := v.([]any); ok {
		var parts []string
		for _, x := range l {
			parts = append(parts, sprint(x))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	if v == nil {
		return "<nil>"
	}
	return strings.TrimSpace(strings.ReplaceAll(yamlScalar(v), "\n", " "))
}

func yamlScalar(v any) string {
	out, _ := yaml.Marshal(v)
	return string(out)
}

// TestAnalyticRuleRefusals: what an analytic rule cannot hold is a
// positioned error saying why.
func TestAnalyticRuleRefusals(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
	}{
		{"cron without a fixed interval",
			"rosetta:\n    schedule:\n        cron: '0 9 * * 1-5'\n",
			`analytic.yml:18:5: schedule.cron "0 9 * * 1-5": kql sentinel-rule: not supported because Sentinel runs a rule at a fixed queryFrequency and the schedule does not repeat at one fixed interval`},
		{"period shorter than the frequency",
			"rosetta:\n    schedule:\n        cron: '0 */6 * * *'\n        earliest: -70m@m\n",
			`analytic.yml:18:5: schedule.earliest "-70m@m": kql sentinel-rule: not supported because Sentinel's queryPeriod must be at least its queryFrequency (6h0m0s)`},
		{"period above 14 days",
			"rosetta:\n    schedule:\n        earliest: -15d\n",
			`analytic.yml:18:5: schedule.earliest "-15d": kql sentinel-rule: not supported because Sentinel's queryFrequency and queryPeriod are 5 minutes to 14 days and this is 360h0m0s`},
		{"seconds",
			"rosetta:\n    schedule:\n        earliest: -330s\n        latest: now\n        cron: '*/5 * * * *'\n",
			`analytic.yml:18:5: schedule.earliest "-330s": kql sentinel-rule: not supported because Sentinel's queryFrequency and queryPeriod are whole minutes and this is 5m30s`},
		{"every minute",
			"rosetta:\n    schedule:\n        cron: '* * * * *'\n",
			`analytic.yml:18:5: schedule.cron "* * * * *": kql sentinel-rule: not supported because Sentinel's queryFrequency and queryPeriod are 5 minutes to 14 days and this is 1m0s`},
		{"unknown detection type from deploy",
			"rosetta:\n    type: Nope\n",
			`analytic.yml:18:11: rosetta.type: unknown detection type "Nope" (profile rosetta:profile.yml has TTP, Anomaly, Hunting)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := analyticConversion(t, deploy.Default()).Convert(loadAnalytic(t, "high", c.src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
}

// TestAnalyticRuleConditionListAndID: a rule with two conditions (two
// queries) and a rule whose id is no GUID are refused.
func TestAnalyticRuleConditionListAndID(t *testing.T) {
	src := "title: Two\nid: not-a-guid\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    a:\n        Image|endswith: '\\a.exe'\n    b:\n        Image|endswith: '\\b.exe'\n    condition:\n        - a\n        - b\n"
	rules, errs := sigma.Load("two.yml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, err := analyticConversion(t, nil).Convert(rules[0])
	var got []string
	if errs, ok := err.(diag.List); ok {
		for _, d := range errs {
			got = append(got, d.Error())
		}
	}
	for _, want := range []string{
		"two.yml:10:9: condition list: kql sentinel-rule: not supported because an analytic rule runs one query and this rule has 2 conditions",
		`two.yml:1:1: id: kql sentinel-rule: not supported because an analytic rule's id is a GUID and the rule's id is "not-a-guid"`,
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("got %v\nwant %s", got, want)
		}
	}
}

// TestAnalyticRuleQueryRefusal: a rule the sentinel format refuses is
// refused with the same errors.
func TestAnalyticRuleQueryRefusal(t *testing.T) {
	rule := loadAnalytic(t, "high", "")
	rule.Logsource.Product = "nosuchproduct"
	sentinel, _ := kql.Backend{}.NewConversion("sentinel", nil)
	_, want := sentinel.Convert(rule)
	_, got := analyticConversion(t, nil).Convert(rule)
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Errorf("got %v, want %v", got, want)
	}
}
