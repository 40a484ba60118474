//go:build !pact

package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestVerifyWithoutPactSaysHowToGetIt(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--pact", "../../contracts/pacts"}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "make build") || !strings.Contains(errb.String(), "/_ecmock/pact/states") {
		t.Fatalf("exit %d, stderr %q; want 2 and how to get the full build", code, errb.String())
	}
}
