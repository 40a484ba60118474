package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/cucumber/godog"
)

// Modifier is an optional part of a Client: it changes a resource's
// attributes (the action's parameter names) and waits until the change is
// visible, as a Terraform update would.
type Modifier interface {
	Modify(ctx context.Context, kind, id string, params map[string]string) error
}

// ChildWaiter is an optional part of a Client for resources that are read
// through their parent (an ECR association through its ECR, an attachment
// through its transit router): it polls until the child has the status.
type ChildWaiter interface {
	WaitForChild(ctx context.Context, kind, parentID, id, status string) error
}

// Caller is an optional part of a Client: any action by name with the
// action's parameters, through the client's own stack (its retries
// included). The answer's fields may be nil when the client keeps none.
type Caller interface {
	Call(ctx context.Context, action string, params map[string]string) (map[string]any, error)
}

func (w *World) theClientModifies(ctx context.Context, noun, id string, t *godog.Table) error {
	c, err := w.theClient(ctx)
	if err != nil {
		return err
	}
	m, ok := c.(Modifier)
	if !ok {
		return fmt.Errorf("the plugged-in client (%T) does not implement steps.Modifier (Modify(ctx, kind, id, params))", c)
	}
	if id, err = w.expand(id); err != nil {
		return err
	}
	params, err := w.tableParams(t)
	if err != nil {
		return err
	}
	kind := kindOf(noun)
	w.clientRes = &clientResult{op: "modify " + kind + " " + id, kind: kind, err: m.Modify(ctx, kind, id, params)}
	return nil
}

func (w *World) theClientWaitsForChild(ctx context.Context, noun, id, parent, status string) error {
	c, err := w.theClient(ctx)
	if err != nil {
		return err
	}
	cw, ok := c.(ChildWaiter)
	if !ok {
		return fmt.Errorf("the plugged-in client (%T) does not implement steps.ChildWaiter (WaitForChild(ctx, kind, parentID, id, status))", c)
	}
	if id, err = w.expand(id); err != nil {
		return err
	}
	if parent, err = w.expand(parent); err != nil {
		return err
	}
	kind := kindOf(noun)
	w.clientRes = &clientResult{op: "wait for " + kind + " " + id + " of " + parent + " to be " + status, kind: kind,
		err: cw.WaitForChild(ctx, kind, parent, id, status)}
	return nil
}

func (w *World) theClientCalls(ctx context.Context, action string, t *godog.Table) error {
	c, err := w.theClient(ctx)
	if err != nil {
		return err
	}
	cc, ok := c.(Caller)
	if !ok {
		return fmt.Errorf("the plugged-in client (%T) does not implement steps.Caller (Call(ctx, action, params))", c)
	}
	params, err := w.tableParams(t)
	if err != nil {
		return err
	}
	_, cerr := cc.Call(ctx, action, params)
	w.clientRes = &clientResult{op: "call " + action, err: cerr}
	return nil
}

// HTTPStatus extracts the HTTP status of an API error from a client's error:
// an SDK ServerError, anything with an HttpStatus() or HTTPStatus() method,
// or 0 when none is found.
func HTTPStatus(err error) int {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return se.HttpStatus()
	}
	var a interface{ HttpStatus() int }
	if errors.As(err, &a) {
		return a.HttpStatus()
	}
	var b interface{ HTTPStatus() int }
	if errors.As(err, &b) {
		return b.HTTPStatus()
	}
	return 0
}

func (w *World) theClientErrorHasStatus(n int) error {
	r, err := w.clientResult()
	if err != nil {
		return err
	}
	if r.err == nil {
		return fmt.Errorf("the client succeeded to %s; want an error with HTTP status %d", r.op, n)
	}
	got := HTTPStatus(r.err)
	if got == 0 {
		return fmt.Errorf("the client's error %q carries no HTTP status (steps.HTTPStatus reads an SDK ServerError or an HttpStatus()/HTTPStatus() method); want %d", r.err, n)
	}
	if got != n {
		return fmt.Errorf("the client's error %q has HTTP status %d (%s); want %d", r.err, got, http.StatusText(got), n)
	}
	return nil
}

// theClientSleptSequence checks the exact waits the client asked for, in
// order ("1s, 2s, 4s").
func (w *World) theClientSleptSequence(list string) error {
	var want []time.Duration
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "and "))
		d, err := time.ParseDuration(p)
		if err != nil {
			return fmt.Errorf("%q is not a duration (write 1s, 500ms, 2m): %v", p, err)
		}
		want = append(want, d)
	}
	got := w.sleeps
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		same = got[i] == want[i]
	}
	if !same {
		return fmt.Errorf("the client slept %s; want %s", durations(got), durations(want))
	}
	return nil
}

func durations(ds []time.Duration) string {
	if len(ds) == 0 {
		return "never"
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()
	}
	return strings.Join(parts, ", ")
}

// typeOfID finds the resource type of an ID from its prefix (the longest
// prefix that matches: ecr-assoc- before ecr-).
func typeOfID(id string) (string, error) {
	best, typ := "", ""
	for _, n := range resourceNouns {
		if strings.HasPrefix(id, n.prefix+"-") && len(n.prefix) > len(best) {
			best, typ = n.prefix, n.typ
		}
	}
	if typ == "" {
		var known []string
		for _, n := range resourceNouns {
			known = append(known, n.prefix+"-")
		}
		return "", fmt.Errorf("%q is not the ID of a resource the steps know (prefixes %s)", id, strings.Join(known, ", "))
	}
	return typ, nil
}

// resourceStaysForReads holds one resource, by ID, in a status for n reads.
func (w *World) resourceStaysForReads(ctx context.Context, id, status string, n int) error {
	id, err := w.expand(id)
	if err != nil {
		return err
	}
	typ, err := typeOfID(id)
	if err != nil {
		return err
	}
	status = unquote(status)
	to, err := nextStatus(typ, status)
	if err != nil {
		return err
	}
	return w.addRule(ctx, map[string]any{
		"name":      w.ruleName(strings.ToLower(typ) + "-" + strconv.Itoa(n) + "-reads"),
		"match":     map[string]any{"resource": id},
		"lifecycle": map[string]any{"type": typ, "from": status, "to": to, "reads": n},
	})
}
