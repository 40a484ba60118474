// Package store keeps ecmock's resources: every account's physical
// connections, VBRs, ECRs, transit routers, attachments... as generic records
// with a type, an owner, a region, a status and the documented fields. The
// server owns one Store; nothing here is global.
//
// Statuses move on their own through Settle: a Policy (the catalogue's
// lifecycles, the timing profile and the chaos engine's lifecycle rules) says
// where a status goes and when (after a duration of ecmock time, or after the
// resource has been read N times in that status). No goroutine or timer is
// involved, so a manual clock gives fully repeatable runs. While the policy
// is static (SetStatic: no fault lifecycle rules), every resource that will
// move is on a schedule of due transitions and every locked call first
// applies those that are due; otherwise settlement is lazy, on every lookup.
//
// Resources are indexed by ID, by type, by (type, owner) and (type, owner,
// region), and by attributes a product declares (IndexAttr); every list keeps
// creation order, so no listing sorts or scans another account's resources.
package store

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	Reads int64     `json:"reads"`
	// CreatedBy is the action that created the resource ("fixture" for
	// scenario fixtures).
	CreatedBy string    `json:"createdBy"`
	Created   time.Time `json:"created"`
	Seq       int64     `json:"seq"`
	// Attrs are the resource's documented fields other than its status.
	Attrs map[string]any `json:"attrs"`

	// shared holds attributes this resource has in common with many others
	// (a prototype registered with Store.Prototype, read only): Attrs
	// shadows it. Get, Str, Int, Bool and AllAttrs see both; the JSON form
	// carries both in "attrs".
	shared map[string]any

	// index bookkeeping: removed once unindexed; the owner, region and
	// attribute values it is indexed under; its schedule version.
	removed           bool
	schedVer          uint32
	ixOwner, ixRegion string
	refVals           []string
	st                *Store // the store holding it (nil before Add)
}

// Get returns an attribute and whether the resource has it.
func (r *Resource) Get(k string) (any, bool) {
	if v, ok := r.Attrs[k]; ok {
		return v, true
	}
	v, ok := r.shared[k]
	return v, ok
}

// SetShared makes p the resource's shared attributes (read only, never
// changed afterwards; register it with Store.Prototype so that imports and
// restarts share it too). Its own attributes shadow p's.
func (r *Resource) SetShared(p map[string]any) { r.shared = p }

// Overrides says whether attrs gives any attribute of p.
func Overrides(attrs, p map[string]any) bool {
	for k := range attrs {
		if _, ok := p[k]; ok {
			return true
		}
	}
	return false
}

// Shared returns the resource's shared attributes (nil when it has none):
// read only, and shadowed by Attrs.
func (r *Resource) Shared() map[string]any { return r.shared }

// AllAttrs returns a new map of every attribute (its own and shared).
func (r *Resource) AllAttrs() map[string]any {
	out := make(map[string]any, len(r.Attrs)+len(r.shared))
	for k, v := range r.shared {
		out[k] = v
	}
	for k, v := range r.Attrs {
		out[k] = v
	}
	return out
}

// MarshalJSON writes the resource with its shared attributes in "attrs".
func (r *Resource) MarshalJSON() ([]byte, error) {
	type plain Resource
	if r.shared == nil {
		return json.Marshal((*plain)(r))
	}
	cp := *r
	cp.Attrs, cp.shared = r.AllAttrs(), nil
	return json.Marshal((*plain)(&cp))
}

