package kql

import "testing"

func TestEqualityOperators(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"== exact", `FileName == "cmd.exe"`, `{"FileName":"cmd.exe"}`, true},
		{"== is case-sensitive", `FileName == "cmd.exe"`, `{"FileName":"CMD.exe"}`, false},
		{"!= other case", `FileName != "cmd.exe"`, `{"FileName":"CMD.exe"}`, true},
		{"!= same", `FileName != "cmd.exe"`, `{"FileName":"cmd.exe"}`, false},
		{"=~ folds case", `FileName =~ "CMD.exe"`, `{"FileName":"cmd.EXE"}`, true},
		{"=~ one char off", `FileName =~ "cmd.exe"`, `{"FileName":"cmd.exf"}`, false},
		{"=~ folds ASCII only", `FileName =~ "É.exe"`, `{"FileName":"é.exe"}`, false},
		{"=~ non-ASCII same case", `FileName =~ "é.EXE"`, `{"FileName":"é.exe"}`, true},
		{"!~ other case", `FileName !~ "CMD.EXE"`, `{"FileName":"cmd.exe"}`, false},
		{"!~ different", `FileName !~ "CMD.EXE"`, `{"FileName":"x.exe"}`, true},
		{"missing column is empty string", `FileName == ""`, `{}`, true},
		{"missing column != value", `FileName != "cmd.exe"`, `{}`, true},
		{"missing column == value", `FileName == "cmd.exe"`, `{}`, false},
		{"JSON null reads as empty string", `FileName == ""`, `{"FileName":null}`, true},
		{"bool column", `IsElevated == true`, `{"IsElevated":true}`, true},
		{"bool column false", `IsElevated == true`, `{"IsElevated":false}`, false},
		{"bracketed name", `['File Name'] == "x"`, `{"File Name":"x"}`, true},
		{"dynamic member", `AdditionalFields.Parent == "x"`, `{"AdditionalFields":{"Parent":"x"}}`, true},
		{"dynamic member missing", `AdditionalFields.Parent == "x"`, `{"AdditionalFields":{}}`, false},
	})
}

func TestHasOperators(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"has whole term", `ProcessCommandLine has "regasm.exe"`, `{"ProcessCommandLine":"C:\\Windows\\regasm.exe /u x.dll"}`, true},
		{"has ignores case", `ProcessCommandLine has "REGASM.EXE"`, `{"ProcessCommandLine":"regasm.exe"}`, true},
		{"has needs term start", `ProcessCommandLine has "regasm.exe"`, `{"ProcessCommandLine":"xregasm.exe"}`, false},
		{"has needs term end", `ProcessCommandLine has "regasm.exe"`, `{"ProcessCommandLine":"regasm.exe2"}`, false},
		{"has term inside a word", `ProcessCommandLine has "asm"`, `{"ProcessCommandLine":"regasm"}`, false},
		{"has docs example", `Region has "america"`, `{"Region":"North America"}`, true},
		{"has prefix is not a term", `Region has "amer"`, `{"Region":"North America"}`, false},
		{"has second occurrence on boundary", `ProcessCommandLine has "exe"`, `{"ProcessCommandLine":"exex exe"}`, true},
		{"has leading punctuation needs no boundary", `ProcessCommandLine has "-enc"`, `{"ProcessCommandLine":"powershell --enc AAA"}`, true},
		{"has verbatim backslash needle", `FolderPath has @"\regasm"`, `{"FolderPath":"C:\\Windows\\regasm.exe"}`, true},
		{"has underscore is a separator", `ProcessCommandLine has "run"`, `{"ProcessCommandLine":"do_run_it"}`, true},
		{"has non-ASCII letter is a separator", `ProcessCommandLine has "caf"`, `{"ProcessCommandLine":"café"}`, true},
		{"has missing column", `ProcessCommandLine has "x"`, `{}`, false},
		{"!has", `Region !has "amer"`, `{"Region":"North America"}`, true},
		{"!has term present", `Region !has "north"`, `{"Region":"North America"}`, false},
		{"has_cs same case", `Region has_cs "America"`, `{"Region":"North America"}`, true},
		{"has_cs other case", `Region has_cs "america"`, `{"Region":"North America"}`, false},
		{"!has_cs other case", `Region !has_cs "america"`, `{"Region":"North America"}`, true},
		{"!has_cs same case", `Region !has_cs "America"`, `{"Region":"North America"}`, false},
		{"hasprefix", `Region hasprefix "Amer"`, `{"Region":"North America"}`, true},
		{"hasprefix mid-term", `Region hasprefix "merica"`, `{"Region":"North America"}`, false},
		{"hassuffix", `Region hassuffix "rica"`, `{"Region":"North America"}`, true},
		{"hassuffix mid-term", `Region hassuffix "Ameri"`, `{"Region":"North America"}`, false},
		{"hasprefix_cs other case", `Region hasprefix_cs "amer"`, `{"Region":"North America"}`, false},
		{"has_any", `Region has_any ("south", "america")`, `{"Region":"North America"}`, true},
		{"has_any none", `Region has_any ("south", "amer")`, `{"Region":"North America"}`, false},
		{"has_all", `Region has_all ("north", "AMERICA")`, `{"Region":"North America"}`, true},
		{"has_all one missing", `Region has_all ("north", "south")`, `{"Region":"North America"}`, false},
	})
}

