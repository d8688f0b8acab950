package pipeline

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Logsources lists the log sources the pipeline's logsource rule conditions
// name, each as "product/category/service" with "*" for a key the condition
// leaves out (a key listing several values gives one entry per value), sorted
// and without duplicates. Transformations without rule conditions apply to
// every rule and add nothing here.
func (pl *Pipeline) Logsources() []string {
	var root yaml.Node
	if yaml.Unmarshal([]byte(pl.Text), &root) != nil || len(root.Content) == 0 {
		return nil
	}
	seen := map[string]bool{}
	ts := mapValue(root.Content[0], "transformations")
	if ts == nil {
		return nil
	}
	for _, t := range ts.Content {
		conds := mapValue(t, "rule_conditions")
		if conds == nil {
			continue
		}
		for _, c := range conds.Content {
			if typ := mapValue(c, "type"); typ == nil || typ.Value != "logsource" {
				continue
			}
			product, category, service := values(mapValue(c, "product")), values(mapValue(c, "category")), values(mapValue(c, "service"))
			for _, pr := range product {
				for _, ca := range category {
					for _, se := range service {
						seen[pr+"/"+ca+"/"+se] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, strings.TrimSuffix(k, "/*"))
	}
	sort.Strings(out)
	return out
}

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// values reads a condition key: its value or values, "*" when absent, "-"
// for null (a rule without the key).
func values(n *yaml.Node) []string {
	if n == nil {
		return []string{"*"}
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []string
	for _, c := range items {
		if c.Tag == "!!null" {
			out = append(out, "-") // the rule has no such key
			continue
		}
		out = append(out, c.Value)
	}
	return out
}
