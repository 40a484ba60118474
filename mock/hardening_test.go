package mock_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/mock"
)

// Each test here is named after a reproduction of the staging issue and shows
// that it now gets a clear 4xx, a bounded result or a clean shutdown.

func TestStatePutNullResourceAnswers400(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	base := srv.URL() + "/_ecmock"
	for _, tc := range []struct{ body, field string }{
		{`{"resources":[null]}`, "resources[0]"},
		{`{"resources":null}`, "resources"},
		{`null`, ""},
		{`{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Enabled"},{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Enabled"}]}`, "resources[1].id"},
		{`{"resources":[{"id":"pc-1","type":"Banana","owner":"1","status":"Enabled"}]}`, "resources[0].type"},
		{`{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Bananas"}]}`, "resources[0].status"},
		{`{"resources":[{"id":"pc-1","type":"PhysicalConnection","status":"Enabled"}]}`, "resources[0].owner"},
		{`{"resources":[{"type":"PhysicalConnection","owner":"1","status":"Enabled"}]}`, "resources[0].id"},
		{`{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Enabled","seq":-1}]}`, "resources[0].seq"},
		{`{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Enabled","seq":"x"}]}`, "resources.seq"},
		{`{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Enabled","seq":99999999999999999999}]}`, "resources.seq"},
		{`{"resources":[],"extra":1}`, "extra"},
	} {
		st, m := ctl(t, "PUT", base+"/state", "", tc.body)
		if st != 400 || m["field"] != tc.field || m["error"] == "" {
			t.Errorf("PUT state %s: got %d %v; want 400 naming field %q", tc.body, st, m, tc.field)
		}
	}
	// A valid document still imports; a forced unknown status only with force.
	ok := `{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1000000000000001","status":"Enabled"}]}`
	if st, m := ctl(t, "PUT", base+"/state", "", ok); st != 200 || m["resources"] != float64(1) {
		t.Fatalf("valid import: got %d %v", st, m)
	}
	odd := `{"resources":[{"id":"pc-2","type":"PhysicalConnection","owner":"1000000000000001","status":"Odd"}]}`
	if st, m := ctl(t, "PUT", base+"/state?force=true", "", odd); st != 200 {
		t.Fatalf("forced import: got %d %v", st, m)
	}
}

func TestResourceStatusBananasRefused(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	base := srv.URL() + "/_ecmock"
	_, m := ctl(t, "POST", srv.URL()+"/?Action=CreatePhysicalConnection&Version=2016-04-28&RegionId=cn-hangzhou&AccessPointId=ap-cn-hangzhou-a&LineOperator=CT&PeerLocation=here", "", "")
	id := m["PhysicalConnectionId"].(string)
	st, m := ctl(t, "POST", base+"/resources/"+id+"/status", "", `{"status":"Bananas"}`)
	if st != 400 || m["field"] != "status" || !strings.Contains(m["error"].(string), "Allocated") {
		t.Fatalf("Bananas: got %d %v; want 400 on field status listing the known statuses", st, m)
	}
	if r, _ := srv.Resource(id); r.Status != "Initial" {
		t.Fatalf("status %s after a refused change; want Initial", r.Status)
	}
	for _, body := range []string{`{"status":5}`, `{"status":null}`, `{"status":"Enabled","force":"yes"}`, `[]`, ``} {
		if st, m := ctl(t, "POST", base+"/resources/"+id+"/status", "", body); st != 400 {
			t.Errorf("%s: got %d %v; want 400", body, st, m)
		}
	}
	if st, m := ctl(t, "POST", base+"/resources/"+id+"/status", "", `{"status":"Bananas","force":true}`); st != 200 || m["status"] != "Bananas" {
		t.Fatalf("forced: got %d %v; want 200", st, m)
	}
	if st, m := ctl(t, "POST", base+"/resources/"+id+"/status", "", `{"status":"`+strings.Repeat("x", 65)+`","force":true}`); st != 400 {
		t.Fatalf("forced 65-character status: got %d %v; want 400", st, m)
	}
}

func TestFaultDelayOverflowRefused(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	st, m := ctl(t, "POST", srv.URL()+"/_ecmock/faults", "",
		`{"name":"huge","match":{"action":"DescribePhysicalConnections"},"do":{"delay":{"min":"0s","max":"2562047h47m16.854775807s"}}}`)
	if st != 400 || !strings.Contains(fmt.Sprint(m["error"]), "do.delay") {
		t.Fatalf("huge delay: got %d %v; want 400 naming do.delay", st, m)
	}
	st, m = ctl(t, "GET", srv.URL()+"/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou", "", "")
	if st != 200 {
		t.Fatalf("call after the refused rule: got %d %v; want 200", st, m)
	}
}

