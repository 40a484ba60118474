// Package store keeps ecmock's resources: every account's physical
// connections, VBRs, ECRs, transit routers, attachments... as generic records
// with a type, an owner, a region, a status and the documented fields. The
// server owns one Store; nothing here is global.
//
// Statuses move on their own through Settle: a Policy (the catalogue's
// lifecycles, the timing profile and the chaos engine's lifecycle rules) says
// where a status goes and when (after a duration of ecmock time, or after the
// resource has been read N times in that status). Settlement is lazy: it runs
// whenever a resource is looked up, so no goroutine or timer is involved and
// a manual clock gives fully repeatable runs.
package store

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecmock/ecmock/internal/clock"
)

// Gone is the status a transition leads to when the resource disappears.
const Gone = "-"

// Resource is one cloud resource.
type Resource struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Owner  string `json:"owner"` // account UID
	Region string `json:"region"`
	Status string `json:"status"`
	// Since is the ecmock time the resource entered Status; Reads counts the
	// reads that found it in Status.
	Since time.Time `json:"since"`
	Reads int       `json:"reads"`
	// CreatedBy is the action that created the resource ("fixture" for
	// scenario fixtures).
	CreatedBy string    `json:"createdBy"`
	Created   time.Time `json:"created"`
	Seq       int64     `json:"seq"`
	// Attrs are the resource's documented fields other than its status.
	Attrs map[string]any `json:"attrs"`
}

// Str returns a string attribute ("" when absent).
func (r *Resource) Str(k string) string {
	switch v := r.Attrs[k].(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return fmt.Sprintf("%v", int64(v))
	default:
		return fmt.Sprint(v)
	}
}

// Int returns a numeric attribute (0 when absent).
func (r *Resource) Int(k string) int64 {
	switch v := r.Attrs[k].(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case float64:
		return int64(v)
	case json.Number:
		i, _ := v.Int64()
		return i
	case string:
		var i int64
		fmt.Sscan(v, &i)
		return i
	}
	return 0
}

// Bool returns a boolean attribute.
func (r *Resource) Bool(k string) bool {
	b, _ := r.Attrs[k].(bool)
	return b
}

// Set sets an attribute.
func (r *Resource) Set(k string, v any) { r.Attrs[k] = v }

// Step is where a status goes next and when. A nil *Step means the status is
// stable. After < 0 means no time limit; Reads 0 means no read limit; Never
// holds the status forever.
type Step struct {
	To    string
	After time.Duration
	Reads int
	Never bool
	// Rule names the fault rule that shaped the step ("" for the timing profile).
	Rule string
}

// Policy decides the next step of a resource in its current status.
type Policy func(r *Resource) *Step

// Hook runs when a resource enters a status through a transition (never on
// direct Set by a handler). It runs under the store's lock.
type Hook func(s *Store, r *Resource, from string)

// Store is the resource database of one server. All methods except the
// exported lock helpers must be called with the lock held (Lock/Unlock);
// the server's front door holds it around every handler.
type Store struct {
	mu     sync.Mutex
	clk    clock.Clock
	rng    *rand.Rand
	seed   int64
	byID   map[string]*Resource
	byType map[string]map[string]*Resource
	seq    int64
	policy Policy
	hooks  map[string][]Hook // by type
	// tokens remembers idempotent results: account|action|token → response.
	tokens map[string]any
	// Notes is free-form per-server memory for product packages (e.g. VLAN
	// retention records); keys are namespaced by the package.
	Notes map[string]any
}

// New returns an empty store on clock clk with a generator seeded by seed.
func New(clk clock.Clock, seed int64) *Store {
	s := &Store{clk: clk, seed: seed, hooks: map[string][]Hook{}}
	s.reset()
	return s
}

func (s *Store) reset() {
	s.rng = rand.New(rand.NewSource(s.seed))
	s.byID = map[string]*Resource{}
	s.byType = map[string]map[string]*Resource{}
	s.tokens = map[string]any{}
	s.Notes = map[string]any{}
	s.seq = 0
}

// Lock takes the store's lock.
func (s *Store) Lock() { s.mu.Lock() }

// Unlock releases it.
func (s *Store) Unlock() { s.mu.Unlock() }

// Reset empties the store and reseeds its generator (lock held).
func (s *Store) Reset() { s.reset() }

// Reseed replaces the seed and resets the generator (lock held).
func (s *Store) Reseed(seed int64) {
	s.seed = seed
	s.rng = rand.New(rand.NewSource(seed))
}

