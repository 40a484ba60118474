package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	bolt "go.etcd.io/bbolt"

	"github.com/ecmock/ecmock/mock"
)

// TestMain lets a test start this binary as `ecmock` (a child process).
func TestMain(m *testing.M) {
	if os.Getenv("ECMOCK_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is `ecmock serve` running as a separate process.
type child struct {
	cmd  *exec.Cmd
	url  string
	host string
}

func startChild(t *testing.T, env []string, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(append(os.Environ(), "ECMOCK_TEST_AS_MAIN=1"), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	// the first line names the address once the server listens
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("ecmock serve said nothing (%v); stderr: %s", err, stderr.String())
	}
	const pre = "ecmock serving on "
	if !strings.HasPrefix(line, pre) {
		t.Fatalf("got %q; want %q…", line, pre)
	}
	url := strings.Fields(strings.TrimPrefix(line, pre))[0]
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return &child{cmd: cmd, url: url, host: strings.TrimPrefix(url, "http://")}
}

func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

// caller sends API calls signed by per-account SDK clients to one endpoint.
type caller struct {
	t       *testing.T
	host    string
	clients map[string]*sdk.Client
}

var versions = map[string]string{"Vpc": "2016-04-28", "Cbn": "2017-09-12", "ExpressConnectRouter": "2023-09-01"}

func (c *caller) call(key, product, action string, params map[string]string) map[string]any {
	c.t.Helper()
	m, err := c.try(key, product, action, params)
	if err != nil {
		c.t.Fatalf("%s %s as %s: %v", product, action, key, err)
	}
	return m
}

// try is call answering the API's error.
func (c *caller) try(key, product, action string, params map[string]string) (map[string]any, error) {
	c.t.Helper()
	cl := c.clients[key]
	if cl == nil {
		var err error
		if cl, err = sdk.NewClientWithAccessKey("cn-hangzhou", key, "secret-"+key); err != nil {
			c.t.Fatal(err)
		}
		c.clients[key] = cl
	}
	req := requests.NewCommonRequest()
	req.Method, req.Product, req.Version, req.ApiName = "POST", product, versions[product], action
	req.Domain, req.Scheme = c.host, "http"
	req.QueryParams["RegionId"] = "cn-hangzhou"
	for k, v := range params {
		req.QueryParams[k] = v
	}
	resp, err := cl.ProcessCommonRequest(req)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &m); err != nil {
		c.t.Fatal(err)
	}
	return m, nil
}

// postControl sends a changing control API call.
func postControl(t *testing.T, url, path, body string) {
	t.Helper()
	resp, err := http.Post(url+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 && resp.StatusCode != 201 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
	}
}

func key(i int) string { return fmt.Sprintf("LTAIpersist%02d", i) }

// changes makes the acknowledged changes of the test: a fault rule failing
// the third matching call (two made here), a quota lowered by a scenario, 90
// physical connections of 30 accounts (each with a ClientToken), renames, a
// cancel and a delete, CENs, ECRs, a clock advance through the control API,
// a read, and last a create whose ClientToken is retried after the restart.
func changes(t *testing.T, c *caller, url string) (retryID string) {
	postControl(t, url, "/_ecmock/faults", `{"name":"third-list","match":{"action":"ListTransitRouters"},"when":{"calls":"3"},"do":{"error":"ServiceUnavailable"}}`)
	for i := 0; i < 2; i++ {
		c.call(key(6), "Cbn", "ListTransitRouters", nil)
	}
	aps := []string{"ap-cn-hangzhou-yh-B", "ap-cn-hangzhou-xx-A", "ap-cn-hangzhou-zz-C"}
	ids := map[string][]string{}
	for i := 0; i < 30; i++ {
		for j, ap := range aps {
			m := c.call(key(i), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": ap, "LineOperator": "CT",
				"PeerLocation": "DC1", "ClientToken": fmt.Sprintf("t-%d-%d", i, j)})
			ids[key(i)] = append(ids[key(i)], m["PhysicalConnectionId"].(string))
		}
	}
	postControl(t, url, "/_ecmock/scenarios", fmt.Sprintf(`{"name":"quota","accounts":[{"accessKeyId":%q,"quotas":{"PhysicalConnectionsNotEnabled":3}}]}`, key(7)))
	for j, id := range ids[key(0)] {
		c.call(key(0), "Vpc", "ModifyPhysicalConnectionAttribute", map[string]string{"PhysicalConnectionId": id, "Name": fmt.Sprintf("renamed-%d", j)})
	}
	c.call(key(1), "Vpc", "CancelPhysicalConnection", map[string]string{"PhysicalConnectionId": ids[key(1)][0]})
	c.call(key(1), "Vpc", "DeletePhysicalConnection", map[string]string{"PhysicalConnectionId": ids[key(1)][0]})
	for i := 0; i < 3; i++ {
		c.call(key(2), "Cbn", "CreateCen", map[string]string{"Name": fmt.Sprintf("cen-%d", i)})
		c.call(key(3), "ExpressConnectRouter", "CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104", "Name": fmt.Sprintf("ecr-%d", i)})
	}
	postControl(t, url, "/_ecmock/clock/advance", `{"by":"1h"}`)
	c.call(key(0), "Vpc", "DescribePhysicalConnections", nil)
	m := c.call(key(4), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": "ap-cn-hangzhou-qq-D", "LineOperator": "CU",
		"PeerLocation": "DC9", "ClientToken": "retry-me"})
	return m["PhysicalConnectionId"].(string)
}

