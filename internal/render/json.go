package render

import (
	"bytes"
	"encoding/json"
	"strings"
)

// CompactJSON writes v as one line of JSON with map keys sorted and "<",
// ">" and "&" left as they are (the JSON values of a .conf setting, the
// lines of an NDJSON import file).
func CompactJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
