package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// DecodeError is a decoding failure at a position in the input. Line and Col
// are 1-based and point at the offending byte (Col counts bytes); at the end
// of a truncated input they point just past the last byte.
type DecodeError struct {
	File string // set by DecodeFile; empty for Decode
	Line int
	Col  int
	Msg  string
}

// Error renders "file:line:col: message", or "line:col: message" without a file.
func (e *DecodeError) Error() string {
	pos := strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col)
	if e.File != "" {
		pos = e.File + ":" + pos
	}
	return pos + ": " + e.Msg
}

// Decode reads events from r. It accepts JSON Lines, one JSON array of
// objects, or JSON objects separated by any whitespace. Numbers stay
// json.Number. Windows event exports ({"Event":{"System":…,"EventData":…}})
// are flattened to one Sysmon-style event (see flattenWindows).
func Decode(r io.Reader) ([]Event, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	d := decoder{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	d.dec.UseNumber()
	if start := d.skipSpace(0); start < len(data) && data[start] == '[' {
		return d.array()
	}
	return d.stream()
}

// DecodeFile decodes the file at path; positions in errors name the file.
func DecodeFile(path string) ([]Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	evs, err := Decode(f)
	var de *DecodeError
	if errors.As(err, &de) {
		de.File = path
	}
	return evs, err
}

type decoder struct {
	data []byte
	dec  *json.Decoder
}

// stream decodes whitespace-separated top-level values until EOF.
func (d *decoder) stream() ([]Event, error) {
	var evs []Event
	for {
		start := d.skipSpace(int(d.dec.InputOffset()))
		var v any
		if err := d.dec.Decode(&v); err == io.EOF {
			return evs, nil
		} else if err != nil {
			return nil, d.wrap(err, start)
		}
		ev, err := d.object(v, start)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
}

// array decodes one top-level array of objects; only whitespace may follow.
func (d *decoder) array() ([]Event, error) {
	if _, err := d.dec.Token(); err != nil {
		return nil, d.wrap(err, 0)
	}
	var evs []Event
	for d.dec.More() {
		start := d.skipSpace(int(d.dec.InputOffset()))
		if start < len(d.data) && d.data[start] == ',' {
			start = d.skipSpace(start + 1)
		}
		var v any
		if err := d.dec.Decode(&v); err != nil {
			return nil, d.wrap(err, start)
		}
		ev, err := d.object(v, start)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	if _, err := d.dec.Token(); err != nil {
		return nil, d.wrap(err, 0)
	}
	if end := d.skipSpace(int(d.dec.InputOffset())); end < len(d.data) {
		return nil, d.errorAt(end, "unexpected data after the top-level array")
	}
	return evs, nil
}

// object checks that a decoded value is a JSON object and normalises it.
func (d *decoder) object(v any, start int) (Event, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, d.errorAt(start, "expected a JSON object, found "+jsonKind(v))
	}
	return flattenWindows(obj), nil
}

// wrap turns an encoding/json error into a positioned DecodeError. The value
// being decoded starts at start, so the bad byte is not before it (in token
// mode the decoder reports array errors at the preceding comma).
func (d *decoder) wrap(err error, start int) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return d.errorAt(max(int(syn.Offset)-1, start), syn.Error())
	case errors.As(err, &typ):
		return d.errorAt(max(int(typ.Offset)-1, start), typ.Error())
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return d.errorAt(len(d.data), "unexpected end of JSON input")
	}
	return d.errorAt(int(d.dec.InputOffset()), err.Error())
}

// errorAt builds a DecodeError for byte offset off.
func (d *decoder) errorAt(off int, msg string) *DecodeError {
	off = max(0, min(off, len(d.data)))
	line := 1 + bytes.Count(d.data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(d.data[:off], '\n')
	return &DecodeError{Line: line, Col: col, Msg: msg}
}

// skipSpace returns the offset of the first non-whitespace byte at or after off.
func (d *decoder) skipSpace(off int) int {
	for off < len(d.data) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
