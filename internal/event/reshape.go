package event

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Value reshapers shared by the ingest models. Each is a conv, so that model
// tables can name them beside the field they apply to.

// basename is the part of a Windows path after the last backslash (the whole
// string when there is none).
func basename(p string) string {
	return p[strings.LastIndexByte(p, '\\')+1:]
}

// splitAccount splits "DOMAIN\user" at the first backslash; a value without
// one is a bare user name.
func splitAccount(s string) (domain, name string) {
	if d, n, ok := strings.Cut(s, `\`); ok {
		return d, n
	}
	return "", s
}

// asciiLower lower-cases the letters A-Z only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// stringConv wraps a string function as a conv on scalar values.
func stringConv(f func(string) string) conv {
	return func(v any) (any, bool) {
		s, ok := String(v)
		if !ok {
			return nil, false
		}
		return f(s), true
	}
}

var (
	toBase  = stringConv(basename)
	toLower = stringConv(strings.ToLower)
	toText  = stringConv(func(s string) string { return s })
)

// toLong parses a decimal integer (Elasticsearch convert type long, Defender
// long columns); a value that does not parse is dropped.
func toLong(v any) (any, bool) { return parseLong(v, 10) }

// toDecodedLong parses like Java's Long.decode: "0x" hex, leading-zero octal
// or decimal. Security 4688 writes PIDs as hex ("0x2bc") [W].
func toDecodedLong(v any) (any, bool) { return parseLong(v, 0) }

func parseLong(v any, base int) (any, bool) {
	s, ok := String(v)
	if !ok {
		return nil, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), base, 64)
	if err != nil {
		return nil, false
	}
	return json.Number(strconv.FormatInt(n, 10)), true
}

// toISOTime turns Sysmon's UtcTime ("2024-05-01 10:11:12.345") or System
// TimeCreated ("2024-05-01T10:11:12.3456789Z") into "2024-05-01T10:11:12.345Z".
func toISOTime(v any) (any, bool) {
	s, ok := String(v)
	if !ok {
		return nil, false
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05.000Z"), true
		}
	}
	return nil, false
}

// toEpoch turns a time toISOTime reads into UNIX seconds, with the
// milliseconds as a fraction.
func toEpoch(v any) (any, bool) {
	iso, ok := toISOTime(v)
	if !ok {
		return nil, false
	}
	t, err := time.Parse("2006-01-02T15:04:05.000Z", iso.(string))
	if err != nil {
		return nil, false
	}
	return json.Number(strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)), true
}

// accountPart returns a conv taking the domain (part 0) or the user name
// (part 1) of "DOMAIN\user", optionally lowercased. A missing part is absent.
// Defender shows accounts in lower case [MQ Baseline Comparison]; Microsoft
// does not say how it folds letters outside ASCII, so only A-Z are lowered
// and other letters kept as written.
func accountPart(part int, lower bool) conv {
	return func(v any) (any, bool) {
		s, ok := String(v)
		if !ok {
			return nil, false
		}
		d, n := splitAccount(s)
		out := []string{d, n}[part]
		if out == "" {
			return nil, false
		}
		if lower {
			out = asciiLower(out)
		}
		return out, true
	}
}

// mapped returns a conv that looks the value up in m; unknown values are absent.
func mapped(m map[string]string) conv {
	return func(v any) (any, bool) {
		s, ok := String(v)
		if !ok {
			return nil, false
		}
		out, ok := m[s]
		return out, ok
	}
}

// mappedFold is mapped with the key compared without regard to ASCII case.
func mappedFold(m map[string]string) conv {
	folded := make(map[string]string, len(m))
	for k, v := range m {
		folded[asciiLower(k)] = v
	}
	return func(v any) (any, bool) {
		s, ok := String(v)
		if !ok {
			return nil, false
		}
		out, ok := folded[asciiLower(s)]
		return out, ok
	}
}

// parseHashes splits Sysmon's Hashes ("SHA1=…,MD5=…,SHA256=…,IMPHASH=…") into
// upper-case algorithm names and values. A bare value is named by its length
// (32 MD5, 40 SHA1, 64 SHA256) as pySigma-backend-kusto does [PK].
func parseHashes(s string) map[string]string {
	out := map[string]string{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if k, v, ok := strings.Cut(item, "="); ok {
			out[strings.ToUpper(strings.TrimSpace(k))] = strings.TrimSpace(v)
			continue
		}
		if algo, ok := map[int]string{32: "MD5", 40: "SHA1", 64: "SHA256"}[len(item)]; ok {
			out[algo] = item
		}
	}
	return out
}

// hashOf returns a conv that takes one algorithm from Hashes, lowercased
// (Defender and ECS store lower-case hex; Sysmon writes upper case).
func hashOf(algo string) conv {
	return func(v any) (any, bool) {
		s, ok := String(v)
		if !ok {
			return nil, false
		}
		h, ok := parseHashes(s)[algo]
		if !ok || h == "" {
			return nil, false
		}
		return strings.ToLower(h), true
	}
}

var (
	dwordRe = regexp.MustCompile(`(?i)^DWORD \((0x[0-9A-F]{8})\)$`)
	qwordRe = regexp.MustCompile(`(?i)^QWORD \((0x[0-9A-F]{8})-(0x[0-9A-F]{8})\)$`)
)

// registryDWORD returns the hex inside Sysmon's "DWORD (0x00000001)" wrapper.
func registryDWORD(details string) (hex string, ok bool) {
	m := dwordRe.FindStringSubmatch(details)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// registryQWORD returns the two hex halves of "QWORD (0x…-0x…)".
func registryQWORD(details string) (high, low uint64, ok bool) {
	m := qwordRe.FindStringSubmatch(details)
	if m == nil {
		return 0, 0, false
	}
	high, _ = strconv.ParseUint(m[1][2:], 16, 64)
	low, _ = strconv.ParseUint(m[2][2:], 16, 64)
	return high, low, true
}

// isValueEvent reports whether a registry event names a value (the last
// TargetObject segment is a value name) rather than a key.
func isValueEvent(raw Event) bool {
	switch et, _ := String(raw["EventType"]); et {
	case "SetValue", "DeleteValue", "CreateValue":
		return true
	case "":
		id, _ := eventID(raw)
		return id == 13
	}
	return false
}

// splitRegistryPath splits TargetObject into key and value name for value
// events; key events are all key.
func splitRegistryPath(raw Event, path string) (key, value string, hasValue bool) {
	if !isValueEvent(raw) {
		return path, "", false
	}
	i := strings.LastIndexByte(path, '\\')
	if i < 0 {
		return "", path, true
	}
	return path[:i], path[i+1:], true
}
