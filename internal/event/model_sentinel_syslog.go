package event

// Linux syslog messages (Sigma product linux alone, or service syslog). The
// raw shape is one message as a program writes it to syslog, its text under
// Message, where Sigma's keywords of these rules search; it carries the
// discriminator WebLogSourceField with the value "linux/syslog";
// internal/gen sets it.
//
// In Microsoft Sentinel (MAPPINGS §5) the Azure Monitor agent stores each
// message as a Syslog row [AZ: Microsoft's Syslog table reference]:
// SyslogMessage is "the text of the message", apart from the header, whose
// parts are the columns HostName, ProcessName, ProcessID, Facility and
// SeverityLevel. The raw shape has no header, so only SyslogMessage is
// shaped. No Elastic data stream is modelled for it.

// LinuxSyslogLogSource is the discriminator value of a raw syslog message.
const LinuxSyslogLogSource = "linux/syslog"

// sentinelSyslogRules are the Syslog columns by raw name.
var sentinelSyslogRules = []rule{
	{"SyslogMessage", "Message", toText},
}
