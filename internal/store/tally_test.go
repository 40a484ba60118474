package store

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/clock"
)

// recount counts from scratch what the tally of "T" and the status counts
// should hold.
func recount(s *Store) (map[tallyKey]int, map[[2]string]map[string]map[*Resource]struct{}) {
	out, statuses := map[tallyKey]int{}, map[[2]string]map[string]map[*Resource]struct{}{}
	for _, r := range s.List("T", nil) {
		for _, k := range s.tallies["T"](r) {
			out[tallyKey{"T", r.Owner, k.Kind, k.Value}]++
		}
		k := [2]string{r.Type, r.Owner}
		if statuses[k] == nil {
			statuses[k] = map[string]map[*Resource]struct{}{}
		}
		if statuses[k][r.Status] == nil {
			statuses[k][r.Status] = map[*Resource]struct{}{}
		}
		statuses[k][r.Status][r] = struct{}{}
	}
	return out, statuses
}

// The tally follows every way a resource changes: added, removed, status
// set, settled (on the schedule and lazily), attribute set, owner changed
// right after it was added, imported, reset.
func TestTallyMatchesARecount(t *testing.T) {
	clk := clock.NewManual(time.Time{})
	s := New(clk, 1)
	s.SetPolicy(chain)
	s.Tally("T", func(r *Resource) []TallyKey {
		if r.Str("Skip") == "yes" {
			return nil
		}
		return []TallyKey{{Kind: "status", Value: r.Status}, {Kind: "ap", Value: r.Str("AP")}}
	})
	lazy := false
	s.SetStatic(func() bool { return !lazy })
	rng := rand.New(rand.NewSource(7))
	owners := []string{"a", "b", "c"}
	statuses := []string{"Initial", "Approved", "Enabled", "Detaching"}
	var ids []string
	for step := 0; step < 3000; step++ {
		s.Lock()
		switch op := rng.Intn(9); {
		case op < 3 || len(ids) == 0:
			id := fmt.Sprintf("t-%d", step)
			r := s.Add(&Resource{ID: id, Type: "T", Owner: owners[rng.Intn(3)], Status: statuses[rng.Intn(4)],
				Attrs: map[string]any{"AP": fmt.Sprint("ap-", rng.Intn(3))}})
			if rng.Intn(4) == 0 {
				r.Owner = owners[rng.Intn(3)] // a handler's change right after adding it
			}
			ids = append(ids, id)
		case op == 3:
			if r := s.Get(ids[rng.Intn(len(ids))]); r != nil {
				s.SetStatus(r, statuses[rng.Intn(4)], true)
			}
		case op == 4:
			if r := s.Get(ids[rng.Intn(len(ids))]); r != nil {
				r.Set("AP", fmt.Sprint("ap-", rng.Intn(3)))
			}
		case op == 5:
			if r := s.Get(ids[rng.Intn(len(ids))]); r != nil {
				r.Set("Skip", []string{"yes", "no"}[rng.Intn(2)])
			}
		case op == 6:
			s.Delete(ids[rng.Intn(len(ids))])
		case op == 7:
			clk.Advance(time.Duration(rng.Intn(90)) * time.Second)
			lazy = rng.Intn(3) == 0
			s.PolicyChanged()
		case op == 8 && step%500 == 0:
			snap := s.Export()
			cp := make([]*Resource, len(snap.Resources))
			for i, r := range snap.Resources {
				c := *r
				c.Attrs = r.AllAttrs()
				cp[i] = &c
			}
			if err := s.Import(Snapshot{Resources: cp}); err != nil {
				t.Fatal(err)
			}
		}
		s.Unlock()
		s.Lock()
		want, wantStatuses := recount(s) // settles everything first
		if got := s.ix.counts; !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			s.Unlock()
			t.Fatalf("step %d: tally %v; recount %v", step, got, want)
		}
		if got := s.ix.statuses; !reflect.DeepEqual(got, wantStatuses) && !(len(got) == 0 && len(wantStatuses) == 0) {
			s.Unlock()
			t.Fatalf("step %d: status counts %v; recount %v", step, got, wantStatuses)
		}
		for _, o := range owners {
			c := s.Tallied("T", o)
			if c.Of("ap", "ap-1") != want[tallyKey{"T", o, "ap", "ap-1"}] {
				t.Fatalf("step %d: Tallied(%s).Of(ap, ap-1) = %d; want %d", step, o, c.Of("ap", "ap-1"), want[tallyKey{"T", o, "ap", "ap-1"}])
			}
		}
		s.Unlock()
	}
	s.Lock()
	s.Reset()
	if len(s.ix.counts) != 0 {
		t.Fatalf("got %v after a reset; want nothing counted", s.ix.counts)
	}
	s.Unlock()
}

