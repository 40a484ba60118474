// Package clock is ecmock's notion of time. Every lifecycle transition, time
// window and retention rule reads ecmock time from a Clock, never time.Now, so a
// test can run the cloud's minutes in microseconds (manual clock) or slow it
// down (real clock with a scale).
package clock

import (
	"sync"
	"time"
)

// Epoch is where a manual clock starts unless told otherwise. A fixed start makes
// seeded runs byte-for-byte repeatable.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Clock gives ecmock time. Advance moves it forward (both kinds accept it: a real
// clock keeps an offset); Reset returns it to where it started.
type Clock interface {
	Now() time.Time
	Advance(d time.Duration)
	Reset()
	Kind() string
}

// Manual is a clock that moves only when told.
type Manual struct {
	mu    sync.Mutex
	start time.Time
	now   time.Time
}

// NewManual returns a manual clock at start (Epoch when zero).
func NewManual(start time.Time) *Manual {
	if start.IsZero() {
		start = Epoch
	}
	return &Manual{start: start, now: start}
}

// Now returns the current manual time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Advance moves the clock forward by d (negative d is ignored).
func (m *Manual) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	m.mu.Lock()
	m.now = m.now.Add(d)
	m.mu.Unlock()
}

// Reset moves the clock back to its start.
func (m *Manual) Reset() {
	m.mu.Lock()
	m.now = m.start
	m.mu.Unlock()
}

// Kind is "manual".
func (m *Manual) Kind() string { return "manual" }

// Real is wall time multiplied by a scale from the moment it was created, plus
// whatever Advance added.
type Real struct {
	mu     sync.Mutex
	wall   func() time.Time
	origin time.Time // wall time at creation
	scale  float64
	offset time.Duration
}

// NewReal returns a real clock running scale times as fast as wall time (1 when
// scale <= 0).
func NewReal(scale float64) *Real {
	if scale <= 0 {
		scale = 1
	}
	return &Real{wall: time.Now, origin: time.Now().UTC(), scale: scale}
}

// Now returns origin + scale×elapsed + offset.
func (r *Real) Now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	elapsed := r.wall().Sub(r.origin)
	return r.origin.Add(time.Duration(float64(elapsed)*r.scale) + r.offset).UTC()
}

// Advance adds d to the clock's offset.
func (r *Real) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	r.mu.Lock()
	r.offset += d
	r.mu.Unlock()
}

// Reset restarts the clock at the current wall time without offset.
func (r *Real) Reset() {
	r.mu.Lock()
	r.origin = r.wall().UTC()
	r.offset = 0
	r.mu.Unlock()
}

// Kind is "real".
func (r *Real) Kind() string { return "real" }

// Scale reports the time scale.
func (r *Real) Scale() float64 { return r.scale }
