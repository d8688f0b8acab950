package kql

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query string
		want  string // the whole "line:col: message", or its prefix ending in ": "
	}{
		{"unknown operator", "DeviceProcessEvents\n| frobnicate x", "2:3: unknown operator 'frobnicate'"},
		{"unknown hyphenated operator", "DeviceProcessEvents | mv-expand x", "1:23: unknown operator 'mv-expand'"},
		{"unknown function", "DeviceProcessEvents | where frob(FileName)", "1:29: unknown function 'frob'"},
		{"unknown aggregation", "DeviceProcessEvents | summarize frob() by FileName", "1:33: unknown aggregation function 'frob'"},
		{"scalar function as aggregation", "DeviceProcessEvents | summarize tolower(FileName)", "1:33: 'tolower' is not an aggregation function"},
		{"aggregation outside summarize", "DeviceProcessEvents | where count() > 1", "1:29: aggregation function 'count' is only allowed in summarize"},
		{"unknown table function", "externaldata(x)", "1:1: unknown function 'externaldata'"},
		{"unknown invoke target", "DeviceProcessEvents | invoke nofilter()", "1:30: unknown function 'nofilter'"},
		{"invoke without tabular parameter", "let f = (x:string) { DeviceProcessEvents }; DeviceProcessEvents | invoke f()", "1:74: function 'f' has no tabular first parameter to invoke with"},
		{"unterminated string", `DeviceProcessEvents | where FileName == "cmd.exe`, "1:41: unterminated string literal"},
		{"unterminated single-quoted string", "DeviceProcessEvents\n| where FileName == 'cmd.exe", "2:21: unterminated string literal"},
		{"unterminated verbatim string", `DeviceProcessEvents | where FolderPath == @"C:\`, "1:43: unterminated string literal"},
		{"string ending in escaped quote", `DeviceProcessEvents | where FolderPath == "C:\"`, "1:43: unterminated string literal"},
		{"invalid escape", `DeviceProcessEvents | where FolderPath == "C:\Windows"`, `1:46: invalid escape sequence "\W"`},
		{"regex escape in plain string", `DeviceProcessEvents | where FileName matches regex "APT\d"`, `1:56: invalid escape sequence "\d"`},
		{"unclosed parenthesis", "DeviceProcessEvents\n| where (FileName == \"a\"", "2:9: unclosed '(': no matching ')'"},
		{"extra parenthesis", `DeviceProcessEvents | where FileName == "a")`, "1:44: unexpected ')': no matching opening bracket"},
		{"mismatched bracket", `DeviceProcessEvents | where not(FileName == "a"]`, "1:48: unexpected ']': no matching opening bracket"},
		{"unclosed function body", "let f = (T:(*)) { T ;\nDeviceProcessEvents", "1:17: unclosed '{': no matching '}'"},
		{"missing operand", `DeviceProcessEvents | where FileName ==`, "1:40: unexpected end of query"},
		{"dangling and", `DeviceProcessEvents | where FileName == "a" and`, "1:48: unexpected end of query"},
		{"unknown infix operator", `DeviceProcessEvents | where FileName likes "a"`, `1:38: unexpected token "likes"`},
		{"unknown negated operator", `DeviceProcessEvents | where FileName !likes "a"`, "1:38: unknown operator '!likes'"},
		{"stray character", `DeviceProcessEvents | where FileName == #a`, "1:41: unexpected character '#'"},
		{"empty query", "", "1:1: unexpected end of query"},
		{"only lets", `let x = 1;`, "1:11: unexpected end of query"},
		{"column after summarize", "DeviceProcessEvents\n| summarize count() by FileName\n| where ProcessId == 1", "3:9: unknown column 'ProcessId'"},
		{"column after project", "DeviceProcessEvents | project FileName | where FolderPath == 1", "1:48: unknown column 'FolderPath'"},
		{"column after project-away", "DeviceProcessEvents | project-away FileName | where FileName == 1", "1:53: unknown column 'FileName'"},
		{"project-away of unknown column", "DeviceProcessEvents | project FileName | project-away Nope", "1:55: unknown column 'Nope'"},
		{"reserved word as alias", "DeviceProcessEvents | summarize first = min(Timestamp) by FileName", "1:33: 'first' is a reserved word; write ['first'] to use it as a name"},
		{"reserved word as column", "DeviceProcessEvents | where last == 1", "1:29: 'last' is a reserved word"},
		{"invalid regex", `DeviceProcessEvents | where FileName matches regex "("`, `1:52: matches regex: invalid RE2 pattern "("`},
		{"lookahead is not RE2", `DeviceProcessEvents | where FileName matches regex "a(?=b)"`, `1:52: matches regex: invalid RE2 pattern`},
		{"regex from a column", `DeviceProcessEvents | where FileName matches regex FolderPath`, "1:52: matches regex: the pattern must be a constant string"},
		{"string predicate", `DeviceProcessEvents | where "x"`, "1:29: where: expected a boolean expression, got a string"},
		{"number operand of and", `DeviceProcessEvents | where FileName == "a" and 1`, "1:49: and: expected a boolean expression, got a long"},
		{"arity", `DeviceProcessEvents | where isempty()`, "1:29: function 'isempty' expects 1 argument(s), got 0"},
		{"invalid CIDR", `SecurityEvent | where ipv4_is_in_range(IpAddress, "10.0.0.0/33")`, `1:51: ipv4_is_in_range: "10.0.0.0/33" is not a valid IPv4 address or range`},
		{"take needs a count", `DeviceProcessEvents | take "x"`, "1:28: row count must be a non-negative integer"},
		{"let value must be constant", `let x = tolower(FileName); DeviceProcessEvents`, "1:17: unknown name 'FileName' (no columns here)"},
		{"scalar used as table", `let x = 1; x`, "1:12: 'x' is a scalar, not a table"},
		{"table used as scalar", `let t = DeviceProcessEvents; DeviceProcessEvents | where t == 1`, "1:58: 't' is a table or function, not a scalar"},
		{"missing argument", `let f = (T:(*), n:string) { T }; DeviceProcessEvents | invoke f()`, "1:63: function 'f': missing argument 'n'"},
		{"too many arguments", `let f = (T:(*)) { T }; DeviceProcessEvents | invoke f(1)`, "1:53: function 'f' takes 0 argument(s), got 1"},
		{"error inside an unused function", `let f = (T:(*)) { T | frob }; DeviceProcessEvents`, "1:23: unknown operator 'frob'"},
		{"summarize without anything", `DeviceProcessEvents | summarize`, "1:23: summarize needs an aggregation or a by clause"},
		{"duplicate summarize column", `DeviceProcessEvents | summarize FileName = count() by FileName`, "1:33: summarize: duplicate column name 'FileName'"},
		{"invalid datetime", `DeviceProcessEvents | where Timestamp > datetime(yesterday)`, `1:50: invalid datetime literal "yesterday"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Compile(tc.query)
			if err == nil {
				t.Fatalf("Compile(%q) succeeded, want error %q", tc.query, tc.want)
			}
			if q != nil {
				t.Errorf("Compile returned a query with its error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, not *Error", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Compile(%q)\n got: %v\nwant: %s", tc.query, err, tc.want)
			}
		})
	}
}