func TestClockAdvanceOverflowRefused(t *testing.T) {
	for _, kind := range []string{"real", "manual"} {
		t.Run(kind, func(t *testing.T) {
			srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: kind})
			base := srv.URL() + "/_ecmock"
			before := srv.Now()
			for i := 0; i < 2; i++ {
				st, m := ctl(t, "POST", base+"/clock/advance", "", `{"by":"2562047h"}`)
				if st != 400 || m["field"] != "by" {
					t.Fatalf("advance %d: got %d %v; want 400 on field by", i+1, st, m)
				}
			}
			for _, body := range []string{`{"by":"-1h"}`, `{"by":5}`, `{"by":null}`, `{"by":"1h","x":1}`} {
				if st, m := ctl(t, "POST", base+"/clock/advance", "", body); st != 400 {
					t.Errorf("%s: got %d %v; want 400", body, st, m)
				}
			}
			// Many allowed moves stop at the clock's limit, never wrap.
			for i := 0; i < 3; i++ {
				ctl(t, "POST", base+"/clock/advance", "", `{"by":"876000h"}`)
			}
			if now := srv.Now(); now.Before(before) || now.Year() >= 2200 {
				t.Fatalf("clock at %v after the moves; want after %v and before 2200", now, before)
			}
			// Server.Advance refuses the same, with an error, the clock unmoved.
			at := srv.Now()
			for _, d := range []time.Duration{0, -time.Hour, 2562047 * time.Hour, 876000 * time.Hour} {
				if err := srv.Advance(d); err == nil {
					t.Errorf("Advance(%v): no error; want it refused", d)
				}
			}
			if kind == "manual" && !srv.Now().Equal(at) {
				t.Errorf("clock at %v after refused moves; want %v", srv.Now(), at)
			}
			if kind == "manual" {
				if err := srv.Advance(time.Minute); err != nil || !srv.Now().Equal(at.Add(time.Minute)) {
					t.Errorf("Advance(1m): %v, clock %v; want %v", err, srv.Now(), at.Add(time.Minute))
				}
			}
		})
	}
}

func TestJournalSizeAndTimeScaleBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    mock.Options
		want string
	}{
		{"journal-size 2000000000", mock.Options{JournalSize: 2000000000}, "--journal-size"},
		{"journal-size -1", mock.Options{JournalSize: -1}, "--journal-size"},
		{"journal-bytes -1", mock.Options{JournalBytes: -1}, "--journal-bytes"},
		{"journal-bytes 10", mock.Options{JournalBytes: 10}, "--journal-bytes"},
		{"time-scale -5", mock.Options{TimeScale: -5}, "--time-scale"},
		{"time-scale 1e9", mock.Options{TimeScale: 1e9}, "--time-scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mock.New(tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v; want an error naming %s", err, tc.want)
			}
		})
	}
	if _, err := mock.New(mock.Options{JournalSize: journal.MaxSize}); err != nil {
		t.Fatalf("the largest journal: %v", err)
	}
}

