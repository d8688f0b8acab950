// Package sigma loads Sigma rules and lowers them to rosetta's IR. It is the
// only package that imports github.com/bradleyjkemp/sigma-go, whose condition
// parser it uses; the detection's searches are walked from the YAML node tree
// so that every value keeps its source position and order.
package sigma

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rosetta-sigma/rosetta/internal/diag"
	"github.com/rosetta-sigma/rosetta/internal/ir"
)

// Load parses the Sigma rule documents in data (read from path) and lowers
// each to IR. Rules that fail are left out and their problems returned as a
// diag.List; the others are still returned.
func Load(path string, data []byte) ([]*ir.Rule, diag.List) {
	return loadDocuments(path, data, "rule", (*lowerer).rule)
}

// loadDocuments lowers each YAML document of data with lower, keeping the
// documents that lower cleanly and the problems of the others. what names
// the kind of document for the error of a file that holds none.
func loadDocuments[T any](path string, data []byte, what string, lower func(*lowerer, *yaml.Node) T) ([]T, diag.List) {
	var (
		out  []T
		errs diag.List
	)
	dec := newDocumentDecoder(data)
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, yamlError(path, err))
			break
		}
		if len(doc.Content) == 0 {
			continue
		}
		l := &lowerer{path: path}
		v := lower(l, doc.Content[0])
		if len(l.errs) > 0 {
			errs = append(errs, l.errs...)
			continue
		}
		out = append(out, v)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs.Add(diag.Pos{File: path, Line: 1, Col: 1}, "no Sigma %s in this file", what)
	}
	return out, errs
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns yaml.v3's "yaml: line N: msg" into a positioned
// diagnostic. yaml.v3 reports no column for syntax errors, so the column is
// the first on the line.
func yamlError(path string, err error) *diag.Diagnostic {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return diag.Errorf(diag.Pos{File: path, Line: line, Col: 1}, "invalid YAML: %s", m[2])
	}
	return diag.Errorf(diag.Pos{File: path, Line: 1, Col: 1}, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// lowerer carries the state of lowering one rule document.
type lowerer struct {
	path     string
	errs     diag.List
	searches map[string]*search
	order    []string // search names in source order
}

// pos converts a yaml.v3 node position, which is already 1-based, into a
// diag.Pos. It is the one place where YAML positions become rosetta's.
func (l *lowerer) pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: l.path}
	}
	return diag.Pos{File: l.path, Line: n.Line, Col: n.Column}
}

func (l *lowerer) errorf(n *yaml.Node, format string, args ...any) {
	l.errs.Add(l.pos(n), format, args...)
}

// mapping returns the value nodes of a mapping node by key, and the key
// nodes, in source order.
func mapping(n *yaml.Node) (keys []*yaml.Node, values map[string]*yaml.Node) {
	values = map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i])
		values[n.Content[i].Value] = resolveAlias(n.Content[i+1])
	}
	return keys, values
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode && depth < 16; depth++ {
		n = n.Alias
	}
	return n
}

// metadata is the part of a rule that needs no lowering.
type metadata struct {
	Title          string         `yaml:"title"`
	ID             string         `yaml:"id"`
	Status         string         `yaml:"status"`
	Description    string         `yaml:"description"`
	Author         string         `yaml:"author"`
	Date           string         `yaml:"date"`
	Modified       string         `yaml:"modified"`
	Level          string         `yaml:"level"`
	References     []string       `yaml:"references"`
	Tags           []string       `yaml:"tags"`
	FalsePositives []string       `yaml:"falsepositives"`
	License        string         `yaml:"license"`
	Fields         []string       `yaml:"fields"`
	Logsource      ir.Logsource   `yaml:"logsource"`
	Rest           map[string]any `yaml:",inline"`
}

