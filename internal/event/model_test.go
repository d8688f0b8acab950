package event

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

// shapeCase is one raw event through one model: expected fields (exact value
// and type; dotted paths for nested documents) and fields that must be absent.
type shapeCase struct {
	name   string
	raw    Event
	ok     bool // Shape's second result
	want   map[string]any
	absent []string
}

func runShapeCases(t *testing.T, model string, cases []shapeCase) {
	t.Helper()
	m, ok := ModelByName(model)
	if !ok {
		t.Fatalf("model %q not registered", model)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Shape(tc.raw)
			if ok != tc.ok {
				t.Fatalf("Shape ok = %v, want %v (got %v)", ok, tc.ok, got)
			}
			for _, f := range sortedKeys(tc.want) {
				v, found := got.Lookup(f)
				if !found {
					t.Errorf("%s absent, want %#v", f, tc.want[f])
					continue
				}
				if !reflect.DeepEqual(v, tc.want[f]) {
					t.Errorf("%s = %#v, want %#v", f, v, tc.want[f])
				}
			}
			for _, f := range tc.absent {
				if v, found := got.Lookup(f); found {
					t.Errorf("%s = %#v, want absent", f, v)
				}
			}
		})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func num(s string) json.Number { return json.Number(s) }

func TestModelsRegistry(t *testing.T) {
	var names []string
	for _, m := range Models() {
		names = append(names, m.Name)
		if m.Doc == "" || m.Shape == nil {
			t.Errorf("model %q lacks Doc or Shape", m.Name)
		}
	}
	if want := []string{"sigma", "splunk", "cim", "defender", "sentinel", "ecs"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Models() = %v, want %v", names, want)
	}
	if m, ok := ModelByName("ECS"); !ok || m.Name != "ecs" {
		t.Errorf("ModelByName(ECS) = %v, %v", m.Name, ok)
	}
	if _, ok := ModelByName("qradar"); ok {
		t.Error("ModelByName(qradar) found a model")
	}
	Models()[0].Name = "changed"
	if Models()[0].Name != "sigma" {
		t.Error("Models() exposes the registry")
	}
}

// TestShapeDoesNotModifyRaw runs every model on every sample and checks that
// the raw event is untouched and the sigma model is a copy.
func TestShapeDoesNotModifyRaw(t *testing.T) {
	for name, raw := range allSamples {
		before, _ := json.Marshal(raw)
		for _, m := range Models() {
			out, _ := m.Shape(raw)
			if after, _ := json.Marshal(raw); string(after) != string(before) {
				t.Errorf("%s modified raw %s", m.Name, name)
			}
			if m.Name == "sigma" {
				out["Image"] = "x"
				if raw["Image"] == "x" {
					t.Errorf("sigma model aliases raw %s", name)
				}
			}
		}
	}
}

// TestModelCoverage pins which models have a record for which event.
func TestModelCoverage(t *testing.T) {
	want := map[string][]string{ // models with a record
		"sysmon1": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"}, "sysmon3": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"},
		"sysmon7": {"sigma", "splunk", "defender", "sentinel", "ecs"}, "sysmon11": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"},
		"sysmon12": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"}, "sysmon13": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"},
		"sysmon14": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"}, "sysmon22": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"},
		"security4688": {"sigma", "splunk", "cim", "defender", "sentinel", "ecs"},
	}
	for name, raw := range allSamples {
		var got []string
		for _, m := range Models() {
			if _, ok := m.Shape(raw); ok {
				got = append(got, m.Name)
			}
		}
		if !reflect.DeepEqual(got, want[name]) {
			t.Errorf("%s: models with a record %v, want %v", name, got, want[name])
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		raw Event
		eid int
		ok  bool
	}{
		{Event{"EventID": num("1")}, 1, true},
		{Event{"EventID": "13", "Channel": "microsoft-windows-sysmon/operational"}, 13, true},
		{Event{"EventID": "4688"}, 4688, true},
		{Event{"EventID": 4688.0, "Channel": "Security"}, 4688, true},
		{Event{"EventID": "4688", "Channel": "Microsoft-Windows-Sysmon/Operational"}, 4688, false},
		{Event{"EventID": "1", "Channel": "Security"}, 1, false},
		{Event{"EventID": "4624", "Channel": "Security"}, 4624, false},
		{Event{"EventID": "abc"}, 0, false},
		{Event{"Image": "x"}, 0, false},
		{Event{"EventID": "100"}, 100, false},
	}
	for _, tt := range tests {
		eid, ok := classify(tt.raw)
		if eid != tt.eid || ok != tt.ok {
			t.Errorf("classify(%v) = %d, %v; want %d, %v", tt.raw, eid, ok, tt.eid, tt.ok)
		}
	}
}

func TestReshapers(t *testing.T) {
	conv := func(c conv, in any) any { v, _ := c(in); return v }
	tests := []struct {
		name      string
		got, want any
	}{
		{"basename", basename(`C:\Windows\System32\cmd.exe`), "cmd.exe"},
		{"basename no slash", basename("cmd.exe"), "cmd.exe"},
		{"hex pid", conv(toDecodedLong, "0x2bc"), num("700")},
		{"decimal pid", conv(toLong, num("4624")), num("4624")},
		{"bad long", conv(toLong, "0x2bc"), nil},
		{"utc time", conv(toISOTime, "2020-10-08 11:03:46.615"), "2020-10-08T11:03:46.615Z"},
		{"system time", conv(toISOTime, "2024-04-23T08:48:30.449376800Z"), "2024-04-23T08:48:30.449Z"},
		{"account domain", conv(accountPart(0, true), `NT AUTHORITY\SYSTEM`), "nt authority"},
		{"account name", conv(accountPart(1, false), `NT AUTHORITY\SYSTEM`), "SYSTEM"},
		{"bare account has no domain", conv(accountPart(0, true), "SYSTEM"), nil},
		{"hash", conv(hashOf("SHA256"), sampleHashes), "935c1861df1f4018d698e8b65abfa02d7e9037d8f68ca3c2065b6ca165d44ad2"},
		{"bare hash by length", conv(hashOf("MD5"), "F4F684066175B77E0C3A000549D2922C"), "f4f684066175b77e0c3a000549d2922c"},
		{"windows args", windowsArgs(`"C:\a b\x.exe" /c "say \"hi\"" a\\b c\\"d e" ""`), []any{`C:\a b\x.exe`, "/c", `say "hi"`, `a\\b`, `c\d e`, ""}},
		{"security args", securityArgs(`"C:\a b\x.exe" --ps2`), []any{`"C:\a b\x.exe"`, "--ps2"}},
		{"mde hive HKU", mdeHive(`HKU\S-1-5-21-1\Software`), `HKEY_CURRENT_USER\S-1-5-21-1\Software`},
		{"mde hive HKLM only", mdeHive(`HKLM`), `HKEY_LOCAL_MACHINE`},
		{"mde hive not a prefix word", mdeHive(`HKLMX\a`), `HKLMX\a`},
		{"mde QWORD", conv(mdeRegistryData, "QWORD (0x00000001-0x00000002)"), "4294967298"},
		{"cim integrity label text", conv(mandatoryLevel, `Mandatory Label\High Mandatory Level`), "high"},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
}
