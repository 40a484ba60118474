package store

import (
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/clock"
)

// chain is a policy: Initial → Approved → Allocating → Allocated, one minute each.
func chain(r *Resource) *Step {
	next := map[string]string{"Initial": "Approved", "Approved": "Allocating", "Allocating": "Allocated", "Detaching": Gone}
	if to, ok := next[r.Status]; ok {
		return &Step{To: to, After: time.Minute}
	}
	return nil
}

func TestSettleFollowsChainsOnTheClock(t *testing.T) {
	clk := clock.NewManual(time.Time{})
	s := New(clk, 1)
	s.SetPolicy(chain)
	r := s.Add(&Resource{ID: "pc-1", Type: TypePhysicalConnection, Owner: "u", Status: "Initial"})
	if got := s.Get("pc-1").Status; got != "Initial" {
		t.Fatalf("got %s; want Initial before time passes", got)
	}
	clk.Advance(90 * time.Second)
	if got := s.Get("pc-1").Status; got != "Approved" {
		t.Fatalf("got %s; want Approved after 90s", got)
	}
	clk.Advance(10 * time.Minute) // the chain completes at once, each step timed from the last
	if got := s.Get("pc-1").Status; got != "Allocated" {
		t.Fatalf("got %s; want Allocated", got)
	}
	if want := clock.Epoch.Add(3 * time.Minute); !r.Since.Equal(want) {
		t.Fatalf("Since = %v; want %v (when the last step was due)", r.Since, want)
	}
}

func TestSettleByReadsAndGone(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	s.SetPolicy(func(r *Resource) *Step {
		if r.Status == "Attaching" {
			return &Step{To: "Attached", After: -1, Reads: 3}
		}
		if r.Status == "Detaching" {
			return &Step{To: Gone, After: 0}
		}
		return nil
	})
	var entered []string
	s.OnEnter("A", func(_ *Store, r *Resource, from string) { entered = append(entered, from+">"+r.Status) })
	s.Add(&Resource{ID: "a-1", Type: "A", Owner: "u", Status: "Attaching"})
	var seen []string
	for i := 0; i < 5; i++ {
		r := s.Get("a-1")
		seen = append(seen, r.Status)
		s.Observe(r)
	}
	if got := strings.Join(seen, ","); got != "Attaching,Attaching,Attaching,Attached,Attached" {
		t.Fatalf("got %s; want three Attaching reads then Attached", got)
	}
	s.SetStatus(s.Get("a-1"), "Detaching", false)
	if s.Get("a-1") != nil || len(s.List("A", nil)) != 0 {
		t.Fatal("a resource whose step leads to Gone is still there")
	}
	if got := strings.Join(entered, ","); got != "Attaching>Attached,Detaching>-" {
		t.Fatalf("hooks saw %s", got)
	}
}

func TestNeverHolds(t *testing.T) {
	clk := clock.NewManual(time.Time{})
	s := New(clk, 1)
	s.SetPolicy(func(r *Resource) *Step { return &Step{To: "X", Never: true} })
	s.Add(&Resource{ID: "r", Type: "T", Owner: "u", Status: "Y"})
	clk.Advance(1000 * time.Hour)
	if got := s.Get("r").Status; got != "Y" {
		t.Fatalf("got %s; want Y held forever", got)
	}
}

func TestIDsAreSeededAndShaped(t *testing.T) {
	a, b := New(clock.NewManual(time.Time{}), 42), New(clock.NewManual(time.Time{}), 42)
	for i := 0; i < 3; i++ {
		x, y := a.NewID("pc"), b.NewID("pc")
		if x != y {
			t.Fatalf("seeded IDs differ: %s %s", x, y)
		}
		if !strings.HasPrefix(x, "pc-") || len(x) != 23 || strings.ToLower(x) != x {
			t.Fatalf("got %s; want pc- and 20 lowercase base-36 characters", x)
		}
	}
	rid := a.NewRequestID()
	if len(rid) != 36 || rid[8] != '-' || strings.ToUpper(rid) != rid {
		t.Fatalf("got request ID %s", rid)
	}
}

func TestExportImport(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	s.Add(&Resource{ID: "x-1", Type: "T", Owner: "u", Status: "S", Attrs: map[string]any{"k": "v"}})
	snap := s.Export()
	t2 := New(clock.NewManual(time.Time{}), 1)
	if err := t2.Import(snap); err != nil {
		t.Fatal(err)
	}
	if r := t2.Get("x-1"); r == nil || r.Str("k") != "v" {
		t.Fatalf("got %+v after import", r)
	}
	if err := t2.Import(Snapshot{Resources: []*Resource{{ID: "y"}}}); err == nil {
		t.Fatal("a resource without type and owner was imported")
	}
}