// Str returns a string attribute ("" when absent).
func (r *Resource) Str(k string) string {
	v, _ := r.Get(k)
	switch v := v.(type) {
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
	v, _ := r.Get(k)
	switch v := v.(type) {
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
	v, _ := r.Get(k)
	b, _ := v.(bool)
	return b
}

// Set sets an attribute. Handlers change a stored resource's attributes only
// through Set (a durable store saves what Set touched).
func (r *Resource) Set(k string, v any) {
	if r.st == nil {
		r.Attrs[k] = v
		return
	}
	r.st.writing()
	counted := r.st.tallies[r.Type] != nil && r.st.counted(r)
	if counted {
		r.st.count(r, -1)
	}
	r.Attrs[k] = v
	if counted {
		r.st.count(r, +1)
	}
	r.st.touch(r)
}

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

// Store is the resource database of one server. Calls that change anything
// hold Lock; read-only calls may hold RLock when ReadReady says so (then the
// store's methods neither settle nor change indexes; only Observe counts, and
// it is atomic). Store tests and tools that own a store alone may call it
// without locking.
type Store struct {
	mu      sync.RWMutex
	excl    bool         // Lock is held (set under it)
	readers atomic.Int32 // RLock holders

	// gen guards the seeded generator, shared by IDs and request IDs.
	gen   sync.Mutex
	src   rand.Source64
	csrc  countingSource // src, counting draws
	draws int64
	rng   *rand.Rand // over csrc, used under gen
	pub   *rand.Rand // over a locking view of csrc, for handlers (Rand)
	seed  int64
	epoch int64 // reseeds so far (persistence)

	p persistence

	clk     clock.Clock
	byID    map[string]*Resource
	ix      indexes
	fresh   []*Resource // added since Lock: a handler may still set Owner/Region
	refs    map[string][]string
	protos  map[string][]map[string]any // by type (Prototype)
	tallies map[string]TallyFunc        // by type (Tally)
	seq     int64
	policy  Policy
	hooks   map[string][]Hook // by type

	static  func() bool
	movable func(typ, status string) bool
	mv      struct { // canMove's last answer (exclusive lock; forgotten at Lock)
		typ, status string
		moves, ok   bool
	}
	staticMode bool
	stale      atomic.Bool
	sched      schedule

	// tokens remembers idempotent results: account|action|token → response.
	tokens map[string]any
	// Notes is free-form per-server memory for product packages (e.g. VLAN
	// retention records); keys are namespaced by the package.
	Notes map[string]any
}

// New returns an empty store on clock clk with a generator seeded by seed.
func New(clk clock.Clock, seed int64) *Store {
	s := &Store{clk: clk, seed: seed, hooks: map[string][]Hook{}, refs: map[string][]string{}}
	s.reset()
	return s
}

func (s *Store) reset() {
	s.reseed(s.seed)
	s.byID = map[string]*Resource{}
	s.ix = newIndexes()
	s.fresh = nil
	s.sched = nil
	s.tokens = map[string]any{}
	s.Notes = map[string]any{}
	s.seq = 0
	if s.p.backend != nil {
		s.p.wipe = true
		clear(s.p.dirty)
		clear(s.p.tokens)
		s.p.lastNotes = nil
	}
}

// lockedSource is the generator's source seen through its lock, so a
// handler's Rand() and the front door's request IDs never race.
type lockedSource struct{ s *Store }

func (l lockedSource) Int63() int64 {
	l.s.gen.Lock()
	defer l.s.gen.Unlock()
	return l.s.csrc.Int63()
}

func (l lockedSource) Seed(seed int64) {
	l.s.gen.Lock()
	defer l.s.gen.Unlock()
	l.s.csrc.Seed(seed)
}

func (s *Store) reseed(seed int64) {
	s.gen.Lock()
	s.src = rand.NewSource(seed).(rand.Source64)
	s.draws = 0
	s.epoch++
	s.csrc = countingSource{src: s.src, draws: &s.draws}
	s.rng = rand.New(s.csrc)
	s.gen.Unlock()
	s.pub = rand.New(lockedSource{s})
}

// Lock takes the store's lock for a call that may change anything.
func (s *Store) Lock() {
	s.mu.Lock()
	s.excl = true
	s.mv.ok = false
}

// Unlock releases it.
func (s *Store) Unlock() {
	s.fixFresh()
	if !s.p.prepared {
		// a control call, a scenario, WithStore: saved now. (The front door
		// took its change set with PrepareCommit and writes it after the
		// lock is released: waiting for it here would wait for ourselves.)
		_ = s.Commit()
	}
	s.p.prepared = false
	s.fresh = s.fresh[:0]
	s.ix.tidy()
	s.sched.trim()
	s.excl = false
	s.mu.Unlock()
}

// RLock takes the store's lock for a read-only call (see ReadReady).
func (s *Store) RLock() {
	s.mu.RLock()
	s.readers.Add(1)
}

// RUnlock releases it.
func (s *Store) RUnlock() {
	s.readers.Add(-1)
	s.mu.RUnlock()
}

// writing panics when a change is attempted by a read-only call (a handler
// of an action the catalogue does not mark mutating that changes state).
func (s *Store) writing() {
	if s.readers.Load() > 0 && !s.excl {
		panic("store: a read-only call changed the store")
	}
}

// Reset empties the store and reseeds its generator (lock held).
func (s *Store) Reset() { s.reset() }

// Reseed replaces the seed and resets the generator (lock held).
func (s *Store) Reseed(seed int64) {
	s.seed = seed
	s.reseed(seed)
}

// SetPolicy installs the lifecycle policy.
func (s *Store) SetPolicy(p Policy) { s.policy = p; s.stale.Store(true) }

// SetStatic installs the test that says whether the policy is static now: its
// steps depend only on a resource's type, status and Since (no read limits,
// no per-resource rules). While it holds, transitions are scheduled and
// read-only calls can run in parallel; without it settlement is lazy.
func (s *Store) SetStatic(f func() bool) { s.static = f; s.stale.Store(true) }

// canMove asks the movable test, remembering the last answer for the rest
// of the locked call (a listing visits runs of one type and status).
func (s *Store) canMove(r *Resource) bool { return s.statusMoves(r.Type, r.Status) }

func (s *Store) statusMoves(typ, status string) bool {
	if s.movable == nil {
		return true
	}
	if typ != s.mv.typ || status != s.mv.status || !s.mv.ok {
		s.mv.typ, s.mv.status, s.mv.moves, s.mv.ok = typ, status, s.movable(typ, status), true
	}
	return s.mv.moves
}

// SetMovable installs a quick test of whether the policy can give a
// resource of a type in a status any step at all: settlement skips the
// policy for the others (visiting 100,000 Enabled connections while fault
// lifecycle rules are in force costs a lookup each, not a policy call).
func (s *Store) SetMovable(f func(typ, status string) bool) { s.movable = f }

// OnEnter registers a hook for a resource type.
func (s *Store) OnEnter(typ string, h Hook) { s.hooks[typ] = append(s.hooks[typ], h) }

// IndexAttr indexes resources of a type by an attribute (ByAttr). The value
// indexed is the one the resource has when it is added: use it for
// attributes set at creation that never change (references to a parent).
func (s *Store) IndexAttr(typ, attr string) {
	s.refs[typ] = append(s.refs[typ], attr)
}

// Prototype registers attributes many resources of a type have in common
// (e.g. the documented defaults a fixture gets). Share moves them out of a
// resource's own map into this one shared, read-only map when the resource
// has every one of them with the same value, so a large store keeps one
// copy. Values must be strings, numbers or booleans.
func (s *Store) Prototype(typ string, attrs map[string]any) {
	if s.protos == nil {
		s.protos = map[string][]map[string]any{}
	}
	s.protos[typ] = append(s.protos[typ], attrs)
}

// Share makes a resource use the first prototype of its type whose every
// attribute it has with the same value: its own map is replaced by a
// smaller one without them. Call it only on a resource whose Attrs map no
// one else holds (a fixture being built, a decoded import); handlers never
// need it. Safe without the lock (prototypes are registered at start).
func (s *Store) Share(r *Resource) {
	if r.shared != nil {
		return
	}
next:
	for _, p := range s.protos[r.Type] {
		if len(r.Attrs) < len(p) {
			continue
		}
		for k, v := range p {
			if have, ok := r.Attrs[k]; !ok || have != v {
				continue next
			}
		}
		own := make(map[string]any, len(r.Attrs)-len(p))
		for k, v := range r.Attrs {
			if _, common := p[k]; !common {
				own[k] = v
			}
		}
		r.Attrs, r.shared = own, p
		return
	}
}

// Now is the current ecmock time.
func (s *Store) Now() time.Time { return s.clk.Now() }

// Clock is the store's clock.
func (s *Store) Clock() clock.Clock { return s.clk }

// Rand is the seeded generator; safe under either lock.
func (s *Store) Rand() *rand.Rand { return s.pub }

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// NewID makes a resource ID: prefix, "-", and 20 lowercase base-36 characters
// from the seeded generator (lock held).
func (s *Store) NewID(prefix string) string {
	s.writing()
	for {
		b := make([]byte, 0, len(prefix)+21)
		b = append(b, prefix...)
		b = append(b, '-')
		s.gen.Lock()
		for i := 0; i < 20; i++ {
			b = append(b, idAlphabet[s.rng.Intn(len(idAlphabet))])
		}
		s.gen.Unlock()
		id := string(b)
		if _, taken := s.byID[id]; !taken {
			return id
		}
	}
}

// NewRequestID makes a request ID like 6FABF516-FED3-5697-BDA2-B18C5D9A1234
// (no store lock needed).
func (s *Store) NewRequestID() string {
	const hex = "0123456789ABCDEF"
	var b [36]byte
	s.gen.Lock()
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
		default:
			b[i] = hex[s.rng.Intn(16)]
		}
	}
	s.gen.Unlock()
	return string(b[:])
}

