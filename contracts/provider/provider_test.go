//go:build pact

package provider_test

import (
	"testing"

	"github.com/ecmock/ecmock/contracts/provider"
	"github.com/ecmock/ecmock/mock"
)

// TestVerifyCommittedPacts verifies contracts/pacts — the reference client's
// pact — against ecmock, with StateHandlers from the vocabulary.
func TestVerifyCommittedPacts(t *testing.T) {
	cfg := provider.Config{PactDirs: []string{"../pacts"}, Server: mock.Options{Timing: "fast"}}
	if err := cfg.Verify(t); err != nil {
		t.Fatal(err)
	}
}
