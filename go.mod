module github.com/rosetta-sigma/rosetta

go 1.24

require (
	github.com/alecthomas/kong v1.17.0
	github.com/alecthomas/participle/v2 v2.1.4
	github.com/bradleyjkemp/sigma-go v0.6.6
	github.com/dlclark/regexp2 v1.12.0
	gopkg.in/yaml.v3 v3.0.1
)

require github.com/alecthomas/participle v0.7.1 // indirect
