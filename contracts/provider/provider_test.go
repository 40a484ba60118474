//go:build pact

package provider_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/contracts/provider"
	"github.com/ecmock/ecmock/mock"
)

// TestVerifyCommittedPacts verifies contracts/pacts — the reference client's
// pact — against ecmock, with StateHandlers from the vocabulary.
func TestVerifyCommittedPacts(t *testing.T) {
	cfg := provider.Config{PactDirs: []string{"../pacts"}, Server: mock.Options{Timing: "fast"}}
	if err := cfg.Verify(t); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyCommittedPactsThroughStateChangeURL is the same with the states
// sent to ecmock's POST /_ecmock/pact/states (what broker sources use).
func TestVerifyCommittedPactsThroughStateChangeURL(t *testing.T) {
	cfg := provider.Config{PactFiles: []string{"../pacts/ecmock-reference-client-alibaba-cloud-express-connect.json"},
		UseStateChangeURL: true}
	if err := cfg.Verify(t); err != nil {
		t.Fatal(err)
	}
}

// TestWrongPactFailsWithMismatches verifies contracts/testdata/wrong-pact.json
// (a 400 where the API answers 404, a misspelled EcrID field) in a child
// process — VerifyProvider fails the *testing.T it is given — and reads the
// verifier's mismatch report and the child's exit status.
func TestWrongPactFailsWithMismatches(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestVerifyPactFromEnv$", "-test.v")
	cmd.Env = append(os.Environ(), "ECMOCK_PACT_FILE=../testdata/wrong-pact.json")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("got %v; want the child to fail with exit status 1\n%s", err, out.String())
	}
	for _, want := range []string{
		"has status code 400 (FAILED)",
		"expected 400 but was 404",
		"$.HttpStatusCode -> Expected 404 (Integer) to be equal to 400 (Integer)",
		"Actual map is missing the following keys: EcrID",
		"There were 2 pact failures",
		"--- FAIL: TestVerifyPactFromEnv",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("child output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("child output:\n%s", out.String())
	}
}

// TestVerifyPactFromEnv verifies the pact file named by ECMOCK_PACT_FILE;
// it runs as the child of TestWrongPactFailsWithMismatches.
func TestVerifyPactFromEnv(t *testing.T) {
	file := os.Getenv("ECMOCK_PACT_FILE")
	if file == "" {
		t.Skip("runs only as the child process of TestWrongPactFailsWithMismatches")
	}
	cfg := provider.Config{PactFiles: []string{file}}
	if err := cfg.Verify(t); err != nil {
		t.Fatal(err)
	}
}

func TestConfigErrors(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open"})
	if _, err := (provider.Config{}).Request(srv); err == nil || !strings.Contains(err.Error(), "no pacts to verify") {
		t.Errorf("got %v; want a no-pacts error", err)
	}
	if _, err := (provider.Config{BrokerURL: "http://broker.invalid", Publish: true}).Request(srv); err == nil ||
		!strings.Contains(err.Error(), "provider version") {
		t.Errorf("got %v; want a provider-version error", err)
	}
	req, err := (provider.Config{BrokerURL: "http://broker.invalid", EnablePending: true}).Request(srv)
	if err != nil {
		t.Fatal(err)
	}
	if !req.EnablePending || req.ProviderStatesSetupURL != srv.URL()+"/_ecmock/pact/states" || len(req.StateHandlers) != 0 {
		t.Errorf("broker request %+v; want pending enabled and states through the state-change URL", req)
	}
	req, err = (provider.Config{PactDirs: []string{"../pacts"}}).Request(srv)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := req.StateHandlers["no resources exist"]; !ok || len(req.StateHandlers) < 10 {
		t.Errorf("got %d state handlers; want one per state of ../pacts", len(req.StateHandlers))
	}
}
