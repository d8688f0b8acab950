package spl

import "testing"

func TestWhere(t *testing.T) {
	runMatchCases(t, nil, []matchCase{
		// String comparison is case-sensitive; = and == are the same.
		{"== exact", `* | where a=="X"`, `{"a":"X"}`, true},
		{"== other case", `* | where a=="X"`, `{"a":"x"}`, false},
		{"= is equality", `* | where a="X"`, `{"a":"X"}`, true},
		{"!= other value", `* | where a!="x"`, `{"a":"y"}`, true},

		// A missing field makes comparisons null and drops the row,
		// even under NOT.
		{"== missing", `* | where a=="x"`, `{}`, false},
		{"!= missing", `* | where a!="x"`, `{}`, false},
		{"NOT = missing", `* | where NOT a="x"`, `{}`, false},
		{"NOT = other value", `* | where NOT a="x"`, `{"a":"y"}`, true},
		{"null OR true", `* | where a="x" OR b="y"`, `{"b":"y"}`, true},
		{"null AND false", `* | where NOT (a="x" AND b="y")`, `{"b":"z"}`, true},
		{"null AND true", `* | where NOT (a="x" AND b="y")`, `{"b":"y"}`, false},

		// Quoted strings are literals, bare words are fields.
		{"field to field", `* | where a=b`, `{"a":"x","b":"x"}`, true},
		{"literal b", `* | where a="b"`, `{"a":"x","b":"x"}`, false},
		{"single-quoted field", `* | where 'Processes.dest'="h"`, `{"Processes.dest":"h"}`, true},
		{"dotted bare field", `* | where Processes.dest="h"`, `{"Processes.dest":"h"}`, true},

		// Numbers compare numerically when both sides are numbers.
		{"numeric greater", `* | where n > 5`, `{"n":"10"}`, true},
		{"numeric equal forms", `* | where n = 1`, `{"n":"1.0"}`, true},
		{"string less", `* | where s < "b"`, `{"s":"a"}`, true},
		{"string compare is not numeric", `* | where s < "b"`, `{"s":"c"}`, false},

		// Functions.
		{"isnull missing", `* | where isnull(a)`, `{}`, true},
		{"isnull null", `* | where isnull(a)`, `{"a":null}`, true},
		{"isnull empty string", `* | where isnull(a)`, `{"a":""}`, false},
		{"isnotnull", `* | where isnotnull(a)`, `{"a":"v"}`, true},
		{"like prefix", `* | where like(a, "ab%")`, `{"a":"abc"}`, true},
		{"like is case-sensitive", `* | where like(a, "ab%")`, `{"a":"ABC"}`, false},
		{"like underscore", `* | where like(a, "a_c")`, `{"a":"abc"}`, true},
		{"like underscore is one char", `* | where like(a, "a_c")`, `{"a":"abbc"}`, false},
		{"like anchored", `* | where like(a, "b")`, `{"a":"abc"}`, false},
		{"like star is literal", `* | where like(a, "a*")`, `{"a":"abc"}`, false},
		{"like backslash", `* | where like(a, "%\\cmd.exe")`, `{"a":"C:\\x\\cmd.exe"}`, true},
		{"LIKE operator", `* | where a LIKE "x%"`, `{"a":"xy"}`, true},
		{"like missing", `* | where NOT like(a, "x%")`, `{}`, false},
		{"match unanchored", `* | where match(a, "b")`, `{"a":"abc"}`, true},
		{"match escapes", `* | where match(a, "^a\\d+$")`, `{"a":"a12"}`, true},
		{"match case-sensitive", `* | where match(a, "^a\\d+$")`, `{"a":"A12"}`, false},
		{"match (?i)", `* | where match(a, "(?i)^a\\d")`, `{"a":"A1"}`, true},
		{"match lookahead (PCRE)", `* | where match(a, "foo(?!bar)")`, `{"a":"foobaz"}`, true},
		{"match negative lookahead fails", `* | where match(a, "foo(?!bar)")`, `{"a":"foobar"}`, false},
		{"match backslash literal", `* | where match(a, "\\\\cmd\\.exe$")`, `{"a":"C:\\cmd.exe"}`, true},
		{"cidrmatch v4", `* | where cidrmatch("10.0.0.0/8", ip)`, `{"ip":"10.2.3.4"}`, true},
		{"cidrmatch v4 out", `* | where cidrmatch("10.0.0.0/8", ip)`, `{"ip":"192.168.0.1"}`, false},
		{"cidrmatch v6", `* | where cidrmatch("fe80::/10", ip)`, `{"ip":"fe80::1"}`, true},
		{"cidrmatch not an ip", `* | where cidrmatch("10.0.0.0/8", ip)`, `{"ip":"host"}`, false},
		{"cidrmatch missing", `* | where NOT cidrmatch("10.0.0.0/8", ip)`, `{}`, false},
		{"lower", `* | where lower(a)="abc"`, `{"a":"ABC"}`, true},
		{"upper", `* | where upper(a)="ABC"`, `{"a":"abc"}`, true},
		{"len", `* | where len(a) > 3`, `{"a":"abcd"}`, true},
		{"len short", `* | where len(a) > 3`, `{"a":"abc"}`, false},
		{"in function", `* | where in(a, "x", "y")`, `{"a":"y"}`, true},
		{"IN operator", `* | where a IN ("x", "y")`, `{"a":"z"}`, false},
		{"IN operator case-sensitive", `* | where a IN ("x", "y")`, `{"a":"X"}`, false},
		{"if", `* | where if(a="x", true(), false())`, `{"a":"x"}`, true},
		{"searchmatch", `* | where searchmatch("a=X* b=1")`, `{"a":"xyz","b":1}`, true},
		{"searchmatch miss", `* | where searchmatch("a=X* b=1")`, `{"a":"xyz"}`, false},
		{"coalesce", `* | where coalesce(a, b)="v"`, `{"b":"v"}`, true},
		{"substr", `* | where substr(a, 2, 3)="bcd"`, `{"a":"abcde"}`, true},
		{"substr negative", `* | where substr(a, -2)="de"`, `{"a":"abcde"}`, true},
		{"replace", `* | where replace(a, "(\\d+)", "<\\1>")="x<12>"`, `{"a":"x12"}`, true},
		{"trim", `* | where trim(a)="x"`, `{"a":"  x "}`, true},
		{"tonumber", `* | where tonumber(a) > 9`, `{"a":"10"}`, true},
		{"mvcount", `* | where mvcount(a)=2`, `{"a":["x","y"]}`, true},

		// Multivalue fields: a comparison holds if any value satisfies it.
		{"multivalue compare", `* | where a="x"`, `{"a":["y","x"]}`, true},
		{"multivalue like", `* | where like(a, "y%")`, `{"a":["x","yz"]}`, true},

		// XOR and true()/false().
		{"XOR both", `* | where a=1 XOR b=1`, `{"a":1,"b":1}`, false},
		{"XOR one", `* | where a=1 XOR b=1`, `{"a":1,"b":2}`, true},
		{"XOR null", `* | where a=1 XOR b=1`, `{"a":1}`, false},

		// eval feeds later commands.
		{"eval lower", `* | eval x=lower(a) | where x="abc"`, `{"a":"ABC"}`, true},
		{"eval arithmetic", `* | eval y=n*2+1 | where y=21`, `{"n":10}`, true},
		{"eval concat", `* | eval y=a . "-" . b | where y="p-q"`, `{"a":"p","b":"q"}`, true},
		{"eval null removes", `* | eval a=null() | where isnull(a)`, `{"a":"v"}`, true},
		{"eval sequential", `* | eval x=1, y=x+1 | where y=2`, `{}`, true},
		{"eval then search", `* | eval z="Hello" | search z=hello`, `{}`, true},
		{"two wheres", `* | where a="x" | where b="y"`, `{"a":"x","b":"y"}`, true},
		{"where then search", `* | where a="x" | search b=Y`, `{"a":"x","b":"y"}`, true},
	})
}