// SetPolicy installs the lifecycle policy.
func (s *Store) SetPolicy(p Policy) { s.policy = p }

// OnEnter registers a hook for a resource type.
func (s *Store) OnEnter(typ string, h Hook) { s.hooks[typ] = append(s.hooks[typ], h) }

// Now is the current ecmock time.
func (s *Store) Now() time.Time { return s.clk.Now() }

// Clock is the store's clock.
func (s *Store) Clock() clock.Clock { return s.clk }

// Rand is the seeded generator (lock held).
func (s *Store) Rand() *rand.Rand { return s.rng }

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// NewID makes a resource ID: prefix, "-", and 20 lowercase base-36 characters
// from the seeded generator (lock held).
func (s *Store) NewID(prefix string) string {
	for {
		var b strings.Builder
		b.WriteString(prefix)
		b.WriteByte('-')
		for i := 0; i < 20; i++ {
			b.WriteByte(idAlphabet[s.rng.Intn(len(idAlphabet))])
		}
		id := b.String()
		if _, taken := s.byID[id]; !taken {
			return id
		}
	}
}

// NewRequestID makes a request ID like 6FABF516-FED3-5697-BDA2-B18C5D9A1234
// (lock held).
func (s *Store) NewRequestID() string {
	const hex = "0123456789ABCDEF"
	var b [36]byte
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
		default:
			b[i] = hex[s.rng.Intn(16)]
		}
	}
	return string(b[:])
}

// Add stores a new resource; Created, Since and Seq are set if zero.
func (s *Store) Add(r *Resource) *Resource {
	now := s.clk.Now()
	if r.Created.IsZero() {
		r.Created = now
	}
	if r.Since.IsZero() {
		r.Since = now
	}
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	s.seq++
	r.Seq = s.seq
	s.index(r)
	return r
}

func (s *Store) index(r *Resource) {
	s.byID[r.ID] = r
	m := s.byType[r.Type]
	if m == nil {
		m = map[string]*Resource{}
		s.byType[r.Type] = m
	}
	m[r.ID] = r
}

func (s *Store) unindex(id string) {
	if r := s.byID[id]; r != nil {
		delete(s.byType[r.Type], id)
	}
	delete(s.byID, id)
}

// Get returns a resource by ID after settling its status, or nil.
func (s *Store) Get(id string) *Resource {
	r := s.byID[id]
	if r == nil {
		return nil
	}
	if !s.settle(r) {
		return nil
	}
	return r
}

// GetType returns a resource by ID if it has the given type.
func (s *Store) GetType(id, typ string) *Resource {
	r := s.Get(id)
	if r == nil || r.Type != typ {
		return nil
	}
	return r
}

// Delete removes a resource at once.
func (s *Store) Delete(id string) { s.unindex(id) }