var standardKeys = map[string]bool{
	"title": true, "id": true, "status": true, "description": true, "author": true, "date": true,
	"modified": true, "level": true, "references": true, "tags": true, "falsepositives": true,
	"fields": true, "logsource": true, "detection": true, "related": true, "license": true,
	"name": true, "taxonomy": true, "scope": true,
}

func (l *lowerer) rule(root *yaml.Node) *ir.Rule {
	if root.Kind != yaml.MappingNode {
		l.errorf(root, "a Sigma rule must be a YAML mapping, not a %s", kindName(root))
		return nil
	}
	keys, values := mapping(root)
	var meta metadata
	if err := decodeMetadata(root, &meta); err != nil {
		l.errorf(root, "invalid rule: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil
	}
	for _, req := range []string{"title", "logsource", "detection"} {
		if values[req] == nil {
			l.errorf(root, "missing required key %q", req)
		}
	}
	if len(l.errs) > 0 {
		return nil
	}
	r := &ir.Rule{
		Path: l.path, Title: meta.Title, ID: meta.ID, Status: meta.Status,
		Description: meta.Description, Author: meta.Author, Date: meta.Date, Modified: meta.Modified,
		Level: meta.Level, References: meta.References, Tags: meta.Tags,
		FalsePositives: meta.FalsePositives, License: meta.License, Fields: meta.Fields, Logsource: meta.Logsource,
		Pos: l.pos(root),
	}
	for _, k := range keys {
		if !standardKeys[k.Value] {
			if r.Custom == nil {
				r.Custom = map[string]any{}
				r.CustomYAML = map[string]*yaml.Node{}
			}
			r.Custom[k.Value] = meta.Rest[k.Value]
			r.CustomYAML[k.Value] = values[k.Value]
		}
	}
	r.Conditions = l.detection(values["detection"])
	return r
}

// decodeMetadata decodes a rule document into meta. Decoding the detection
// into the inline map costs about as much as the rest of the document, and
// that value is never read, so the detection is left out of the decode when
// decoding it cannot fail: no aliases in the document, no duplicate keys at
// the top, and in the detection only untagged scalars, lists and mappings
// with unique string keys. Otherwise the whole document is decoded, so the
// result and the error are always those of root.Decode(meta).
func decodeMetadata(root *yaml.Node, meta *metadata) error {
	det := -1
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		for j := 0; j < i; j += 2 {
			if root.Content[j].Kind == k.Kind && root.Content[j].Value == k.Value {
				return root.Decode(meta)
			}
		}
		if k.Value == "detection" {
			det = i
		} else if hasAlias(k) || hasAlias(root.Content[i+1]) {
			return root.Decode(meta)
		}
	}
	if det < 0 || !plainKey(root.Content[det]) || !plainTree(root.Content[det+1]) {
		return root.Decode(meta)
	}
	if fastMetadata(root, meta) {
		return nil
	}
	short := *root
	short.Content = make([]*yaml.Node, 0, len(root.Content)-2)
	short.Content = append(short.Content, root.Content[:det]...)
	short.Content = append(short.Content, root.Content[det+2:]...)
	return short.Decode(meta)
}

// hasAlias reports whether the tree holds an alias node.
func hasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c) {
			return true
		}
	}
	return false
}

// plainTree reports whether decoding n into an interface cannot fail: it
// holds no alias, no explicit tag, and its mappings have unique string keys.
func plainTree(n *yaml.Node) bool {
	if n.Style&yaml.TaggedStyle != 0 {
		return false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return true
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if !plainTree(c) {
				return false
			}
		}
		return true
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if !plainKey(k) {
				return false
			}
			for j := 0; j < i; j += 2 {
				if n.Content[j].Value == k.Value {
					return false
				}
			}
			if !plainTree(n.Content[i+1]) {
				return false
			}
		}
		return true
	}
	return false
}

// plainKey reports whether n is an untagged string scalar (not a merge key).
func plainKey(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style&yaml.TaggedStyle == 0
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return "scalar"
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	}
	return fmt.Sprintf("node kind %d", n.Kind)
}
