package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/ecmock/ecmock/internal/chaos"
)

// BenchmarkRequestWithRules is the whole front door's cost per call with 0,
// 10 and 1,000 fault rules loaded that do not match the call (rules for
// other actions): the fault engine's share must stay small and flat.
func BenchmarkRequestWithRules(b *testing.B) {
	for _, n := range []int{0, 10, 1000} {
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			s, err := New(Options{Auth: "open", Clock: "manual", JournalSize: 1024})
			if err != nil {
				b.Fatal(err)
			}
			var others []string
			for _, an := range s.Catalog().Products["Vpc"].ActionNames() {
				if an != "DescribePhysicalConnections" {
					others = append(others, an)
				}
			}
			rules := make([]chaos.Rule, n)
			for i := range rules {
				rules[i] = chaos.Rule{Name: fmt.Sprintf("r%d", i), Match: chaos.Match{Product: "Vpc", Action: others[i%len(others)]},
					Do: &chaos.Effect{Error: "ServiceUnavailable"}}
			}
			if err := s.Chaos().Add(rules...); err != nil {
				b.Fatal(err)
			}
			h := s.Handler()
			url := "/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou&AccessKeyId=bench"
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("got %d %s", w.Code, w.Body)
				}
			}
		})
	}
}

// AddFault answers the status of the rule it added, even while other rules
// are added concurrently (tenants adding theirs at the same moment).
func TestAddFaultAnswersItsOwnRule(t *testing.T) {
	s, err := New(Options{Auth: "open", Clock: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				name := fmt.Sprintf("g%d-rule-%d", g, i)
				st, err := s.AddFault(chaos.Rule{Name: name, Match: chaos.Match{Action: "DescribeVirtualBorderRouters"},
					Do: &chaos.Effect{Error: "Throttling"}})
				if err != nil || st.Rule.Name != name {
					t.Errorf("added %s: got %q, %v", name, st.Rule.Name, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
