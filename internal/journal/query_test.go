package journal

import "testing"

func TestQueryByRuleProductNetwork(t *testing.T) {
	j := New(10)
	j.Add(Entry{Product: "Vpc", Action: "A", Status: 200})
	j.Add(Entry{Product: "Vpc", Action: "A", Status: 0, Rule: "r1", Network: "reset"})
	j.Add(Entry{Product: "Cbn", Action: "B", Status: 503, Code: "ServiceUnavailable", Rule: "r2"})
	j.Add(Entry{Product: "Cbn", Action: "B", Status: 200, Rule: "r2", Network: "slow"})
	for _, tc := range []struct {
		q    Query
		want []int64
	}{
		{Query{Rule: "r2"}, []int64{3, 4}},
		{Query{Product: "Vpc"}, []int64{1, 2}},
		{Query{Network: "any"}, []int64{2, 4}},
		{Query{Network: "slow"}, []int64{4}},
		{Query{Rule: "r2", Code: "OK"}, []int64{4}},
		{Query{Product: "Cbn", Limit: 1}, []int64{4}},
	} {
		got := j.List(tc.q)
		var seqs []int64
		for _, e := range got {
			seqs = append(seqs, e.Seq)
		}
		if len(seqs) != len(tc.want) {
			t.Errorf("%+v: got %v; want %v", tc.q, seqs, tc.want)
			continue
		}
		for i := range seqs {
			if seqs[i] != tc.want[i] {
				t.Errorf("%+v: got %v; want %v", tc.q, seqs, tc.want)
				break
			}
		}
	}
}
