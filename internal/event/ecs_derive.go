package event

import (
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
)

// Derivations of the ECS model that are not one field to one field. Each
// follows a named processor of the Elastic pipelines [EI, E7, ES].

// deriveECSHashes: kv-split Hashes (or Hash), lowercase, skip empty and
// all-zero hashes; process.hash.* for 1/23/24/25, file.hash.* for
// 6/7/15/26/29, IMPHASH to *.pe.imphash [EI]; dll.* copies for 7 [E7].
func deriveECSHashes(doc Event, data map[string]any, eid int) {
	raw, ok := String(data["Hashes"])
	if !ok {
		if raw, ok = String(data["Hash"]); !ok {
			return
		}
	}
	var parents []string
	switch {
	case is(1, 23, 24, 25)(eid):
		parents = strs("process")
	case eid == 7:
		parents = strs("file", "dll")
	case is(6, 15, 26, 29)(eid):
		parents = strs("file")
	}
	for _, item := range strings.Split(raw, ",") {
		k, v, ok := strings.Cut(item, "=")
		v = strings.ToLower(v)
		if !ok || strings.Trim(v, "0") == "" {
			continue
		}
		for _, p := range parents {
			if k = strings.ToLower(k); k == "imphash" {
				setPath(doc, p+".pe.imphash", v)
			} else {
				setPath(doc, p+".hash."+k, v)
			}
		}
	}
}

// deriveECSSysmon runs the [EI] scripts after the renames.
func deriveECSSysmon(doc Event, data map[string]any, eid int) {
	for _, p := range strs("process", "process.parent") {
		if cmd, ok := lookupString(doc, p+".command_line"); ok && cmd != "" {
			args := windowsArgs(cmd)
			setPath(doc, p+".args", args)
			setPath(doc, p+".args_count", json.Number(strconv.Itoa(len(args))))
		}
		// "Adds process name information": after the last backslash, only if there is one.
		if exe, ok := lookupString(doc, p+".executable"); ok && len(exe) > 1 {
			if i := strings.LastIndexByte(exe, '\\'); i >= 0 && i < len(exe)-1 {
				setPath(doc, p+".name", exe[i+1:])
			}
		}
	}
	// "Adds file information": name and directory split at the last
	// backslash; extension after the last dot of the whole path (sic).
	if path, ok := lookupString(doc, "file.path"); ok && len(path) > 1 {
		if i := strings.LastIndexByte(path, '\\'); i >= 0 {
			setPath(doc, "file.name", path[i+1:])
			setPath(doc, "file.directory", path[:i])
			if j := strings.LastIndexByte(path, '.'); j >= 0 {
				setPath(doc, "file.extension", path[j+1:])
			}
		}
	}
	if s, ok := String(data["SignatureStatus"]); ok && s == "Valid" {
		setPath(doc, "file.code_signature.valid", true)
	}
	if eid == 7 {
		deriveECSLibrary(doc, data)
	}
	if eid == 22 {
		setPath(doc, "network.protocol", "dns")
		if qr, ok := String(data["QueryResults"]); ok {
			deriveDNSAnswers(doc, qr)
		}
	}
	if is(12, 13, 14)(eid) {
		if path, ok := String(data["TargetObject"]); ok {
			deriveRegistry(doc, path, data["Details"])
		}
	}
}

// deriveECSLibrary mirrors the loaded file into dll.* and sets
// file.code_signature.trusted from Signed [E7].
func deriveECSLibrary(doc Event, data map[string]any) {
	for _, f := range strs("path", "name", "pe.original_file_name") {
		if v, ok := doc.Lookup("file." + f); ok {
			setPath(doc, "dll."+f, v)
		}
	}
	if s, ok := String(data["Signed"]); ok {
		setPath(doc, "file.code_signature.trusted", strings.EqualFold(s, "true"))
	}
}

// deriveECS4688: names from the executables (last "\" part) and args split
// on unquoted whitespace, quotes kept [ES "Process Event 4688"].
func deriveECS4688(doc Event) {
	for _, p := range strs("process", "process.parent") {
		if exe, ok := lookupString(doc, p+".executable"); ok {
			setPath(doc, p+".name", basename(exe))
		}
	}
	if cmd, ok := lookupString(doc, "process.command_line"); ok && cmd != "" {
		setPath(doc, "process.args", securityArgs(cmd))
	}
}

func lookupString(doc Event, path string) (string, bool) {
	v, ok := doc.Lookup(path)
	if !ok {
		return "", false
	}
	return String(v)
}

// windowsArgs splits a command line like CommandLineToArgvW (the "prior to
// 2008" rule for doubled quotes), as [EI]'s "Windows-like SplitCommandLine".
func windowsArgs(cmd string) []any {
	var args []any
	for len(cmd) > 0 {
		if cmd[0] == ' ' || cmd[0] == '\t' {
			cmd = cmd[1:]
			continue
		}
		var arg string
		arg, cmd = nextArg(cmd)
		args = append(args, arg)
	}
	return args
}

