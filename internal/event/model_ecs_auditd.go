package event

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Linux audit records (Sigma product linux, service auditd). The raw shape
// is one record of the audit log with the names auditd writes and Sigma's
// rules use (type, name, nametype, unit, comm, exe, a0, SYSCALL, ...), the
// values as text after auditd's hex encoding is undone and quotes are
// removed. It carries the discriminator WebLogSourceField with the value
// "linux/auditd"; internal/gen sets it.
//
// In ECS, Elastic's auditd integration writes the auditd.log data stream
// [its default ingest pipeline, data_stream/log/elasticsearch/
// ingest_pipeline/default.yml]: the record's key=value pairs are parsed
// into auditd.log.<key> (hex-encoded values of name, comm, exe, ... decoded,
// quotes trimmed, values "?", "(null)" and "" removed); type becomes
// auditd.log.record_type. A record type with an entry in the pipeline's
// go-libaudit table gets that entry's action in event.action (ADD_USER:
// "added-user-account") and keeps auditd.log.record_type; any other type is
// renamed to event.action and lower-cased (EXECVE: "execve"). comm is
// renamed to process.name, exe to process.executable. An EXECVE record's
// arguments a0, a1, ... are moved into the process.args list in order, and
// a0, when there, also into process.executable; any other record keeps a0
// (the syscall's first argument) in auditd.log.a0. auditd's ENRICHED format appends interpreted
// fields (SYSCALL, the syscall's name; AUID; ...) after a 0x1d separator,
// which the pipeline parses as more keys (auditd.log.SYSCALL) and leaves in
// the value of the key before it (a SYSCALL record's key), which this model
// therefore does not shape. event.dataset is "auditd.log".

// AuditdLogSource (model_linux.go) marks a raw audit record.

// ecsAuditdRules are the record's keys the integration keeps as they are.
var ecsAuditdRules = []rule{
	{"auditd.log.name", "name", toText},
	{"auditd.log.SYSCALL", "SYSCALL", toText},
	{"auditd.log.nametype", "nametype", toText},
	{"auditd.log.unit", "unit", toText},
	{"process.name", "comm", toText},
}

// auditdTypeActions are record types the pipeline's go-libaudit table
// gives an action, with that action (an excerpt of the table: the types
// whose entry this model was checked against).
var auditdTypeActions = map[string]string{
	"ADD_USER":        "added-user-account",
	"ADD_GROUP":       "added-group-account-to",
	"CONFIG_CHANGE":   "changed-audit-configuration",
	"CRED_ACQ":        "acquired-credentials",
	"USER_CMD":        "ran-command",
	"SYSTEM_BOOT":     "booted-system",
	"SYSTEM_SHUTDOWN": "shutdown-system",
	"TTY":             "typed",
}

// auditdRemoved are the values the pipeline removes from auditd.log.
var auditdRemoved = map[string]bool{"?": true, "(null)": true}

// auditdRecord drops the values the pipeline removes and writes the
// record type where the pipeline puts it.
func auditdRecord(data map[string]any, doc Event) {
	for k, v := range data {
		if s, ok := String(v); ok && auditdRemoved[s] {
			delete(data, k)
		}
	}
	if exe, ok := String(data["exe"]); ok {
		setPath(doc, "process.executable", exe)
	}
	typ, _ := String(data["type"])
	if typ == "EXECVE" {
		execveArgs(data, doc)
	} else if a0, ok := String(data["a0"]); ok {
		setPath(doc, "auditd.log.a0", a0)
	}
	if typ == "" {
		return
	}
	if action, mapped := auditdTypeActions[typ]; mapped {
		setPath(doc, "auditd.log.record_type", typ)
		setPath(doc, "event.action", action)
		return
	}
	setPath(doc, "event.action", javaLower(typ))
}

// javaLower lower-cases as the pipeline's lowercase processor does (Java's
// String.toLowerCase(Locale.ROOT)): Go's simple mapping except U+0130
// (capital I with dot above), which Java lower-cases to "i" and a combining
// dot above. Java's final sigma (ς) folds with σ, so ":" compares both alike.
func javaLower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

// execveArg is an EXECVE record's argument key.
var execveArg = regexp.MustCompile(`^a([0-9]+)$`)

// execveArgs moves an EXECVE record's arguments into process.args in the
// order of their index, a0 also into process.executable.
func execveArgs(data map[string]any, doc Event) {
	type arg struct {
		i int
		v any
	}
	var args []arg
	for k, v := range data {
		if m := execveArg.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			args = append(args, arg{i, v})
		}
	}
	if len(args) == 0 {
		return
	}
	sort.Slice(args, func(a, b int) bool { return args[a].i < args[b].i })
	list := make([]any, len(args))
	for i, a := range args {
		list[i] = a.v
	}
	setPath(doc, "process.args", list)
	if args[0].i == 0 {
		setPath(doc, "process.executable", args[0].v)
	}
}
