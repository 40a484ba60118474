// Package pcflow is a small client of ecmock's physical connection API for
// the sweep's own tests: create a physical connection, wait until it is
// Allocated, cancel it, delete it. Bug switches make it deliberately wrong
// in the ways the sweep must catch; without one it is correct. It is used
// in process by the Go package's tests and as a command by
// testdata/pcclient.
package pcflow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// Bugs.
const (
	// Leak: no retries, and nothing cleaned up when a call after the
	// create fails.
	Leak = "leak"
	// IgnoreDelete: a failed delete is logged and the run reports success.
	IgnoreDelete = "ignore-delete"
	// PollForever: the wait for Allocated has no deadline.
	PollForever = "poll-forever"
)

// Bugs lists the bug switches.
var Bugs = []string{Leak, IgnoreDelete, PollForever}

// Config aims the client.
type Config struct {
	Endpoint, AccessKeyID, AccessKeySecret, RegionID string
	// CallTimeout bounds one call (2s when 0).
	CallTimeout time.Duration
	// Bug is "" (correct) or one of Bugs.
	Bug string
	// NoWait skips the wait: create, cancel, delete (three calls).
	NoWait bool
	// PollEvery and WaitFor shape the wait (20ms, 1s when 0).
	PollEvery, WaitFor time.Duration
	// Log receives what the client does (discarded when nil).
	Log io.Writer
}

type flow struct {
	Config
	c *vpc.Client
}

// Run runs the workflow; nil means it succeeded.
func Run(ctx context.Context, cfg Config) error {
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 2 * time.Second
	}
	if cfg.PollEvery <= 0 {
		cfg.PollEvery = 20 * time.Millisecond
	}
	if cfg.WaitFor <= 0 {
		cfg.WaitFor = time.Second
	}
	if cfg.RegionID == "" {
		cfg.RegionID = "cn-hangzhou"
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	conf := sdk.NewConfig().WithScheme("HTTP").WithTimeout(cfg.CallTimeout).WithAutoRetry(false)
	sdkEndpointMap()
	c, err := vpc.NewClientWithOptions(cfg.RegionID, conf, credentials.NewAccessKeyCredential(cfg.AccessKeyID, cfg.AccessKeySecret))
	if err != nil {
		return err
	}
	c.Domain = cfg.Endpoint
	f := &flow{Config: cfg, c: c}
	return f.run(ctx)
}

func (f *flow) logf(format string, a ...any) { fmt.Fprintf(f.Log, format+"\n", a...) }

func (f *flow) run(ctx context.Context) error {
	token := newToken()
	var id string
	err := f.retry(ctx, "CreatePhysicalConnection", func() error {
		req := vpc.CreateCreatePhysicalConnectionRequest()
		req.Scheme = "http"
		req.RegionId, req.AccessPointId, req.LineOperator, req.PeerLocation = f.RegionID, "ap-cn-hangzhou-yh-B", "CT", "DC1"
		req.ClientToken = token
		resp, err := f.c.CreatePhysicalConnection(req)
		if err == nil {
			id = resp.PhysicalConnectionId
		}
		return err
	})
	if err != nil {
		return err
	}
	f.logf("created %s", id)
	if err := f.rest(ctx, id); err != nil {
		if f.Bug != Leak {
			f.cleanup(ctx, id)
		}
		return err
	}
	f.logf("done")
	return nil
}

// rest is everything after the create.
func (f *flow) rest(ctx context.Context, id string) error {
	if !f.NoWait {
		if err := f.wait(ctx, id); err != nil {
			return err
		}
	}
	if err := f.cancel(ctx, id); err != nil {
		return err
	}
	if f.Bug == IgnoreDelete {
		if err := f.deleteOnce(id); err != nil {
			f.logf("delete failed (ignored): %v", err)
		}
		return nil
	}
	return f.retry(ctx, "DeletePhysicalConnection", func() error { return f.deleteOnce(id) })
}

func (f *flow) cancel(ctx context.Context, id string) error {
	return f.retry(ctx, "CancelPhysicalConnection", func() error {
		req := vpc.CreateCancelPhysicalConnectionRequest()
		req.Scheme = "http"
		req.RegionId, req.PhysicalConnectionId = f.RegionID, id
		_, err := f.c.CancelPhysicalConnection(req)
		return err
	})
}