// view is what the accounts see: every account's connections (ID, status,
// name), CENs and ECRs.
func view(c *caller) string {
	var b strings.Builder
	for i := 0; i < 30; i++ {
		m := c.call(key(i), "Vpc", "DescribePhysicalConnections", map[string]string{"PageSize": "50"})
		for _, it := range m["PhysicalConnectionSet"].(map[string]any)["PhysicalConnectionType"].([]any) {
			pc := it.(map[string]any)
			fmt.Fprintf(&b, "%s %s %s %s %s\n", key(i), pc["PhysicalConnectionId"], pc["Status"], pc["Name"], pc["PortNumber"])
		}
	}
	cens := c.call(key(2), "Cbn", "DescribeCens", nil)
	fmt.Fprintf(&b, "cens %v\n", cens["TotalCount"])
	ecrs := c.call(key(3), "ExpressConnectRouter", "DescribeExpressConnectRouter", nil)
	fmt.Fprintf(&b, "ecrs %v\n", ecrs["TotalCount"])
	return b.String()
}

func getClock(t *testing.T, url string) string {
	resp, err := http.Get(url + "/_ecmock/clock")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct{ Now string }
	_ = json.NewDecoder(resp.Body).Decode(&v)
	return v.Now
}

// afterRestart makes the calls that show the fault rule and the quota
// continuing: the rule's third matching call fails, its fourth passes; the
// account whose quota was lowered to 3 cannot create a fourth connection.
func afterRestart(t *testing.T, c *caller) {
	if _, err := c.try(key(6), "Cbn", "ListTransitRouters", nil); err == nil || !strings.Contains(err.Error(), "ServiceUnavailable") {
		t.Errorf("third matching call after restart: %v; want the rule's ServiceUnavailable", err)
	}
	c.call(key(6), "Cbn", "ListTransitRouters", nil)
	_, err := c.try(key(7), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": "ap-cn-hangzhou-qq-D", "LineOperator": "CU", "PeerLocation": "DC9"})
	if err == nil || !strings.Contains(err.Error(), "QuotaExceeded") {
		t.Errorf("create beyond the lowered quota after restart: %v; want QuotaExceeded", err)
	}
}

// TestStateDirSurvivesKill starts `ecmock serve --state-dir` as a child
// process, makes acknowledged changes, kills it with SIGKILL, restarts it on
// the same directory and finds every change — and the restarted server
// continues exactly as one that never stopped (same next ID).
func TestStateDirSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"--state-dir", dir, "--auth", "open", "--clock", "manual", "--seed", "7", "--timing", "fast"}
	first := startChild(t, nil, flags...)
	c := &caller{t: t, host: first.host, clients: map[string]*sdk.Client{}}
	retryID := changes(t, c, first.url)
	before, clockBefore := view(c), getClock(t, first.url)
	first.kill(t)

	// the same directory through the environment this time
	second := startChild(t, []string{"ECMOCK_STATE_DIR=" + dir}, flags[2:]...)
	c.host = second.host
	if after := view(c); after != before {
		t.Fatalf("after kill -9 and restart the accounts see\n%s\nwant\n%s", after, before)
	}
	if got := getClock(t, second.url); got != clockBefore {
		t.Errorf("clock after restart %s; want %s", got, clockBefore)
	}
	retried := c.call(key(4), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": "ap-cn-hangzhou-qq-D", "LineOperator": "CU",
		"PeerLocation": "DC9", "ClientToken": "retry-me"})
	if retried["PhysicalConnectionId"] != retryID {
		t.Errorf("ClientToken retry after restart answered %v; want the original %s", retried["PhysicalConnectionId"], retryID)
	}
	afterRestart(t, c)
	next := c.call(key(5), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": "ap-cn-hangzhou-qq-D", "LineOperator": "CU", "PeerLocation": "DC9"})

	// The same calls on a server that never stopped give the same answers.
	ref, err := mock.Start(mock.Options{Auth: "open", Clock: "manual", Seed: 7, Timing: "fast"})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	rc := &caller{t: t, host: ref.Endpoint(), clients: map[string]*sdk.Client{}}
	if id := changes(t, rc, ref.URL()); id != retryID {
		t.Fatalf("reference server created %s; the killed one %s (the runs differ before the restart)", id, retryID)
	}
	view(rc) // the killed server's view before the kill
	view(rc) // and after the restart
	rc.call(key(4), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": "ap-cn-hangzhou-qq-D", "LineOperator": "CU",
		"PeerLocation": "DC9", "ClientToken": "retry-me"})
	afterRestart(t, rc)
	refNext := rc.call(key(5), "Vpc", "CreatePhysicalConnection", map[string]string{"AccessPointId": "ap-cn-hangzhou-qq-D", "LineOperator": "CU", "PeerLocation": "DC9"})
	if next["PhysicalConnectionId"] != refNext["PhysicalConnectionId"] || next["RequestId"] != refNext["RequestId"] {
		t.Errorf("after restart the next create answered %v / %v; a server that never stopped answers %v / %v",
			next["PhysicalConnectionId"], next["RequestId"], refNext["PhysicalConnectionId"], refNext["RequestId"])
	}
}

