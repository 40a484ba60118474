package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"sync"
	"sync/atomic"
)

// Backend keeps a store's state durably (internal/persist: bbolt). The store
// calls Commit, with its lock held, at the end of every call that held Lock
// and changed anything, before the call's answer leaves; Commit must make
// the change set durable (fsync) before it returns.
type Backend interface {
	Commit(c *Changes) error
}

// Changes is one durable change set. Resources are JSON records (Resource's
// exported fields); Deleted are IDs gone since the last commit; Tokens and
// Notes are JSON values by key (a nil value deletes the key); Parts are the
// serialized states of the server's other parts (accounts, clock, timing…)
// that changed. Wipe empties resources, tokens and notes first (reset,
// import).
type Changes struct {
	Wipe      bool
	Resources map[string][]byte
	Deleted   []string
	Tokens    map[string][]byte
	Notes     map[string][]byte
	Parts     map[string][]byte
	Gen       Generator
}

// Generator is the position of the seeded generator: its seed and how many
// values were drawn since it was seeded, and the last resource sequence
// number. A restored store draws Draws values again and continues exactly.
type Generator struct {
	Seed  int64 `json:"seed"`
	Draws int64 `json:"draws"`
	Seq   int64 `json:"seq"`
	// Epoch counts reseeds, so a position saved for an earlier seeding is
	// never applied to a later one.
	Epoch int64 `json:"epoch"`
}

// GenMarker is a backend that also keeps the generator's position between
// commits, cheaply (no fsync: it survives a killed process, not a power
// loss): calls that change nothing still draw request IDs.
type GenMarker interface {
	MarkGen(g Generator) error
}

// Saved is what a backend loaded at start.
type Saved struct {
	Resources [][]byte
	Tokens    map[string][]byte
	Notes     map[string][]byte
	Parts     map[string][]byte
	Gen       *Generator
	// GenMark is the newer position a GenMarker kept, if any.
	GenMark *Generator
}

// Part is a piece of server state outside the store that is saved with it:
// Save is called (lock held) at every commit and written when its bytes
// changed; Load restores it at start.
type Part struct {
	Name string
	Save func() ([]byte, error)
	Load func([]byte) error
}

// persistence is the store's bookkeeping of what changed since the last
// commit (only when a backend is set: in-memory stores pay nothing).
type persistence struct {
	backend   Backend
	dirty     map[string]*Resource // by ID; nil value: deleted
	tokens    map[string]bool
	wipe      bool
	parts     []Part
	lastPart  map[string][]byte
	lastNotes map[string][]byte
	noteTypes map[string]func([]byte) (any, error)
	lastGen   Generator
	marked    Generator // the last position MarkGenerator kept (under gen)

	// change sets are written in ticket order, outside the store's lock
	issued   uint64 // tickets handed out (store lock held)
	prepared bool   // a change set was taken in this locked section
	cmu      sync.Mutex
	cond     *sync.Cond
	written  uint64 // tickets written (cmu held)
	broken   atomic.Bool
}

// countingSource counts the values drawn from the seeded source so its
// position can be saved and restored.
type countingSource struct {
	src   rand.Source64
	draws *int64
}

func (c countingSource) Int63() int64   { *c.draws++; return c.src.Int63() }
func (c countingSource) Uint64() uint64 { *c.draws++; return c.src.Uint64() }
func (c countingSource) Seed(seed int64) {
	*c.draws = 0
	c.src.Seed(seed)
}

// NoteType tells the store how to restore a Notes entry saved as JSON (a
// product's own type, e.g. VLAN holds); entries without one come back as
// plain JSON values.
func (s *Store) NoteType(key string, decode func([]byte) (any, error)) {
	if s.p.noteTypes == nil {
		s.p.noteTypes = map[string]func([]byte) (any, error){}
	}
	s.p.noteTypes[key] = decode
}

// AddPart registers a part of server state saved with the store.
func (s *Store) AddPart(p Part) { s.p.parts = append(s.p.parts, p) }

// Durable reports whether the store has a backend.
func (s *Store) Durable() bool { return s.p.backend != nil }

