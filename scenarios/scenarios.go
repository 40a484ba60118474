// Package scenarios holds ecmock's shipped scenarios (the *.yaml files beside
// it, embedded): ready-made sets of fault rules, timing and accounts that
// `ecmock serve --scenario NAME`, POST /_ecmock/scenarios/{name} and
// mock.Options.Scenarios apply by name. scenario.schema.json describes the
// format and README.md documents every field.
package scenarios

import (
	"embed"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Info names a shipped scenario.
type Info struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	File        string `json:"file"`
}

// List returns the shipped scenarios sorted by name.
func List() []Info {
	entries, _ := files.ReadDir(".")
	var out []Info
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			continue
		}
		var head struct {
			Name        string `yaml:"name"`
			Description string `yaml:"description"`
		}
		_ = yaml.Unmarshal(b, &head)
		if head.Name == "" {
			head.Name = strings.TrimSuffix(e.Name(), ".yaml")
		}
		out = append(out, Info{Name: head.Name, Description: strings.TrimSpace(head.Description), File: e.Name()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the text of a shipped scenario and its file name.
func Get(name string) (data []byte, file string, ok bool) {
	for _, i := range List() {
		if i.Name == name {
			b, err := files.ReadFile(i.File)
			return b, i.File, err == nil
		}
	}
	return nil, "", false
}

// Names lists the shipped scenarios' names.
func Names() []string {
	var out []string
	for _, i := range List() {
		out = append(out, i.Name)
	}
	return out
}