// List returns the resources of a type (all types when typ is "") that keep
// pass (nil keeps all), settled, in creation order.
func (s *Store) List(typ string, keep func(*Resource) bool) []*Resource {
	var out []*Resource
	src := s.byID
	if typ != "" {
		src = s.byType[typ]
	}
	out = make([]*Resource, 0, len(src))
	for _, r := range src {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	kept := out[:0]
	for _, r := range out {
		if !s.settle(r) {
			continue
		}
		if keep == nil || keep(r) {
			kept = append(kept, r)
		}
	}
	return kept
}

// Find returns the first resource of a type that keep accepts, or nil.
func (s *Store) Find(typ string, keep func(*Resource) bool) *Resource {
	l := s.List(typ, keep)
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

// SetStatus moves a resource to a status now (a handler's own transition or a
// forced one); hooks run when run is true.
func (s *Store) SetStatus(r *Resource, status string, runHooks bool) {
	from := r.Status
	r.Status = status
	r.Since = s.clk.Now()
	r.Reads = 0
	if status == Gone {
		s.unindex(r.ID)
	}
	if runHooks {
		for _, h := range s.hooks[r.Type] {
			h(s, r, from)
		}
	}
}

// Observe records that a read found the resource in its current status. Call
// it for every resource a Describe/List answer shows.
func (s *Store) Observe(r *Resource) { r.Reads++ }

// NextStep reports the pending step of a resource (nil when stable).
func (s *Store) NextStep(r *Resource) *Step {
	if s.policy == nil {
		return nil
	}
	return s.policy(r)
}

// settle applies due transitions; false means the resource is gone.
func (s *Store) settle(r *Resource) bool {
	if s.policy == nil {
		return true
	}
	now := s.clk.Now()
	for i := 0; i < 16; i++ { // bound chains (a policy loop must not hang a request)
		st := s.policy(r)
		if st == nil || st.Never || st.To == r.Status {
			return true
		}
		due := false
		var at time.Time
		if st.After >= 0 && !now.Before(r.Since.Add(st.After)) {
			due, at = true, r.Since.Add(st.After)
		}
		if st.Reads > 0 && r.Reads >= st.Reads {
			due, at = true, now
		}
		if !due {
			return true
		}
		from := r.Status
		r.Status, r.Since, r.Reads = st.To, at, 0
		if st.To == Gone {
			s.unindex(r.ID)
		}
		for _, h := range s.hooks[r.Type] {
			h(s, r, from)
		}
		if st.To == Gone {
			return false
		}
	}
	return true
}

// SettleAll settles every resource (e.g. before an export).
func (s *Store) SettleAll() { s.List("", nil) }

// Token returns the remembered result of an idempotent call.
func (s *Store) Token(key string) (any, bool) {
	v, ok := s.tokens[key]
	return v, ok
}

// RememberToken stores the result of an idempotent call.
func (s *Store) RememberToken(key string, v any) { s.tokens[key] = v }

// RemoveOwner deletes every resource an account owns and the idempotency
// tokens of its calls (keys start with "<uid>|"); it returns how many of
// each went (lock held).
func (s *Store) RemoveOwner(uid string) (resources, tokens int) {
	for id, r := range s.byID {
		if r.Owner == uid {
			s.unindex(id)
			resources++
		}
	}
	prefix := uid + "|"
	for k := range s.tokens {
		if strings.HasPrefix(k, prefix) {
			delete(s.tokens, k)
			tokens++
		}
	}
	return resources, tokens
}

// Snapshot is the exported state of a store.
type Snapshot struct {
	Time      time.Time   `json:"time"`
	Resources []*Resource `json:"resources"`
}

// Export returns every resource (settled), in creation order.
func (s *Store) Export() Snapshot {
	return Snapshot{Time: s.clk.Now(), Resources: s.List("", nil)}
}

// Import replaces every resource with those of a snapshot.
func (s *Store) Import(snap Snapshot) error {
	byID := map[string]*Resource{}
	var max int64
	for i, r := range snap.Resources {
		if r.ID == "" || r.Type == "" || r.Owner == "" {
			return fmt.Errorf("resource %d: id, type and owner are required", i+1)
		}
		if _, dup := byID[r.ID]; dup {
			return fmt.Errorf("resource %s listed twice", r.ID)
		}
		if r.Attrs == nil {
			r.Attrs = map[string]any{}
		}
		if r.Seq == 0 {
			r.Seq = int64(i + 1)
		}
		if r.Seq > max {
			max = r.Seq
		}
		byID[r.ID] = r
	}
	s.byID, s.byType, s.seq = map[string]*Resource{}, map[string]map[string]*Resource{}, max
	for _, r := range byID {
		s.index(r)
	}
	return nil
}

// ImportOwned replaces the resources whose owner owned accepts (and their
// idempotency tokens) with those of a snapshot, keeping every other
// resource. Every snapshot resource must be owned that way and its ID free
// among the kept ones; nothing changes otherwise (lock held).
func (s *Store) ImportOwned(snap Snapshot, owned func(uid string) bool) error {
	seen := map[string]bool{}
	for i, r := range snap.Resources {
		if r == nil || r.ID == "" || r.Type == "" || r.Owner == "" {
			return fmt.Errorf("resource %d: id, type and owner are required", i+1)
		}
		if !owned(r.Owner) {
			return fmt.Errorf("resource %s: owner %s is not an account of yours", r.ID, r.Owner)
		}
		if seen[r.ID] {
			return fmt.Errorf("resource %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if old := s.byID[r.ID]; old != nil && !owned(old.Owner) {
			return fmt.Errorf("resource %s: the ID cannot be used", r.ID)
		}
	}
	for id, r := range s.byID {
		if owned(r.Owner) {
			s.unindex(id)
		}
	}
	for k := range s.tokens {
		if uid, _, ok := strings.Cut(k, "|"); ok && owned(uid) {
			delete(s.tokens, k)
		}
	}
	for _, r := range snap.Resources {
		if r.Attrs == nil {
			r.Attrs = map[string]any{}
		}
		s.seq++
		r.Seq = s.seq
		s.index(r)
	}
	return nil
}

// Count returns how many resources a store holds (all types).
func (s *Store) Count() int { return len(s.byID) }
