package server

import (
	"crypto/sha256"
	"sync"
	"time"
)

// Signature nonces are remembered for nonceWindow (the same 15 minutes a
// request's timestamp may be away from now, so a nonce forgotten is also a
// timestamp refused). The cache keeps one set per minute (nonceBuckets of
// them): a lookup checks each set, an insert writes the current one, and a
// whole minute is forgotten at once when its set is reused — constant work per
// request, whatever the cache holds. It holds at most nonceLimit nonces
// (32 bytes each, plus map overhead: about 60 MB when full); past that the
// oldest minute is forgotten early, which shortens the replay window rather
// than refusing calls. Reset and PUT /_ecmock/state leave it alone: a
// request accepted once is never accepted again within the window.
const (
	nonceWindow  = 15 * time.Minute
	nonceBucket  = time.Minute
	nonceBuckets = int(nonceWindow/nonceBucket) + 1
	nonceLimit   = 1_000_000
)

type nonceKey [32]byte

type nonceSet struct {
	minute int64 // Unix minute the set holds; 0 when empty
	seen   map[nonceKey]struct{}
}

type nonceCache struct {
	mu      sync.Mutex
	buckets [nonceBuckets]nonceSet
	count   int
	limit   int
}

func (n *nonceCache) init() {
	for i := range n.buckets {
		n.buckets[i] = nonceSet{seen: map[nonceKey]struct{}{}}
	}
	n.count = 0
	n.limit = nonceLimit
}

// use records a nonce; false when it was seen within the window.
func (n *nonceCache) use(key string, now time.Time) bool {
	k := nonceKey(sha256.Sum256([]byte(key)))
	minute := now.Unix() / int64(nonceBucket/time.Second)
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := range n.buckets {
		b := &n.buckets[i]
		if b.minute == 0 || minute-b.minute >= int64(nonceBuckets) {
			continue
		}
		if _, ok := b.seen[k]; ok {
			return false
		}
	}
	cur := &n.buckets[minute%int64(nonceBuckets)]
	if cur.minute != minute {
		n.count -= len(cur.seen)
		*cur = nonceSet{minute: minute, seen: map[nonceKey]struct{}{}}
	}
	for n.count >= n.limit {
		// Forget the oldest minute other than the current one.
		var old *nonceSet
		for i := range n.buckets {
			b := &n.buckets[i]
			if b.minute != 0 && b != cur && len(b.seen) > 0 && (old == nil || b.minute < old.minute) {
				old = b
			}
		}
		if old == nil {
			// The current minute alone is full: start it afresh.
			old = cur
		}
		n.count -= len(old.seen)
		old.seen = map[nonceKey]struct{}{}
	}
	cur.seen[k] = struct{}{}
	n.count++
	return true
}

// size is how many nonces the cache holds.
func (n *nonceCache) size() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.count
}