func TestSubstringOperators(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"contains ignores case", `Name contains "BRik"`, `{"Name":"FabriKam"}`, true},
		{"contains absent", `Name contains "xyz"`, `{"Name":"FabriKam"}`, false},
		{"!contains", `Name !contains "xyz"`, `{"Name":"FabriKam"}`, true},
		{"!contains present", `Name !contains "brik"`, `{"Name":"FabriKam"}`, false},
		{"contains_cs", `Name contains_cs "Kam"`, `{"Name":"FabriKam"}`, true},
		{"contains_cs other case", `Name contains_cs "kam"`, `{"Name":"FabriKam"}`, false},
		{"!contains_cs", `Name !contains_cs "kam"`, `{"Name":"FabriKam"}`, true},
		{"contains folds ASCII only", `Name contains "Ä"`, `{"Name":"bär"}`, false},
		{"contains on missing column", `Name contains "a"`, `{}`, false},
		{"!contains on missing column", `Name !contains "a"`, `{}`, true},
		{"startswith", `FolderPath startswith "C:\\Windows\\"`, `{"FolderPath":"c:\\windows\\x.exe"}`, true},
		{"startswith not at start", `FolderPath startswith "Windows"`, `{"FolderPath":"c:\\windows\\x.exe"}`, false},
		{"!startswith", `FolderPath !startswith "D:"`, `{"FolderPath":"C:\\x"}`, true},
		{"startswith_cs other case", `FolderPath startswith_cs "C:\\WINDOWS"`, `{"FolderPath":"C:\\Windows"}`, false},
		{"startswith_cs", `FolderPath startswith_cs "C:\\Win"`, `{"FolderPath":"C:\\Windows"}`, true},
		{"endswith", `FileName endswith ".EXE"`, `{"FileName":"a.exe"}`, true},
		{"!endswith", `FileName !endswith ".exe"`, `{"FileName":"a.exe"}`, false},
		{"endswith_cs other case", `FileName endswith_cs ".EXE"`, `{"FileName":"a.exe"}`, false},
		{"!endswith_cs other case", `FileName !endswith_cs ".EXE"`, `{"FileName":"a.exe"}`, true},
	})
}

func TestInOperators(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"in", `FileName in ("a.exe", "cmd.exe")`, `{"FileName":"cmd.exe"}`, true},
		{"in is case-sensitive", `FileName in ("a.exe", "cmd.exe")`, `{"FileName":"CMD.exe"}`, false},
		{"in~", `FileName in~ ("a.exe", "cmd.exe")`, `{"FileName":"CMD.exe"}`, true},
		{"in~ absent", `FileName in~ ("a.exe", "cmd.exe")`, `{"FileName":"b.exe"}`, false},
		{"!in other case", `FileName !in ("cmd.exe")`, `{"FileName":"CMD.exe"}`, true},
		{"!in present", `FileName !in ("cmd.exe")`, `{"FileName":"cmd.exe"}`, false},
		{"!in~ other case", `FileName !in~ ("cmd.exe")`, `{"FileName":"CMD.exe"}`, false},
		{"!in on missing column", `FileName !in ("cmd.exe")`, `{}`, true},
		{"in numbers", `ProcessId in (4, 8)`, `{"ProcessId":8}`, true},
		{"in numbers from string", `ProcessId in (4, 8)`, `{"ProcessId":"8"}`, true},
		{"in numbers absent", `ProcessId in (4, 8)`, `{"ProcessId":9}`, false},
		{"in dynamic array", `FileName in (dynamic(["a.exe", "cmd.exe"]))`, `{"FileName":"cmd.exe"}`, true},
	})
}

