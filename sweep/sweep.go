// Package sweep runs a client's workflow once without faults (the baseline),
// then once per documented failure each of its calls can meet, each time
// against fresh ecmock state with exactly that fault armed, and judges every
// run by its exit and by the state it leaves behind (docs/sweep.md).
//
// From a Go test (in-process servers, one subtest per variant):
//
//	func TestProvisioningSurvivesFailures(t *testing.T) {
//		sweep.Run(t, func(t testing.TB, env sweep.Env) {
//			if err := provision(env.Context, env.Endpoint, env.AccessKeyID, env.AccessKeySecret); err != nil {
//				t.Fatal(err)
//			}
//		})
//	}
//
// From the command line: `ecmock sweep [flags] -- COMMAND [ARGS...]`.
package sweep

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/mock"
)

// Fault classes (Options.Faults).
const (
	// FaultErrors: every documented code of a swept kind the call's action
	// can answer, plus the common throttling and server codes.
	FaultErrors = "errors"
	// FaultNetwork: the connection reset, and the answer held back past the
	// client's call timeout.
	FaultNetwork = "network"
	// FaultLifecycle: a transitional status the run went through held for N
	// reads, never left, or diverted to its documented failure status.
	FaultLifecycle = "lifecycle"
)

// Outcomes of a variant.
const (
	// OK: exit 0 and the final state equivalent to the baseline's.
	OK = "ok"
	// Diverged: exit 0 but the final state differs (success claimed over a
	// failure).
	Diverged = "diverged"
	// FailedClean: exit ≠ 0 and nothing created during the run remains.
	FailedClean = "failed-clean"
	// FailedDirty: exit ≠ 0 and resources created during the run remain.
	FailedDirty = "failed-dirty"
	// Hung: killed (or abandoned) at the timeout.
	Hung = "hung"
)

// Outcomes lists the outcomes in report order.
var Outcomes = []string{OK, Diverged, FailedClean, FailedDirty, Hung}

// DefaultFailOn are the outcomes that fail a sweep unless told otherwise.
var DefaultFailOn = []string{Diverged, FailedDirty, Hung}

// Options shape a sweep. The zero value sweeps every fault class with
// instant timing on a real clock, one run at a time.
type Options struct {
	// Faults narrows the fault classes: errors, network, lifecycle (all
	// when empty).
	Faults []string
	// Codes narrows error faults to these codes, families (QuotaExceeded,
	// IncorrectStatus) or kinds (lock, quota, ...). Named codes are swept
	// even when their kind is not swept by default.
	Codes []string
	// CallTimeout is the client's timeout for one call; the delay fault
	// holds an answer for twice as long (2s when 0).
	CallTimeout time.Duration
	// Timeout bounds one run of the workflow (60s when 0); a run still going
	// is hung.
	Timeout time.Duration
	// Parallel is how many variants run at once, each on its own server (1
	// when 0).
	Parallel int
	// Reads is how many reads a held transitional status lasts (3 when 0).
	Reads int
	// Timing of in-process servers: instant (default), fast, realistic.
	Timing string
	// Clock of in-process servers: real (default) or manual (the workflow
	// moves it through Env.Server).
	Clock string
	// Seed of in-process servers (1 when 0).
	Seed int64
	// Scenarios are applied to the fresh state of every run before the
	// workflow starts (shipped names or files: accounts, fixtures, timing).
	// Fixtures are never leftovers.
	Scenarios []string
	// Server is the base URL of a running ecmock to use instead of
	// in-process servers. Every run gets an account of its own from the
	// server's accounts API (deleted after the run: runs go Parallel and
	// other users of the server are undisturbed); a server without one, an
	// explicit AccessKeyID or Scenarios make every run reset the server
	// instead (Parallel is then 1).
	Server string
	// AdminToken is the running server's control API token.
	AdminToken string
	// AccessKeyID and AccessKeySecret are the account the workflow uses
	// (built-in account A when empty); RegionID its region (cn-hangzhou).
	AccessKeyID, AccessKeySecret, RegionID string
	// FailOn are the outcomes that fail the sweep (DefaultFailOn when empty).
	FailOn []string
	// Progress, when set, is called after the baseline and after each
	// variant (from one goroutine at a time).
	Progress func(p Progress)
}

// Progress is where a sweep stands.
type Progress struct {
	Done, Total int
	Counts      map[string]int
	Last        *Variant
}

