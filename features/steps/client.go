package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/cucumber/godog"
)

// Client is the hook that lets the "the client ..." steps drive your own
// client (an SDK wrapper, a provisioning controller, a Terraform-like
// resource implementation) instead of raw calls. Kinds are the resource nouns
// of the features: "physical connection", "VBR", "ECR", "ECR association",
// "CEN", "transit router", "transit router ECR attachment", "hosted
// connection". A client does what real automation does (as Terraform's alicloud provider and the official SDKs do): retry
// what is retryable, stop on what is not, wait with polling and a deadline.
type Client interface {
	// Create creates a resource from the feature's parameters (the
	// action's parameter names) and returns its ID, retrying what the
	// client deems retryable.
	Create(ctx context.Context, kind string, params map[string]string) (id string, err error)
	// WaitFor polls until the resource has the status, giving up after the
	// client's deadline.
	WaitFor(ctx context.Context, kind, id, status string) error
	// Delete deletes the resource and waits until it is gone; a resource
	// already gone is not an error.
	Delete(ctx context.Context, kind, id string) error
}

// ClientEnv is what a ClientFactory gets to build a client for a scenario.
type ClientEnv struct {
	// Endpoint is host:port (client.Domain for the Go SDK), Scheme http or
	// https.
	Endpoint string
	Scheme   string
	Account  Credentials
	Region   string
	// Sleep must be used for every wait of the client (backoff between
	// retries, polling intervals): against ecmock's manual clock it advances
	// ecmock time by d instead of sleeping, and the steps record each d.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is ecmock's current time (for deadlines measured in ecmock time).
	Now func() time.Time
}

// ClientFactory builds the client of a scenario (called again when the
// scenario switches account).
type ClientFactory func(env ClientEnv) (Client, error)

type clientResult struct {
	op   string
	kind string
	err  error
}

func (w *World) theClient(ctx context.Context) (Client, error) {
	if w.client != nil && w.clientEnv != nil && w.clientEnv.Account.Name == w.account {
		return w.client, nil
	}
	if w.cfg.NewClient == nil {
		return nil, fmt.Errorf("no client is plugged in: set steps.Config.NewClient")
	}
	host, scheme, err := w.endpointFor("Vpc")
	if err != nil {
		return nil, err
	}
	env := &ClientEnv{Endpoint: host, Scheme: scheme, Account: w.accounts[w.account], Region: w.region,
		Sleep: w.clientSleep, Now: w.ecmockNow}
	c, err := w.cfg.NewClient(*env)
	if err != nil {
		return nil, fmt.Errorf("building the client: %w", err)
	}
	if old, ok := w.client.(interface{ Close() error }); ok {
		_ = old.Close()
	}
	w.client, w.clientEnv = c, env
	return c, nil
}

// clientSleep advances ecmock's clock instead of sleeping, and records d.
func (w *World) clientSleep(ctx context.Context, d time.Duration) error {
	w.sleeps = append(w.sleeps, d)
	if d <= 0 {
		return nil
	}
	if w.ctl == nil {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return w.ctl.advance(ctx, d)
}

func (w *World) ecmockNow() time.Time {
	if w.srv != nil {
		return w.srv.Now()
	}
	if w.ctl != nil {
		if t, err := w.ctl.now(context.Background()); err == nil {
			return t
		}
	}
	return time.Now()
}

// Sleeps are the waits the client asked for in this scenario.
func (w *World) Sleeps() []time.Duration { return append([]time.Duration(nil), w.sleeps...) }

func kindOf(noun string) string {
	switch noun {
	case "VBRs", "virtual border router", "virtual border routers":
		return "VBR"
	case "ECRs", "express connect router", "express connect routers":
		return "ECR"
	}
	return strings.TrimSuffix(noun, "s")
}

func (w *World) theClientCreates(ctx context.Context, noun, name string) error {
	return w.theClientCreatesWith(ctx, noun, name, nil)
}

func (w *World) theClientCreatesWith(ctx context.Context, noun, name string, t *godog.Table) error {
	params, err := w.tableParams(t)
	if err != nil {
		return err
	}
	c, err := w.theClient(ctx)
	if err != nil {
		return err
	}
	kind := kindOf(noun)
	id, cerr := c.Create(ctx, kind, params)
	w.clientRes = &clientResult{op: "create " + kind, kind: kind, err: cerr}
	if cerr == nil {
		if id == "" {
			return fmt.Errorf("the client created a %s but returned no ID", kind)
		}
		w.vars[name] = id
	}
	return nil
}

func (w *World) theClientWaitsFor(ctx context.Context, noun, id, status string) error {
	c, err := w.theClient(ctx)
	if err != nil {
		return err
	}
	id, err = w.expand(id)
	if err != nil {
		return err
	}
	kind := kindOf(noun)
	w.clientRes = &clientResult{op: "wait for " + kind + " " + id + " to be " + status, kind: kind, err: c.WaitFor(ctx, kind, id, status)}
	return nil
}

func (w *World) theClientDeletes(ctx context.Context, noun, id string) error {
	c, err := w.theClient(ctx)
	if err != nil {
		return err
	}
	id, err = w.expand(id)
	if err != nil {
		return err
	}
	kind := kindOf(noun)
	w.clientRes = &clientResult{op: "delete " + kind + " " + id, kind: kind, err: c.Delete(ctx, kind, id)}
	return nil
}

func (w *World) clientResult() (*clientResult, error) {
	if w.clientRes == nil {
		return nil, fmt.Errorf("the client has not been asked to do anything yet")
	}
	return w.clientRes, nil
}

// ErrorCode extracts an API error code from a client's error, in this order:
// an *errors.ServerError of the official Go SDK anywhere in the chain
// (errors.As), anything in the chain with an ErrorCode() string method, then
// anything with a Code() string method; "" when none is found. "the client
// fails with X" also accepts an error whose text contains X, so a client that
// wraps codes in its own messages works unchanged.
func ErrorCode(err error) string {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return se.ErrorCode()
	}
	var ec interface{ ErrorCode() string }
	if errors.As(err, &ec) {
		return ec.ErrorCode()
	}
	var c interface{ Code() string }
	if errors.As(err, &c) {
		return c.Code()
	}
	return ""
}

