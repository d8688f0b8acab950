package splunk

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"

	"github.com/rosetta-sigma/rosetta/internal/ir"
)

func eq(field, sigma string) *ir.Match {
	return &ir.Match{Field: field, Op: ir.OpEq, Pattern: sigmaPattern(sigma)}
}

// sigmaPattern reads Sigma's notation: * and ? wildcards, \ escapes.
func sigmaPattern(s string) ir.Pattern {
	var p ir.Pattern
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			p = p.Append(ir.Part{Kind: ir.AnyString})
		case c == '?':
			p = p.Append(ir.Part{Kind: ir.AnyChar})
		case c == '\\' && i+1 < len(s) && strings.ContainsRune(`*?\`, rune(s[i+1])):
			p = p.Append(ir.Part{Kind: ir.Literal, Text: s[i+1 : i+2]})
			i++
		default:
			p = p.Append(ir.Part{Kind: ir.Literal, Text: s[i : i+1]})
		}
	}
	return p
}

func cased(m *ir.Match) *ir.Match { m.Cased = true; return m }

func not(e ir.Expr) ir.Expr { return &ir.Not{Arg: e} }

func list(ms ...*ir.Match) ir.Expr {
	or := &ir.Or{FromList: true}
	for _, m := range ms {
		or.Args = append(or.Args, m)
	}
	return or
}

// TestWhereLeaves pins the eval rendering of every leaf form, plain and
// under NOT (where a missing field must make the leaf false, not null).
func TestWhereLeaves(t *testing.T) {
	tests := []struct {
		name          string
		cond          ir.Expr
		emptyIsAbsent bool
		want          string
	}{
		{"exact without letters", eq("ProcessId", "1234"), false, `ProcessId=="1234"`},
		{"exact folds case", eq("Image", `C:\x.exe`), false, `match(Image, "^[Cc]:\\\\[xX]\\.[eE][xX][eE]\\z")`},
		{"exact cased", cased(eq("User", `SYSTEM`)), false, `User=="SYSTEM"`},
		{"empty, Windows extraction", eq("User", ""), true, `isnull(User)`},
		{"empty, kept as a value", eq("User", ""), false, `User==""`},
		{"any value", eq("User", "*"), false, `isnotnull(User)`},
		{"single-character wildcard, no letters", eq("ProcessId", "1?3"), false, `like(ProcessId, "1_3")`},
		{"cased wildcard", cased(eq("OriginalFileName", "Tool-?.EXE")), false, `like(OriginalFileName, "Tool-_.EXE")`},
		{"like() wildcard characters as literals", cased(eq("CommandLine", "*100%_?*")), false, `match(CommandLine, "(?s)100%_.")`},
		{"backslash never in like()", cased(eq("Image", `*\\?`)), false, `match(Image, "(?s)\\\\.\\z")`},
		{"literal star", eq("CommandLine", `*dir \*.kdbx*`), false, `match(CommandLine, "[dD][iI][rR] \\*\\.[kK][dD][bB][xX]")`},
		{"quote in a value", eq("CommandLine", `*"*`), false, `like(CommandLine, "%\"%")`},
		{"newline in a value", eq("CommandLine", "a\nb"), false, `match(CommandLine, "^[aA]\\n[bB]\\z")`},
		{"negated equality", not(eq("ProcessId", "4")), false, `NOT (isnotnull(ProcessId) AND ProcessId=="4")`},
		{"negated empty", not(eq("User", "")), true, `NOT isnull(User)`},
		{"regex", &ir.Match{Field: "CommandLine", Op: ir.OpRegex, Regex: `a$`}, false, `match(CommandLine, "a\\z")`},
		{"negated regex", not(&ir.Match{Field: "CommandLine", Op: ir.OpRegex, Regex: `a`}), false, `NOT (isnotnull(CommandLine) AND match(CommandLine, "a"))`},
		{"cidr", &ir.Match{Field: "DestinationIp", Op: ir.OpCIDR, CIDR: "10.0.0.0/8"}, false,
			`match(DestinationIp, "^[0-9A-Fa-f.:]+\\z") AND cidrmatch("10.0.0.0/8", DestinationIp)`},
		{"negated cidr list", not(list(&ir.Match{Field: "DestinationIp", Op: ir.OpCIDR, CIDR: "10.0.0.0/8"}, &ir.Match{Field: "DestinationIp", Op: ir.OpCIDR, CIDR: "::1/128"})), false,
			`NOT (isnotnull(DestinationIp) AND match(DestinationIp, "^[0-9A-Fa-f.:]+\\z") AND (cidrmatch("10.0.0.0/8", DestinationIp) OR cidrmatch("::1/128", DestinationIp)))`},
		{"exists", &ir.Match{Field: "User", Op: ir.OpExists, Exists: true}, false, `isnotnull(User)`},
		{"not exists", &ir.Match{Field: "User", Op: ir.OpExists}, false, `isnull(User)`},
		{"null, Windows extraction", &ir.Match{Field: "User", Op: ir.OpNull}, true, `isnull(User)`},
		{"null, empty kept", not(&ir.Match{Field: "User", Op: ir.OpNull}), false, `NOT (isnull(User) OR User=="")`},
		{"fieldref", &ir.Match{Field: "ProcessId", Op: ir.OpFieldRef, Ref: "ParentProcessId"}, false, `tostring(ProcessId)==tostring(ParentProcessId)`},
		{"negated fieldref", not(&ir.Match{Field: "ProcessId", Op: ir.OpFieldRef, Ref: "ParentProcessId"}), false,
			`NOT (isnotnull(ProcessId) AND isnotnull(ParentProcessId) AND tostring(ProcessId)==tostring(ParentProcessId))`},
		{"numeric", &ir.Match{Field: "ProcessId", Op: ir.OpGte, Number: 4}, false, `tonumber(ProcessId)>=4`},
		{"negated numeric", not(&ir.Match{Field: "ProcessId", Op: ir.OpLt, Number: -1.5}), false, `NOT (isnum(ProcessId) AND tonumber(ProcessId)<-1.5)`},
		{"double negation needs no guard", not(not(&ir.Match{Field: "a", Op: ir.OpRegex, Regex: "x"})), false, `NOT NOT match(a, "x")`},
		{"keyword", &ir.Match{Op: ir.OpEq, Pattern: ir.Lit("mimikatz")}, false, `searchmatch("\"mimikatz\"")`},
		{"list as one match()", list(eq("Image", `*\a.exe`), cased(eq("Image", "B?"))), false, `match(Image, "(?s)\\\\[aA]\\.[eE][xX][eE]\\z|^B.\\z")`},
		{"field names eval reads as more than a name", eq("id.orig_h", "1"), false, `'id.orig_h'=="1"`},
		{"precedence", &ir.Or{Args: []ir.Expr{&ir.And{Args: []ir.Expr{eq("a", "1"), eq("b", "2")}}, not(&ir.Or{Args: []ir.Expr{eq("c", "3"), eq("d", "4")}})}}, false,
			`(a=="1" AND b=="2") OR NOT ((isnotnull(c) AND c=="3") OR (isnotnull(d) AND d=="4"))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := renderWhere(tt.cond, tt.emptyIsAbsent, "")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestWhereRefusals: what eval cannot say either is refused with the
// construct and the reason.
func TestWhereRefusals(t *testing.T) {
	tests := []struct {
		name string
		cond ir.Expr
		want string
	}{
		{"lookahead", &ir.Match{Field: "a", Op: ir.OpRegex, Regex: `x(?=y)`}, "re: lookahead (?=...): splunk search: not supported because Sigma regular expressions are read as RE2 here, the dialect of the reference matcher that proves each translation, and RE2 has no lookarounds"},
		{"invalid network", &ir.Match{Field: "a", Op: ir.OpCIDR, CIDR: "10.0.0.0/33"}, `cidr "10.0.0.0/33": splunk search: not supported because it is not a network`},
		{"keyword with ?, _raw's shape unknown", &ir.Match{Op: ir.OpEq, Pattern: sigmaPattern("mimi?atz")}, "keyword mimi?atz: splunk search: not supported because no pipeline sets raw_format"},
		{"keyword with a modifier", &ir.Match{Op: ir.OpRegex, Regex: "a.b"}, "keyword with modifier re: splunk search: not supported because a keyword is a search term"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renderWhere(tt.cond, false, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestPlainSearchSplit: conjuncts search can express stay in the search,
// the rest go to the where clause; a negated alternative is split by De
// Morgan.
func TestPlainSearchSplit(t *testing.T) {
	re := &ir.Match{Field: "CommandLine", Op: ir.OpRegex, Regex: "x"}
	tests := []struct {
		name string
		cond ir.Expr
		want string
	}{
		{"search only", &ir.And{Args: []ir.Expr{eq("EventCode", "1"), eq("Image", `*\a.exe`)}}, `EventCode=1 Image="*\\a.exe" | ` + "`f`"},
		{"where only", re, `* | where match(CommandLine, "x") | ` + "`f`"},
		{"both", &ir.And{Args: []ir.Expr{eq("EventCode", "1"), re}}, `EventCode=1 | where match(CommandLine, "x") | ` + "`f`"},
		{"negated alternative split", &ir.And{Args: []ir.Expr{eq("EventCode", "1"), not(&ir.Or{Args: []ir.Expr{eq("User", "x"), re}})}},
			`EventCode=1 NOT (User=x) | where NOT (isnotnull(CommandLine) AND match(CommandLine, "x")) | ` + "`f`"},
		{"alternative stays whole", &ir.Or{Args: []ir.Expr{eq("User", "x"), re}}, `* | where match(User, "^[xX]\\z") OR match(CommandLine, "x") | ` + "`f`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plainSearch(tt.cond, false, "", "`f`")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestTstatsRefusesEval: tstats where takes search terms only.
func TestTstatsRefusesEval(t *testing.T) {
	for _, m := range []*ir.Match{
		{Field: "a", Op: ir.OpRegex, Regex: "x"},
		{Field: "a", Op: ir.OpCIDR, CIDR: "10.0.0.0/8"},
		{Field: "a", Op: ir.OpFieldRef, Ref: "b"},
		eq("a", "x?"),
		eq("a", `x\*`),
		cased(eq("a", "X")),
	} {
		_, err := renderSearch(m, false, "", "splunk tstats")
		if err == nil || !strings.Contains(err.Error(), "splunk tstats: not supported because tstats where takes search terms only and ") ||
			!strings.HasSuffix(err.Error(), "; --format search converts it") {
			t.Errorf("%s: got %v", ir.Debug(m), err)
		}
	}
	// cased without letters that fold is an ordinary term.
	if got, err := renderSearch(cased(eq("a", "1-2")), false, "", "splunk tstats"); err != nil || got != "a=1-2" {
		t.Errorf("cased digits: got %q, %v", got, err)
	}
}

// TestRegexPCRE pins the translation of RE2 constructs that PCRE reads
// differently or not at all.
func TestRegexPCRE(t *testing.T) {
	tests := []struct{ re, flags, want string }{
		{`a$`, "", `a\z`},
		{`^a`, "", `^a`},
		{`^a$`, "m", `(?:^|(?<=\n))a(?=\n|\z)`},
		{`\d\w\s\S`, "", `[0-9][0-9A-Z_a-z][\t\n\x0C\r ][^\t\n\x0C\r ]`},
		{`\bx\B`, "", `(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))x(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))`},
		{`ks`, "i", "[Kk\u212a][Ss\u017f]"},
		{`a.b`, "", `a.b`},
		{`a.b`, "s", `(?s)a.b`},
		{`(a+)+`, "", `(a+)+`}, {`(?:a+)+`, "", `(?:a+)+`}, {`(?:ab){2}`, "", `(?:ab){2}`},
		{`(?:ab)+|c{2,}`, "", `(?:ab)+|c{2,}`},
		{`[^\\]`, "", `[^\\]`},
		{`[\]\[^-]`, "", `[\-\[\]\^]`},
		{`a{,3}`, "", `a\{,3\}`},
		{"\x01\t\v", "", `\x01\t\x0B`},
		{`[A-Za-z0-9+/=]`, "", `[+/0-9=A-Za-z]`},
	}
	for _, tt := range tests {
		got, err := regexPCRE(&ir.Match{Op: ir.OpRegex, Regex: tt.re, Flags: tt.flags}, "splunk search")
		if err != nil {
			t.Errorf("%q: %v", tt.re, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%q/%s: got %s, want %s", tt.re, tt.flags, got, tt.want)
		}
	}
}

// TestRegexPCREMeansRE2 runs each expression with Go's RE2 engine and its
// translation with a PCRE-like engine (the one the SPL evaluator uses) on
// texts where the dialects differ.
func TestRegexPCREMeansRE2(t *testing.T) {
	exprs := []struct{ re, flags string }{
		{`cmd\.exe$`, ""}, {`^net user$`, "m"}, {`^$`, "m"}, {`\w+\s\d`, ""}, {`\bkill\b`, ""},
		{`kill`, "i"}, {`[a-z]+`, "i"}, {`a.b`, ""}, {`a.b`, "s"}, {`(?s:a.)b.`, ""}, {`[^\\]+`, ""},
		{`(a|b)+c`, ""}, {`x{2,3}`, ""}, {`\pL+`, ""}, {`[[:alpha:]]`, ""}, {`\QA.B\E`, ""}, {`\x{212a}`, "i"},
	}
	texts := []string{
		"cmd.exe", "cmd.exe\n", "net user", "x\nnet user\n", "\n", "", "abc 1", "abc\v1", "ab\u00a01", "ß 1", "٣",
		"kill", "KILL", "\u212aill", "k\u0130ll", "ſkill", "a\nb", "axb", "a\nbx", "C:\\x", "aabbc", "xxx", "İ", "Ä", "A.B", "ab\u2028",
	}
	for _, e := range exprs {
		src := e.re
		if e.flags != "" {
			src = "(?" + e.flags + ")" + src
		}
		ref := regexp.MustCompile(src)
		out, err := regexPCRE(&ir.Match{Op: ir.OpRegex, Regex: e.re, Flags: e.flags}, "splunk search")
		if err != nil {
			t.Fatal(err)
		}
		pcre, err := regexp2.Compile(out, regexp2.None)
		if err != nil {
			t.Fatalf("%s: %s does not compile: %v", src, out, err)
		}
		for _, s := range texts {
			got, _ := pcre.MatchString(s)
			if want := ref.MatchString(s); got != want {
				t.Errorf("%s as %s on %q: %v, RE2 says %v", src, out, s, got, want)
			}
		}
	}
}

// TestPatternPCREMeansSigma checks patterns written as regular
// expressions against Sigma's reading (ASCII case folding, wildcards over
// newlines, the whole value).
func TestPatternPCREMeansSigma(t *testing.T) {
	patterns := []string{`*\cmd.exe`, `C:\*`, `a?b`, `*x*y*`, `what\?*now`, `100%`, `İ*`, `\*`, "k*"}
	texts := []string{`C:\cmd.exe`, `c:\CMD.EXE`, "C:\\cmd.exe\n", `C:\cmd.exe.bak`, "axb", "a\nb", "ab", "XY", "x\ny",
		"what?now", "WHAT?x\nNOW", "whatxnow", "100%", "100%\n", "İx", "ix", "*", "\u212a", "K"}
	for _, p := range patterns {
		for _, isCased := range []bool{false, true} {
			pat := sigmaPattern(p)
			body, dotAll := patternPCRE(pat, isCased)
			if dotAll {
				body = "(?s)" + body
			}
			pcre := regexp2.MustCompile(body, regexp2.None)
			ref := sigmaRegexp(pat, isCased)
			for _, s := range texts {
				got, _ := pcre.MatchString(s)
				if want := ref.MatchString(s); got != want {
					t.Errorf("%s (cased %v) as %s on %q: %v, Sigma says %v", p, isCased, body, s, got, want)
				}
			}
		}
	}
}

// sigmaRegexp is Sigma's reading of a pattern with ASCII case folding.
func sigmaRegexp(p ir.Pattern, isCased bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, part := range p {
		switch part.Kind {
		case ir.AnyString:
			b.WriteString(".*")
		case ir.AnyChar:
			b.WriteString(".")
		default:
			for _, r := range part.Text {
				if !isCased && ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
					b.WriteString("[" + strings.ToLower(string(r)) + strings.ToUpper(string(r)) + "]")
				} else {
					b.WriteString(regexp.QuoteMeta(string(r)))
				}
			}
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
