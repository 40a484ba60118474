//go:build pact

package consumer_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// mergePactFiles writes into path the interactions of every pact file under
// dir (one per test), sorted by description as Pact writes them; with keep,
// those of the existing file stay unless a test wrote one with the same
// description and provider states.
func mergePactFiles(path, dir string, keep bool) error {
	var base map[string]any
	byKey := map[string]any{}
	add := func(file string) error {
		doc, err := readPactDoc(file)
		if err != nil {
			return err
		}
		list, _ := doc["interactions"].([]any)
		for _, it := range list {
			m, _ := it.(map[string]any)
			states, _ := json.Marshal(m["providerStates"])
			byKey[fmt.Sprint(m["description"])+"\x00"+string(states)] = it
		}
		base = doc
		return nil
	}
	if keep {
		if err := add(path); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := add(f); err != nil {
			return err
		}
	}
	if base == nil {
		return fmt.Errorf("no pact file was written under %s", dir)
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	list := make([]any, len(keys))
	for i, k := range keys {
		list[i] = byKey[k]
	}
	base["interactions"] = list
	b, err := json.Marshal(base)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// readPactDoc reads a pact file as a JSON object (numbers kept as written).
func readPactDoc(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc, nil
}

// normalisePactFile rewrites the pact file in a canonical form, so that
// regenerating it gives the same bytes: keys sorted, two-space indent, a
// final newline. Pact's own writer already omits timestamps; nothing else is
// dropped.
func normalisePactFile(path string) error {
	doc, err := readPactDoc(path)
	if err != nil {
		return err
	}
	if doc["interactions"] == nil {
		return fmt.Errorf("%s has no interactions", path)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}
