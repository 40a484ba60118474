package mock_test

import (
	"encoding/json"
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

// TestConcurrentDurable: with --state-dir, creates of two accounts and reads
// run at once (commits are written outside the store's lock, in order); a
// restart finds every acknowledged create.
func TestConcurrentDurable(t *testing.T) {
	dir := t.TempDir()
	srv, err := mock.New(mock.Options{Clock: "manual", StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	var mu sync.Mutex
	created := map[string]bool{}
	var wg sync.WaitGroup
	for g, acct := range []mock.Account{srv.AccountA(), srv.AccountB()} {
		wg.Add(2)
		go func(g int, acct mock.Account) {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				p := map[string]string{}
				for k, v := range createParams {
					p[k] = v
				}
				p["AccessPointId"] = "ap-cn-hangzhou-c" + strconv.Itoa(i)
				q := signedV1(acct, "POST", p, time.Now(), "d-"+strconv.Itoa(g)+"-"+strconv.Itoa(i))
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
				if w.Code != 200 {
					t.Errorf("create: %d %s", w.Code, w.Body.String())
					return
				}
				var out struct{ PhysicalConnectionId string }
				_ = json.Unmarshal(w.Body.Bytes(), &out)
				mu.Lock()
				created[out.PhysicalConnectionId] = true
				mu.Unlock()
			}
		}(g, acct)
		go func(g int, acct mock.Account) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				q := signedV1(acct, "POST", describe, time.Now(), "r-"+strconv.Itoa(g)+"-"+strconv.Itoa(i))
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
			}
		}(g, acct)
	}
	wg.Wait()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := mock.New(mock.Options{Clock: "manual", StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for id := range created {
		if _, ok := again.Resource(id); !ok {
			t.Errorf("%s was acknowledged but is not there after a restart", id)
		}
	}
	if len(created) != 8 {
		t.Fatalf("created %d; want 8", len(created))
	}
}
