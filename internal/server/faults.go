package server

import (
	"github.com/ecmock/ecmock/internal/chaos"
	"github.com/ecmock/ecmock/internal/store"
)

// FaultInput is what the fault engine sees of a call.
type FaultInput = chaos.Input

// Decision is what the fault engine does to a call: delay it, answer an error,
// break the connection. Nil means no rule fired.
type Decision = chaos.Decision

// Faults is the chaos engine as the front door and the store see it.
type Faults interface {
	// Decide is called for every authenticated call whose action exists,
	// before parameter validation.
	Decide(in *FaultInput) *Decision
	// Lifecycle may override the next step of a resource (def is the timing
	// profile's step, nil when the status is stable).
	Lifecycle(r *store.Resource, def *store.Step) *store.Step
	// Shapes reports whether Lifecycle may answer other than def.
	Shapes() bool
	// ShapesStatus says whether a rule or timing transition may shape the
	// step of a resource of a type in a status.
	ShapesStatus(typ, status string) bool
	// Reset removes every rule.
	Reset()
}
