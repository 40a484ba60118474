package server

import (
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// FaultInput is what the fault engine sees of a call.
type FaultInput struct {
	Product   string
	Action    string
	Account   string // UID
	AccessKey string
	Region    string
	Params    api.Params
	Now       time.Time
}

// Decision is what the fault engine does to a call: delay it, answer an error,
// break the connection. Nil means no rule fired.
type Decision struct {
	Rule    string
	Delay   time.Duration
	Error   *api.Error
	Network string // reset, drop, truncate, slow
}

// Faults is the chaos engine as the front door and the store see it.
type Faults interface {
	// Decide is called for every authenticated call whose action exists,
	// before parameter validation.
	Decide(in *FaultInput) *Decision
	// Lifecycle may override the next step of a resource (def is the timing
	// profile's step, nil when the status is stable).
	Lifecycle(r *store.Resource, def *store.Step) *store.Step
	// Reset removes every rule.
	Reset()
}