func TestRegexCommand(t *testing.T) {
	runMatchCases(t, nil, []matchCase{
		{"regex field", `* | regex a="^C:\\\\Windows"`, `{"a":"C:\\Windows\\x"}`, true},
		{"regex case-sensitive", `* | regex a="^C:\\\\Windows"`, `{"a":"c:\\windows\\x"}`, false},
		{"regex (?i)", `* | regex a="(?i)^c:\\\\windows"`, `{"a":"C:\\WINDOWS\\x"}`, true},
		{"regex missing field", `* | regex a="x"`, `{}`, false},
		{"regex != missing field kept", `* | regex a!="foo"`, `{}`, true},
		{"regex != matching", `* | regex a!="foo"`, `{"a":"xfoo"}`, false},
		{"regex raw", `* | regex "b\\d"`, `{"_raw":"ab1"}`, true},
		{"regex multivalue", `* | regex a="^y"`, `{"a":["x","yz"]}`, true},
	})
}

func TestOtherCommands(t *testing.T) {
	runMatchCases(t, nil, []matchCase{
		{"rename", `* | rename a AS b | search b=x`, `{"a":"x"}`, true},
		{"rename removes old", `* | rename a AS b | search a=x`, `{"a":"x"}`, false},
		{"rename wildcard", `* | rename P.* AS * | search dest=h`, `{"P.dest":"h"}`, true},
		{"rename wildcard prefix", `* | rename * AS x_* | search x_a=1`, `{"a":1}`, true},
		{"rename quoted", `* | rename "a b" AS c | search c=1`, `{"a b":1}`, true},
		{"fields keep", `* | fields a | search b=*`, `{"a":1,"b":1}`, false},
		{"fields keep listed", `* | fields a, b | search b=*`, `{"a":1,"b":1}`, true},
		{"fields remove", `* | fields - b | search b=*`, `{"a":1,"b":1}`, false},
		{"table", `* | table a | search a=1`, `{"a":1,"b":1}`, true},
		{"table keeps rows", `* | table nothing`, `{"a":1}`, true},
		{"head", `* | head 1`, `{}`, true},
		{"head 0", `* | head 0`, `{}`, false},
		{"fillnull", `* | fillnull value="none" a | search a=none`, `{}`, true},
		{"convert pass-through", `* | convert ctime(t) | search t=1`, `{"t":1}`, true},
		{"convert AS", `* | convert ctime(t) AS u | search u=1`, `{"t":1}`, true},
		{"command case-insensitive", `* | SEARCH a=1`, `{"a":1}`, true},
	})
}

