package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestVerifyFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "nothing to verify"},
		{[]string{"--pact", "no/such/file.json"}, "no such file"},
		{[]string{"--pact", "../../contracts/pacts", "--publish"}, "--publish needs --provider-version and --broker-url"},
		{[]string{"--pact", "../../contracts/pacts", "--enable-pending"}, "apply to pacts from a broker"},
		{[]string{"--broker-url", "http://broker.invalid", "--consumer-version-selector", "main"}, "is not a JSON object"},
		{[]string{"--broker-url", "http://broker.invalid", "--include-wip-pacts-since", "last week"}, "must be YYYY-MM-DD"},
		{[]string{"--pact", "../../contracts/pacts", "--timing", "slow"}, "--timing must be"},
		{[]string{"--pact", "../../contracts/pacts", "extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(append([]string{"verify"}, tt.args...), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("verify %q: exit %d, stderr %q; want 2 and %q", tt.args, code, errb.String(), tt.want)
		}
	}
}

func TestVerifyIsListed(t *testing.T) {
	var out bytes.Buffer
	run(nil, &out, &out)
	if !strings.Contains(out.String(), "verify ") {
		t.Fatalf("usage does not list verify:\n%s", out.String())
	}
}

// A result document as libpact_ffi 0.4.28 writes it (trimmed).
const failedDoc = `{"errors":[{"interaction":"Verifying a pact between a and b - get it","mismatch":{"interactionId":"","mismatches":[
{"actual":"404","expected":"400","mismatch":"Expected 404 (Integer) to be equal to 400 (Integer)","path":"$.HttpStatusCode","type":"BodyMismatch"},
{"actual":404,"expected":400,"mismatch":"expected 400 but was 404","type":"StatusMismatch"}],"type":"mismatches"}},
{"interaction":"Verifying a pact between a and b Given x - set it","mismatch":{"type":"error","message":"One or more of the setup state change handlers has failed"}}],
"pendingErrors":[],"interactionResults":[{"description":"get it","result":"Error"},{"description":"set it","result":"Error"},{"description":"list","result":"OK"}],"result":false}`

func TestSummarise(t *testing.T) {
	got, err := summarise(&verifyResult{code: 1, json: []byte(failedDoc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Summary: 3 interaction(s): 1 passed, 2 failed",
		"FAILED  Verifying a pact between a and b - get it",
		"- $.HttpStatusCode: Expected 404 (Integer) to be equal to 400 (Integer)",
		"- expected 400 but was 404",
		"- One or more of the setup state change handlers has failed",
		"verification FAILED (verifier exit 1)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	ok, _ := summarise(&verifyResult{json: []byte(`{"errors":[],"interactionResults":[{"result":"OK"}],"result":true}`)})
	if !strings.Contains(ok, "1 passed, 0 failed") || !strings.Contains(ok, "verification PASSED") {
		t.Errorf("summary of a pass:\n%s", ok)
	}
	if _, err := summarise(&verifyResult{code: 1, json: []byte(`not json`)}); err == nil {
		t.Error("an unreadable result document was accepted")
	}
}
