package ir

import "github.com/rosetta-sigma/rosetta/internal/golden"

// Every test binary knows -update (see internal/golden).
var _ = golden.Update
