package event

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeForms(t *testing.T) {
	two := []Event{{"EventID": num("1"), "Image": `C:\a.exe`}, {"EventID": num("3")}}
	tests := []struct {
		name string
		in   string
		want []Event
	}{
		{"jsonl", "{\"EventID\":1,\"Image\":\"C:\\\\a.exe\"}\n{\"EventID\":3}\n", two},
		{"jsonl crlf, blank lines", "\r\n{\"EventID\":1,\"Image\":\"C:\\\\a.exe\"}\r\n\r\n{\"EventID\":3}", two},
		{"array", "[{\"EventID\":1,\"Image\":\"C:\\\\a.exe\"},\n {\"EventID\":3}]", two},
		{"concatenated pretty", "{\n  \"EventID\": 1,\n  \"Image\": \"C:\\\\a.exe\"\n}{\"EventID\":3}", two},
		{"empty input", "", nil},
		{"whitespace only", " \n\t", nil},
		{"empty array", " [ ] ", nil},
		{"big number stays exact", `{"n":12345678901234567890}`, []Event{{"n": num("12345678901234567890")}}},
		{"windows export, Data list @Name/#text", `{"Event":{"System":{"Provider":{"@Name":"Microsoft-Windows-Sysmon","@Guid":"{5770}"},
			"EventID":1,"TimeCreated":{"@SystemTime":"2020-10-08T11:03:46.617Z"},"EventRecordID":4522,
			"Execution":{"@ProcessID":"2912","@ThreadID":"3424"},"Channel":"Microsoft-Windows-Sysmon/Operational",
			"Computer":"host1","Security":{"@UserID":"S-1-5-18"},"Correlation":null},
			"EventData":{"Data":[{"@Name":"Image","#text":"C:\\a.exe"},{"@Name":"RuleName"},"loose"]}}}`,
			[]Event{{"Provider_Name": "Microsoft-Windows-Sysmon", "Provider_Guid": "{5770}", "EventID": num("1"),
				"TimeCreated_SystemTime": "2020-10-08T11:03:46.617Z", "EventRecordID": num("4522"),
				"Execution_ProcessID": "2912", "Execution_ThreadID": "3424",
				"Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": "host1", "Security_UserID": "S-1-5-18",
				"Image": `C:\a.exe`, "RuleName": "", "Data_3": "loose"}}},
		{"windows export, Name/Value and Name/text, EventID with qualifiers", `{"Event":{"System":{"EventID":{"#text":"4688","@Qualifiers":""},"Channel":"Security"},
			"EventData":{"Data":[{"Name":"NewProcessId","Value":"0xf84"},{"Name":"NewProcessName","text":"C:\\x.exe"}]}}}`,
			[]Event{{"EventID": "4688", "EventID_Qualifiers": "", "Channel": "Security", "NewProcessId": "0xf84", "NewProcessName": `C:\x.exe`}}},
		{"windows export, flat EventData and single Data object", `{"System":{"EventID":"13"},"EventData":{"Image":"C:\\r.exe","@xmlns":"x"}}
			{"Event":{"System":{"EventID":"7"},"EventData":{"Data":{"@Name":"ImageLoaded","#text":"C:\\d.dll"}}},"host":"h"}`,
			[]Event{{"EventID": "13", "Image": `C:\r.exe`}, {"EventID": "7", "ImageLoaded": `C:\d.dll`, "host": "h"}}},
		{"windows export, UserData", `{"Event":{"System":{"EventID":1102},"UserData":{"LogFileCleared":{"SubjectUserName":"bob","@xmlns":"x"}}}}`,
			[]Event{{"EventID": num("1102"), "SubjectUserName": "bob"}}},
		{"non-export object with Event string kept", `{"Event":"x","System":"y"}`, []Event{{"Event": "x", "System": "y"}}},
		{"non-export Event object kept", `{"Event":{"action":"x"}}`, []Event{{"Event": map[string]any{"action": "x"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(tt.want)
				t.Errorf("Decode =\n%s\nwant\n%s", gj, wj)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bad byte on line 2", "{\"a\":1}\n{\"b\":}", "2:6: invalid character '}' looking for beginning of value"},
		{"bad byte after tab", "{\"a\":1}\n\t{\"b\" 1}", "2:7: invalid character '1' after object key"},
		{"truncated", `{"a":`, "1:6: unexpected end of JSON input"},
		{"truncated array", "[{\"a\":1},\n", "2:1: unexpected end of JSON input"},
		{"number in array", `[{"a":1}, 2]`, "1:11: expected a JSON object, found a number"},
		{"array in stream", "{\"a\":1}\n[1]", "2:1: expected a JSON object, found an array"},
		{"string at top", `  "x"`, "1:3: expected a JSON object, found a string"},
		{"trailing comma in array", "[{\"a\":1},\n]", "2:1: invalid character ']' looking for beginning of value"},
		{"garbage after array", `[{"a":1}] x`, "1:11: unexpected data after the top-level array"},
		{"bad literal", "{\"a\":tru}", "1:9: invalid character '}' in literal true (expecting 'e')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("Decode(%q) succeeded, want %q", tt.in, tt.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("Decode(%q) error = %q, want %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestDecodeFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte("{\"EventID\":1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("{\"EventID\":1}\n{,}"), 0o600); err != nil {
		t.Fatal(err)
	}
	evs, err := DecodeFile(good)
	if err != nil || len(evs) != 1 {
		t.Fatalf("DecodeFile(good) = %v, %v", evs, err)
	}
	_, err = DecodeFile(bad)
	if want := bad + ":2:2: invalid character ',' looking for beginning of object key string"; err == nil || err.Error() != want {
		t.Errorf("DecodeFile(bad) error = %v, want %s", err, want)
	}
	if _, err := DecodeFile(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DecodeFile(missing) error = %v, want not-exist", err)
	}
}

// FuzzDecode checks that decoding and every model survive any input.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"EventID":1,"Image":"C:\\a.exe","Hashes":"SHA1=00,MD5=","User":"\\"}`,
		`[{"Event":{"System":{"EventID":{"#text":"13"}},"EventData":{"Data":[{"@Name":"TargetObject","#text":"HKU"}]}}}]`,
		`{"EventID":"22","QueryResults":"type:  5 a;::ffff:1.2.3.4;type:;x;","QueryStatus":"9003"}`,
		`{"EventID":"13","TargetObject":"HKLM","Details":"QWORD (0xffffffff-0xffffffff)","EventType":"RenameKey"}`,
		`{"EventID":4688,"NewProcessId":"0x","CommandLine":" \" ","ProcessId":"-1"}`,
		`{"EventID":"1","CommandLine":"a\\\\\"b \"\" c","ParentImage":"\\","Image":"x"}`,
		"{\"a\":1}\n{", "[1,", `"x"`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, err := Decode(strings.NewReader(string(data)))
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Line < 1 || de.Col < 1 {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		for _, ev := range evs {
			for _, m := range Models() {
				m.Shape(ev)
			}
		}
	})
}
