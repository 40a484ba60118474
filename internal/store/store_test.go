package store

import (
	"encoding/json"
	"reflect"
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

func TestSharedAttributes(t *testing.T) {
	s := New(clock.NewManual(time.Unix(0, 0)), 1)
	proto := map[string]any{"Kind": "big", "Size": int64(0)}
	s.Prototype("Thing", proto)

	// Share takes the prototype only when every value matches.
	r := &Resource{ID: "t-1", Type: "Thing", Owner: "1", Attrs: map[string]any{"Kind": "big", "Size": int64(0), "Name": "a"}}
	s.Share(r)
	if len(r.Attrs) != 1 || r.Str("Kind") != "big" || r.Int("Size") != 0 || r.Str("Name") != "a" {
		t.Fatalf("got own %v; want only Name of its own and Kind, Size through the prototype", r.Attrs)
	}
	other := &Resource{ID: "t-2", Type: "Thing", Owner: "1", Attrs: map[string]any{"Kind": "small", "Size": int64(0)}}
	s.Share(other)
	if len(other.Attrs) != 2 {
		t.Fatalf("got own %v; want a resource that differs from the prototype kept whole", other.Attrs)
	}
	// A map value never panics the comparison.
	odd := &Resource{ID: "t-3", Type: "Thing", Owner: "1", Attrs: map[string]any{"Kind": map[string]any{}, "Size": int64(0)}}
	s.Share(odd)
	if len(odd.Attrs) != 2 {
		t.Fatalf("got own %v; want it kept whole", odd.Attrs)
	}

	// Set shadows a shared value; JSON and AllAttrs carry both.
	s.Lock()
	s.Add(r)
	s.Unlock()
	r.Set("Kind", "bigger")
	if r.Str("Kind") != "bigger" || proto["Kind"] != "big" {
		t.Fatalf("got %q, prototype %v; want the resource's own value, the prototype untouched", r.Str("Kind"), proto)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Resource
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"Kind": "bigger", "Size": float64(0), "Name": "a"}; !reflect.DeepEqual(back.Attrs, want) {
		t.Fatalf("got attrs %v in JSON; want %v", back.Attrs, want)
	}
	if all := r.AllAttrs(); len(all) != 3 || all["Size"] != int64(0) {
		t.Fatalf("got %v; want every attribute", all)
	}

	// An import shares what matches.
	s.Lock()
	err = s.Import(Snapshot{Resources: []*Resource{{ID: "t-9", Type: "Thing", Owner: "1",
		Attrs: map[string]any{"Kind": "big", "Size": int64(0)}}}})
	s.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Get("t-9"); got == nil || len(got.Attrs) != 0 || got.Str("Kind") != "big" {
		t.Fatalf("got %+v; want the imported resource sharing the prototype", got)
	}
}