// touch records that a resource changed (backend only; lock held).
func (s *Store) touch(r *Resource) {
	if s.p.backend != nil {
		s.p.dirty[r.ID] = r
	}
}

// Restore loads saved state into an empty store and attaches the backend:
// from now on every Lock…Unlock that changes anything commits. Parts
// registered with AddPart are loaded too.
func (s *Store) Restore(saved *Saved, b Backend) error {
	s.reset()
	rs := make([]*Resource, 0, len(saved.Resources))
	for i, raw := range saved.Resources {
		r := &Resource{}
		if err := json.Unmarshal(raw, r); err != nil {
			return fmt.Errorf("saved resource %d is not readable: %v", i+1, err)
		}
		if r.ID == "" || r.Type == "" || r.Owner == "" {
			return fmt.Errorf("saved resource %d has no id, type or owner", i+1)
		}
		if r.Attrs == nil {
			r.Attrs = map[string]any{}
		}
		integral(r.Attrs)
		s.Share(r)
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Seq < rs[j].Seq })
	for _, r := range rs {
		r.st = s
		s.index(r)
		if r.Seq > s.seq {
			s.seq = r.Seq
		}
	}
	for k, raw := range saved.Tokens {
		var v map[string]any
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("saved token %q is not readable: %v", k, err)
		}
		integral(v)
		s.tokens[k] = v
	}
	s.p.lastNotes = map[string][]byte{}
	for k, raw := range saved.Notes {
		var v any
		var err error
		if dec := s.p.noteTypes[k]; dec != nil {
			v, err = dec(raw)
		} else {
			err = json.Unmarshal(raw, &v)
		}
		if err != nil {
			return fmt.Errorf("saved note %q is not readable: %v", k, err)
		}
		s.Notes[k] = v
		s.p.lastNotes[k] = raw
	}
	if g := saved.Gen; g != nil {
		draws := g.Draws
		if m := saved.GenMark; m != nil && m.Epoch == g.Epoch && m.Seed == g.Seed && m.Draws > draws {
			draws = m.Draws
		}
		s.seed = g.Seed
		s.reseed(g.Seed)
		s.epoch = g.Epoch
		for i := int64(0); i < draws; i++ {
			s.src.Int63()
		}
		s.draws = draws
		if g.Seq > s.seq {
			s.seq = g.Seq
		}
	}
	s.p.lastPart = map[string][]byte{}
	for _, p := range s.p.parts {
		raw, ok := saved.Parts[p.Name]
		if !ok {
			continue
		}
		if err := p.Load(raw); err != nil {
			return fmt.Errorf("saved %s is not readable: %v", p.Name, err)
		}
		s.p.lastPart[p.Name] = raw
	}
	s.p.backend = b
	s.p.cond = sync.NewCond(&s.p.cmu)
	s.p.dirty = map[string]*Resource{}
	s.p.tokens = map[string]bool{}
	s.p.lastGen = s.genPos()
	s.stale.Store(true)
	return nil
}

// integral turns whole JSON numbers back into int64, as handlers store them.
func integral(m map[string]any) {
	for k, v := range m {
		m[k] = integralValue(v)
	}
}

func integralValue(v any) any {
	switch t := v.(type) {
	case float64:
		if t == float64(int64(t)) && t < 1<<53 && t > -(1<<53) {
			return int64(t)
		}
	case map[string]any:
		integral(t)
	case []any:
		for i := range t {
			t[i] = integralValue(t[i])
		}
	}
	return v
}

func (s *Store) genPos() Generator {
	s.gen.Lock()
	defer s.gen.Unlock()
	return Generator{Seed: s.seed, Draws: s.draws, Seq: s.seq, Epoch: s.epoch}
}

// MarkGenerator keeps the generator's position through the backend's
// GenMarker (no lock needed). The front door calls it before every answer.
func (s *Store) MarkGenerator() {
	m, ok := s.p.backend.(GenMarker)
	if !ok {
		return
	}
	s.gen.Lock()
	defer s.gen.Unlock()
	g := Generator{Seed: s.seed, Draws: s.draws, Epoch: s.epoch}
	if g.Draws == s.p.marked.Draws && g.Epoch == s.p.marked.Epoch {
		return
	}
	if err := m.MarkGen(g); err == nil {
		s.p.marked = g
	}
}

