package store

// olist is an ordered list of resources in creation order (ascending Seq).
// Removal marks the resource (Resource.removed) and counts it dead; the list
// is compacted into a new array once dead entries are a quarter of it, so a
// caller iterating an earlier view (a slice header) never sees entries move.
type olist struct {
	items []*Resource
	dead  int
}

// add appends r; Seq only grows, so appending keeps the order. A resource
// with a smaller Seq (an import out of order) is inserted in place.
func (l *olist) add(r *Resource) {
	n := len(l.items)
	if n == 0 || l.items[n-1].Seq <= r.Seq {
		l.items = append(l.items, r)
		return
	}
	i := n
	for i > 0 && l.items[i-1].Seq > r.Seq {
		i--
	}
	items := make([]*Resource, 0, n+1)
	items = append(items, l.items[:i]...)
	items = append(items, r)
	l.items = append(items, l.items[i:]...)
}

// removed counts one more dead entry and compacts when they are many.
func (l *olist) removed() {
	l.dead++
	if l.dead > 16 && l.dead*4 > len(l.items) {
		l.compact()
	}
}

func (l *olist) compact() {
	items := make([]*Resource, 0, len(l.items)-l.dead)
	for _, r := range l.items {
		if !r.removed {
			items = append(items, r)
		}
	}
	l.items, l.dead = items, 0
}

// live is the number of entries not removed.
func (l *olist) live() int {
	if l == nil {
		return 0
	}
	return len(l.items) - l.dead
}

// view is the current entries (removed ones included: skip r.removed).
func (l *olist) view() []*Resource {
	if l == nil {
		return nil
	}
	return l.items[:len(l.items):len(l.items)]
}

// ownerKey selects the resources of one type, owner and (optionally) region.
type ownerKey struct{ typ, owner, region string }

// refKey selects the resources of one type whose attribute has a value.
type refKey struct{ typ, attr, val string }

// indexes are the store's ordered lists: every resource is in all, in its
// type's list, in its (type, owner) list and its (type, owner, region) list,
// and in the lists of its indexed attributes.
type indexes struct {
	all    olist
	byType map[string]*olist
	owned  map[ownerKey]*olist
	refs   map[refKey]*olist
	// dirty are owner lists with removed entries, compacted when the
	// changing call ends (so read-only calls see lists they need not copy).
	dirty []*olist
	// counts are the tallies (tally.go); statuses hold each (type, owner)'s
	// resources by status.
	counts   map[tallyKey]int
	statuses map[[2]string]map[string]map[*Resource]struct{}
}

// tidy compacts the dirty owner lists.
func (x *indexes) tidy() {
	for _, l := range x.dirty {
		if l.dead > 0 {
			l.compact()
		}
	}
	x.dirty = x.dirty[:0]
}

// newIndexes returns empty indexes (and tally counts).
func newIndexes() indexes {
	return indexes{byType: map[string]*olist{}, owned: map[ownerKey]*olist{}, refs: map[refKey]*olist{}}
}

func (x *indexes) list(m map[ownerKey]*olist, k ownerKey) *olist {
	l := m[k]
	if l == nil {
		l = &olist{}
		m[k] = l
	}
	return l
}

// take removes r from l now (a resource whose owner or region changed right
// after it was added: it sits near the end).
func (l *olist) take(r *Resource) {
	for i := len(l.items) - 1; i >= 0; i-- {
		if l.items[i] == r {
			if i == len(l.items)-1 {
				l.items = l.items[:i:i] // not cleared in place: a view may hold it
			} else {
				l.items = append(l.items[:i:i], l.items[i+1:]...)
			}
			return
		}
	}
}

// reown moves r between its (type, owner[, region]) lists after a handler
// changed its Owner or Region.
func (x *indexes) reown(r *Resource) {
	for _, k := range ownerKeys(r.Type, r.ixOwner, r.ixRegion) {
		if l := x.owned[k]; l != nil {
			l.take(r)
		}
	}
	r.ixOwner, r.ixRegion = r.Owner, r.Region
	for _, k := range ownerKeys(r.Type, r.Owner, r.Region) {
		x.list(x.owned, k).add(r)
	}
}

// ownerKeys are the owner lists a resource is in: (type, owner) and, when it
// has a region, (type, owner, region).
func ownerKeys(typ, owner, region string) []ownerKey {
	if region == "" {
		return []ownerKey{{typ, owner, ""}}
	}
	return []ownerKey{{typ, owner, ""}, {typ, owner, region}}
}

func (x *indexes) add(r *Resource, refAttrs []string) {
	r.removed = false
	r.ixOwner, r.ixRegion = r.Owner, r.Region
	x.all.add(r)
	t := x.byType[r.Type]
	if t == nil {
		t = &olist{}
		x.byType[r.Type] = t
	}
	t.add(r)
	for _, k := range ownerKeys(r.Type, r.Owner, r.Region) {
		x.list(x.owned, k).add(r)
	}
	r.refVals = r.refVals[:0]
	for _, a := range refAttrs {
		k := refKey{r.Type, a, r.Str(a)}
		r.refVals = append(r.refVals, k.val)
		l := x.refs[k]
		if l == nil {
			l = &olist{}
			x.refs[k] = l
		}
		l.add(r)
	}
}

// remove marks r removed in every list it was added to.
func (x *indexes) remove(r *Resource, refAttrs []string) {
	r.removed = true
	x.all.removed()
	if t := x.byType[r.Type]; t != nil {
		t.removed()
	}
	for _, k := range ownerKeys(r.Type, r.ixOwner, r.ixRegion) {
		if l := x.owned[k]; l != nil {
			l.removed()
			if l.dead > 0 && len(x.dirty) < 64 {
				x.dirty = append(x.dirty, l)
			}
		}
	}
	for i, a := range refAttrs {
		if i < len(r.refVals) {
			if l := x.refs[refKey{r.Type, a, r.refVals[i]}]; l != nil {
				l.removed()
			}
		}
	}
}