func (w *World) theClientSucceeds() error {
	r, err := w.clientResult()
	if err != nil {
		return err
	}
	if r.err != nil {
		return fmt.Errorf("the client failed to %s: %v", r.op, r.err)
	}
	return nil
}

// callsSoFar summarizes the scenario's calls for a failure message ("" when
// the journal cannot be read).
func (w *World) callsSoFar(ctx context.Context) string {
	if w.ctl == nil {
		return ""
	}
	es, err := w.Journal(ctx, "")
	if err != nil {
		return ""
	}
	return " (ecmock's journal of the scenario: " + summarize(es) + ")"
}

func (w *World) theClientFailsWith(ctx context.Context, code string) error {
	r, err := w.clientResult()
	if err != nil {
		return err
	}
	if r.err == nil {
		return fmt.Errorf("the client succeeded to %s; want it to fail with %s%s", r.op, code, w.callsSoFar(ctx))
	}
	got := ErrorCode(r.err)
	if got != code && !strings.Contains(r.err.Error(), code) {
		return fmt.Errorf("the client failed to %s with %q (code %q); want %s", r.op, r.err, got, code)
	}
	return nil
}

func (w *World) theClientFails(ctx context.Context) error {
	r, err := w.clientResult()
	if err != nil {
		return err
	}
	if r.err == nil {
		return fmt.Errorf("the client succeeded to %s; want it to give up with an error%s", r.op, w.callsSoFar(ctx))
	}
	return nil
}

func (w *World) theClientErrorMentions(s string) error {
	r, err := w.clientResult()
	if err != nil {
		return err
	}
	if r.err == nil || !strings.Contains(r.err.Error(), s) {
		return fmt.Errorf("the client's error %v does not mention %q", r.err, s)
	}
	return nil
}

// theClientDidNotRetry checks that the action was called exactly once.
func (w *World) theClientDidNotRetry(ctx context.Context, action string) error {
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	if len(es) == 1 {
		return nil
	}
	if len(es) == 0 {
		return fmt.Errorf("the client never called %s", action)
	}
	first := es[0].Code
	if first == "" {
		first = "success"
	}
	return fmt.Errorf("the client retried %s after %s, which must not be retried: ecmock received %d %s calls, want 1 (calls: %s)",
		action, first, len(es), action, summarize(es))
}

// theClientRetried checks that the action was called n+1 times and that
// every call but the last failed.
func (w *World) theClientRetried(ctx context.Context, action string, n int) error {
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	if len(es) != n+1 {
		what := "retried it"
		if len(es) < n+1 {
			what = "gave up or stopped retrying early"
		}
		return fmt.Errorf("the client %s: ecmock received %d %s calls, want %d (%d retries) (calls: %s)", what, len(es), action, n+1, n, summarize(es))
	}
	return nil
}

// theClientNeverPolledFaster checks the ecmock-time gaps between
// consecutive calls of an action.
func (w *World) theClientNeverPolledFaster(ctx context.Context, action string, n int, unit string) error {
	min, err := unitDuration(n, unit)
	if err != nil {
		return err
	}
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	if len(es) < 2 {
		return fmt.Errorf("the client called %s %d times; a polling check needs at least 2 (calls: %s)", action, len(es), summarize(es))
	}
	for i := 1; i < len(es); i++ {
		if gap := es[i].Time.Sub(es[i-1].Time); gap < min {
			return fmt.Errorf("the client polled %s %s after the previous poll (poll %d of %d); its policy allows no less than %s (calls: %s)",
				action, gap, i+1, len(es), min, summarize(es))
		}
	}
	return nil
}

func (w *World) theClientSleptAtMost(n int, unit string) error {
	max, err := unitDuration(n, unit)
	if err != nil {
		return err
	}
	var total time.Duration
	for _, d := range w.sleeps {
		total += d
	}
	if total > max {
		return fmt.Errorf("the client waited %s in total (%v); want at most %s", total, w.sleeps, max)
	}
	return nil
}

func (w *World) theClientSleptTimes(n int) error {
	if len(w.sleeps) != n {
		return fmt.Errorf("the client slept %d times (%v); want %d", len(w.sleeps), w.sleeps, n)
	}
	return nil
}
