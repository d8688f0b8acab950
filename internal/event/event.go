// Package event holds log events as decoded JSON objects, the field lookup that
// every evaluator shares, and the ingest models that reshape a raw Windows event
// the way a SIEM's ingest would (Sysmon to CIM, to Defender XDR tables, to ECS).
package event

import (
	"encoding/json"
	"strings"
)

// Event is one log record: a decoded JSON object. Values are what
// encoding/json produces with UseNumber: string, json.Number, bool, nil,
// []any and map[string]any.
type Event map[string]any

// Lookup returns the value of a field. An exact top-level key wins; otherwise
// a dotted path walks nested objects ("process.parent.name"). The boolean is
// false when the field is absent; a present JSON null returns (nil, true).
func (e Event) Lookup(path string) (any, bool) {
	if v, ok := e[path]; ok {
		return v, true
	}
	if !strings.Contains(path, ".") {
		return nil, false
	}
	var cur any = map[string]any(e)
	rest := path
	for rest != "" {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		// The longest key that prefixes the rest wins, so that a flat
		// "process.name" inside a nested object is found too.
		found := false
		for i := len(rest); i > 0; i-- {
			if i < len(rest) && rest[i] != '.' {
				continue
			}
			if v, ok := obj[rest[:i]]; ok {
				cur, rest, found = v, strings.TrimPrefix(rest[i:], "."), true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return cur, true
}

// String renders a scalar field value as the text a SIEM would compare:
// strings as is, numbers in their JSON spelling, booleans as true/false.
// ok is false for null, objects and arrays.
func String(v any) (s string, ok bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		return json.Number(strings.TrimSuffix(strings.TrimRight(jsonFloat(x), "0"), ".")).String(), true
	case int:
		return itoa(int64(x)), true
	case int64:
		return itoa(x), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func jsonFloat(f float64) string {
	b, _ := json.Marshal(f)
	s := string(b)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