// TestStateDirRefusesForeignOrDamaged: a state file that is not ecmock's, is
// damaged, was written in another format or is open in another process is
// refused at start with a message, and left as it was.
func TestStateDirRefusesForeignOrDamaged(t *testing.T) {
	garbage := t.TempDir()
	junk := bytes.Repeat([]byte("not a database "), 1000)
	if err := os.WriteFile(filepath.Join(garbage, "ecmock.db"), junk, 0o600); err != nil {
		t.Fatal(err)
	}
	foreign := t.TempDir()
	db, err := bolt.Open(filepath.Join(foreign, "ecmock.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("meta"))
		return b.Put([]byte("format"), []byte("ecmock-state/99"))
	})
	db.Close()
	other := t.TempDir()
	db, _ = bolt.Open(filepath.Join(other, "ecmock.db"), 0o600, nil)
	_ = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("someone-else")); return err })
	db.Close()
	busy := t.TempDir()
	held, err := bolt.Open(filepath.Join(busy, "ecmock.db"), 0o600, nil) // another process's lock
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	for _, tc := range []struct{ dir, want string }{
		{busy, "in use by another process"},
		{garbage, "not an ecmock state file or it is damaged"},
		{foreign, `incompatible ecmock (format "ecmock-state/99"`},
		{other, "not an ecmock state file (no meta bucket)"},
	} {
		before, _ := os.ReadFile(filepath.Join(tc.dir, "ecmock.db"))
		var out, errb bytes.Buffer
		code := run([]string{"serve", "--addr", "127.0.0.1:0", "--state-dir", tc.dir}, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tc.dir, code, errb.String(), tc.want)
		}
		if after, _ := os.ReadFile(filepath.Join(tc.dir, "ecmock.db")); !bytes.Equal(before, after) {
			t.Errorf("%s: the refused state file was changed", tc.dir)
		}
	}
}
