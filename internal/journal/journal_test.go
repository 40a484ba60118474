package journal

import (
	"fmt"
	"testing"
)

func TestRingKeepsTheNewest(t *testing.T) {
	j := New(3)
	for i := 1; i <= 5; i++ {
		j.Add(Entry{Action: fmt.Sprintf("A%d", i), Code: map[bool]string{true: "Conflict.Lock"}[i%2 == 0]})
	}
	all := j.List(Query{})
	if len(all) != 3 || all[0].Action != "A3" || all[2].Action != "A5" || all[2].Seq != 5 {
		t.Fatalf("got %+v; want A3..A5 with sequence numbers kept", all)
	}
	if j.Total() != 5 || j.Size() != 3 {
		t.Fatalf("total %d size %d; want 5 and 3", j.Total(), j.Size())
	}
	if got := j.List(Query{Code: "Conflict.Lock"}); len(got) != 1 || got[0].Action != "A4" {
		t.Fatalf("code filter: got %+v", got)
	}
	if got := j.List(Query{Code: "OK"}); len(got) != 2 {
		t.Fatalf("successes: got %d; want 2", len(got))
	}
	if got := j.List(Query{Limit: 1}); len(got) != 1 || got[0].Action != "A5" {
		t.Fatalf("limit: got %+v; want the newest", got)
	}
	j.Reset()
	if len(j.List(Query{})) != 0 || j.Total() != 0 {
		t.Fatal("reset kept entries")
	}
}