func TestRegexOperator(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"anchored", `FileName matches regex @"^c.d\.exe$"`, `{"FileName":"cmd.exe"}`, true},
		{"case-sensitive", `FileName matches regex @"^c.d\.exe$"`, `{"FileName":"CMD.exe"}`, false},
		{"(?i) folds", `FileName matches regex "(?i)^CMD"`, `{"FileName":"cmd.exe"}`, true},
		{"unanchored", `FileName matches regex "md"`, `{"FileName":"cmd.exe"}`, true},
		{"escaped backslash class", `ProcessCommandLine matches regex "APT\\d"`, `{"ProcessCommandLine":"run APT1"}`, true},
		{"escaped backslash class miss", `ProcessCommandLine matches regex "APT\\d"`, `{"ProcessCommandLine":"run APTx"}`, false},
		{"missing column is empty", `FileName matches regex "^$"`, `{}`, true},
	})
}

func TestIPFunctions(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"v4 in range", `ipv4_is_in_range(RemoteIP, "10.0.0.0/8")`, `{"RemoteIP":"10.1.2.3"}`, true},
		{"v4 out of range", `ipv4_is_in_range(RemoteIP, "10.0.0.0/8")`, `{"RemoteIP":"11.0.0.1"}`, false},
		{"v4 single address", `ipv4_is_in_range(RemoteIP, "10.0.0.1")`, `{"RemoteIP":"10.0.0.1"}`, true},
		{"v4 missing column is null", `ipv4_is_in_range(RemoteIP, "10.0.0.0/8")`, `{}`, false},
		{"not(v4) missing column stays null", `not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8"))`, `{}`, false},
		{"not(v4) out of range", `not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8"))`, `{"RemoteIP":"11.0.0.1"}`, true},
		{"v4 given v6", `ipv4_is_in_range(RemoteIP, "10.0.0.0/8")`, `{"RemoteIP":"::1"}`, false},
		{"v6 in range", `ipv6_is_in_range(RemoteIP, "fe80::/10")`, `{"RemoteIP":"fe80::1"}`, true},
		{"v6 out of range", `ipv6_is_in_range(RemoteIP, "fe80::/10")`, `{"RemoteIP":"2001:db8::1"}`, false},
		{"v6 with v4 input", `ipv6_is_in_range(RemoteIP, "10.0.0.0/8")`, `{"RemoteIP":"10.9.9.9"}`, true},
		{"v4 match prefix", `ipv4_is_match(RemoteIP, "10.1.2.9", 24)`, `{"RemoteIP":"10.1.2.3"}`, true},
		{"v4 match exact", `ipv4_is_match(RemoteIP, "10.1.2.9")`, `{"RemoteIP":"10.1.2.3"}`, false},
		{"v4 private", `ipv4_is_private(RemoteIP)`, `{"RemoteIP":"192.168.1.1"}`, true},
		{"v4 public", `ipv4_is_private(RemoteIP)`, `{"RemoteIP":"8.8.8.8"}`, false},
	})
}

func TestNumbersAndNulls(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"> true", `ProcessId > 100`, `{"ProcessId":4312}`, true},
		{"> false", `ProcessId > 100`, `{"ProcessId":50}`, false},
		{"> on missing is null", `ProcessId > 100`, `{}`, false},
		{"not(null) is null", `not(ProcessId > 100)`, `{}`, false},
		{">= equal", `ProcessId >= 4312`, `{"ProcessId":4312}`, true},
		{"< real", `ProcessId < 4312.5`, `{"ProcessId":4312}`, true},
		{"<= real column", `Score <= 1.5`, `{"Score":2.25}`, false},
		{"== number from string", `ProcessId == 4312`, `{"ProcessId":"4312"}`, true},
		{"== number non-numeric string", `ProcessId == 4312`, `{"ProcessId":"0x10d8"}`, false},
		{"!= null is true", `ProcessId != 1`, `{}`, true},
		{"== null is false", `ProcessId == 1`, `{"ProcessId":null}`, false},
		{"arithmetic", `ProcessId + 1 == 4313 and ProcessId % 2 == 0 and ProcessId * 2 / 4 == 2156`, `{"ProcessId":4312}`, true},
		{"unary minus", `-ProcessId < 0`, `{"ProcessId":1}`, true},
		{"division by zero is null", `ProcessId / 0 == 0`, `{"ProcessId":1}`, false},
		{"isempty missing", `isempty(FileName)`, `{}`, true},
		{"isempty empty", `isempty(FileName)`, `{"FileName":""}`, true},
		{"isempty value", `isempty(FileName)`, `{"FileName":"x"}`, false},
		{"isnotempty missing", `isnotempty(FileName)`, `{}`, false},
		{"isnull missing string column", `isnull(FileName)`, `{}`, false},
		{"isnull JSON null", `isnull(ProcessId)`, `{"ProcessId":null}`, true},
		{"isnotnull number", `isnotnull(ProcessId)`, `{"ProcessId":1}`, true},
		{"isempty JSON null", `isempty(ProcessId)`, `{"ProcessId":null}`, true},
		{"datetime compare", `Timestamp > datetime(2024-01-01)`, `{"Timestamp":"2024-05-01T00:00:00Z"}`, true},
		{"datetime compare quoted", `Timestamp < datetime("2024-01-01T00:00:00Z")`, `{"Timestamp":"2024-05-01T00:00:00Z"}`, false},
		{"datetime with time", `Timestamp == datetime(2024-05-01 10:00:00)`, `{"Timestamp":"2024-05-01T10:00:00Z"}`, true},
		{"typed null", `isnull(long(null))`, `{}`, true},
	})
}