// Commit writes what changed since the last commit through the backend
// (lock held; nothing to do without a backend). Unlock calls it.
func (s *Store) Commit() error { return s.PrepareCommit()() }

// PrepareCommit takes what changed since the last commit (lock held) and
// returns the function that writes it durably: the front door calls that
// after releasing the store's lock and before it answers, so other calls
// need not wait for the disk. Change sets are written in the order they
// were taken. Without a backend, or with nothing changed, the function does
// nothing.
func (s *Store) PrepareCommit() func() error {
	c, err := s.changes()
	if err != nil || c == nil {
		return func() error { return err }
	}
	p := &s.p
	ticket := p.issued
	p.issued++
	p.prepared = true // Unlock leaves what follows to the next commit
	return func() error {
		p.cmu.Lock()
		defer p.cmu.Unlock()
		for p.written != ticket {
			p.cond.Wait()
		}
		err := p.backend.Commit(c)
		if err != nil && !p.broken.Load() {
			p.broken.Store(true) // the next change set rewrites everything
		}
		p.written++
		p.cond.Broadcast()
		return err
	}
}

// changes builds the change set since the last one (nil: nothing changed).
func (s *Store) changes() (*Changes, error) {
	p := &s.p
	if p.backend == nil || (s.readers.Load() > 0 && !s.excl) {
		return nil, nil // in memory, or a read-only call (it changed nothing)
	}
	if p.broken.Load() {
		// a change set was not written: write the whole state again
		p.broken.Store(false)
		p.wipe = true
		for id, r := range s.byID {
			p.dirty[id] = r
		}
		for k := range s.tokens {
			p.tokens[k] = true
		}
		p.lastNotes, p.lastPart, p.lastGen = nil, nil, Generator{}
	}
	c := &Changes{Wipe: p.wipe, Gen: s.genPos()}
	if len(p.dirty) > 0 {
		c.Resources = make(map[string][]byte, len(p.dirty))
		for id, r := range p.dirty {
			if r == nil || r.removed || s.byID[id] != r {
				if s.byID[id] == nil {
					c.Deleted = append(c.Deleted, id)
				}
				continue
			}
			b, err := json.Marshal(r)
			if err != nil {
				return nil, fmt.Errorf("resource %s: %v", id, err)
			}
			c.Resources[id] = b
		}
		sort.Strings(c.Deleted)
	}
	if len(p.tokens) > 0 {
		c.Tokens = make(map[string][]byte, len(p.tokens))
		for k := range p.tokens {
			v, ok := s.tokens[k]
			if !ok {
				c.Tokens[k] = nil
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("token %s: %v", k, err)
			}
			c.Tokens[k] = b
		}
	}
	notes := map[string][]byte{}
	for k, v := range s.Notes {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("note %s: %v", k, err)
		}
		notes[k] = b
		if !bytes.Equal(p.lastNotes[k], b) {
			if c.Notes == nil {
				c.Notes = map[string][]byte{}
			}
			c.Notes[k] = b
		}
	}
	for k := range p.lastNotes {
		if _, ok := notes[k]; !ok {
			if c.Notes == nil {
				c.Notes = map[string][]byte{}
			}
			c.Notes[k] = nil
		}
	}
	parts := map[string][]byte{}
	for _, pt := range p.parts {
		b, err := pt.Save()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", pt.Name, err)
		}
		parts[pt.Name] = b
		if !bytes.Equal(p.lastPart[pt.Name], b) {
			if c.Parts == nil {
				c.Parts = map[string][]byte{}
			}
			c.Parts[pt.Name] = b
		}
	}
	if !c.Wipe && c.Resources == nil && c.Deleted == nil && c.Tokens == nil && c.Notes == nil && c.Parts == nil && c.Gen == p.lastGen {
		return nil, nil
	}
	p.wipe = false
	clear(p.dirty)
	clear(p.tokens)
	p.lastNotes, p.lastPart, p.lastGen = notes, parts, c.Gen
	return c, nil
}
