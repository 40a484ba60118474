package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ecmock/ecmock/mock"
)

// TestConcurrentAccounts drives two accounts at once through the front door
// — reads (which run together under the store's read lock) while the other
// account creates and the clock moves (transitions fall due) — and checks
// every answer; run with -race it shows the read path is safe.
func TestConcurrentAccounts(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	h := srv.Handler()
	a, b := srv.AccountA(), srv.AccountB()
	send := func(acct mock.Account, params map[string]string, nonce string) {
		q := signedV1(acct, "POST", params, time.Now(), nonce)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
		if w.Code != 200 {
			t.Errorf("%s: %d %s", params["Action"], w.Code, w.Body.String())
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				send(a, describe, "ra-"+strconv.Itoa(g)+"-"+strconv.Itoa(i))
			}
		}(g)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 5; i++ {
			p := map[string]string{}
			for k, v := range createParams {
				p[k] = v
			}
			send(b, p, "wb-"+strconv.Itoa(i))
			srv.Advance(2 * time.Second)
			send(b, describe, "rb-"+strconv.Itoa(i))
		}
	}()
	wg.Wait()
	ids := srv.Calls(mock.JournalQuery{Action: "CreatePhysicalConnection"})
	if len(ids) != 5 {
		t.Fatalf("journal has %d creates; want 5", len(ids))
	}
}
