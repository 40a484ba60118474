// Package chaos is ecmock's fault engine: fault rules that make chosen calls
// fail (documented errors, delays, broken connections, throttling) and
// lifecycle rules that hold, slow or divert resources in transitional states;
// and the scenario format that loads them with accounts, fixtures and timing.
//
// Order: call rules are kept in the order they were added. For each call the
// engine walks the rules whose matcher holds, in that order; each counts the
// call; the first whose trigger holds fires, and only it (its delay, then its
// network fault, then its error). Lifecycle rules work the same way for a
// resource in a status: the first matching rule shapes its next step, after
// the scenario's timing transitions have replaced the profile's.
//
// Every random decision (probability, a delay range, a pick among several
// codes) comes from one generator seeded by the server's seed or the
// scenario's, drawn in call order, so the same calls give the same answers.
// Rules are indexed by product and action: rules for other actions cost a
// call nothing.
package chaos

import (
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/clock"
	"github.com/ecmock/ecmock/internal/store"
)

// Config is what an engine needs from its server.
type Config struct {
	Catalog *catalog.Catalog
	Clock   clock.Clock
	// Seed seeds the generator (and is restored by Reset).
	Seed int64
	// ResolveAccount returns the UID of an access key or UID.
	ResolveAccount func(keyOrUID string) (uid string, ok bool)
	// ResourceTypes lists the resource types products know (fixtures).
	ResourceTypes func() []string
	// TenantOf returns the tenant owning an account UID ("" for none). A rule
	// with a Tenant matches only calls and resources of that tenant's
	// accounts.
	TenantOf func(uid string) string
}

// inTenant reports whether a rule may concern account uid.
func (e *Engine) inTenant(c *compiled, uid string) bool {
	if c.Tenant == "" {
		return true
	}
	return e.cfg.TenantOf != nil && uid != "" && e.cfg.TenantOf(uid) == c.Tenant
}

// Input is what the engine sees of a call.
type Input struct {
	Product   string
	Action    string
	Account   string // UID
	AccessKey string
	Region    string
	Params    api.Params
	Now       time.Time
}

// Decision is what the engine does to a call: delay it, break the
// connection, answer an error. Nil means no rule fired.
type Decision struct {
	Rule    string
	Delay   time.Duration
	Error   *api.Error
	Network string // reset, drop, truncate, slow
	// Chunk and Pause shape a slow body.
	Chunk int
	Pause time.Duration
}

// Default shape of a slow body.
const (
	DefaultChunk = 16
	DefaultPause = 100 * time.Millisecond
)

// Engine holds the rules of one server.
type Engine struct {
	cfg Config

	mu          sync.Mutex
	rng         *rand.Rand
	rngSeed     int64
	rngDraws    int64
	version     atomic.Int64 // changes with the state (Version)
	seq         int64
	rules       []*compiled                        // every rule, in order added
	index       map[string][]*compiled             // call rules by key ("P.A", "P", "")
	life        []*compiled                        // lifecycle rules in order
	transitions []Lifecycle                        // timing overrides
	nCall       atomic.Int64                       // call rules
	nShape      atomic.Int64                       // lifecycle rules + timing transitions
	shaped      atomic.Pointer[map[[2]string]bool] // (type, from) they name; type "" = any
}

// New returns an engine without rules.
func New(cfg Config) *Engine {
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	e := &Engine{cfg: cfg}
	e.reset()
	return e
}

func (e *Engine) reset() {
	e.seedRNG(e.cfg.Seed)
	e.version.Add(1)
	e.rules, e.life, e.transitions = nil, nil, nil
	e.index = map[string][]*compiled{}
	e.seq = 0
	e.counts()
}

// counts refreshes the fast-path counters (lock held).
func (e *Engine) counts() {
	n := 0
	for _, l := range e.index {
		n += len(l)
	}
	e.nCall.Store(int64(n))
	e.nShape.Store(int64(len(e.life) + len(e.transitions)))
	shaped := map[[2]string]bool{}
	for _, t := range e.transitions {
		shaped[[2]string{t.Type, t.From}] = true
	}
	for _, c := range e.life {
		shaped[[2]string{c.Lifecycle.Type, c.Lifecycle.From}] = true // Type "" = every type
	}
	e.shaped.Store(&shaped)
}

