package server

import (
	"strings"
	"testing"

	"github.com/ecmock/ecmock/internal/store"
)

// decodeStream refuses a body beyond its limit, saying so, and decodes one
// within it.
func TestDecodeStreamLimit(t *testing.T) {
	doc := `{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Enabled"}]}`
	var snap store.Snapshot
	if err := decodeStream(strings.NewReader(doc), &snap, int64(len(doc))); err != nil || len(snap.Resources) != 1 {
		t.Fatalf("a body at the limit: %v, %d resources", err, len(snap.Resources))
	}
	err := decodeStream(strings.NewReader(doc), &snap, int64(len(doc)-1))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("a body over the limit: %v; want 'larger than'", err)
	}
}
