package server

import (
	"bytes"
	"fmt"
	"io"

	"github.com/gorilla/mux"

	"github.com/ecmock/ecmock/internal/store"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// noFaults is the engine before the chaos engine is wired: no rule ever fires.
type noFaults struct{}

func newFaults(*Server) Faults { return noFaults{} }

func (noFaults) Decide(*FaultInput) *Decision { return nil }
func (noFaults) Lifecycle(_ *store.Resource, def *store.Step) *store.Step {
	return def
}
func (noFaults) Reset() {}

func (s *Server) chaosRoutes(*mux.Router) {}

// ApplyScenarioRef applies a shipped scenario by name or a scenario file.
func (s *Server) ApplyScenarioRef(ref string) error {
	return fmt.Errorf("scenario %q: scenarios are not available in this build yet", ref)
}