func TestLogicAndPrecedence(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"and binds tighter than or", `FileName == "a" or FileName == "b" and ProcessId == 1`, `{"FileName":"a","ProcessId":2}`, true},
		{"parentheses regroup", `(FileName == "a" or FileName == "b") and ProcessId == 1`, `{"FileName":"a","ProcessId":2}`, false},
		{"and both", `FileName == "a" and ProcessId == 1`, `{"FileName":"a","ProcessId":1}`, true},
		{"not", `not(FileName == "a")`, `{"FileName":"b"}`, true},
		{"not not", `not(not(FileName == "a"))`, `{"FileName":"a"}`, true},
		{"true literal", `true`, `{}`, true},
		{"false literal", `false`, `{}`, false},
		{"null or true is true", `ProcessId > 1 or FileName == "a"`, `{"FileName":"a"}`, true},
		{"not(null or false) is null", `not(ProcessId > 1 or FileName == "b")`, `{"FileName":"a"}`, false},
		{"null and false is false", `not(ProcessId > 1 and FileName == "b")`, `{"FileName":"a"}`, true},
		{"iff", `iff(FileName == "a", 1, 2) == 1`, `{"FileName":"a"}`, true},
		{"tolower", `tolower(FileName) == "cmd.exe"`, `{"FileName":"CMD.EXE"}`, true},
		{"toupper", `toupper(FileName) == "CMD.EXE"`, `{"FileName":"cmd.exe"}`, true},
		{"strlen counts characters", `strlen(FileName) == 5`, `{"FileName":"é.exe"}`, true},
		{"strcat and substring", `strcat(substring(FileName, 0, 3), "!") == "cmd!"`, `{"FileName":"cmd.exe"}`, true},
		{"tostring of number", `tostring(ProcessId) == "12"`, `{"ProcessId":12}`, true},
		{"let-free comment", "FileName == \"a\" // trailing comment", `{"FileName":"a"}`, true},
	})
}

func TestStringLiterals(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"verbatim backslashes", `FolderPath == @"C:\Windows\x.exe"`, `{"FolderPath":"C:\\Windows\\x.exe"}`, true},
		{"escaped backslashes", `FolderPath == "C:\\Windows\\x.exe"`, `{"FolderPath":"C:\\Windows\\x.exe"}`, true},
		{"escaped backslashes mismatch", `FolderPath == "C:\\Windows\\x.exe"`, `{"FolderPath":"C:\\\\Windows\\\\x.exe"}`, false},
		{"single quotes with escaped quote", `FileName == 'it\'s'`, `{"FileName":"it's"}`, true},
		{"double quote in single quotes", `FileName == 'say "hi"'`, `{"FileName":"say \"hi\""}`, true},
		{"escaped double quote", `FileName == "q\"q"`, `{"FileName":"q\"q"}`, true},
		{"verbatim doubled single quote", `FileName == @'it''s'`, `{"FileName":"it's"}`, true},
		{"verbatim doubled double quote", `FileName == @"q""q"`, `{"FileName":"q\"q"}`, true},
		{"verbatim trailing backslash", `FolderPath == @"C:\"`, `{"FolderPath":"C:\\"}`, true},
		{"obfuscated", `FileName == h"secret"`, `{"FileName":"secret"}`, true},
		{"obfuscated verbatim", `FileName == H@'C:\x'`, `{"FileName":"C:\\x"}`, true},
		{"adjacent literals concatenate", `FileName == "a" @"\b" 'c'`, `{"FileName":"a\\bc"}`, true},
		{"hex, unicode and octal escapes", `FileName == "\x41\u0042\U00000043\101"`, `{"FileName":"ABCA"}`, true},
		{"control escapes", `FileName == "a\tb\nc\rd"`, `{"FileName":"a\tb\nc\rd"}`, true},
		{"multi-line literal", "FileName == ```line1\nline2```", `{"FileName":"line1\nline2"}`, true},
		{"tilde multi-line literal", "FileName == ~~~a\\b~~~", `{"FileName":"a\\b"}`, true},
	})
}

