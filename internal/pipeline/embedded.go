package pipeline

import "io/fs"

// LoadFS parses pipeline files from an embedded file system. label prefixes
// their paths in messages ("splunk/pipelines/splunk_cim.yml").
func LoadFS(fsys fs.FS, label string, names ...string) ([]*Pipeline, error) {
	var out []*Pipeline
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		p, err := Parse(label+"/"+n, data)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