// ShapesStatus says whether a timing transition or a lifecycle rule may
// shape the step of a resource of a type in a status (safe without the
// engine's lock).
func (e *Engine) ShapesStatus(typ, status string) bool {
	if e.nShape.Load() == 0 {
		return false
	}
	m := e.shaped.Load()
	return m != nil && ((*m)[[2]string{typ, status}] || (*m)[[2]string{"", status}])
}

// Reset removes every rule and timing transition and reseeds the generator
// with the server's seed.
func (e *Engine) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reset()
}

// Reseed restarts the generator from seed.
func (e *Engine) Reseed(seed int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seedRNG(seed)
	e.version.Add(1)
}

// Batch is rules and timing transitions checked against the catalogue,
// ready to be committed together.
type Batch struct {
	rules       []*compiled
	transitions []Lifecycle
}

// Len is the number of rules in the batch.
func (b *Batch) Len() int { return len(b.rules) }

// Names lists the batch's rule names (generated ones once committed).
func (b *Batch) Names() []string {
	out := make([]string, len(b.rules))
	for i, c := range b.rules {
		out[i] = c.Name
	}
	return out
}

// Prepare checks rules and timing transitions without adding them. The
// errors name every mistake (with file and line for rules read from text).
func (e *Engine) Prepare(rules []Rule, transitions []Lifecycle, transitionErr func(i int, field, msg string) *FieldError) (*Batch, error) {
	var es Errors
	b := &Batch{}
	names := map[string]bool{}
	for _, r := range rules {
		c, errs := e.compile(r)
		es = append(es, errs...)
		if c == nil {
			continue
		}
		if c.Name != "" {
			if names[c.Name] {
				r.errAt(&es, "name", "rule name %q is used twice", c.Name)
			}
			names[c.Name] = true
		}
		b.rules = append(b.rules, c)
	}
	for i := range transitions {
		t := transitions[i]
		e.checkShape(&t, nil, true, func(field, format string, a ...any) {
			msg := fmt.Sprintf(format, a...)
			if transitionErr != nil {
				es = append(es, transitionErr(i, field, msg))
			} else {
				es = append(es, &FieldError{Field: fmt.Sprintf("timing.transitions[%d].%s", i, field), Msg: msg})
			}
		})
		b.transitions = append(b.transitions, t)
	}
	if len(es) > 0 {
		return nil, es
	}
	return b, nil
}

// Conflicts reports rule names of the batch already in use.
func (e *Engine) Conflicts(b *Batch) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.conflicts(b)
}

func (e *Engine) conflicts(b *Batch) error {
	var es Errors
	for _, c := range b.rules {
		if c.Name != "" && e.find(c.Name) != nil {
			c.errAt(&es, "name", "a rule named %q exists already: remove it first (DELETE /_ecmock/faults/%s)", c.Name, c.Name)
		}
	}
	return es.err()
}

// ErrExists marks a name clash (HTTP 409 in the control API).
type ErrExists struct{ error }

func (e ErrExists) Unwrap() error { return e.error }

// Commit adds a prepared batch: all of it, or nothing when a name is taken.
// With seed set, the generator restarts from it first.
func (e *Engine) Commit(b *Batch, seed *int64) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.conflicts(b); err != nil {
		return ErrExists{err}
	}
	if seed != nil {
		e.seedRNG(*seed)
	}
	e.version.Add(1)
	now := e.cfg.Clock.Now()
	for _, c := range b.rules {
		e.seq++
		c.seq, c.added = e.seq, now
		if c.Name == "" {
			c.Name = e.freeName()
		}
		c.buckets = map[string]*bucket{}
		c.shaped = map[string]struct{}{}
		e.rules = append(e.rules, c)
		if c.Lifecycle != nil {
			e.life = append(e.life, c)
		} else {
			e.index[c.key] = append(e.index[c.key], c)
		}
	}
	for _, t := range b.transitions {
		// a later transition for the same type and status replaces the earlier
		kept := e.transitions[:0]
		for _, old := range e.transitions {
			if old.Type != t.Type || old.From != t.From {
				kept = append(kept, old)
			}
		}
		e.transitions = append(kept, t)
	}
	e.counts()
	return nil
}