func (o *Options) defaults() error {
	if len(o.Faults) == 0 {
		o.Faults = []string{FaultErrors, FaultNetwork, FaultLifecycle}
	}
	for _, f := range o.Faults {
		if f != FaultErrors && f != FaultNetwork && f != FaultLifecycle {
			return fmt.Errorf("unknown fault class %q (known: errors, network, lifecycle)", f)
		}
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Parallel <= 0 {
		o.Parallel = 1
	}
	if o.Reads <= 0 {
		o.Reads = 3
	}
	if o.Timing == "" {
		o.Timing = "instant"
	}
	if o.Clock == "" {
		o.Clock = "real"
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.RegionID == "" {
		o.RegionID = "cn-hangzhou"
	}
	if len(o.FailOn) == 0 {
		o.FailOn = DefaultFailOn
	}
	if _, err := ParseFailOn(o.FailOn); err != nil {
		return err
	}
	return nil
}

func (o *Options) class(c string) bool {
	for _, f := range o.Faults {
		if f == c {
			return true
		}
	}
	return false
}

// Env is what a workflow run gets: where ecmock answers and as whom. The CLI
// passes the same as environment variables (ECMOCK_ENDPOINT, ECMOCK_URL,
// ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
// ALIBABA_CLOUD_REGION_ID, ECMOCK_CALL_TIMEOUT, ECMOCK_SWEEP_VARIANT).
type Env struct {
	// Endpoint is host:port (the SDK's client.Domain); URL the base URL.
	Endpoint, URL string
	// AccessKeyID, AccessKeySecret and RegionID: the run's account.
	AccessKeyID, AccessKeySecret, RegionID string
	// CallTimeout is the timeout the client should give one call.
	CallTimeout time.Duration
	// Variant names the run ("baseline" or the variant).
	Variant string
	// Context ends at the run's timeout.
	Context context.Context
	// Server is the in-process server of the run (nil with Options.Server):
	// with a manual clock, the workflow moves time with Server.Advance.
	Server *mock.Server
}

// Environ is the environment a command run gets (added to the sweep's own).
func (e Env) Environ() []string {
	return []string{
		"ECMOCK_ENDPOINT=" + e.Endpoint,
		"ECMOCK_URL=" + e.URL,
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + e.AccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + e.AccessKeySecret,
		"ALIBABA_CLOUD_REGION_ID=" + e.RegionID,
		"ECMOCK_CALL_TIMEOUT=" + e.CallTimeout.String(),
		"ECMOCK_SWEEP_VARIANT=" + e.Variant,
	}
}

// Call is one call of a run, from the server's journal.
type Call struct {
	// Action and N: the N-th call of Action in the run (from 1).
	Action string `json:"action"`
	N      int    `json:"n"`
	// Product of the action.
	Product string `json:"product"`
	// Code answered ("" for success); Status the HTTP status (0 for a
	// broken connection).
	Code   string `json:"code,omitempty"`
	Status int    `json:"status"`
	// Time is ecmock time.
	Time time.Time `json:"time"`
	// Params are the business parameters.
	Params map[string]string `json:"params,omitempty"`
	// Rule is the fault rule that fired on the call.
	Rule    string `json:"rule,omitempty"`
	Network string `json:"network,omitempty"`
}

// ID is "Action#N".
func (c Call) ID() string { return fmt.Sprintf("%s#%d", c.Action, c.N) }

// Fault is the one fault a variant arms.
type Fault struct {
	// Class is errors, network or lifecycle.
	Class string `json:"class"`
	// Code and Kind of an error fault.
	Code string `json:"code,omitempty"`
	Kind string `json:"kind,omitempty"`
	// Network is reset or delay; Delay how long an answer is held.
	Network string        `json:"network,omitempty"`
	Delay   time.Duration `json:"delay,omitempty"`
	// Lifecycle is hold, never or divert, on resources of Type in status From;
	// Reads for hold, To for divert.
	Lifecycle string `json:"lifecycle,omitempty"`
	Type      string `json:"type,omitempty"`
	From      string `json:"from,omitempty"`
	To        string `json:"to,omitempty"`
	Reads     int    `json:"reads,omitempty"`
}

// String names the fault: "Conflict.Lock", "reset", "delay 4s",
// "hold 3 reads", "never settles", "→ Allocation Failed".
func (f Fault) String() string {
	switch {
	case f.Class == FaultErrors:
		return f.Code
	case f.Network == "reset":
		return "reset"
	case f.Network == "delay":
		return "delay " + f.Delay.String()
	case f.Lifecycle == "hold":
		return fmt.Sprintf("hold %d reads", f.Reads)
	case f.Lifecycle == "never":
		return "never settles"
	case f.Lifecycle == "divert":
		return "→ " + f.To
	}
	return f.Class
}

// Variant is one planned run and, once run, its outcome.
type Variant struct {
	// Name is "Target Fault", e.g. "CreateExpressConnectRouter#1 Conflict.Lock".
	Name string `json:"name"`
	// Call is the faulted call ("Action#N"), or for lifecycle faults the
	// resource type and status ("PhysicalConnection:Allocating").
	Call   string `json:"call"`
	Action string `json:"action,omitempty"`
	Fault  Fault  `json:"fault"`
	// FaultName is Fault.String().
	FaultName string `json:"faultName"`
	// Skipped says why the variant was not judged: "equivalent to NAME"
	// (planned, not run) or "not reached" (run, the fault never fired).
	Skipped string `json:"skipped,omitempty"`
	// Outcome: ok, diverged, failed-clean, failed-dirty, hung.
	Outcome  string `json:"outcome,omitempty"`
	ExitCode int    `json:"exitCode"`
	// Leftovers are resources left ("Type Status id") when the run failed;
	// Held the resources the fault itself kept in a transitional status, and
	// under a never-settling fault those the client tried to delete and the
	// service refused with a lock, state or dependency code (blocked by the
	// held one); neither counts as a leftover. Diff the state's difference from the
	// baseline's when the run succeeded ("+Type/Status", "-Type/Status").
	Leftovers []string `json:"leftovers,omitempty"`
	Held      []string `json:"held,omitempty"`
	Diff      []string `json:"diff,omitempty"`
	// Retries of the failed call (same action and parameters, after it).
	Retries int `json:"retries"`
	// ReusedToken says whether every retry sent the failed call's
	// ClientToken (nil when the call had none or was not retried).
	ReusedToken *bool `json:"reusedToken,omitempty"`
	// NonRetryableRetried: the code's kind is not retryable, yet the call
	// was retried.
	NonRetryableRetried bool `json:"nonRetryableRetried,omitempty"`
	// FastestPoll is the shortest ecmock time between two identical reads
	// in a row; Polled says whether the run made any.
	FastestPoll time.Duration `json:"fastestPollNs"`
	Polled      bool          `json:"polled"`
	// CallsAfter lists the calls made after the fault ("Action code").
	CallsAfter []string `json:"callsAfter,omitempty"`
	// Output is the run's output (combined stdout and stderr, or the
	// workflow's log and failure), cut to its last 16 KiB.
	Output   string        `json:"output,omitempty"`
	Duration time.Duration `json:"durationNs"`

	index int    // position of the faulted call in the baseline trace
	key   string // equivalence key
}

// Baseline is the run without faults.
type Baseline struct {
	Trace []Call `json:"trace"`
	// State is the final state: "Type/Status" per resource, sorted.
	State []string `json:"state"`
	// Transitional are the transitional statuses the run's resources went
	// through ("Type:Status").
	Transitional []string      `json:"transitional,omitempty"`
	ExitCode     int           `json:"exitCode"`
	Output       string        `json:"output,omitempty"`
	Duration     time.Duration `json:"durationNs"`
}

// Report is a whole sweep.
type Report struct {
	Command  string     `json:"command"`
	Baseline *Baseline  `json:"baseline"`
	Variants []*Variant `json:"variants"`
	// Skipped counts variants not judged: equivalent (not run) and not
	// reached (run, the fault never fired).
	Skipped  Skipped        `json:"skipped"`
	Counts   map[string]int `json:"counts"`
	FailOn   []string       `json:"failOn"`
	Duration time.Duration  `json:"durationNs"`
}

// Skipped counts skipped variants.
type Skipped struct {
	Equivalent int `json:"equivalent"`
	NotReached int `json:"notReached"`
}

// Judged are the variants with an outcome.
func (r *Report) Judged() []*Variant {
	var out []*Variant
	for _, v := range r.Variants {
		if v.Outcome != "" {
			out = append(out, v)
		}
	}
	return out
}

// Failing are the variants whose outcome is in FailOn.
func (r *Report) Failing() []*Variant {
	var out []*Variant
	for _, v := range r.Judged() {
		if in(r.FailOn, v.Outcome) {
			out = append(out, v)
		}
	}
	return out
}

func (r *Report) tally() {
	r.Counts = map[string]int{}
	r.Skipped = Skipped{}
	for _, v := range r.Variants {
		switch {
		case v.Outcome != "":
			r.Counts[v.Outcome]++
		case strings.HasPrefix(v.Skipped, "equivalent"):
			r.Skipped.Equivalent++
		case v.Skipped != "":
			r.Skipped.NotReached++
		}
	}
}

// ParseFailOn checks a list of outcomes.
func ParseFailOn(list []string) ([]string, error) {
	for _, o := range list {
		if !in(Outcomes, o) {
			return nil, fmt.Errorf("unknown outcome %q (known: %s)", o, strings.Join(Outcomes, ", "))
		}
	}
	return list, nil
}

func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// codeMatches reports whether an error code is selected by --codes entries
// (codes, families or kinds).
func codeMatches(sel []string, code, kind string) bool {
	for _, s := range sel {
		if s == code || strings.HasPrefix(code, s+".") || s == kind {
			return true
		}
	}
	return false
}

// CheckCodes reports entries of --codes that are neither a documented code,
// a family prefix of one, nor a kind.
func CheckCodes(cat *catalog.Catalog, sel []string) error {
	var bad []string
	for _, s := range sel {
		if in(catalog.Kinds, s) {
			continue
		}
		found := false
		check := func(code string) {
			if code == s || strings.HasPrefix(code, s+".") {
				found = true
			}
		}
		for _, p := range cat.Products {
			for _, a := range p.Actions {
				for _, e := range a.Errors {
					check(e.Code)
				}
			}
		}
		for _, e := range cat.CommonErrors() {
			check(e.Code)
		}
		if !found {
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("--codes: %s: no documented code, family or kind of that name (`ecmock spec` lists codes; kinds: %s)",
			strings.Join(bad, ", "), strings.Join(catalog.Kinds, ", "))
	}
	return nil
}
