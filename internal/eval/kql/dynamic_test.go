package kql

import "testing"

// TestDynamicAccess covers member access into dynamic columns as Kusto's
// documentation describes it: .name and ["name"] read a property, [i] an
// array element (negative from the end); anything that is not there is null.
func TestDynamicAccess(t *testing.T) {
	const ev = `{"EventData":{"Image":"C:\\x.exe","Key with space":"v","N":42,"Inner":{"a":"b"},"List":["p","q"]},"Plain":"{\"a\":\"b\"}"}`
	runWhereCases(t, []matchCase{
		{"member", `tostring(EventData.Image) =~ "c:\\X.EXE"`, ev, true},
		{"member other value", `tostring(EventData.Image) == "C:\\y.exe"`, ev, false},
		{"bracketed key with space", `tostring(EventData["Key with space"]) == "v"`, ev, true},
		{"single-quoted key", `tostring(EventData['Key with space']) == "v"`, ev, true},
		{"dot then bracketed name", `tostring(EventData.['Key with space']) == "v"`, ev, true},
		{"nested member", `tostring(EventData.Inner.a) == "b"`, ev, true},
		{"member after subscript", `tostring(EventData["Inner"].a) == "b"`, ev, true},
		{"array index", `tostring(EventData.List[1]) == "q"`, ev, true},
		{"negative index", `tostring(EventData.List[-2]) == "p"`, ev, true},
		{"index out of range is null", `isnull(EventData.List[2])`, ev, true},
		{"missing member is null", `isnull(EventData.Nope)`, ev, true},
		{"missing member is empty", `isempty(tostring(EventData.Nope))`, ev, true},
		{"present member is not null", `isnotnull(EventData.Image)`, ev, true},
		{"member of a missing column is null", `isnull(Other.Image)`, ev, true},
		{"member of a string is null", `isnull(Plain.a)`, ev, true},
		{"number member compares as number", `EventData.N == 42`, ev, true},
		{"number member as text", `tostring(EventData.N) == "42"`, ev, true},
		{"object as text", `tostring(EventData.Inner) == "{\"a\":\"b\"}"`, ev, true},
		{"string ops on a member", `tostring(EventData.Image) endswith "\\x.exe"`, ev, true},
	})
}

// TestParseJSON covers parse_json and todynamic: JSON text becomes a
// dynamic value; other text stays the string it is.
func TestParseJSON(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"parse_json of object text", `tostring(parse_json(Plain).a) == "b"`, `{"Plain":"{\"a\":\"b\"}"}`, true},
		{"todynamic is a synonym", `tostring(todynamic(Plain).a) == "b"`, `{"Plain":"{\"a\":\"b\"}"}`, true},
		{"parse_json of an array", `tostring(parse_json(Plain)[0]) == "x"`, `{"Plain":"[\"x\"]"}`, true},
		{"parse_json of a number", `parse_json(Plain) == 7`, `{"Plain":"7"}`, true},
		{"invalid JSON stays the string", `tostring(parse_json(Plain)) == "not json"`, `{"Plain":"not json"}`, true},
		{"member of invalid JSON is null", `isnull(parse_json(Plain).a)`, `{"Plain":"not json"}`, true},
		{"trailing text is not JSON", `isnull(parse_json(Plain).a)`, `{"Plain":"{\"a\":1} x"}`, true},
		{"empty text is null", `isnull(parse_json(Plain))`, `{"Plain":""}`, true},
		{"missing column is null", `isnull(parse_json(Plain))`, `{}`, true},
		{"dynamic is returned as is", `tostring(parse_json(EventData).a) == "b"`, `{"EventData":{"a":"b"}}`, true},
		{"HTML characters are not escaped", `tostring(parse_json(Plain)) == "{\"a\":\"<&>\"}"`, `{"Plain":"{\"a\":\"<&>\"}"}`, true},
	})
}

// TestMemberErrors: a subscript that is no index or key is a compile error.
func TestMemberErrors(t *testing.T) {
	for _, src := range []string{
		"T | where EventData[1.5] == 1",
		"T | where EventData[] == 1",
	} {
		if _, err := Compile(src); err == nil {
			t.Errorf("Compile(%q) succeeded, want an error", src)
		}
	}
}

// TestAlsoRows: an event is read by its own table, and by another table
// through the row it holds for it under "_also".
func TestAlsoRows(t *testing.T) {
	const ev = `{"_table":"WindowsEvent","EventID":1,"_also":{"SecurityEvent":{"EventID":4688,"NewProcessName":"C:\\x.exe"}}}`
	runQueryCases(t, []matchCase{
		{"own table", `WindowsEvent | where EventID == 1`, ev, true},
		{"other table's row", `SecurityEvent | where EventID == 4688 and NewProcessName endswith "\\x.exe"`, ev, true},
		{"other table reads its own row only", `SecurityEvent | where EventID == 1`, ev, false},
		{"a table with no row", `DeviceProcessEvents | where true`, ev, false},
	})
}
