package sigma

import "gopkg.in/yaml.v3"

// fastMetadata fills meta from a rule document without yaml.v3's
// reflection, when the document is in the shape that decodes without
// surprises: every top-level key is a standard one (so meta.Rest is never
// read), the string fields are untagged scalars, the list fields lists of
// them, the logsource a mapping of them with unique keys, and every other
// value cannot fail to decode. It reports false otherwise, and meta is then
// left for root.Decode. TestFastMetadataMatchesDecode compares the two.
func fastMetadata(root *yaml.Node, meta *metadata) bool {
	var m metadata
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !plainKey(k) || !standardKeys[k.Value] {
			return false
		}
		ok := true
		switch k.Value {
		case "title":
			m.Title, ok = metaString(v)
		case "id":
			m.ID, ok = metaString(v)
		case "status":
			m.Status, ok = metaString(v)
		case "description":
			m.Description, ok = metaString(v)
		case "author":
			m.Author, ok = metaString(v)
		case "date":
			m.Date, ok = metaString(v)
		case "modified":
			m.Modified, ok = metaString(v)
		case "level":
			m.Level, ok = metaString(v)
		case "references":
			m.References, ok = metaStrings(v)
		case "tags":
			m.Tags, ok = metaStrings(v)
		case "falsepositives":
			m.FalsePositives, ok = metaStrings(v)
		case "fields":
			m.Fields, ok = metaStrings(v)
		case "license":
			m.License, ok = metaString(v)
		case "logsource":
			ok = metaLogsource(v, &m)
		default: // decoded into Rest, never read
			ok = plainTree(v)
		}
		if !ok {
			return false
		}
	}
	*meta = m
	return true
}

// metaString is a scalar decoded into a string field: its text, as
// yaml.v3 sets a string from any scalar but null, whatever its tag.
func metaString(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Style&yaml.TaggedStyle != 0 || n.Tag == "!!null" || n.Tag == "!!binary" {
		return "", false
	}
	return n.Value, true
}

func metaStrings(n *yaml.Node) ([]string, bool) {
	if n.Kind != yaml.SequenceNode || n.Style&yaml.TaggedStyle != 0 {
		return nil, false
	}
	out := make([]string, len(n.Content))
	for i, c := range n.Content {
		s, ok := metaString(c)
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// metaLogsource fills the logsource from a mapping; keys other than
// category, product and service are ignored, as the decode ignores them.
func metaLogsource(n *yaml.Node, m *metadata) bool {
	if n.Kind != yaml.MappingNode || n.Style&yaml.TaggedStyle != 0 || !plainTree(n) {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var field *string
		switch n.Content[i].Value {
		case "category":
			field = &m.Logsource.Category
		case "product":
			field = &m.Logsource.Product
		case "service":
			field = &m.Logsource.Service
		default:
			continue
		}
		s, ok := metaString(n.Content[i+1])
		if !ok {
			return false
		}
		*field = s
	}
	return true
}
