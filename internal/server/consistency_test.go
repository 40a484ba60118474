package server

import "testing"

// TestEveryActionServedAndDescribed holds the dispatch table and the catalogue
// to each other: no handler without a catalogue entry (its errors and
// parameters would be unchecked), no catalogue entry without a handler.
func TestEveryActionServedAndDescribed(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	served := map[[2]string]bool{}
	for _, k := range s.Registry().Actions() {
		served[k] = true
		if s.Catalog().Action(k[0], k[1]) == nil {
			t.Errorf("%s.%s has a handler but no catalogue entry", k[0], k[1])
		}
	}
	n := 0
	for _, pn := range s.Catalog().ProductNames() {
		for _, an := range s.Catalog().Products[pn].ActionNames() {
			n++
			if !served[[2]string{pn, an}] {
				t.Errorf("%s.%s is in the catalogue but has no handler", pn, an)
			}
		}
	}
	if n < 40 {
		t.Errorf("the catalogue describes %d actions; want every transcribed action (40+)", n)
	}
}
