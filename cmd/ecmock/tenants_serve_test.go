package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
)

func control(method, url, token, body string) (int, map[string]any, error) {
	r, _ := http.NewRequest(method, url, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	err = json.Unmarshal(b, &m)
	return res.StatusCode, m, err
}

// TestTwoTenantsAgainstOneServe runs two teams' pipelines concurrently
// against one `ecmock serve --tenants`: each creates its accounts through the
// accounts API, creates resources with the SDK, injects a fault and resets,
// several times; neither ever sees or loses anything of the other's, and the
// admin token sees both.
func TestTwoTenantsAgainstOneServe(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "tenants.yaml")
	tokens := map[string]string{"red": "red-team-token-0123456789", "blue": "blue-team-token-0123456789"}
	_ = os.WriteFile(tf, []byte("tenants:\n  - {name: red, token: "+tokens["red"]+"}\n  - {name: blue, token: "+tokens["blue"]+"}\n"), 0o600)
	url, _, code := startServe(t, "--admin-token", "serve-admin-token-0123", "--tenants", tf, "--timing", "instant")
	defer func() { _ = syscall.Kill(os.Getpid(), syscall.SIGTERM); <-code }()
	endpoint := strings.TrimPrefix(url, "http://")

	run := func(team string) error {
		tok := tokens[team]
		for round := 0; round < 3; round++ {
			st, m, err := control("POST", url+"/_ecmock/accounts", tok, `{}`)
			if err != nil || st != 201 {
				return fmt.Errorf("%s: account: %d %v %v", team, st, m, err)
			}
			c, _ := vpc.NewClientWithAccessKey(sdktest.Region, m["accessKeyId"].(string), m["accessKeySecret"].(string))
			c.Domain = endpoint
			if _, err := c.CreatePhysicalConnection(sdktest.PCRequest()); err != nil {
				return fmt.Errorf("%s: create: %v", team, err)
			}
			if st, m, err := control("POST", url+"/_ecmock/faults", tok, `{"name":"down","match":{"action":"DescribePhysicalConnections"},"do":{"error":"Throttling"},"when":{"calls":"1"}}`); err != nil || st != 201 {
				return fmt.Errorf("%s: fault: %d %v %v", team, st, m, err)
			}
			req := vpc.CreateDescribePhysicalConnectionsRequest()
			req.Scheme = "http"
			if _, err := c.DescribePhysicalConnections(req); err == nil || !strings.Contains(err.Error(), "Throttling") {
				return fmt.Errorf("%s: first describe: %v; want its own Throttling", team, err)
			}
			res, err := c.DescribePhysicalConnections(req)
			if err != nil || res.TotalCount != 1 {
				return fmt.Errorf("%s: describe: %v %d; want its one connection", team, err, res.TotalCount)
			}
			st, m, err = control("GET", url+"/_ecmock/state", tok, "")
			if err != nil || st != 200 || len(m["resources"].([]any)) != 1 {
				return fmt.Errorf("%s: state: %d %v %v; want its one connection", team, st, m, err)
			}
			if st, m, err := control("POST", url+"/_ecmock/reset", tok, ""); err != nil || st != 200 {
				return fmt.Errorf("%s: reset: %d %v %v", team, st, m, err)
			}
		}
		return nil
	}
	vpc.GetEndpointMap() // the SDK fills its endpoint map lazily, racing clients made concurrently
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for team := range tokens {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- run(team) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	st, m, err := control("GET", url+"/_ecmock/accounts", "serve-admin-token-0123", "")
	if err != nil || st != 200 || len(m["accounts"].([]any)) != 2+6 {
		t.Fatalf("admin's accounts: %d %v %v; want the 2 built-in and 3 per team", st, m, err)
	}
	tenants := map[string]int{}
	for _, a := range m["accounts"].([]any) {
		tenants[fmt.Sprint(a.(map[string]any)["tenant"])]++
	}
	if tenants["red"] != 3 || tenants["blue"] != 3 {
		t.Fatalf("accounts by tenant %v; want 3 each", tenants)
	}
}