func TestStrftime(t *testing.T) {
	// 1704164645.678 is 2024-01-02 03:04:05.678 UTC; 1735552800 is
	// 2024-12-30 10:00:00 UTC.
	runMatchCases(t, nil, []matchCase{
		{"hour", `* | where strftime(_time, "%H")="03"`, `{"_time":1704164645.678}`, true},
		{"hour as number", `* | where tonumber(strftime(_time, "%H"))==3`, `{"_time":"1704164645.678"}`, true},
		{"minute", `* | where tonumber(strftime(_time, "%M"))==4`, `{"_time":1704164645.678}`, true},
		{"day", `* | where tonumber(strftime(_time, "%d"))==30`, `{"_time":1735552800}`, true},
		{"month", `* | where tonumber(strftime(_time, "%m"))==12`, `{"_time":1735552800}`, true},
		{"year", `* | where tonumber(strftime(_time, "%Y"))==2024`, `{"_time":1735552800}`, true},
		{"other hour", `* | where tonumber(strftime(_time, "%H"))==11`, `{"_time":1735552800}`, false},
		{"several variables", `* | where strftime(_time, "%F %T %j %%")="2024-12-30 10:00:00 365 %"`, `{"_time":1735552800}`, true},
		{"missing is null", `* | where isnull(strftime(_time, "%H"))`, `{}`, true},
		{"text is null", `* | where isnull(strftime(t, "%H"))`, `{"t":"2024-01-02 03:04:05"}`, true},
		{"NOT of null drops the row", `* | where NOT tonumber(strftime(_time, "%H"))==3`, `{}`, false},
		{"floor", `* | where floor(_time/3600)%24==3 AND floor(_time/60)%60==4`, `{"_time":"1704164645.678"}`, true},
		{"floor of a negative number", `* | where floor(n)==-2`, `{"n":"-1.5"}`, true},
		{"floor of text is null", `* | where isnull(floor(n))`, `{"n":"x"}`, true},
	})
}
