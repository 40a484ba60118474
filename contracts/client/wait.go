package client

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// WaitError is a wait that gave up: the resource entered a failure status,
// the deadline passed, it could not be found, or reading it failed.
type WaitError struct {
	// Resource is the kind of resource, e.g. "physical connection".
	Resource string
	ID       string
	// Want are the statuses waited for (empty when waiting until gone).
	Want []string
	// Last is the last status read ("" when never found).
	Last string
	// Polls is how many reads the wait made; Waited how long it took by the
	// client's clock.
	Polls  int
	Waited time.Duration
	// Reason says why the wait gave up.
	Reason string
	// Err is the read's error when reading failed.
	Err error
}

func (e *WaitError) Error() string {
	goal := "to be gone"
	if len(e.Want) > 0 {
		goal = "for " + strings.Join(e.Want, " or ")
	}
	s := fmt.Sprintf("waiting %s %s %s: %s after %d reads in %s", goal, e.Resource, e.ID, e.Reason, e.Polls, e.Waited)
	if e.Last != "" {
		s += fmt.Sprintf(" (last status %q)", e.Last)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *WaitError) Unwrap() error { return e.Err }

// readStatus reads a resource's status; found is false when it does not
// exist (an empty list, or a not-found error).
type readStatus func(ctx context.Context) (status string, found bool, err error)

// waitFor polls read under the client's PollPolicy until the status is one
// of want. Statuses in fail end the wait with a *WaitError, and so do the
// deadline and NotFoundLimit reads in a row that find nothing. An empty want
// waits until the resource is gone.
func (c *Client) waitFor(ctx context.Context, kind, id string, want, fail []string, read readStatus) (string, error) {
	p := c.Poll
	start := c.Now()
	we := func(reason, last string, polls int, err error) *WaitError {
		return &WaitError{Resource: kind, ID: id, Want: want, Last: last, Polls: polls,
			Waited: c.Now().Sub(start), Reason: reason, Err: err}
	}
	delay := p.Delay
	last := ""
	missing := 0
	for n := 1; ; n++ {
		if err := c.Sleep(ctx, delay); err != nil {
			return last, we("interrupted", last, n-1, err)
		}
		st, found, err := read(ctx)
		if err != nil {
			if IsNotFound(err) {
				found = false
			} else {
				return last, we("reading it failed", last, n, err)
			}
		}
		switch {
		case !found && len(want) == 0:
			return "", nil
		case !found:
			missing++
			if p.NotFoundLimit > 0 && missing >= p.NotFoundLimit {
				return last, we(fmt.Sprintf("not found in %d reads in a row", missing), last, n, nil)
			}
		default:
			missing = 0
			last = st
			if contains(want, st) {
				return st, nil
			}
			if contains(fail, st) {
				return st, we(fmt.Sprintf("it entered the failure status %q", st), last, n, nil)
			}
		}
		if p.Timeout > 0 && c.Now().Sub(start) >= p.Timeout {
			return last, we(fmt.Sprintf("deadline of %s exceeded", p.Timeout), last, n, nil)
		}
		delay = p.Interval(n)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// without returns list minus the elements of drop.
func without(list []string, drop ...string) []string {
	var out []string
	for _, s := range list {
		if !contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}
