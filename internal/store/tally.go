package store

import (
	"cmp"
	"slices"
)

// A tally counts, per owner, the resources of a type by the keys a product
// gives each (its status, its access point, ...), kept up to date as
// resources are added, removed, change status or attributes: a quota check
// reads a count instead of visiting every resource of an account (a create
// in an account of 100,000 connections stays microseconds).

// TallyKey is one thing a resource is counted under: a kind ("status") and a
// value ("Enabled").
type TallyKey struct{ Kind, Value string }

// TallyFunc gives the keys a resource is counted under (none: not counted).
// It must depend only on the resource's status and attributes.
type TallyFunc func(r *Resource) []TallyKey

type tallyKey struct {
	typ, owner  string
	kind, value string
}

// Tally registers a type's tally (at start, before resources are added).
func (s *Store) Tally(typ string, f TallyFunc) {
	if s.tallies == nil {
		s.tallies = map[string]TallyFunc{}
	}
	s.tallies[typ] = f
}

// Tallied returns the counts of an owner's resources of a type, their
// statuses settled to now. (While fault lifecycle rules are in force,
// statuses settle lazily: the owner's resources of the type in a status
// that can move are settled first; no other resource is visited.)
func (s *Store) Tallied(typ, owner string) Counts {
	s.enter()
	s.settleMoving(typ, owner)
	return Counts{s, typ, owner}
}

// Counts reads an owner's tally of a type (Tallied).
type Counts struct {
	s          *Store
	typ, owner string
}

// Of is how many are counted under a key.
func (c Counts) Of(kind, value string) int {
	return c.s.ix.counts[tallyKey{c.typ, c.owner, kind, value}]
}

// count adds d to the counts of r's status and of its tally's keys under
// the owner it is indexed under.
func (s *Store) count(r *Resource, d int) {
	sk := [2]string{r.Type, r.ixOwner}
	if s.ix.statuses == nil {
		s.ix.statuses = map[[2]string]map[string]map[*Resource]struct{}{}
	}
	byStatus := s.ix.statuses[sk]
	if byStatus == nil {
		byStatus = map[string]map[*Resource]struct{}{}
		s.ix.statuses[sk] = byStatus
	}
	set := byStatus[r.Status]
	if d > 0 {
		if set == nil {
			set = map[*Resource]struct{}{}
			byStatus[r.Status] = set
		}
		set[r] = struct{}{}
	} else if delete(set, r); len(set) == 0 {
		if delete(byStatus, r.Status); len(byStatus) == 0 {
			delete(s.ix.statuses, sk)
		}
	}
	f := s.tallies[r.Type]
	if f == nil {
		return
	}
	if s.ix.counts == nil {
		s.ix.counts = map[tallyKey]int{}
	}
	for _, k := range f(r) {
		tk := tallyKey{r.Type, r.ixOwner, k.Kind, k.Value}
		if n := s.ix.counts[tk] + d; n != 0 {
			s.ix.counts[tk] = n
		} else {
			delete(s.ix.counts, tk)
		}
	}
}

// settleMoving settles, in lazy mode, an owner's resources of a type that
// are in a status that can move (the others would not change), in creation
// order: a listing of an account of 100,000 resources visits only those in
// flight.
func (s *Store) settleMoving(typ, owner string) {
	if !s.lazy() {
		return
	}
	s.mv.ok = false // movability is asked afresh for each listing
	// A transition's hook may move another resource of the owner into a
	// status that can move: pass again while a pass changed anything, as a
	// walk of the whole list would have reached it (bounded like settle).
	for pass := 0; pass < 16; pass++ {
		var todo []*Resource
		for status, set := range s.ix.statuses[[2]string{typ, owner}] {
			if s.statusMoves(typ, status) {
				for r := range set {
					todo = append(todo, r)
				}
			}
		}
		slices.SortFunc(todo, func(a, b *Resource) int { return cmp.Compare(a.Seq, b.Seq) })
		changed := false
		for _, r := range todo {
			if r.removed {
				continue
			}
			from, since := r.Status, r.Since
			if !s.settle(r) || r.Status != from || !r.Since.Equal(since) {
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// counted says whether r's changes move the counts (it is indexed).
func (s *Store) counted(r *Resource) bool {
	return !r.removed && s.byID[r.ID] == r
}
