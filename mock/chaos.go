package mock

import (
	"github.com/ecmock/ecmock/internal/chaos"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/server"
	"github.com/ecmock/ecmock/scenarios"
)

// Fault is a fault rule (scenarios/README.md): Match selects calls, When
// decides which of them, Do says what happens; or Lifecycle shapes how
// matching resources move between statuses.
//
//	srv.AddFault(mock.Fault{Name: "lock",
//		Match: mock.Match{Action: "CreateExpressConnectRouter"},
//		When:  mock.When{Calls: "2-3"},
//		Do:    &mock.Effect{Error: "Conflict.Lock"}})
type Fault = chaos.Rule

// Match selects calls (product, action, account, region, resource, params,
// gjson paths) or, for lifecycle rules, resources.
type Match = chaos.Match

// When is a rule's trigger: call numbers, every k-th, probability, limit,
// window of ecmock time.
type When = chaos.When

// Effect is what a call rule does: delay, network fault, error, throttle.
type Effect = chaos.Effect

// Throttle is a token bucket per account and action.
type Throttle = chaos.Throttle

// Lifecycle shapes a transition: after a duration, after N reads, never, or
// diverted to another status.
type Lifecycle = chaos.Lifecycle

// FaultStatus is a rule with its hit counters.
type FaultStatus = chaos.RuleStatus

// FieldError is one mistake in a fault rule or scenario: File, Line, Field
// (its path, such as "faults[0].do.error") and Msg.
type FieldError = chaos.FieldError

// Errors is every mistake found in a refused rule or scenario; AddFault,
// AddFaultYAML and ApplyScenario* return it (use errors.As).
type Errors = chaos.Errors

// ScenarioResult says what a scenario applied.
type ScenarioResult = server.ScenarioResult

// ScenarioInfo names a shipped scenario.
type ScenarioInfo = scenarios.Info

// AddFault checks a rule against the catalogue (an error code must be
// documented for the action unless Force) and adds it after the existing
// rules. The error names every mistake.
func (s *Server) AddFault(f Fault) (FaultStatus, error) { return s.core.AddFault(f) }

// AddFaultYAML adds one rule written in the scenario format (YAML or JSON).
func (s *Server) AddFaultYAML(text string) (FaultStatus, error) {
	return s.core.AddFaultText([]byte(text), "rule")
}

// Faults lists the rules in order with their hit counts.
func (s *Server) Faults() []FaultStatus { return s.core.Chaos().Rules() }

// Fault returns one rule with its counters.
func (s *Server) Fault(name string) (FaultStatus, bool) {
	for _, f := range s.Faults() {
		if f.Rule.Name == name {
			return f, true
		}
	}
	return FaultStatus{}, false
}

// RemoveFault removes a rule; false when there is none of that name.
func (s *Server) RemoveFault(name string) bool { return s.core.Chaos().Remove(name) }

// ClearFaults removes every rule and returns how many there were.
func (s *Server) ClearFaults() int { return s.core.Chaos().Clear() }

// ApplyScenario applies a shipped scenario by name, or a scenario file.
// Nothing of it is applied when any part is wrong.
func (s *Server) ApplyScenario(nameOrFile string) error { return s.core.ApplyScenarioRef(nameOrFile) }

// ApplyScenarioYAML applies a scenario given as YAML or JSON text.
func (s *Server) ApplyScenarioYAML(text string) (*ScenarioResult, error) {
	return s.core.ApplyScenarioText([]byte(text), "scenario")
}

// Scenarios lists the shipped scenarios.
func Scenarios() []ScenarioInfo { return scenarios.List() }

// JournalQuery selects journal entries: Action, Code ("OK" for successes),
// Account (UID or access key), Rule (the fault rule that fired), Limit (the
// newest N).
type JournalQuery = journal.Query

// Calls returns the journal entries a query selects, oldest first.
func (s *Server) Calls(q JournalQuery) []Call { return s.core.Journal().List(q) }

// CallsByRule returns the calls a fault rule fired on.
func (s *Server) CallsByRule(rule string) []Call {
	return s.core.Journal().List(journal.Query{Rule: rule})
}