func nextArg(cmd string) (arg, rest string) {
	var b strings.Builder
	inQuote, slashes := false, 0
	for ; len(cmd) > 0; cmd = cmd[1:] {
		c := cmd[0]
		switch {
		case (c == ' ' || c == '\t') && !inQuote:
			b.WriteString(strings.Repeat(`\`, slashes))
			return b.String(), cmd[1:]
		case c == '"':
			b.WriteString(strings.Repeat(`\`, slashes/2))
			if slashes%2 == 0 {
				if inQuote && len(cmd) > 1 && cmd[1] == '"' {
					b.WriteByte(c)
					cmd = cmd[1:]
				}
				inQuote = !inQuote
			} else {
				b.WriteByte(c)
			}
			slashes = 0
			continue
		case c == '\\':
			slashes++
			continue
		}
		b.WriteString(strings.Repeat(`\`, slashes))
		slashes = 0
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	return b.String(), ""
}

// securityArgs is [ES]'s 4688 split: on whitespace outside double quotes,
// quotes kept, Java whitespace (no non-breaking spaces).
func securityArgs(cmd string) []any {
	rs := []rune(cmd)
	var args []any
	start, inQuote := 0, false
	for i, r := range rs {
		if r == '"' {
			inQuote = !inQuote
		}
		if isJavaSpace(r) && !inQuote {
			args = append(args, string(rs[start:i]))
			start = i + 1
		}
		if i == len(rs)-1 {
			args = append(args, string(rs[start:]))
		}
	}
	return args
}

func isJavaSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u0085' && r != '\u00a0' && r != '\u2007' && r != '\u202f' ||
		r >= '\u001c' && r <= '\u001f'
}

// dnsTypes are the record type names of [EI]'s QueryResults script (subset:
// the types Windows' resolver reports).
var dnsTypes = map[string]string{
	"1": "A", "2": "NS", "5": "CNAME", "6": "SOA", "12": "PTR", "15": "MX",
	"16": "TXT", "28": "AAAA", "33": "SRV", "65": "HTTPS",
}

// deriveDNSAnswers parses "type:  5 host;::ffff:1.2.3.4;" into dns.answers
// (CNAME etc. with data, then an A/AAAA answer per address) and
// dns.resolved_ip (IPv4-mapped prefixes removed, invalid addresses dropped) [EI].
func deriveDNSAnswers(doc Event, results string) {
	var answers, ips []any
	for _, r := range strings.Split(results, ";") {
		if r == "" {
			continue
		}
		if strings.HasPrefix(r, "type:") {
			parts := strings.Fields(r)
			if len(parts) < 2 {
				return // [EI] throws: the document keeps no answers
			}
			a := map[string]any{}
			if t, ok := dnsTypes[parts[1]]; ok {
				a["type"] = t
			}
			if len(parts) == 3 {
				a["data"] = parts[2]
			}
			answers = append(answers, a)
			continue
		}
		ip := strings.ReplaceAll(r, "::ffff:", "")
		if _, err := netip.ParseAddr(ip); err == nil {
			ips = append(ips, ip)
		}
	}
	for _, ip := range ips {
		t := "A"
		if strings.Contains(ip.(string), ":") {
			t = "AAAA"
		}
		answers = append(answers, map[string]any{"type": t, "data": ip})
	}
	if len(answers) > 0 {
		setPath(doc, "dns.answers", answers)
	}
	if len(ips) > 0 {
		setPath(doc, "dns.resolved_ip", ips)
	}
}

// ecsHives: [EI] registry script hive abbreviations.
var ecsHives = map[string]string{
	"HKEY_CLASSES_ROOT": "HKCR", "HKCR": "HKCR", "HKEY_CURRENT_CONFIG": "HKCC", "HKCC": "HKCC",
	"HKEY_CURRENT_USER": "HKCU", "HKCU": "HKCU", "HKEY_DYN_DATA": "HKDD", "HKDD": "HKDD",
	"HKEY_LOCAL_MACHINE": "HKLM", "HKLM": "HKLM", "HKEY_PERFORMANCE_DATA": "HKPD", "HKPD": "HKPD",
	"HKEY_USERS": "HKU", "HKU": "HKU",
}

// deriveRegistry sets registry.{path,hive,key,value,data.strings,data.type}
// [EI "Set registry fields"]. registry.key is everything after the hive, the
// value name included; registry.value is the last segment. DWORD data is
// decimal (SZ_DWORD), QWORD is (high<<8)+low as the pipeline computes it,
// "Binary Data" is REG_BINARY, anything else REG_SZ.
func deriveRegistry(doc Event, path string, details any) {
	setPath(doc, "registry.path", path)
	tokens := strings.Split(path, `\`)
	if hive, ok := ecsHives[tokens[0]]; ok {
		setPath(doc, "registry.hive", hive)
		if len(tokens) > 1 {
			setPath(doc, "registry.key", strings.Join(tokens[1:], `\`))
		}
	}
	setPath(doc, "registry.value", tokens[len(tokens)-1])
	data, ok := String(details)
	if !ok || data == "" {
		return
	}
	str, typ := data, "REG_SZ"
	if high, low, ok := registryQWORD(data); ok {
		str, typ = strconv.FormatUint((high<<8)+low, 10), "SZ_QWORD"
	} else if hex, ok := registryDWORD(data); ok {
		n, _ := strconv.ParseUint(hex[2:], 16, 64)
		str, typ = strconv.FormatUint(n, 10), "SZ_DWORD"
	} else if data == "Binary Data" {
		typ = "REG_BINARY"
	}
	setPath(doc, "registry.data.strings", []any{str})
	setPath(doc, "registry.data.type", typ)
}

// dnsStatusName translates QueryStatus codes [EI "Translate DNS Query
// status"] (subset); unknown codes stay numeric text.
func dnsStatusName(code string) string {
	names := map[string]string{
		"0": "SUCCESS", "5": "ERROR_ACCESS_DENIED", "123": "ERROR_INVALID_NAME",
		"1214": "ERROR_INVALID_NETNAME", "1223": "ERROR_CANCELLED", "1460": "ERROR_TIMEOUT",
		"9002": "DNS_ERROR_RCODE_SERVER_FAILURE", "9003": "DNS_ERROR_RCODE_NAME_ERROR",
		"9501": "DNS_INFO_NO_RECORDS", "9502": "DNS_ERROR_BAD_PACKET", "9701": "DNS_ERROR_RECORD_DOES_NOT_EXIST",
	}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}
