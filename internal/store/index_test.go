package store

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/clock"
)

func ids(rs []*Resource) string {
	var b []string
	for _, r := range rs {
		b = append(b, r.ID)
	}
	return strings.Join(b, ",")
}

func TestOwnedListingsKeepCreationOrderAndSkipOthers(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	for i := 0; i < 6; i++ {
		owner, region := "a", "r1"
		if i%2 == 1 {
			owner = "b"
		}
		if i >= 4 {
			region = "r2"
		}
		s.Add(&Resource{ID: fmt.Sprintf("x-%d", i), Type: "T", Owner: owner, Region: region, Status: "S"})
	}
	if got := ids(s.ListOwned("T", "a", "", nil)); got != "x-0,x-2,x-4" {
		t.Fatalf("a's resources: %s", got)
	}
	if got := ids(s.ListOwned("T", "a", "r1", nil)); got != "x-0,x-2" {
		t.Fatalf("a's resources in r1: %s", got)
	}
	if got := ids(s.OwnedView("T", "b", "")); got != "x-1,x-3,x-5" {
		t.Fatalf("b's view: %s", got)
	}
	visited := 0
	s.ListOwned("T", "b", "", func(*Resource) bool { visited++; return true })
	if visited != 3 {
		t.Fatalf("listing b visited %d resources; want only b's 3", visited)
	}
	s.Delete("x-2")
	if got := ids(s.ListOwned("T", "a", "", nil)); got != "x-0,x-4" {
		t.Fatalf("after delete: %s", got)
	}
	if n := s.CountOwned("T", "a", ""); n != 2 {
		t.Fatalf("CountOwned = %d", n)
	}
	if got := ids(s.Lookup("T", []string{"x-4", "x-0", "x-4", "nope"}, nil)); got != "x-0,x-4" {
		t.Fatalf("Lookup: %s; want each once in creation order", got)
	}
}

func TestOwnerSetAfterAddIsReindexed(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	s.Lock()
	r := s.Add(&Resource{ID: "v-1", Type: "V", Owner: "caller", Region: "r1", Status: "S"})
	r.Owner, r.Region = "other", "r2" // as a handler does right after c.New
	if got := ids(s.ListOwned("V", "other", "r2", nil)); got != "v-1" {
		t.Fatalf("got %q; want the resource under its new owner and region", got)
	}
	if got := ids(s.ListOwned("V", "caller", "", nil)); got != "" {
		t.Fatalf("got %q under the old owner", got)
	}
	s.Unlock()
}

func TestByAttrFollowsIndexedAttributes(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	s.IndexAttr("H", "Parent")
	s.Add(&Resource{ID: "h-1", Type: "H", Owner: "t1", Status: "S", Attrs: map[string]any{"Parent": "pc-1"}})
	s.Add(&Resource{ID: "h-2", Type: "H", Owner: "t2", Status: "S", Attrs: map[string]any{"Parent": "pc-2"}})
	s.Add(&Resource{ID: "h-3", Type: "H", Owner: "t3", Status: "S", Attrs: map[string]any{"Parent": "pc-1"}})
	if got := ids(s.ByAttr("H", "Parent", "pc-1", nil)); got != "h-1,h-3" {
		t.Fatalf("got %s", got)
	}
	s.Get("h-3").Set("Parent", "pc-9") // changed later: no longer listed under pc-1
	s.Delete("h-1")
	if got := ids(s.ByAttr("H", "Parent", "pc-1", nil)); got != "" {
		t.Fatalf("got %s after a change and a delete", got)
	}
}

// TestScheduleSettlesDueTransitions: with a static policy, due transitions
// are applied from the schedule (earliest first), hooks run, gone resources
// leave every index.
func TestScheduleSettlesDueTransitions(t *testing.T) {
	clk := clock.NewManual(time.Time{})
	s := New(clk, 1)
	s.SetPolicy(chain)
	s.SetStatic(func() bool { return true })
	var entered []string
	s.OnEnter(TypePhysicalConnection, func(_ *Store, r *Resource, from string) { entered = append(entered, r.ID+":"+r.Status) })
	s.Lock()
	a := s.Add(&Resource{ID: "pc-a", Type: TypePhysicalConnection, Owner: "u", Status: "Initial"})
	clk.Advance(30 * time.Second)
	s.Add(&Resource{ID: "pc-b", Type: TypePhysicalConnection, Owner: "u", Status: "Detaching"})
	s.Unlock()
	s.RLock()
	if !s.ReadReady() {
		t.Fatal("nothing is due yet: a read-only call may run under the read lock")
	}
	s.RUnlock()
	clk.Advance(2 * time.Minute)
	s.RLock()
	if s.ReadReady() {
		t.Fatal("transitions are due: a read-only call must take the lock")
	}
	s.RUnlock()
	s.Lock()
	if got := ids(s.ListOwned(TypePhysicalConnection, "u", "", nil)); got != "pc-a" {
		t.Fatalf("got %s; want pc-b gone", got)
	}
	if a.Status != "Allocating" || !a.Since.Equal(clock.Epoch.Add(2*time.Minute)) {
		t.Fatalf("pc-a %s since %v", a.Status, a.Since)
	}
	s.Unlock()
	if got := strings.Join(entered, ","); got != "pc-a:Approved,pc-a:Allocating,pc-b:-" {
		t.Fatalf("hooks saw %s; want the earliest due first (a chain completes at once)", got)
	}
}

// TestReadersRunTogether: read-only calls of many accounts hold the read lock
// at once, count reads atomically and never change the store.
func TestReadersRunTogether(t *testing.T) {
	s := New(clock.NewManual(time.Time{}), 1)
	s.SetPolicy(chain)
	s.SetStatic(func() bool { return true })
	s.Lock()
	for i := 0; i < 100; i++ {
		s.Add(&Resource{ID: fmt.Sprintf("r-%d", i), Type: "T", Owner: fmt.Sprint("acct-", i%4), Status: "Enabled"})
	}
	s.Unlock()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				s.RLock()
				if !s.ReadReady() {
					t.Error("not ready")
				}
				for _, r := range s.OwnedView("T", fmt.Sprint("acct-", g%4), "") {
					s.Observe(r)
				}
				s.NewRequestID()
				s.RUnlock()
			}
		}(g)
	}
	wg.Wait()
	var reads int64
	for _, r := range s.List("T", nil) {
		reads += r.Reads
	}
	if reads != 8*200*25 {
		t.Fatalf("counted %d reads; want %d", reads, 8*200*25)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a change under the read lock went unnoticed")
		}
		s.RUnlock()
	}()
	s.RLock()
	s.Add(&Resource{ID: "bad", Type: "T", Owner: "u", Status: "S"})
}
