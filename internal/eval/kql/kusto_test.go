package kql

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMicrosoftParserAgrees runs Microsoft's Kusto parser and semantic
// analyzer (.ci/kusto/check.js) over the fixtures that this evaluator
// accepts, so that both sides agree that they are valid KQL. It skips when
// node, the installed checker or the shared schema is missing.
func TestMicrosoftParserAgrees(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	checker := filepath.Join(root, ".ci", "kusto", "check.js")
	schema := filepath.Join(root, "..", "shared", "schemas", "kql", "defender-sentinel.json")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(root, ".ci", "kusto", "node_modules", "@kusto", "language-service-next")); err != nil {
		t.Skip("Kusto checker not installed: run `npm ci --prefix .ci/kusto`")
	}
	if _, err := os.Stat(schema); err != nil {
		t.Skip("../shared/schemas/kql/defender-sentinel.json is absent")
	}
	out, err := exec.Command(node, checker, "--warnings", "--schema", schema, filepath.Join("testdata", "valid")).CombinedOutput()
	if err != nil {
		t.Errorf("Microsoft's parser rejects a fixture: %v\n%s", err, out)
	}
}
