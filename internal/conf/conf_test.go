package conf

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	text := "# a comment\n" +
		"top = level\n" +
		"\n" +
		"[first stanza - Rule]\n" +
		"  # an indented comment\n" +
		"key = value with = sign\n" +
		"spaced   =   trimmed around   \n" +
		"empty =\n" +
		"multi = line one\\\n" +
		"line two\\\n" +
		"  # not a comment: a continuation line is part of the value\n" +
		"last = x\r\n" +
		"[second]\n" +
		"a=b\n"
	f, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	var names []string
	for _, s := range f.Stanzas {
		names = append(names, s.Name)
		got[s.Name] = map[string]string{}
		for _, kv := range s.Settings {
			got[s.Name][kv.Key] = kv.Value
		}
	}
	if want := []string{"default", "first stanza - Rule", "second"}; !reflect.DeepEqual(names, want) {
		t.Errorf("stanzas %q, want %q", names, want)
	}
	want := map[string]map[string]string{
		"default": {"top": "level"},
		"first stanza - Rule": {
			"key":    "value with = sign",
			"spaced": "trimmed around",
			"empty":  "",
			"multi":  "line one\nline two\n  # not a comment: a continuation line is part of the value",
			"last":   "x",
		},
		"second": {"a": "b"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if v, ok := f.Stanza("second").Get("a"); !ok || v != "b" {
		t.Errorf("Get: %q %v", v, ok)
	}
	if k := f.Stanza("first stanza - Rule").Keys(); k[0] != "key" || len(k) != 5 {
		t.Errorf("Keys: %q", k)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[a]\nk = 1\nk = 2\n", "3: [a]: key \"k\" set twice"},
		{"[a]\n[a]\n", "2: stanza [a] appears twice"},
		{"[a\n", "1: a stanza header ends with ']'"},
		{"[a]\njust words\n", "2: not a stanza header, a comment or key = value"},
		{"[a]\n= value\n", "2: bad key \"\""},
		{"[a]\ntwo words = value\n", "2: bad key \"two words\""},
		{"[a]\nk = dangling\\", "2: the last line ends with a backslash"},
		{"k = 1\n[default]\n", "2: stanza [default] appears twice"},
	} {
		_, err := Parse(tc.text)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.text, err, tc.want)
		}
	}
}

// write is the plainest writer of the syntax Parse reads, for the fuzz
// round trip: a value's line breaks become a backslash at the end of the
// line.
func write(f *File) string {
	var b strings.Builder
	for _, s := range f.Stanzas {
		b.WriteString("[" + s.Name + "]\n")
		for _, kv := range s.Settings {
			b.WriteString(kv.Key + " = " + strings.ReplaceAll(kv.Value, "\n", "\\\n") + "\n")
		}
	}
	return b.String()
}

// FuzzParse: Parse never panics, what it returns keeps its own rules (no
// stanza twice, no key twice in a stanza, keys are one word), and a file it
// reads whose values can be written back (no line of a value ends in a
// backslash or starts the value with a blank) reads back the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[a]\nk = v\n",
		"k = v\\\nw\n[b]\n# c\nx=\n",
		"[ESCU - X - Rule]\nsearch = | tstats count where a=\"b\\\\\" by c\\\n| `m(1)`\n",
		"[a]\nk = \\\n\\\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		parsed, err := Parse(text)
		if err != nil {
			return
		}
		stanzas := map[string]bool{}
		for _, s := range parsed.Stanzas {
			if stanzas[s.Name] {
				t.Fatalf("stanza %q twice", s.Name)
			}
			stanzas[s.Name] = true
			keys := map[string]bool{}
			for _, kv := range s.Settings {
				if keys[kv.Key] || kv.Key == "" || strings.ContainsAny(kv.Key, " \t\n") {
					t.Fatalf("bad or repeated key %q", kv.Key)
				}
				keys[kv.Key] = true
				if !writable(kv.Value) || !writableName(s.Name) || strings.ContainsAny(kv.Key, "=#[\r") {
					return
				}
			}
		}
		again, err := Parse(write(parsed))
		if err != nil {
			t.Fatalf("written back: %v\n%s", err, write(parsed))
		}
		if !reflect.DeepEqual(names(again), names(parsed)) || !sameSettings(again, parsed) {
			t.Fatalf("round trip differs:\n%q\n%q", write(parsed), write(again))
		}
	})
}

func writable(v string) bool {
	for _, l := range strings.Split(v, "\n") {
		if strings.HasSuffix(l, `\`) || strings.HasSuffix(l, "\r") {
			return false
		}
	}
	return v == strings.TrimLeft(v, " \t")
}

func writableName(n string) bool {
	return n != "" && n == strings.TrimSpace(n) && !strings.ContainsAny(n, "\n\r")
}

func names(f *File) []string {
	var out []string
	for _, s := range f.Stanzas {
		out = append(out, s.Name)
	}
	return out
}

func sameSettings(a, b *File) bool {
	for i, s := range a.Stanzas {
		if len(s.Settings) != len(b.Stanzas[i].Settings) {
			return false
		}
		for j, kv := range s.Settings {
			o := b.Stanzas[i].Settings[j]
			if kv.Key != o.Key || kv.Value != o.Value {
				return false
			}
		}
	}
	return true
}
