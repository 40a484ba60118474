// Package journal records the calls a server answered in a bounded ring: the
// oldest entries are dropped once the ring holds its number of entries
// (default 10,000) or its number of bytes (default 32 MiB). A parameter value
// longer than MaxValue bytes is kept truncated and marked; an entry keeps at
// most MaxParamBytes of parameters. Calls that failed authentication are
// recorded by the server without parameters, so unsigned traffic cannot fill
// memory.
package journal

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Limits of the journal.
const (
	// DefaultSize is the ring's capacity in entries unless configured.
	DefaultSize = 10000
	// MaxSize is the largest capacity in entries accepted.
	MaxSize = 1000000
	// DefaultBytes is the ring's capacity in bytes unless configured.
	DefaultBytes = 32 << 20
	// MinBytes and MaxBytes bound a configured byte capacity.
	MinBytes = 64 << 10
	MaxBytes = 16 << 30
	// MaxValue is the longest parameter value kept whole; longer values keep
	// their first MaxValue bytes followed by a TruncatedMark note.
	MaxValue = 1024
	// MaxParamBytes bounds the parameters of one entry (names and values);
	// parameters beyond it are left out and counted under the "…" key.
	MaxParamBytes = 16 << 10
	// entryOverhead is the cost counted for an entry besides its strings.
	entryOverhead = 256
)

// TruncatedMark starts the note that replaces the end of a long value.
const TruncatedMark = "…[truncated: "

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

// Journal is a ring of entries bounded in count and in bytes.
type Journal struct {
	mu       sync.Mutex
	size     int
	maxBytes int64
	buf      []Entry // live entries are buf[head:]
	head     int
	bytes    int64
	seq      int64
	total    int64
	dropped  int64
}

// New returns a journal holding at most size entries (DefaultSize when <= 0)
// and DefaultBytes.
func New(size int) *Journal { return NewLimited(size, 0) }

// NewLimited returns a journal holding at most size entries (DefaultSize
// when <= 0) and maxBytes bytes (DefaultBytes when <= 0). Memory grows with
// use: nothing is allocated up front.
func NewLimited(size int, maxBytes int64) *Journal {
	if size <= 0 {
		size = DefaultSize
	}
	if maxBytes <= 0 {
		maxBytes = DefaultBytes
	}
	return &Journal{size: size, maxBytes: maxBytes}
}

// CheckLimits reports whether a size and byte capacity are acceptable (0
// means the default).
func CheckLimits(size int, maxBytes int64) error {
	if size < 0 || size > MaxSize {
		return fmt.Errorf("--journal-size must be between 1 and %d entries (0: %d), not %d", MaxSize, DefaultSize, size)
	}
	if maxBytes != 0 && (maxBytes < MinBytes || maxBytes > MaxBytes) {
		return fmt.Errorf("--journal-bytes must be between %d and %d (0: %d), not %d", int64(MinBytes), int64(MaxBytes), int64(DefaultBytes), maxBytes)
	}
	return nil
}

// Bound returns params fit for an entry: values longer than MaxValue are
// truncated and marked, and parameters beyond MaxParamBytes (taken in name
// order) are left out and counted under the key "…".
func Bound(params map[string]string) map[string]string {
	out := make(map[string]string, len(params))
	total := 0
	for _, v := range params {
		total += len(v)
	}
	if total <= MaxParamBytes && len(params) < 256 {
		fits := true
		for k, v := range params {
			if len(v) > MaxValue || len(k) > MaxValue {
				fits = false
				break
			}
		}
		if fits {
			for k, v := range params {
				out[k] = v
			}
			return out
		}
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	used, left := 0, 0
	for _, k := range keys {
		v := params[k]
		if len(k) > MaxValue {
			k = k[:MaxValue] + fmt.Sprintf("%s%d bytes]", TruncatedMark, len(k))
		}
		if len(v) > MaxValue {
			v = v[:MaxValue] + fmt.Sprintf("%s%d bytes]", TruncatedMark, len(v))
		}
		if used+len(k)+len(v) > MaxParamBytes {
			left++
			continue
		}
		used += len(k) + len(v)
		out[k] = v
	}
	if left > 0 {
		out["…"] = fmt.Sprintf("%d more parameters not recorded", left)
	}
	return out
}

// cost estimates the memory an entry holds.
func cost(e *Entry) int64 {
	n := entryOverhead + len(e.RequestID) + len(e.Account) + len(e.AccessKey) + len(e.Product) +
		len(e.Action) + len(e.Region) + len(e.Code) + len(e.Rule) + len(e.Network)
	for k, v := range e.Params {
		n += len(k) + len(v) + 32
	}
	return int64(n)
}

// Add records an entry and assigns its sequence number. Its parameters are
// bounded (see Bound); the oldest entries go when a limit is passed.
func (j *Journal) Add(e Entry) {
	if e.Params != nil {
		e.Params = Bound(e.Params)
	}
	c := cost(&e)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	j.buf = append(j.buf, e)
	j.bytes += c
	j.total++
	for len(j.buf)-j.head > j.size || (j.bytes > j.maxBytes && len(j.buf)-j.head > 1) {
		j.bytes -= cost(&j.buf[j.head])
		j.buf[j.head] = Entry{}
		j.head++
		j.dropped++
	}
	if j.head > 1024 && j.head*2 > len(j.buf) {
		j.buf = append([]Entry(nil), j.buf[j.head:]...)
		j.head = 0
	}
}

// Remove drops every entry drop accepts (an account's entries when it is
// deleted) and returns how many went.
func (j *Journal) Remove(drop func(*Entry) bool) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	kept := make([]Entry, 0, len(j.buf)-j.head)
	n := 0
	for i := j.head; i < len(j.buf); i++ {
		if drop(&j.buf[i]) {
			j.bytes -= cost(&j.buf[i])
			n++
			continue
		}
		kept = append(kept, j.buf[i])
	}
	j.buf, j.head = kept, 0
	return n
}

// Stats are the journal's counters.
type Stats struct {
	Entries  int   `json:"entries"`
	Bytes    int64 `json:"bytes"`
	MaxBytes int64 `json:"maxBytes"`
	Capacity int   `json:"capacity"`
	Total    int64 `json:"total"`
	Dropped  int64 `json:"dropped"`
}

// Stats reports the journal's counters.
func (j *Journal) Stats() Stats {
	j.mu.Lock()
	defer j.mu.Unlock()
	return Stats{Entries: len(j.buf) - j.head, Bytes: j.bytes, MaxBytes: j.maxBytes, Capacity: j.size,
		Total: j.total, Dropped: j.dropped}
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
	all := j.buf[j.head:]
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

// Size is the ring's capacity in entries.
func (j *Journal) Size() int { return j.size }

// MaxBytes is the ring's capacity in bytes.
func (j *Journal) MaxBytes() int64 { return j.maxBytes }

// Reset empties the journal.
func (j *Journal) Reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf, j.head = nil, 0
	j.bytes, j.seq, j.total, j.dropped = 0, 0, 0, 0
}
