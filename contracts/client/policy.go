package client

import (
	"context"
	"strings"
	"time"
)

// RetryPolicy decides whether a call of action that failed with code (""
// for a network error or an answer without a JSON code) on its attempt-th
// try (1 for the first) is tried again.
type RetryPolicy func(action, code string, attempt int) bool

// BackoffPolicy is the pause before retrying action after its attempt-th try.
type BackoffPolicy func(action string, attempt int) time.Duration

// SleepFunc pauses for d or until ctx ends (then it returns ctx's error).
type SleepFunc func(ctx context.Context, d time.Duration) error

// DefaultMaxAttempts bounds the tries of one call under DefaultRetry.
const DefaultMaxAttempts = 10

// RetryableCodes are the codes real clients retry per action, besides the
// codes every action retries (RetryableEverywhere). From Terraform's
// alicloud provider (as Terraform's alicloud provider and the official SDKs do): VBR creates retry TaskConflict; ECR
// creates, deletes and association changes retry Conflict.Lock; transit
// router ECR attachments retry the busy and status codes below.
var RetryableCodes = map[string][]string{
	"CreateVirtualBorderRouter":             {"TaskConflict"},
	"CreateExpressConnectRouter":            {"Conflict.Lock"},
	"DeleteExpressConnectRouter":            {"Conflict.Lock"},
	"CreateExpressConnectRouterAssociation": {"Conflict.Lock"},
	"DeleteExpressConnectRouterAssociation": {"Conflict.Lock"},
	"CreateTransitRouterEcrAttachment": {"Operation.Blocking", "IncorrectStatus.TransitRouter",
		"InvalidStatus.ResourceStatus", "IncorrectStatus.EcrResource", "Throttling.User"},
	"DeleteTransitRouterEcrAttachment": {"Operation.Blocking", "IncorrectStatus.EcrResource"},
}

// RetryableEverywhere are codes retried on every action: the server-side
// failures (5xx) and throttling. Any code containing "Throttling" is
// retried too, and so is a failure without a code (network errors).
var RetryableEverywhere = []string{"InternalError", "ServiceUnavailable", "ServiceUnavailable.Busy", "UnknownError"}

// Retryable reports whether real clients retry code on action (whatever the
// attempt): the action's RetryableCodes, RetryableEverywhere, anything with
// "Throttling" in it, and "" (no answer). QuotaExceeded.*, validation errors
// and every other documented code are not retryable.
func Retryable(action, code string) bool {
	if code == "" || strings.Contains(code, "Throttling") {
		return true
	}
	for _, c := range RetryableEverywhere {
		if c == code {
			return true
		}
	}
	for _, c := range RetryableCodes[action] {
		if c == code {
			return true
		}
	}
	return false
}

// DefaultRetry retries what Retryable says, up to DefaultMaxAttempts tries.
func DefaultRetry(action, code string, attempt int) bool {
	return attempt < DefaultMaxAttempts && Retryable(action, code)
}

// NoRetry never retries.
func NoRetry(string, string, int) bool { return false }

// DefaultBackoff waits 1s, 2s, 4s, 8s, then 10s between tries.
func DefaultBackoff(_ string, attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < 10*time.Second; i++ {
		d *= 2
	}
	if d > 10*time.Second {
		d = 10 * time.Second
	}
	return d
}

// RealSleep sleeps on a timer, or returns ctx's error when ctx ends first.
func RealSleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PollPolicy is how waiters read a resource until it reaches a status:
// Delay before the first read, then Intervals between reads (the last one
// repeats), giving up when Timeout has passed since the wait began (by the
// client's Now) or after NotFoundLimit reads in a row that find nothing.
type PollPolicy struct {
	Delay         time.Duration
	Intervals     []time.Duration
	Timeout       time.Duration
	NotFoundLimit int
}

// DefaultPollPolicy is Terraform's waiter rhythm (as Terraform's alicloud provider and the official SDKs do): a first
// delay of 3s, then 3s, 6s and every 10s, for at most 20 minutes or 20
// reads in a row that find nothing.
func DefaultPollPolicy() PollPolicy {
	return PollPolicy{
		Delay:         3 * time.Second,
		Intervals:     []time.Duration{3 * time.Second, 6 * time.Second, 10 * time.Second},
		Timeout:       20 * time.Minute,
		NotFoundLimit: 20,
	}
}

// Interval is the pause after read number n (1 for the first read).
func (p PollPolicy) Interval(n int) time.Duration {
	if len(p.Intervals) == 0 {
		return p.Delay
	}
	if n < 1 {
		n = 1
	}
	if n > len(p.Intervals) {
		n = len(p.Intervals)
	}
	return p.Intervals[n-1]
}

// MinInterval is the shortest pause the policy ever asks for (between any
// two reads, the first delay included).
func (p PollPolicy) MinInterval() time.Duration {
	m := p.Delay
	for _, d := range p.Intervals {
		if d < m {
			m = d
		}
	}
	return m
}