func (e *Engine) freeName() string {
	for i := e.seq; ; i++ {
		n := fmt.Sprintf("rule-%d", i)
		if e.find(n) == nil {
			return n
		}
	}
}

func (e *Engine) find(name string) *compiled {
	for _, c := range e.rules {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Add checks rules and adds them all, or none.
func (e *Engine) Add(rules ...Rule) error {
	b, err := e.Prepare(rules, nil, nil)
	if err != nil {
		return err
	}
	return e.Commit(b, nil)
}

// Remove deletes the named rule; false when there is none.
func (e *Engine) Remove(name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.find(name)
	if c == nil {
		return false
	}
	e.version.Add(1)
	e.rules = without(e.rules, c)
	if c.Lifecycle != nil {
		e.life = without(e.life, c)
	} else {
		e.index[c.key] = without(e.index[c.key], c)
		if len(e.index[c.key]) == 0 {
			delete(e.index, c.key)
		}
	}
	e.counts()
	return true
}

func without(list []*compiled, c *compiled) []*compiled {
	out := make([]*compiled, 0, len(list))
	for _, x := range list {
		if x != c {
			out = append(out, x)
		}
	}
	return out
}

// Clear removes every rule (timing transitions stay); it returns how many.
func (e *Engine) Clear() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := len(e.rules)
	e.version.Add(1)
	e.rules, e.life = nil, nil
	e.index = map[string][]*compiled{}
	e.counts()
	return n
}

// RuleStatus is a rule with its counters.
type RuleStatus struct {
	Rule Rule
	// Matched counts the calls (or resource states) the matcher selected;
	// Hits how often the rule fired.
	Matched, Hits int64
	// Added is the ecmock time the rule was added (its when window starts).
	Added time.Time
	Kind  string // "call" or "lifecycle"
}

// MarshalJSON writes the rule in the scenario format plus its counters.
func (s RuleStatus) MarshalJSON() ([]byte, error) {
	o := s.Rule.object()
	o["hits"], o["matched"], o["added"], o["kind"] = s.Hits, s.Matched, s.Added, s.Kind
	o["summary"] = s.Rule.describe()
	return marshal(o)
}

// Rules lists the rules in order with their counters.
func (e *Engine) Rules() []RuleStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]RuleStatus, 0, len(e.rules))
	for _, c := range e.rules {
		rs := RuleStatus{Rule: c.Rule, Matched: c.matched, Hits: c.hits, Added: c.added, Kind: "call"}
		rs.Rule.pos, rs.Rule.file, rs.Rule.path = nil, "", ""
		if c.Lifecycle != nil {
			rs.Kind = "lifecycle"
		}
		out = append(out, rs)
	}
	return out
}

// Transitions lists the timing transitions in force.
func (e *Engine) Transitions() []Lifecycle {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Lifecycle(nil), e.transitions...)
}