// Add stores a new resource; Created, Since and Seq are set if zero.
func (s *Store) Add(r *Resource) *Resource {
	s.writing()
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
	r.st = s
	s.index(r)
	s.touch(r)
	if len(s.fresh) < 1024 {
		s.fresh = append(s.fresh, r)
	}
	s.mode()
	s.plan(r)
	return r
}

func (s *Store) index(r *Resource) {
	if old := s.byID[r.ID]; old != nil {
		s.unindex(old.ID)
	}
	if r.removed && r.refVals != nil {
		// re-added after removal: its dead entries must not come back
		r.refVals = nil
	}
	s.byID[r.ID] = r
	s.ix.add(r, s.refs[r.Type])
	s.count(r, +1)
}

func (s *Store) unindex(id string) {
	r := s.byID[id]
	if r == nil {
		return
	}
	s.count(r, -1)
	delete(s.byID, id)
	s.ix.remove(r, s.refs[r.Type])
	r.schedVer++
	if s.p.backend != nil {
		s.p.dirty[id] = nil
	}
}

// fixFresh re-indexes resources added in this call whose handler changed
// their Owner or Region right after adding them.
func (s *Store) fixFresh() {
	for _, r := range s.fresh {
		if !r.removed && (r.Owner != r.ixOwner || r.Region != r.ixRegion) {
			s.count(r, -1)
			s.ix.reown(r)
			s.count(r, +1)
			s.touch(r)
		}
	}
}