func TestJournalBoundedInBytes(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual", JournalBytes: journal.MinBytes})
	long := strings.Repeat("d", 100<<10)
	form := url.Values{"Action": {"DescribePhysicalConnections"}, "Version": {"2016-04-28"}, "RegionId": {"cn-hangzhou"}, "Description": {long}}
	for i := 0; i < 100; i++ {
		res, err := http.Post(srv.URL()+"/", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	st := srv.Core().Journal().Stats()
	if st.Bytes > journal.MinBytes || st.Dropped == 0 || st.Total != 100 {
		t.Fatalf("journal stats %+v; want at most %d bytes with drops after 100 calls", st, journal.MinBytes)
	}
	calls := srv.Journal("DescribePhysicalConnections")
	d := calls[len(calls)-1].Params["Description"]
	if len(d) > journal.MaxValue+64 || !strings.Contains(d, journal.TruncatedMark+"102400 bytes]") {
		t.Fatalf("recorded Description of %d bytes ending %q; want it truncated and marked", len(d), d[max(0, len(d)-40):])
	}
}

func TestUnauthenticatedCallsRecordedWithoutParameters(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	form := url.Values{"Action": {"DescribePhysicalConnections"}, "Version": {"2016-04-28"}, "Secret": {"x"}}
	res, err := http.Post(srv.URL()+"/", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	calls := srv.Journal("")
	if len(calls) != 1 || calls[0].Code != "IncompleteSignature" || len(calls[0].Params) != 0 {
		t.Fatalf("journal %+v; want one IncompleteSignature entry without parameters", calls)
	}
}

// vmRSS reads the process's resident set in bytes (Linux).
func vmRSS(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status: RSS cannot be measured here")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Skip("no VmRSS")
	return 0
}

// TestUnsignedMegabyteRequestsKeepRSSBounded sends unsigned 1 MiB requests
// (each answered IncompleteSignature) from 8 clients. ECMOCK_RSS_REQUESTS
// sets how many (default 400; the README's figure is for 10,000).
func TestUnsignedMegabyteRequestsKeepRSSBounded(t *testing.T) {
	n := 400
	if v := os.Getenv("ECMOCK_RSS_REQUESTS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	body := []byte("Action=DescribePhysicalConnections&Version=2016-04-28&Pad=" + strings.Repeat("p", 1<<20-64))
	before := vmRSS(t)
	var peak int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				res, err := http.Post(srv.URL()+"/", "application/x-www-form-urlencoded", bytes.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 400 {
					errs <- fmt.Errorf("status %d; want 400 IncompleteSignature", res.StatusCode)
					return
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case err := <-errs:
			t.Fatal(err)
		}
		if i%50 == 0 {
			r := vmRSS(t)
			mu.Lock()
			peak = max(peak, r)
			mu.Unlock()
		}
	}
	close(next)
	wg.Wait()
	peak = max(peak, vmRSS(t))
	st := srv.Core().Journal().Stats()
	t.Logf("%d unsigned 1 MiB requests: RSS %d MB before, peak %d MB; journal %d entries, %d bytes", n, before>>20, peak>>20, st.Entries, st.Bytes)
	if peak-before > 100<<20 {
		t.Fatalf("RSS grew by %d MB; want under 100 MB", (peak-before)>>20)
	}
	if st.Bytes > int64(n)*1024 {
		t.Fatalf("journal holds %d bytes for %d unsigned calls; want about 300 bytes each", st.Bytes, n)
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", ReadTimeout: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
	start := time.Now()
	// One byte at a time: the server must give up after its read timeout.
	var closed bool
	for i := 0; i < 100 && !closed; i++ {
		if _, err := conn.Write([]byte("a")); err != nil {
			closed = true
			break
		}
		_ = conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		buf := make([]byte, 512)
		if n, err := conn.Read(buf); n > 0 || (err != nil && !isTimeout(err)) {
			closed = true
		}
	}
	if !closed || time.Since(start) > 3*time.Second {
		t.Fatalf("slow body held for %v (closed %v); want the connection ended after the 300ms read timeout", time.Since(start), closed)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func TestIdleKeepAliveConnectionsClosed(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", IdleTimeout: 200 * time.Millisecond})
	conn, err := net.Dial("tcp", srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /_ecmock/health HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	if _, err := br.ReadByte(); err == nil || isTimeout(err) {
		t.Fatalf("idle connection: read %v after %v; want it closed by the server", err, time.Since(start))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("idle connection closed after %v; want about 200ms", d)
	}
}

func TestMaxConnsCapsConcurrentConnections(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", MaxConns: 2})
	var conns []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", srv.Endpoint())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /_ecmock/health HTTP/1.1\r\nHost: x\r\n\r\n")
		if _, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	// A third connection is queued, not served, while two are open.
	third, err := net.Dial("tcp", srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	fmt.Fprintf(third, "GET /_ecmock/health HTTP/1.1\r\nHost: x\r\n\r\n")
	_ = third.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := http.ReadResponse(bufio.NewReader(third), nil); err == nil || !isTimeout(err) {
		t.Fatalf("third connection: %v; want no answer while two are open", err)
	}
	conns[0].Close()
	_ = third.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := http.ReadResponse(bufio.NewReader(third), nil); err != nil {
		t.Fatalf("third connection after one closed: %v; want an answer", err)
	}
}

func TestShutdownFinishesCallsInFlight(t *testing.T) {
	srv, err := mock.Start(mock.Options{Auth: "open"})
	if err != nil {
		t.Fatal(err)
	}
	addFault(t, srv, `{name: slow, match: {action: DescribePhysicalConnections}, do: {delay: 300ms}}`)
	done := make(chan int, 1)
	go func() {
		res, err := http.Get(srv.URL() + "/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou")
		if err != nil {
			done <- -1
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	waitInFlight(t, srv)
	if err := srv.Shutdown(10 * time.Second); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if st := <-done; st != 200 {
		t.Fatalf("call in flight during shutdown: %d; want 200", st)
	}
}

func TestShutdownGraceAnswersServiceUnavailable(t *testing.T) {
	srv, err := mock.Start(mock.Options{Auth: "open"})
	if err != nil {
		t.Fatal(err)
	}
	addFault(t, srv, `{name: stuck, match: {action: DescribePhysicalConnections}, do: {delay: 1h}}`)
	type result struct {
		status int
		body   string
	}
	done := make(chan result, 1)
	go func() {
		res, err := http.Get(srv.URL() + "/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou")
		if err != nil {
			done <- result{-1, err.Error()}
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- result{res.StatusCode, string(b)}
	}()
	waitInFlight(t, srv)
	start := time.Now()
	if err := srv.Shutdown(200 * time.Millisecond); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	r := <-done
	if r.status != 503 || !strings.Contains(r.body, "ServiceUnavailable") {
		t.Fatalf("held call: %d %s; want 503 ServiceUnavailable", r.status, r.body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("shutdown took %v; want about the 200ms grace", d)
	}
}

// waitInFlight waits until the server has a call held by a fault (its
// journal is written when the call ends, so this polls the rule's hits).
func waitInFlight(t *testing.T, srv *mock.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		for _, r := range srv.Core().Chaos().Rules() {
			if r.Hits > 0 {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the call never reached the fault")
}

// signedV3 builds a V3-signed DescribePhysicalConnections request signing the
// given headers.
func signedV3(srv *mock.Server, a mock.Account, signed []string, nonce string) *http.Request {
	q := url.Values{"RegionId": {"cn-hangzhou"}}
	r, _ := http.NewRequest(http.MethodPost, srv.URL()+"/?"+q.Encode(), nil)
	r.Header.Set("x-acs-action", "DescribePhysicalConnections")
	r.Header.Set("x-acs-version", "2016-04-28")
	r.Header.Set("x-acs-date", time.Now().UTC().Format("2006-01-02T15:04:05Z"))
	r.Header.Set("x-acs-signature-nonce", nonce)
	sum := sha256.Sum256(nil)
	r.Header.Set("x-acs-content-sha256", hex.EncodeToString(sum[:]))
	var ch strings.Builder
	for _, h := range signed {
		v := r.Header.Get(h)
		if h == "host" {
			v = r.URL.Host
		}
		ch.WriteString(h + ":" + v + "\n")
	}
	creq := "POST\n/\n" + canonical(q) + "\n" + ch.String() + "\n" + strings.Join(signed, ";") + "\n" + hex.EncodeToString(sum[:])
	h := sha256.Sum256([]byte(creq))
	m := hmac.New(sha256.New, []byte(a.AccessKeySecret))
	m.Write([]byte("ACS3-HMAC-SHA256\n" + hex.EncodeToString(h[:])))
	r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+a.AccessKeyID+",SignedHeaders="+strings.Join(signed, ";")+",Signature="+hex.EncodeToString(m.Sum(nil)))
	return r
}

func TestSignatureV3MustSignNonceDateActionVersionHost(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	a := srv.AccountA()
	all := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
	if st, e, _ := call(t, signedV3(srv, a, all, "v3-all")); st != 200 {
		t.Fatalf("every header signed: got %d %+v; want 200", st, e)
	}
	for i, h := range []string{"host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"} {
		var some []string
		for _, x := range all {
			if x != h {
				some = append(some, x)
			}
		}
		st, e, _ := call(t, signedV3(srv, a, some, fmt.Sprintf("v3-%d", i)))
		if st != 400 || e.Code != "IncompleteSignature" {
			t.Errorf("%s not signed: got %d %+v; want 400 IncompleteSignature", h, st, e)
		}
	}
	// A captured request replayed: refused.
	r := signedV3(srv, a, all, "v3-replay")
	if st, _, _ := call(t, r); st != 200 {
		t.Fatalf("first use: %d", st)
	}
	r2 := signedV3(srv, a, all, "v3-replay")
	if st, e, _ := call(t, r2); st != 400 || e.Code != "SignatureNonceUsed" {
		t.Fatalf("replay: got %d %+v; want SignatureNonceUsed", st, e)
	}
}

func TestNoncesSurviveResetAndStatePut(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	a := srv.AccountA()
	describe := map[string]string{"Action": "DescribePhysicalConnections", "Version": "2016-04-28", "RegionId": "cn-hangzhou"}
	q := signedV1(a, "GET", describe, time.Now(), "once")
	get := func() (int, apiErr) {
		r, _ := http.NewRequest(http.MethodGet, srv.URL()+"/?"+q.Encode(), nil)
		st, e, _ := call(t, r)
		return st, e
	}
	if st, e := get(); st != 200 {
		t.Fatalf("first use: %d %+v", st, e)
	}
	srv.Reset()
	if st, e := get(); st != 400 || e.Code != "SignatureNonceUsed" {
		t.Fatalf("after reset: got %d %+v; want SignatureNonceUsed", st, e)
	}
	if st, m := ctl(t, "PUT", srv.URL()+"/_ecmock/state", "", `{"resources":[]}`); st != 200 {
		t.Fatalf("PUT state: %d %v", st, m)
	}
	if st, e := get(); st != 400 || e.Code != "SignatureNonceUsed" {
		t.Fatalf("after PUT state: got %d %+v; want SignatureNonceUsed", st, e)
	}
}
