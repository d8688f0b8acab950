package backends

import "testing"

// checkParsesBack parses an emitted query with the evaluator of its
// language. It is filled in by the evaluator's integration.
func checkParsesBack(t *testing.T, backend, format, text string) {}
