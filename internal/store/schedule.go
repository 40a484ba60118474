package store

import (
	"container/heap"
	"time"
)

// due is one scheduled transition: r leaves its status at at. ver is the
// resource's schedule version when it was pushed; a resource that changed
// status since has a newer version and the entry is stale.
type due struct {
	at  time.Time
	seq int64
	ver uint32
	r   *Resource
}

// schedule is a min-heap of due transitions (earliest first, then creation
// order, so settlement order is repeatable).
type schedule []due

func (h schedule) Len() int { return len(h) }
func (h schedule) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h schedule) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *schedule) Push(x any)   { *h = append(*h, x.(due)) }
func (h *schedule) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	old[n-1] = due{}
	*h = old[:n-1]
	return x
}

// trim pops stale entries off the top, so ReadReady sees the earliest real
// transition (lock held).
func (h *schedule) trim() {
	for len(*h) > 0 && (*h)[0].stale() {
		heap.Pop(h)
	}
}

// stale reports whether the earliest entry no longer describes its resource.
func (d due) stale() bool { return d.r.removed || d.r.schedVer != d.ver }

// plan puts r on the schedule when its policy (static mode) says it leaves
// its status after a time. Lock held.
func (s *Store) plan(r *Resource) {
	r.schedVer++
	if !s.staticMode || s.policy == nil || r.removed {
		return
	}
	st := s.policy(r)
	if st == nil || st.Never || st.To == r.Status || st.After < 0 {
		return
	}
	heap.Push(&s.sched, due{at: r.Since.Add(st.After), seq: r.Seq, ver: r.schedVer, r: r})
}

// replan rebuilds the schedule from every resource (the policy changed: a
// timing profile, fault rules). Lock held.
func (s *Store) replan() {
	s.sched = s.sched[:0]
	for _, r := range s.ix.all.view() {
		if !r.removed {
			s.plan(r)
		}
	}
}

// mode checks whether the policy is static now (no fault lifecycle rules) and
// rebuilds the schedule when that or the policy changed. Lock held.
func (s *Store) mode() {
	static := s.static != nil && s.static()
	if static != s.staticMode || s.stale.Load() {
		s.stale.Store(false)
		s.staticMode = static
		if static {
			s.replan()
		} else {
			s.sched = nil
		}
	}
}

// settleDue applies every transition due by now, earliest first (static
// mode). Lock held.
func (s *Store) settleDue() {
	s.mode()
	if !s.staticMode {
		return
	}
	now := s.clk.Now()
	for len(s.sched) > 0 {
		d := s.sched[0]
		if d.stale() {
			heap.Pop(&s.sched)
			continue
		}
		if d.at.After(now) {
			return
		}
		heap.Pop(&s.sched)
		if s.settle(d.r) {
			s.plan(d.r)
		}
	}
}

// ReadReady reports, under RLock, whether a read-only call may run now with
// the read lock alone: the policy is static and no transition is due (so
// nothing needs settling). When false the caller takes Lock instead.
func (s *Store) ReadReady() bool {
	if !s.staticMode || s.stale.Load() || (s.static != nil && !s.static()) {
		return false
	}
	for _, d := range s.sched {
		// the heap's top is the earliest; a stale top needs a writer to pop it
		return !d.stale() && d.at.After(s.clk.Now())
	}
	return true
}

// PolicyChanged tells the store that the policy's answers changed (timing
// profile): the schedule is rebuilt at the next locked call. Safe without
// the lock.
func (s *Store) PolicyChanged() { s.stale.Store(true) }
