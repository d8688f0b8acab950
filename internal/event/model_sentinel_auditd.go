package event

// Linux audit records in Microsoft Sentinel (MAPPINGS §5): the LinuxAuditLog
// table [AZ: Microsoft's LinuxAuditLog table reference], one row per audit
// record, with a string column for each of auditd's keys that the table
// names (a0 ... a9, comm, exe, key, name, cwd, ...) and the record type in
// RecordType. The reference gives no description of the columns' values;
// this model takes each to hold the record's value under that key, the text
// auditd writes with its quotes removed and its hex encoding undone (the raw
// shape, model_ecs_auditd.go; the table's typed columns such as
// effective_user show that the collector interprets records rather than
// storing their key=value text). Keys the table has no column for (SYSCALL,
// the name auditd's enriched format adds; nametype; unit) are not shaped,
// and backends/kql/pipelines/sentinel.yml refuses rules that name them.

// sentinelAuditdRules are the LinuxAuditLog columns by raw key.
var sentinelAuditdRules = []rule{
	{"RecordType", "type", toText},
	{"a0", "a0", toText}, {"a1", "a1", toText}, {"a2", "a2", toText},
	{"a3", "a3", toText}, {"a4", "a4", toText}, {"a5", "a5", toText},
	{"a6", "a6", toText}, {"a7", "a7", toText}, {"a8", "a8", toText},
	{"a9", "a9", toText},
	{"comm", "comm", toText},
	{"cwd", "cwd", toText},
	{"exe", "exe", toText},
	{"key", "key", toText},
	{"name", "name", toText},
}
