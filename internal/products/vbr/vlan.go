package vbr

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/store"
)

// notesKey names this package's VLAN reservations in store.Notes.
const notesKey = "vbr.vlanHolds"

// vlanHold is the reservation a deleted (or deleting) terminated VBR leaves
// behind: its VLAN stays taken until Until.
type vlanHold struct {
	PhysicalConnectionID string
	VlanID               int64
	Until                time.Time
}

func holds(s *store.Store) map[string]vlanHold {
	m, _ := s.Notes[notesKey].(map[string]vlanHold)
	if m == nil {
		m = map[string]vlanHold{}
		s.Notes[notesKey] = m
	}
	return m
}

// reserveAfterDelete remembers the VLAN of a terminated VBR that is being
// deleted: the seven days count from its termination, whatever happens to
// the VBR afterwards.
func reserveAfterDelete(s *store.Store, r *store.Resource) {
	if r.Status != StatusTerminated {
		return
	}
	holds(s)[r.ID] = vlanHold{PhysicalConnectionID: r.Str("PhysicalConnectionId"), VlanID: r.Int("VlanId"), Until: r.Since.Add(VlanRetention)}
}

// VlanInUse reports whether a VLAN ID is taken on a physical connection at
// ecmock time now, leaving out the VBR except (may be ""): by a VBR on it (a
// terminated VBR only within seven days of its termination), by the
// reservation a deleted terminated VBR left, or by a hosted connection whose
// parent is that physical connection and whose VLAN is that one or 0. The
// store's lock must be held. The hosted-connection package may use it for
// its own VLAN checks.
func VlanInUse(s *store.Store, pcID string, vlan int64, now time.Time, except string) bool {
	return vlanHolder(s, pcID, vlan, now, except) != ""
}

// vlanHolder returns the ID of what holds the VLAN ("" when free).
func vlanHolder(s *store.Store, pcID string, vlan int64, now time.Time, except string) string {
	hs := holds(s)
	live := map[string]bool{}
	for _, r := range s.ByAttr(store.TypeVBR, "PhysicalConnectionId", pcID, nil) {
		live[r.ID] = true
		if r.ID == except || r.Int("VlanId") != vlan {
			continue
		}
		switch h, held := hs[r.ID]; {
		case r.Status == StatusTerminated:
			if now.Before(r.Since.Add(VlanRetention)) {
				return r.ID
			}
		case held: // deleting after termination: the reservation decides
			if now.Before(h.Until) {
				return r.ID
			}
		default:
			return r.ID
		}
	}
	for id, h := range hs {
		if live[id] || h.PhysicalConnectionID != pcID {
			continue
		}
		if !now.Before(h.Until) {
			delete(hs, id) // the VBR is gone and its seven days are over
			continue
		}
		if id != except && h.VlanID == vlan {
			return id
		}
	}
	// A hosted connection holds its VLAN; one on VLAN 0 holds them all: the
	// circuit's port is then a Layer 3 router interface that carries that
	// one connection only (the API reference: "each Express Connect circuit
	// corresponds to a VBR").
	if hosted := s.Find(store.TypePhysicalConnection, func(r *store.Resource) bool {
		v := r.Str("VlanId")
		return r.Str("ParentPhysicalConnectionId") == pcID && (v == strconv.FormatInt(vlan, 10) || v == "0") &&
			r.Str("VirtualPhysicalConnectionStatus") != "Deleted"
	}); hosted != nil {
		return hosted.ID
	}
	return ""
}

// maskBits returns the prefix length of a dotted-decimal subnet mask, or -1
// when the mask is not contiguous.
func maskBits(mask string) int {
	a, err := netip.ParseAddr(mask)
	if err != nil || !a.Is4() {
		return -1
	}
	b := a.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n := 0
	for v&0x80000000 != 0 {
		n++
		v <<= 1
	}
	if v != 0 {
		return -1
	}
	return n
}

// gatewayProblem checks the gateway triple of a VBR (API reference): the two
// addresses differ and lie in the same subnet under the mask. It returns the
// error code ("" when fine) and a reason.
func gatewayProblem(local, peer, mask string) (code, reason string) {
	l, err1 := netip.ParseAddr(local)
	p, err2 := netip.ParseAddr(peer)
	bits := maskBits(mask)
	if err1 != nil || err2 != nil || bits < 0 {
		return "", "" // malformed values are the catalogue's to refuse
	}
	if l == p {
		return "InvalidParameter", "LocalGatewayIp and PeerGatewayIp are both " + local
	}
	lp, _ := l.Prefix(bits)
	pp, _ := p.Prefix(bits)
	if lp != pp {
		return "InvalidIp.NotSameSubnet", local + " and " + peer + " are not in one /" + strconv.Itoa(bits) + " subnet (" + lp.String() + ", " + pp.String() + ")"
	}
	return "", ""
}

// uidNumber renders an account UID as the Long the API documents when it is
// numeric, as the string otherwise.
func uidNumber(uid string) any {
	if n, err := strconv.ParseInt(strings.TrimSpace(uid), 10, 64); err == nil {
		return n
	}
	return uid
}