// In lazy mode an account's listing settles its resources in flight and
// asks nothing about the others (the status sets say which are which).
func TestLazyListingSettlesOnlyWhatCanMove(t *testing.T) {
	clk := clock.NewManual(time.Time{})
	s := New(clk, 1)
	asked := 0
	s.SetPolicy(func(r *Resource) *Step { asked++; return chain(r) })
	s.SetStatic(func() bool { return false }) // as with fault lifecycle rules in force
	s.SetMovable(func(typ, status string) bool { return chain(&Resource{Type: typ, Status: status}) != nil })
	s.Lock()
	for i := 0; i < 1000; i++ {
		s.Add(&Resource{ID: fmt.Sprintf("e-%d", i), Type: "T", Owner: "big", Status: "Enabled"})
	}
	s.Add(&Resource{ID: "i-1", Type: "T", Owner: "big", Status: "Initial"})
	s.Add(&Resource{ID: "o-1", Type: "T", Owner: "other", Status: "Initial"})
	s.Unlock()

	clk.Advance(90 * time.Second)
	s.Lock()
	asked = 0
	got := s.ListOwned("T", "big", "", func(r *Resource) bool { return r.Status != "Enabled" })
	if len(got) != 1 || got[0].Status != "Approved" {
		t.Fatalf("got %v; want i-1 settled to Approved", got)
	}
	if asked > 10 {
		t.Fatalf("the policy was asked %d times; want only about the resource in flight (1000 Enabled ones skipped)", asked)
	}
	if o := s.byID["o-1"]; o.Status != "Initial" {
		t.Fatalf("another account's resource is %s; want it untouched (Initial) by this listing", o.Status)
	}
	if n := s.CountOwned("T", "big", ""); n != 1001 {
		t.Fatalf("counted %d; want 1001", n)
	}
	s.Unlock()
}

// A transition's hook that moves another resource of the account into a
// status that can move: the listing settles that one too (as a walk of the
// whole list in creation order did).
func TestLazyListingFollowsWhatAHookMoves(t *testing.T) {
	clk := clock.NewManual(time.Time{})
	s := New(clk, 1)
	s.SetPolicy(func(r *Resource) *Step {
		switch r.Status {
		case "Go":
			return &Step{To: "Done", After: 0}
		case "Pending":
			return &Step{To: "Done", After: 0}
		}
		return nil
	})
	s.SetStatic(func() bool { return false })
	s.SetMovable(func(typ, status string) bool { return status == "Go" || status == "Pending" })
	s.OnEnter("T", func(st *Store, r *Resource, from string) {
		if r.ID == "t-2" && r.Status == "Done" {
			st.SetStatus(st.byID["t-1"], "Pending", false) // a sibling created earlier
		}
	})
	s.Lock()
	defer s.Unlock()
	s.Add(&Resource{ID: "t-1", Type: "T", Owner: "u", Status: "Idle"})
	s.Add(&Resource{ID: "t-2", Type: "T", Owner: "u", Status: "Go"})
	got := s.ListOwned("T", "u", "", nil)
	if len(got) != 2 || got[0].Status != "Done" || got[1].Status != "Done" {
		t.Fatalf("got %s, %s; want both Done", got[0].Status, got[1].Status)
	}
}

// A tenant's import (ImportOwned) counts its resources and follows their
// later changes; whole numbers come back as int64, so fixtures share again.
func TestImportOwnedKeepsTheTally(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	s.Tally("T", func(r *Resource) []TallyKey { return []TallyKey{{Kind: "ap", Value: r.Str("AP")}} })
	proto := map[string]any{"Size": int64(0)}
	s.Prototype("T", proto)
	s.Lock()
	defer s.Unlock()
	s.Add(&Resource{ID: "keep-1", Type: "T", Owner: "b", Status: "On", Attrs: map[string]any{"AP": "ap-1"}})
	err := s.ImportOwned(Snapshot{Resources: []*Resource{{ID: "t-1", Type: "T", Owner: "a", Status: "On",
		Attrs: map[string]any{"AP": "ap-1", "Size": float64(0)}}}}, func(uid string) bool { return uid == "a" })
	if err != nil {
		t.Fatal(err)
	}
	r := s.Get("t-1")
	if r.Shared() == nil {
		t.Errorf("got own attributes %v; want Size shared (the decoded 0 is whole)", r.Attrs)
	}
	r.Set("AP", "ap-2")
	want, _ := recount(s)
	if !reflect.DeepEqual(s.ix.counts, want) {
		t.Fatalf("tally %v; recount %v", s.ix.counts, want)
	}
}
