package server

import (
	"fmt"
	"testing"
	"time"
)

func TestNonceCacheWindowAndBound(t *testing.T) {
	var n nonceCache
	n.init()
	t0 := time.Date(2026, 1, 1, 0, 0, 30, 0, time.UTC)
	if !n.use("a", t0) || n.use("a", t0.Add(time.Second)) {
		t.Fatal("a nonce must be accepted once")
	}
	if n.use("a", t0.Add(14*time.Minute)) {
		t.Fatal("a nonce must be refused within 15 minutes")
	}
	if !n.use("a", t0.Add(16*time.Minute+30*time.Second)) {
		t.Fatal("a nonce older than the window must be forgotten")
	}
	// The bound: past it the oldest minute goes first.
	n.init()
	n.limit = 100
	for i := 0; i < 60; i++ {
		n.use(fmt.Sprint("old", i), t0)
	}
	for i := 0; i < 60; i++ {
		n.use(fmt.Sprint("new", i), t0.Add(time.Minute))
	}
	if n.size() > 100 {
		t.Fatalf("cache holds %d; want at most its bound 100", n.size())
	}
	if n.use("new5", t0.Add(time.Minute)) {
		t.Fatal("the current minute's nonces must be kept when an old minute is evicted")
	}
}

// BenchmarkNonceCacheFull shows constant work per nonce when the cache is
// full (the old cache scanned its map on every insert).
func BenchmarkNonceCacheFull(b *testing.B) {
	var n nonceCache
	n.init()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < nonceLimit; i++ {
		n.use(fmt.Sprint("fill", i), t0.Add(time.Duration(i)*time.Millisecond))
	}
	now := t0.Add(time.Duration(nonceLimit) * time.Millisecond)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.use(fmt.Sprint("n", i), now)
	}
}
