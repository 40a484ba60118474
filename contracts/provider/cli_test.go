//go:build pactcli

package provider_test

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// pactCLI finds the standalone pact binary: $PACT_CLI (the Makefile sets
// it), else where `make pact-cli` installs it.
func pactCLI(t *testing.T) string {
	t.Helper()
	p := os.Getenv("PACT_CLI")
	if p == "" {
		p = filepath.Join("..", "..", ".pact", "cli", "node_modules", "@pact-foundation", "pact-cli-linux-x64", "standalone", "pact")
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the standalone pact CLI is not installed (%v): run `make pact-cli`, or `make test-pact`", err)
	}
	return p
}

// verifyWithCLI runs `pact verifier` on file against a running ecmock
// (open auth), with provider states sent to its POST /_ecmock/pact/states.
func verifyWithCLI(t *testing.T, file string, extra ...string) (string, error) {
	t.Helper()
	cli := pactCLI(t)
	srv := mock.StartTest(t, mock.Options{Auth: "open", Timing: "fast"})
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"verifier", "--file", file, "--hostname", u.Hostname(), "--port", u.Port(),
		"--provider-name", "alibaba-cloud-express-connect", "--no-colour",
		"--state-change-url", srv.URL() + "/_ecmock/pact/states"}, extra...)
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), "PACT_DO_NOT_TRACK=true")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	return out.String(), err
}

const committedPact = "../pacts/ecmock-reference-client-alibaba-cloud-express-connect.json"

func TestCLIVerifiesCommittedPactWithStateChangeURL(t *testing.T) {
	for _, tt := range []struct {
		name  string
		extra []string
	}{
		{"teardown", []string{"--state-change-teardown"}},
		// Without teardowns ecmock starts each interaction afresh itself.
		{"no teardown", nil},
		{"states as query", []string{"--state-change-teardown", "--state-change-as-query"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := verifyWithCLI(t, committedPact, tt.extra...)
			if err != nil {
				t.Fatalf("pact verifier: %v\n%s", err, out)
			}
			if n := strings.Count(out, "returns a response which"); n != 28 {
				t.Fatalf("verified %d interactions; want 28\n%s", n, out)
			}
			if strings.Contains(out, "FAILED") {
				t.Fatalf("a failure in:\n%s", out)
			}
		})
	}
}

func TestCLIReportsTheWrongPactsMismatches(t *testing.T) {
	out, err := verifyWithCLI(t, "../testdata/wrong-pact.json", "--state-change-teardown")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("pact verifier: %v; want a non-zero exit\n%s", err, out)
	}
	for _, want := range []string{"expected 400 but was 404", "Actual map is missing the following keys: EcrID", "There were 2 pact failures"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
