//go:build pact

package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// fakeBroker serves the part of the Pact Broker API a verifier uses: the
// index, pacts-for-verification (answering each pact as pending or not),
// the pact documents, and verification results.
type fakeBroker struct {
	*httptest.Server
	pending bool
	pact    []byte
	base    string // the broker's URL, known before it serves

	mu        sync.Mutex
	query     map[string]any // the pacts-for-verification request
	published map[string]any // the verification results
}

func newFakeBroker(t *testing.T, pactFile string, pending bool) *fakeBroker {
	t.Helper()
	doc, err := os.ReadFile(pactFile)
	if err != nil {
		t.Fatal(err)
	}
	// Everything the handler reads is set before the server starts serving
	// (a request over TCP gives the race detector no happens-before edge).
	b := &fakeBroker{pending: pending}
	b.Server = httptest.NewUnstartedServer(http.HandlerFunc(b.serve))
	b.base = "http://" + b.Listener.Addr().String()
	// The pact as the broker serves it: with a link to publish results to.
	var pact map[string]any
	if err := json.Unmarshal(doc, &pact); err != nil {
		t.Fatal(err)
	}
	pact["_links"] = map[string]any{"pb:publish-verification-results": map[string]any{
		"title": "Publish verification results", "href": b.base + "/pacts/1/verification-results"}}
	b.pact, _ = json.Marshal(pact)
	b.Start()
	t.Cleanup(b.Close)
	return b
}

func (b *fakeBroker) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/hal+json")
	body, _ := io.ReadAll(r.Body)
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/":
		json.NewEncoder(w).Encode(map[string]any{"_links": map[string]any{
			"pb:provider-pacts-for-verification": map[string]any{
				"href": b.base + "/pacts/provider/{provider}/for-verification", "templated": true}}})
	case r.Method == http.MethodGet && r.URL.Path == "/pacts/provider/alibaba-cloud-express-connect/for-verification":
		json.NewEncoder(w).Encode(map[string]any{"_links": map[string]any{"self": map[string]any{"href": b.base + r.URL.Path}}})
	case r.Method == http.MethodPost && r.URL.Path == "/pacts/provider/alibaba-cloud-express-connect/for-verification":
		b.mu.Lock()
		json.Unmarshal(body, &b.query)
		b.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"_embedded": map[string]any{"pacts": []any{map[string]any{
			"shortDescription": "latest from main",
			"verificationProperties": map[string]any{"pending": b.pending, "notices": []any{
				map[string]any{"when": "before_verification", "text": "The pact at " + b.base + "/pacts/1 is being verified"}}},
			"_links": map[string]any{"self": map[string]any{"href": b.base + "/pacts/1", "name": "Pact between team-with-a-wrong-pact and alibaba-cloud-express-connect"}},
		}}}})
	case r.Method == http.MethodGet && r.URL.Path == "/pacts/1":
		w.Write(b.pact)
	case r.Method == http.MethodPost && r.URL.Path == "/pacts/1/verification-results":
		b.mu.Lock()
		json.Unmarshal(body, &b.published)
		b.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{}`))
	default:
		http.NotFound(w, r)
	}
}

// TestVerifyPendingPactFromBroker: a failing pact the broker marks pending
// is reported but does not fail the run.
func TestVerifyPendingPactFromBroker(t *testing.T) {
	b := newFakeBroker(t, "../../contracts/testdata/wrong-pact.json", true)
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--broker-url", b.base, "--enable-pending", "--provider-branch", "main",
		"--consumer-version-selector", `{"mainBranch":true}`}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d; want 0 (the failures are pending)\n%s%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"0 passed, 0 failed, 2 pending failed", "Pending interactions that failed:", "expected 400 but was 404"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.query["includePendingStatus"] != true || b.query["providerVersionBranch"] != "main" {
		t.Errorf("pacts-for-verification request %v; want includePendingStatus and the provider branch", b.query)
	}
	if sel, _ := b.query["consumerVersionSelectors"].([]any); len(sel) != 1 {
		t.Errorf("selectors %v; want the one given", b.query["consumerVersionSelectors"])
	}
}

// TestVerifyBrokerPactFailsAndPublishes: the same pact, not pending, fails
// the run, and the failed result is published with the provider version.
func TestVerifyBrokerPactFailsAndPublishes(t *testing.T) {
	b := newFakeBroker(t, "../../contracts/testdata/wrong-pact.json", false)
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--broker-url", b.base, "--publish", "--provider-version", "1.2.3"}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "0 passed, 2 failed") {
		t.Fatalf("exit %d; want 1 with 2 failures\n%s%s", code, out.String(), errb.String())
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.published["success"] != false || b.published["providerApplicationVersion"] != "1.2.3" {
		t.Errorf("published %v; want a failed result for provider version 1.2.3", b.published)
	}
}
