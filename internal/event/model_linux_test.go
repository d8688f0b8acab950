package event

import "testing"

// Sysmon for Linux file creation (11) and network connection (3).
var (
	linuxFileRaw = Event{
		"EventID": "11", "Channel": LinuxSysmonChannel, "Computer": "web01",
		"Image": "/usr/bin/wget", "ProcessId": "4242", "User": "root",
		"TargetFilename": "/tmp/payload.sh",
	}
	linuxNetRaw = Event{
		"EventID": "3", "Channel": LinuxSysmonChannel, "Computer": "web01",
		"Image": "/usr/bin/nc", "ProcessId": "77", "User": "root",
		"DestinationIp": "10.0.0.5", "DestinationPort": "4444",
		"DestinationHostname": "", "Protocol": "tcp", "Initiated": "true",
	}
)

func TestLinuxSysmonCIM(t *testing.T) {
	runShapeCases(t, "cim", []shapeCase{
		{name: "file", raw: linuxFileRaw, ok: true, want: map[string]any{
			"_datamodel": "Endpoint.Filesystem", "file_path": "/tmp/payload.sh", "file_name": "payload.sh",
			"process_name": "wget", "user": "root", "dest": "web01",
		}},
		{name: "network", raw: linuxNetRaw, ok: true, want: map[string]any{
			"_datamodel": "Network_Traffic.All_Traffic", "dest_ip": "10.0.0.5", "dest_port": "4444",
			"app": "/usr/bin/nc", "process_name": "nc", "transport": "tcp", "dvc": "web01",
		}, absent: []string{"dest_host"}},
	})
}

func TestLinuxSysmonDefender(t *testing.T) {
	runShapeCases(t, "defender", []shapeCase{
		{name: "file", raw: linuxFileRaw, ok: true, want: map[string]any{
			"_table": "DeviceFileEvents", "ActionType": "FileCreated", "FolderPath": "/tmp/payload.sh",
			"FileName": "payload.sh", "InitiatingProcessFileName": "wget", "InitiatingProcessAccountName": "root",
		}},
		{name: "network", raw: linuxNetRaw, ok: true, want: map[string]any{
			"_table": "DeviceNetworkEvents", "ActionType": "ConnectionSuccess", "RemoteIP": "10.0.0.5",
			"RemotePort": num("4444"), "Protocol": "Tcp", "InitiatingProcessFolderPath": "/usr/bin/nc",
		}},
	})
}

func TestLinuxSysmonECS(t *testing.T) {
	runShapeCases(t, "ecs", []shapeCase{
		{name: "file", raw: linuxFileRaw, ok: true, want: map[string]any{
			"event.category": []any{"file"}, "event.type": []any{"creation"}, "host.os.type": "linux",
			"file.path": "/tmp/payload.sh", "file.name": "payload.sh", "process.name": "wget",
		}},
		{name: "network", raw: linuxNetRaw, ok: true, want: map[string]any{
			"event.category": []any{"network"}, "destination.port": num("4444"),
			"network.transport": "tcp", "process.executable": "/usr/bin/nc",
		}, absent: []string{"destination.domain"}},
	})
}

func TestLinuxSysmonSplunk(t *testing.T) {
	runShapeCases(t, "splunk", []shapeCase{
		{name: "file", raw: linuxFileRaw, ok: true, want: map[string]any{
			"source": "Syslog:" + LinuxSysmonChannel, "sourcetype": "sysmon:linux", "EventCode": "11",
			"TargetFilename": "/tmp/payload.sh", "file_name": "payload.sh",
		}},
	})
}
