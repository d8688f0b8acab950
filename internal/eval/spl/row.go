package spl

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/rosetta-sigma/rosetta/internal/event"
)

// rowCtx is one result row while a condition is evaluated on it. The row's
// raw text is computed at most once.
type rowCtx struct {
	row    event.Event
	raw    string
	hasRaw bool
}

// rawText is what bare search terms and field-less regex match: _raw when the
// row has it, else the row's JSON text (keys sorted, no HTML escaping).
func (rc *rowCtx) rawText() string {
	if rc.hasRaw {
		return rc.raw
	}
	rc.hasRaw = true
	if v, ok := rc.row["_raw"]; ok {
		if s, ok := event.String(v); ok {
			rc.raw = s
			return s
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any(rc.row)); err == nil {
		rc.raw = strings.TrimSuffix(buf.String(), "\n")
	}
	return rc.raw
}

// fieldTexts returns the scalar values of a field as text: one for a scalar,
// one per scalar element for a multivalue (JSON array) field. present is
// false when the field is missing, null, an object, or has no scalar values.
func fieldTexts(row event.Event, name string) (texts []string, present bool) {
	v, ok := row.Lookup(name)
	if !ok || v == nil {
		return nil, false
	}
	if arr, ok := v.([]any); ok {
		for _, e := range arr {
			if s, ok := event.String(e); ok {
				texts = append(texts, s)
			}
		}
		return texts, len(texts) > 0
	}
	if s, ok := event.String(v); ok {
		return []string{s}, true
	}
	return nil, false
}

// copyRow returns a shallow copy of a row, for commands that change fields.
func copyRow(r event.Event) event.Event {
	out := make(event.Event, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}
