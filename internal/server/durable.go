package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/ecmock/ecmock/internal/clock"
	"github.com/ecmock/ecmock/internal/persist"
	"github.com/ecmock/ecmock/internal/store"
)

// openState attaches the state directory: the parts of the server saved with
// the store are registered, the saved state is loaded, and from then on every
// change the store commits is on disk before its answer leaves.
func (s *Server) openState(dir string) error {
	s.store.AddPart(store.Part{Name: "timing",
		Save: func() ([]byte, error) { return json.Marshal(s.Timing()) },
		Load: func(b []byte) error {
			var t string
			if err := json.Unmarshal(b, &t); err != nil {
				return err
			}
			if !timings[t] {
				return fmt.Errorf("unknown timing profile %q", t)
			}
			s.mu.Lock()
			s.timing = t
			s.mu.Unlock()
			return nil
		}})
	s.store.AddPart(store.Part{Name: "clock", Save: s.saveClock, Load: s.loadClock})
	s.store.AddPart(store.Part{Name: "accounts", Save: s.accounts.State, Load: s.accounts.LoadState})
	s.store.AddPart(store.Part{Name: "faults", Save: s.Chaos().State, Load: s.Chaos().LoadState})
	db, saved, err := persist.Open(dir)
	if err != nil {
		return err
	}
	s.store.Lock()
	err = s.store.Restore(saved, db)
	s.restored = len(saved.Resources) > 0 || saved.Gen != nil
	s.store.Unlock()
	if err != nil {
		db.Close()
		return fmt.Errorf("%s: %v; nothing was changed", db.Path(), err)
	}
	s.db = db
	s.clock = &savedClock{Clock: s.clock, save: s.persistNow}
	return nil
}

// Restored reports whether the server continued a saved state (then
// start-up scenarios are not applied again: their fixtures are in it).
func (s *Server) Restored() bool { return s.restored }

// Close releases the state directory (a no-op in memory).
func (s *Server) Close() error {
	if s.db == nil {
		return nil
	}
	s.store.Lock()
	err := s.store.Commit()
	s.store.Unlock()
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// persistNow commits what changed outside a store call (timing, clock).
func (s *Server) persistNow() {
	if !s.store.Durable() {
		return
	}
	s.store.Lock()
	if err := s.store.Commit(); err != nil {
		s.log.Error("state not saved", "err", err)
	}
	s.store.Unlock()
}

// persistAfter saves what a changing control call (anything but GET)
// changed before its answer leaves.
func (s *Server) persistAfter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || !s.store.Durable() {
			next.ServeHTTP(w, r)
			return
		}
		bw := &heldWriter{ResponseWriter: w, header: http.Header{}}
		next.ServeHTTP(bw, r)
		s.persistNow()
		for k, v := range bw.header {
			w.Header()[k] = v
		}
		if bw.status == 0 {
			bw.status = http.StatusOK
		}
		w.WriteHeader(bw.status)
		_, _ = w.Write(bw.body.Bytes())
	})
}

// heldWriter holds a control answer until the change is saved.
type heldWriter struct {
	http.ResponseWriter
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldWriter) Header() http.Header         { return h.header }
func (h *heldWriter) WriteHeader(status int)      { h.status = status }
func (h *heldWriter) Write(b []byte) (int, error) { return h.body.Write(b) }

// clockState is the clock as saved: a manual clock's time; a real clock's
// offset from wall time (to the second, so it is not rewritten on every call).
type clockState struct {
	Kind   string        `json:"kind"`
	Now    time.Time     `json:"now,omitzero"`
	Offset time.Duration `json:"offset,omitempty"`
}

func (s *Server) saveClock() ([]byte, error) {
	st := clockState{Kind: s.clock.Kind()}
	if st.Kind == "manual" {
		st.Now = s.clock.Now()
	} else {
		st.Offset = s.clock.Now().Sub(time.Now()).Round(time.Second)
	}
	return json.Marshal(st)
}

// loadClock moves the new clock to where the saved one was: a manual clock
// to its saved time, a real clock to its saved offset from wall time (the
// time the server was down passes as wall time).
func (s *Server) loadClock(b []byte) error {
	var st clockState
	if err := json.Unmarshal(b, &st); err != nil {
		return err
	}
	if st.Kind != s.clock.Kind() {
		return nil // the operator changed --clock: the new clock starts fresh
	}
	var d time.Duration
	if st.Kind == "manual" {
		d = st.Now.Sub(s.clock.Now())
	} else {
		d = st.Offset - s.clock.Now().Sub(time.Now()).Round(time.Second)
	}
	if d > 0 {
		s.clock.Advance(d)
	}
	return nil
}

// savedClock commits the clock's state whenever it is moved.
type savedClock struct {
	clock.Clock
	save func()
}

func (c *savedClock) Advance(d time.Duration) { c.Clock.Advance(d); c.save() }
func (c *savedClock) Reset()                  { c.Clock.Reset(); c.save() }
