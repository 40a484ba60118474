package client_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ecmock/ecmock/contracts/client"
	"github.com/ecmock/ecmock/sweep"
)

// fabric is what the provisioning workflow works in: a CEN with a transit
// router that exist before it runs (fixtures, never leftovers).
const fabric = `
name: fabric
fixtures:
  - {type: Cen, id: cen-fabric, status: Active}
  - {type: TransitRouter, id: tr-fabric, status: Active, attrs: {CenId: cen-fabric}}
`

// provision is the reference client's provisioning workflow: a physical
// connection (create, wait, confirm, enable), a hosted connection on it for
// account B, an ECR associated with the transit router and attached to it.
// When a step fails it undoes what it created, newest first, and fails.
func provision(t testing.TB, env sweep.Env) {
	a := env.Server.AccountA()
	c, err := client.New(client.Config{Endpoint: env.Endpoint, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
		RegionID: env.RegionID, Timeout: env.CallTimeout})
	if err != nil {
		t.Fatal(err)
	}
	// sleeping moves ecmock's manual clock: backoffs and polls take no time
	c.Now = env.Server.Now
	c.Sleep = func(ctx context.Context, d time.Duration) error { env.Server.Advance(d); return ctx.Err() }
	ctx := env.Context
	var undo []func(context.Context) error
	fail := func(err error) {
		t.Helper()
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := undo[i](context.Background()); uerr != nil {
				t.Logf("undo: %v", uerr)
			}
		}
		t.Fatal(err)
	}
	pcID := ""
	spec := client.PhysicalConnectionSpec{AccessPointID: "ap-cn-hangzhou-yh-B", LineOperator: "CT",
		PeerLocation: "Hangzhou DC 3", PortType: "1000Base-LX", Bandwidth: 100, Name: "sweep"}
	id, err := c.CreatePhysicalConnection(ctx, spec)
	if err != nil {
		fail(err)
	}
	pcID = id
	undo = append(undo, func(ctx context.Context) error { return c.DeletePhysicalConnection(ctx, pcID) })
	if _, err := c.WaitPhysicalConnection(ctx, pcID, client.PCAllocated); err != nil {
		fail(err)
	}
	if err := c.ConfirmPhysicalConnection(ctx, pcID); err != nil {
		fail(err)
	}
	if _, err := c.WaitPhysicalConnection(ctx, pcID, client.PCConfirmed); err != nil {
		fail(err)
	}
	if err := c.EnablePhysicalConnection(ctx, pcID); err != nil {
		fail(err)
	}
	if _, err := c.WaitPhysicalConnection(ctx, pcID, client.PCEnabled); err != nil {
		fail(err)
	}
	h, err := c.CreateHostedConnection(ctx, client.HostedConnectionSpec{PhysicalConnectionID: pcID, VlanID: 202,
		Spec: "50M", OrderMode: "PayByPhysicalConnectionOwner", TenantUID: env.Server.AccountB().UID, Name: "tenant"})
	if err != nil {
		fail(err)
	}
	undo = append(undo, func(ctx context.Context) error { return c.DeleteHostedConnection(ctx, pcID, h.ID) })
	ecrID, err := c.CreateECR(ctx, client.ECRSpec{Name: "edge", AlibabaSideAsn: 64512})
	if err != nil {
		fail(err)
	}
	undo = append(undo, func(ctx context.Context) error { return c.DeleteECR(ctx, ecrID) })
	assoc, err := c.CreateECRAssociation(ctx, client.AssociationSpec{EcrID: ecrID, AssociationRegionID: env.RegionID,
		TransitRouterID: "tr-fabric", CenID: "cen-fabric"})
	if err != nil {
		fail(err)
	}
	undo = append(undo, func(ctx context.Context) error { return c.DeleteECRAssociation(ctx, ecrID, assoc.ID) })
	att, err := c.CreateTransitRouterEcrAttachment(ctx, client.AttachmentSpec{CenID: "cen-fabric", TransitRouterID: "tr-fabric",
		EcrID: ecrID, Name: "edge"})
	if err != nil {
		var we *client.WaitError
		if errors.As(err, &we) && we.ID != "" { // created, never attached: detach it too
			undo = append(undo, func(ctx context.Context) error { return c.DeleteTransitRouterEcrAttachment(ctx, we.ID) })
		}
		fail(err)
	}
	t.Logf("provisioned %s, hosted %s, ECR %s, association %s, attachment %s", pcID, h.ID, ecrID, assoc.ID, att.ID)
}

// TestSweepProvisioning sweeps the provisioning workflow: every documented
// state, conflict, dependency, lock, quota, throttling and server code of
// each of its calls, a reset and a delay past the call timeout on each, and
// every transitional status held, never settling or failing — with a
// manual clock and instant timing, so that the whole sweep takes seconds.
// No variant may diverge, leak or hang.
func TestSweepProvisioning(t *testing.T) {
	if testing.Short() {
		t.Skip("sweep: -short")
	}
	o := sweep.Options{Clock: "manual", Scenarios: []string{writeScenario(t, fabric)},
		CallTimeout: 500 * time.Millisecond, Timeout: 20 * time.Second, Parallel: 2}
	want := 110 // variants judged
	if raceDetector {
		// Narrowed under the race detector (make test), which slows every
		// SDK call about tenfold: one code per kind the client must handle
		// (lock, state, quota, server; throttling is handled as server
		// codes are), no network faults (the sweep package's own tests
		// cover them), every lifecycle fault. The full sweep runs without
		// -race: go test ./contracts/client -run TestSweepProvisioning.
		o.Faults = []string{sweep.FaultErrors, sweep.FaultLifecycle}
		o.Codes = []string{"lock", "state", "quota", "InternalError"}
		want = 40
	}
	rep := sweep.RunWith(t, o, provision)
	if rep.Baseline == nil || len(rep.Judged()) < want {
		t.Fatalf("the sweep judged %d variants; want at least %d", len(rep.Judged()), want)
	}
}

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "fabric.yaml")
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}