// Decide is called for every authenticated call of an existing action,
// before parameter validation.
func (e *Engine) Decide(in *Input) *Decision {
	if e.nCall.Load() == 0 {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	key := in.Product + "." + in.Action
	lists := [3][]*compiled{e.index[key], e.index[in.Product], e.index[""]}
	var idx [3]int
	view := callView{in: in}
	var fired *Decision
	for {
		// next rule in order added among the three index lists
		best := -1
		for i := range lists {
			if idx[i] < len(lists[i]) && (best < 0 || lists[i][idx[i]].seq < lists[best][idx[best]].seq) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		c := lists[best][idx[best]]
		idx[best]++
		if !c.matchCall(&view) || !e.inTenant(c, in.Account) {
			continue
		}
		var codes []string
		if c.codes != nil {
			if codes = c.codes[key]; codes == nil {
				continue // none of its codes is documented for this action
			}
		}
		c.matched++
		e.version.Add(1)
		if fired != nil || !e.triggered(c, in.Now) {
			continue
		}
		if t := c.Do.Throttle; t != nil && c.take(in.Account+"|"+key, t, in.Now) {
			continue
		}
		fired = e.fire(c, codes)
	}
	return fired
}

// triggered checks a rule's when: window, calls, every, limit, then the
// probability draw (drawn only when the rest holds).
func (e *Engine) triggered(c *compiled, now time.Time) bool {
	w := &c.When
	if w.From > 0 || w.Until > 0 {
		since := now.Sub(c.added)
		if since < w.From || (w.Until > 0 && since >= w.Until) {
			return false
		}
	}
	if c.calls != nil && !inSpans(c.calls, c.matched) {
		return false
	}
	if w.Every > 0 && c.matched%int64(w.Every) != 0 {
		return false
	}
	if w.Limit > 0 && c.hits >= int64(w.Limit) {
		return false
	}
	if w.Probability > 0 && w.Probability < 1 && e.rng.Float64() >= w.Probability {
		return false
	}
	return true
}

func (e *Engine) fire(c *compiled, codes []string) *Decision {
	c.hits++
	d := c.Do
	out := &Decision{Rule: c.Name, Delay: d.Delay, Network: d.Network}
	if d.DelayMax > d.Delay && d.DelayMax <= MaxDelay {
		out.Delay = d.Delay + time.Duration(e.rng.Int63n(int64(d.DelayMax-d.Delay)+1))
	}
	if d.Network == "slow" {
		out.Chunk, out.Pause = d.Chunk, d.Pause
		if out.Chunk == 0 {
			out.Chunk = DefaultChunk
		}
		if out.Pause == 0 {
			out.Pause = DefaultPause
		}
	}
	if len(codes) > 0 {
		code := codes[0]
		if len(codes) > 1 {
			code = codes[e.rng.Intn(len(codes))]
		}
		out.Error = &api.Error{Code: code, Message: d.Message, Force: d.Force, Status: d.Status,
			Reason: "fault rule " + c.Name}
	}
	return out
}

// Lifecycle shapes the next step of a resource: the scenario's timing
// transitions replace the profile's step def, then the first lifecycle rule
// that matches the resource in its status decides. Called by the store on
// every settlement, under the store's lock.
// Shapes reports whether lifecycle rules or timing transitions are in force
// (then Lifecycle's answer depends on more than a resource's type and status).
func (e *Engine) Shapes() bool { return e.nShape.Load() != 0 }

func (e *Engine) Lifecycle(r *store.Resource, def *store.Step) *store.Step {
	if e.nShape.Load() == 0 {
		return def
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range e.transitions {
		t := &e.transitions[i]
		if t.Type == r.Type && t.From == r.Status {
			def = shape(t, def, "")
			break
		}
	}
	for _, c := range e.life {
		l := c.Lifecycle
		if l.From != r.Status || (l.Type != "" && l.Type != r.Type) || !e.matchResource(c, r) {
			continue
		}
		st := shape(l, def, c.Name)
		if st == nil {
			continue
		}
		c.matched++
		e.version.Add(1)
		k := r.ID + "|" + r.Status + "|" + r.Since.Format(time.RFC3339Nano)
		if _, seen := c.shaped[k]; !seen {
			c.shaped[k] = struct{}{}
			c.hits++
		}
		return st
	}
	return def
}

func (e *Engine) matchResource(c *compiled, r *store.Resource) bool {
	m := &c.Match
	if !e.inTenant(c, r.Owner) {
		return false
	}
	if m.Resource != "" && m.Resource != r.ID {
		return false
	}
	if m.Region != "" && m.Region != r.Region {
		return false
	}
	if m.Action != "" && m.Action != r.CreatedBy {
		return false
	}
	if c.types != nil && !c.types[r.Type] {
		return false
	}
	if m.Account != "" && m.Account != r.Owner {
		uid, ok := "", false
		if e.cfg.ResolveAccount != nil {
			uid, ok = e.cfg.ResolveAccount(m.Account)
		}
		if !ok || uid != r.Owner {
			return false
		}
	}
	return true
}

// shape turns a lifecycle shape into a store step; nil when it names no
// target and the profile has none either.
func shape(l *Lifecycle, def *store.Step, rule string) *store.Step {
	to := l.To
	if to == "" {
		if def == nil {
			if !l.Never {
				return nil
			}
		} else {
			to = def.To
		}
	}
	st := &store.Step{To: to, Rule: rule}
	switch {
	case l.Never:
		st.Never, st.After = true, -1
	case l.Reads > 0:
		st.Reads, st.After = l.Reads, -1
	default:
		st.After = l.After
	}
	return st
}