func TestDecodeStringErrors(t *testing.T) {
	for _, tc := range []struct {
		tok    string
		errOff int
	}{
		{`"C:\Windows"`, 3},
		{`"APT\d"`, 4},
		{`"a\9"`, 2},
		{`"\x4"`, 1},
		{`"\u12"`, 1},
		{`'\.'`, 1},
		{`h"\q"`, 2},
	} {
		_, off, msg := decodeString(tc.tok)
		if msg == "" || off != tc.errOff {
			t.Errorf("decodeString(%s) = offset %d, %q; want an error at offset %d", tc.tok, off, msg, tc.errOff)
		}
	}
}

func TestTermMatch(t *testing.T) {
	for _, tc := range []struct {
		hay, needle    string
		atStart, atEnd bool
		want           bool
	}{
		{"a regasm.exe b", "regasm.exe", true, true, true},
		{"aregasm.exe", "regasm.exe", true, true, false},
		{"regasm.exea", "regasm.exe", true, true, false},
		{"aregasm.exe", "regasm.exe", false, true, true},
		{"regasm.exea", "regasm.exe", true, false, true},
		{"xx", "", true, true, true},
		{"", "x", true, true, false},
		{"ab ab", "ab", true, true, true},
		{"abab ab", "ab", true, true, true},
		{"abab", "ab", true, true, false},
	} {
		if got := termMatch(tc.hay, tc.needle, tc.atStart, tc.atEnd); got != tc.want {
			t.Errorf("termMatch(%q, %q, %v, %v) = %v, want %v", tc.hay, tc.needle, tc.atStart, tc.atEnd, got, tc.want)
		}
	}
}

func TestDatetimeParts(t *testing.T) {
	runWhereCases(t, []matchCase{
		{"minute", `datetime_part("minute", Timestamp) == 4`, `{"Timestamp":"2024-01-02T03:04:05.678Z"}`, true},
		{"part name any case", `datetime_part("Hour", Timestamp) == 3`, `{"Timestamp":"2024-01-02T03:04:05.678Z"}`, true},
		{"day", `datetime_part("day", Timestamp) == 3`, `{"Timestamp":"2024-01-02T03:04:05.678Z"}`, false},
		{"week_of_year is ISO 8601", `datetime_part("week_of_year", Timestamp) == 1`, `{"Timestamp":"2024-12-30T10:00:00Z"}`, true},
		{"week 53", `week_of_year(Timestamp) == 53`, `{"Timestamp":"2021-01-03T10:00:00Z"}`, true},
		{"doc example", `datetime_part("quarter", datetime(2017-10-30 01:02:03.7654321)) == 4 and datetime_part("dayOfYear", datetime(2017-10-30 01:02:03.7654321)) == 303 and datetime_part("week_of_year", datetime(2017-10-30 01:02:03.7654321)) == 44 and datetime_part("microsecond", datetime(2017-10-30 01:02:03.7654321)) == 765432`, `{}`, true},
		{"month", `getmonth(Timestamp) == 12`, `{"Timestamp":"2024-12-30T10:00:00Z"}`, true},
		{"year", `getyear(Timestamp) == 2024`, `{"Timestamp":"2024-12-30T10:00:00Z"}`, true},
		{"hourofday", `hourofday(Timestamp) == 10`, `{"Timestamp":"2024-12-30T10:00:00Z"}`, true},
		{"dayofmonth", `dayofmonth(Timestamp) == 30`, `{"Timestamp":"2024-12-30T10:00:00Z"}`, true},
		{"missing column is null", `datetime_part("hour", Timestamp) == 0`, `{}`, false},
		{"null == number is false", `not(datetime_part("hour", Timestamp) == 0)`, `{}`, true},
		{"no datetime is null", `isnull(datetime_part("hour", Timestamp))`, `{"Timestamp":"soon"}`, true},
		{"unknown part is null", `isnull(datetime_part("fortnight", Timestamp))`, `{"Timestamp":"2024-12-30T10:00:00Z"}`, true},
		{"todatetime of text", `datetime_part("minute", todatetime(UtcTime)) == 4`, `{"UtcTime":"2024-01-02 03:04:05.678"}`, true},
	})
}