func (f *flow) deleteOnce(id string) error {
	req := vpc.CreateDeletePhysicalConnectionRequest()
	req.Scheme = "http"
	req.RegionId, req.PhysicalConnectionId = f.RegionID, id
	_, err := f.c.DeletePhysicalConnection(req)
	return err
}

// status reads a physical connection's status ("" when not found).
func (f *flow) status(id string) (string, error) {
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	req.RegionId = f.RegionID
	req.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "PhysicalConnectionId", Value: &[]string{id}}}
	resp, err := f.c.DescribePhysicalConnections(req)
	if err != nil {
		return "", err
	}
	for _, pc := range resp.PhysicalConnectionSet.PhysicalConnectionType {
		if pc.PhysicalConnectionId == id {
			return pc.Status, nil
		}
	}
	return "", nil
}

// wait polls until Allocated; it fails on a failure status and, unless the
// PollForever bug is on, at the deadline.
func (f *flow) wait(ctx context.Context, id string) error {
	deadline := time.Now().Add(f.WaitFor)
	for {
		var st string
		err := f.retry(ctx, "DescribePhysicalConnections", func() error {
			var err error
			st, err = f.status(id)
			return err
		})
		if err != nil {
			return err
		}
		switch st {
		case "Allocated", "Confirmed", "Enabled":
			return nil
		case "Rejected", "Allocation Failed", "":
			return fmt.Errorf("%s: status %q", id, st)
		}
		if f.Bug != PollForever && time.Now().After(deadline) {
			return fmt.Errorf("%s still %s after %s", id, st, f.WaitFor)
		}
		time.Sleep(f.PollEvery)
	}
}

// cleanup removes what the run created, as far as its status allows.
func (f *flow) cleanup(ctx context.Context, id string) {
	var st string
	if err := f.retry(ctx, "DescribePhysicalConnections", func() error {
		var err error
		st, err = f.status(id)
		return err
	}); err != nil {
		f.logf("cleanup: %v", err)
		return
	}
	switch st {
	case "Initial", "Approved", "Allocated", "Confirmed":
		if err := f.cancel(ctx, id); err != nil {
			f.logf("cleanup: %v", err)
			return
		}
	case "Rejected", "Canceled", "Allocation Failed", "Terminated":
	default:
		f.logf("cleanup: %s is %q and cannot be removed", id, st)
		return
	}
	if err := f.retry(ctx, "DeletePhysicalConnection", func() error { return f.deleteOnce(id) }); err != nil {
		f.logf("cleanup: %v", err)
		return
	}
	f.logf("cleanup: deleted %s", id)
}

// retry calls fn until it succeeds, up to five tries, retrying network
// errors and the codes a retry can cure; the Leak bug never retries.
func (f *flow) retry(ctx context.Context, action string, fn func() error) error {
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		code := codeOf(err)
		f.logf("%s: attempt %d: %s", action, attempt, short(err))
		if f.Bug == Leak || attempt >= 5 || !retryable(code) || ctx.Err() != nil {
			return fmt.Errorf("%s: %s", action, short(err))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func retryable(code string) bool {
	if code == "" {
		return true // no answer: network
	}
	for _, p := range []string{"Throttling", "InternalError", "ServiceUnavailable", "Conflict.Lock", "TaskConflict",
		"Forbidden.NotAllowedInState", "InvalidStatus", "IncorrectStatus", "Forbidden.VBRExists", "Forbidden.AssociateToVBR",
		"DependencyViolation"} {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

func codeOf(err error) string {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return se.ErrorCode()
	}
	return ""
}

func short(err error) string {
	if c := codeOf(err); c != "" {
		return c
	}
	s := err.Error()
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return strings.ReplaceAll(s, "\n", " ")
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// sdkEndpointMap fills the SDK's package-level endpoint map once: the SDK
// (v1.63.107) fills it lazily and unguarded when a client is made, which
// races when clients are made in parallel (sweep -j).
var sdkEndpointMap = sync.OnceFunc(func() { vpc.GetEndpointMap() })