// enter prepares a lookup: under Lock it settles what is due and fixes
// fresh resources' indexes.
func (s *Store) enter() {
	if s.readers.Load() > 0 && !s.excl {
		return // read-only call: nothing is due (ReadReady)
	}
	if len(s.fresh) > 0 {
		s.fixFresh()
	}
	s.settleDue()
}

// lazy reports whether lookups settle each resource they find (no schedule).
func (s *Store) lazy() bool { return !s.staticMode && !(s.readers.Load() > 0 && !s.excl) }

// Get returns a resource by ID after settling its status, or nil.
func (s *Store) Get(id string) *Resource {
	s.enter()
	r := s.byID[id]
	if r == nil {
		return nil
	}
	if s.lazy() {
		s.mv.ok = false
	}
	if s.lazy() && !s.settle(r) {
		return nil
	}
	if s.excl {
		s.touch(r) // a handler may change what it looked up
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
func (s *Store) Delete(id string) {
	s.writing()
	s.unindex(id)
}

// collect returns the entries of l that keep accepts, settled, in creation
// order.
func (s *Store) collect(l *olist, keep func(*Resource) bool) []*Resource {
	return s.collectSettling(l, keep, s.lazy())
}

// collectSettling is collect, settling each entry first when lazy.
func (s *Store) collectSettling(l *olist, keep func(*Resource) bool, lazy bool) []*Resource {
	src := l.view() // its entries never move: settling needs no copy
	if lazy {
		s.mv.ok = false // movability is asked afresh for each listing
	}
	var out []*Resource
	for _, r := range src {
		if r.removed {
			continue
		}
		if lazy && !s.settle(r) {
			continue
		}
		if keep == nil || keep(r) {
			if out == nil {
				out = make([]*Resource, 0, min(len(src), 64))
			}
			out = append(out, r)
		}
	}
	return out
}

// List returns the resources of a type (all types when typ is "") that keep
// pass (nil keeps all), settled, in creation order.
func (s *Store) List(typ string, keep func(*Resource) bool) []*Resource {
	s.enter()
	l := &s.ix.all
	if typ != "" {
		l = s.ix.byType[typ]
	}
	return s.collect(l, keep)
}

// ListOwned returns the resources of a type owned by an account UID, in a
// region unless region is "", that keep passes (nil keeps all), settled, in
// creation order. Only that account's resources are visited.
func (s *Store) ListOwned(typ, owner, region string, keep func(*Resource) bool) []*Resource {
	s.enter()
	s.settleMoving(typ, owner)
	return s.collectSettling(s.ix.owned[ownerKey{typ, owner, region}], keep, false)
}

// OwnedView is ListOwned without a filter and without a copy: the store's
// own list of the account's resources of a type (in a region unless region
// is ""), in creation order. The slice belongs to the store: read it, never
// change or keep it beyond the call. A listing of 100,000 resources costs
// nothing to take; only the page shown is rendered.
func (s *Store) OwnedView(typ, owner, region string) []*Resource {
	s.enter()
	l := s.ix.owned[ownerKey{typ, owner, region}]
	if l == nil {
		return nil
	}
	s.settleMoving(typ, owner) // (lazy mode: exclusive lock)
	if l.dead > 0 {
		if !s.excl {
			return s.collect(l, nil)
		}
		l.compact()
	}
	return l.view()
}

// CountOwned is how many resources of a type an account owns (in a region
// unless region is "").
func (s *Store) CountOwned(typ, owner, region string) int {
	s.enter()
	s.settleMoving(typ, owner)
	return s.ix.owned[ownerKey{typ, owner, region}].live()
}

// ByAttr returns the resources of a type whose attribute, indexed with
// IndexAttr, has the value val (and still has it), that keep passes, in
// creation order.
func (s *Store) ByAttr(typ, attr, val string, keep func(*Resource) bool) []*Resource {
	s.enter()
	indexed := false
	for _, a := range s.refs[typ] {
		indexed = indexed || a == attr
	}
	if !indexed {
		return s.List(typ, func(r *Resource) bool { return r.Str(attr) == val && (keep == nil || keep(r)) })
	}
	return s.collect(s.ix.refs[refKey{typ, attr, val}], func(r *Resource) bool {
		return r.Str(attr) == val && (keep == nil || keep(r))
	})
}

// Find returns the first resource of a type that keep accepts, or nil.
func (s *Store) Find(typ string, keep func(*Resource) bool) *Resource {
	l := s.List(typ, keep)
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

// Lookup returns the resources of a type with the given IDs that keep passes
// (nil keeps all), settled, each once, in creation order.
func (s *Store) Lookup(typ string, ids []string, keep func(*Resource) bool) []*Resource {
	var out []*Resource
	for _, id := range ids {
		r := s.GetType(id, typ)
		if r == nil || (keep != nil && !keep(r)) {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == r
		}
		if !dup {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// FindOwned returns the first resource ListOwned would list, or nil.
func (s *Store) FindOwned(typ, owner, region string, keep func(*Resource) bool) *Resource {
	l := s.ListOwned(typ, owner, region, keep)
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

// SetStatus moves a resource to a status now (a handler's own transition or a
// forced one); hooks run when run is true.
func (s *Store) SetStatus(r *Resource, status string, runHooks bool) {
	s.writing()
	from := r.Status
	counted := s.counted(r)
	if counted {
		s.count(r, -1)
	}
	r.Status = status
	r.Since = s.clk.Now()
	r.Reads = 0
	if counted {
		s.count(r, +1)
	}
	s.touch(r)
	if status == Gone {
		s.unindex(r.ID)
	}
	if runHooks {
		for _, h := range s.hooks[r.Type] {
			h(s, r, from)
		}
	}
	if status != Gone {
		s.mode()
		s.plan(r)
	}
}

// Observe records that a read found the resource in its current status. Call
// it for every resource a Describe/List answer shows.
func (s *Store) Observe(r *Resource) { atomic.AddInt64(&r.Reads, 1) }

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
	var now time.Time
	for i := 0; i < 16; i++ { // bound chains (a policy loop must not hang a request)
		if !s.canMove(r) {
			return true // a stable status: no need to ask the policy
		}
		if i == 0 {
			now = s.clk.Now()
		}
		st := s.policy(r)
		if st == nil || st.Never || st.To == r.Status {
			return true
		}
		due := false
		var at time.Time
		if st.After >= 0 && !now.Before(r.Since.Add(st.After)) {
			due, at = true, r.Since.Add(st.After)
		}
		if st.Reads > 0 && r.Reads >= int64(st.Reads) {
			due, at = true, now
		}
		if !due {
			return true
		}
		from := r.Status
		counted := s.counted(r)
		if counted {
			s.count(r, -1)
		}
		r.Status, r.Since, r.Reads = st.To, at, 0
		if counted {
			s.count(r, +1)
		}
		s.touch(r)
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
func (s *Store) RememberToken(key string, v any) {
	s.writing()
	s.tokens[key] = v
	if s.p.backend != nil {
		s.p.tokens[key] = true
	}
}

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
			s.dropToken(k)
			tokens++
		}
	}
	return resources, tokens
}

// dropToken forgets an idempotent result (and, with a state directory,
// removes it there with the call's changes).
func (s *Store) dropToken(key string) {
	delete(s.tokens, key)
	if s.p.backend != nil {
		s.p.tokens[key] = true
	}
}

// dropTokensNaming forgets every idempotent result that names one of the
// IDs: a retried create must never answer the ID of a resource that is gone.
func (s *Store) dropTokensNaming(gone map[string]bool) {
	if len(gone) == 0 {
		return
	}
	for k, v := range s.tokens {
		if namesAny(reflect.ValueOf(v), gone) {
			s.dropToken(k)
		}
	}
}

// namesAny reports whether a remembered answer holds one of the IDs as a
// string anywhere (maps, lists).
func namesAny(v reflect.Value, ids map[string]bool) bool {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && namesAny(v.Elem(), ids)
	case reflect.String:
		return ids[v.String()]
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if namesAny(it.Value(), ids) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if namesAny(v.Index(i), ids) {
				return true
			}
		}
	}
	return false
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
	s.writing()
	byID := map[string]bool{}
	var max int64
	rs := make([]*Resource, 0, len(snap.Resources))
	for i, r := range snap.Resources {
		if r == nil {
			return fmt.Errorf("resource %d: null", i+1)
		}
		if r.ID == "" || r.Type == "" || r.Owner == "" {
			return fmt.Errorf("resource %d: id, type and owner are required", i+1)
		}
		if byID[r.ID] {
			return fmt.Errorf("resource %s listed twice", r.ID)
		}
		byID[r.ID] = true
		if r.Attrs == nil {
			r.Attrs = map[string]any{}
		}
		if r.Seq == 0 {
			r.Seq = int64(i + 1)
		}
		if r.Seq > max {
			max = r.Seq
		}
		integral(r.Attrs) // whole numbers as handlers store them (int64)
		s.Share(r)
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Seq < rs[j].Seq })
	gone := map[string]bool{}
	for id := range s.byID {
		if !byID[id] {
			gone[id] = true
		}
	}
	s.dropTokensNaming(gone)
	s.byID, s.ix, s.seq, s.fresh = make(map[string]*Resource, len(rs)), newIndexes(), max, nil
	if s.p.backend != nil {
		// The wipe empties the saved tokens and notes too: what this store
		// keeps of them is written again with the imported resources.
		s.p.wipe = true
		clear(s.p.dirty)
		for k := range s.tokens {
			s.p.tokens[k] = true
		}
		s.p.lastNotes, s.p.lastPart = nil, nil
	}
	for _, r := range rs {
		r.removed = false
		r.st = s
		s.index(r)
		s.touch(r)
	}
	s.stale.Store(true)
	s.mode()
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
			s.dropToken(k)
		}
	}
	for _, r := range snap.Resources {
		if r.Attrs == nil {
			r.Attrs = map[string]any{}
		}
		integral(r.Attrs) // whole numbers as handlers store them (int64)
		s.Share(r)
		s.seq++
		r.Seq = s.seq
		r.removed = false
		r.st = s // its Set calls are seen (tallies, persistence)
		s.index(r)
		s.touch(r)
	}
	s.stale.Store(true) // the schedule is rebuilt with them
	s.mode()
	return nil
}

// Count returns how many resources a store holds (all types).
func (s *Store) Count() int { return len(s.byID) }
