//go:build pact

package consumer_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// normalisePactFile rewrites the pact file in a canonical form, so that
// regenerating it gives the same bytes: keys sorted, two-space indent, a
// final newline. Pact's own writer already omits timestamps; nothing else is
// dropped.
func normalisePactFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
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
