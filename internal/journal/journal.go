// Package journal records the calls a server answered in a bounded ring: the
// oldest entries are dropped once the ring is full (default 10,000 entries).
package journal

import (
	"sync"
	"time"
)

// DefaultSize is the ring's capacity unless configured.
const DefaultSize = 10000

// Entry is one recorded call.
type Entry struct {
	Seq       int64             `json:"seq"`
	Time      time.Time         `json:"time"` // ecmock time
	RequestID string            `json:"requestId"`
	Account   string            `json:"account"` // UID ("" when authentication failed)
	AccessKey string            `json:"accessKeyId,omitempty"`
	Product   string            `json:"product"`
	Action    string            `json:"action"`
	Region    string            `json:"region,omitempty"`
	Params    map[string]string `json:"params"`
	Status    int               `json:"status"`
	Code      string            `json:"code,omitempty"`
	// LatencyMs is wall time spent answering (injected delay included).
	LatencyMs float64 `json:"latencyMs"`
	// Rule names the fault rule that fired ("" when none).
	Rule string `json:"rule,omitempty"`
	// Network is the network fault applied (reset, drop, truncate, slow).
	Network string `json:"network,omitempty"`
}

// Journal is a ring of entries.
type Journal struct {
	mu    sync.Mutex
	size  int
	buf   []Entry
	next  int
	full  bool
	seq   int64
	total int64
}

// New returns a journal holding at most size entries (DefaultSize when <= 0).
// Memory grows with the entries recorded, not with size.
func New(size int) *Journal {
	if size <= 0 {
		size = DefaultSize
	}
	return &Journal{size: size}
}

// Add records an entry and assigns its sequence number.
func (j *Journal) Add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	// The ring grows as calls arrive (a server that answers ten calls holds
	// ten entries), up to size; then it overwrites the oldest.
	if len(j.buf) < j.size {
		j.buf = append(j.buf, e)
	} else {
		j.buf[j.next] = e
	}
	j.next = (j.next + 1) % j.size
	if j.next == 0 {
		j.full = true
	}
	j.total++
}

// Query selects entries.
type Query struct {
	Action  string
	Code    string // "" any; "OK" successes only
	Account string // UID or access key
	Rule    string
	// Product and Network ("reset", "drop", "truncate", "slow"; "any" for
	// every network fault) narrow further.
	Product string
	Network string
	Limit   int // newest N (0: all)
}

// List returns matching entries, oldest first.
func (j *Journal) List(q Query) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	var all []Entry
	if j.full {
		all = append(all, j.buf[j.next:]...)
	}
	all = append(all, j.buf[:j.next]...)
	out := make([]Entry, 0, len(all))
	for _, e := range all {
		if q.Action != "" && e.Action != q.Action {
			continue
		}
		if q.Code == "OK" && e.Code != "" {
			continue
		}
		if q.Code != "" && q.Code != "OK" && e.Code != q.Code {
			continue
		}
		if q.Account != "" && e.Account != q.Account && e.AccessKey != q.Account {
			continue
		}
		if q.Rule != "" && e.Rule != q.Rule {
			continue
		}
		if q.Product != "" && e.Product != q.Product {
			continue
		}
		if q.Network == "any" && e.Network == "" || q.Network != "" && q.Network != "any" && e.Network != q.Network {
			continue
		}
		out = append(out, e)
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[len(out)-q.Limit:]
	}
	return out
}

// Total is how many calls were ever recorded (dropped ones included).
func (j *Journal) Total() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.total
}

// Size is the ring's capacity.
func (j *Journal) Size() int { return j.size }

// Reset empties the journal.
func (j *Journal) Reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf = nil
	j.next, j.full, j.seq, j.total = 0, false, 0, 0
}
