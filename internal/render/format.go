package render

import "github.com/rosetta-sigma/rosetta/internal/deploy"

// Deployer is a Conversion that writes deployable detections (a Splunk app,
// Kibana rules, Sentinel analytic rules): the run gives it the deployment
// profile before the first rule, the embedded one unless --profile names
// another.
type Deployer interface {
	Conversion
	UseProfile(p *deploy.Profile)
}
