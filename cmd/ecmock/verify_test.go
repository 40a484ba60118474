package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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

// `ecmock verify` refuses, before verifying, what would verify nothing.
func TestVerifyRefusesWhatVerifiesNothing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := t.TempDir()
	notPact := write("not-a-pact.json", `{"a": 1}`)
	notJSON := write("not-json.json", `hello`)
	noInteractions := write("none.json", `{"consumer":{"name":"c"},"provider":{"name":"alibaba-cloud-express-connect"},"interactions":[]}`)
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "p.json"), []byte(`{"consumer":{"name":"c"},"provider":{"name":"someone-else"},"interactions":[{}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--pact", empty}, "no pact for provider \"alibaba-cloud-express-connect\" in this directory (it has no *.json files)"},
		{[]string{"--pact", notPact}, "not-a-pact.json is not a pact file: a pact has consumer, provider and interactions"},
		{[]string{"--pact", notJSON}, "not-json.json is not a pact file: not a JSON object"},
		{[]string{"--pact", noInteractions}, "none.json has no interactions: there is nothing to verify"},
		{[]string{"--pact", "../../contracts/pacts", "--provider", "other"}, `is a pact for provider "alibaba-cloud-express-connect"`},
		{[]string{"--pact", "../../contracts/pacts/ecmock-reference-client-alibaba-cloud-express-connect.json", "--provider", "other"},
			`is a pact for provider "alibaba-cloud-express-connect", not "other": verify it with --provider "alibaba-cloud-express-connect"`},
		{[]string{"--pact", "../../contracts/pacts", "--consumer", "nobody"}, `is a pact of consumer "ecmock-reference-client" (--consumer)`},
		{[]string{"--pact", other}, `p.json is a pact for provider "someone-else"`},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(append([]string{"verify"}, tt.args...), &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("verify %q: exit %d, stderr %q; want 1 and %q", tt.args, code, errb.String(), tt.want)
		}
	}
}

func TestPactsAccount(t *testing.T) {
	p, err := readPact("../../contracts/pacts/ecmock-reference-client-alibaba-cloud-express-connect.json")
	if err != nil {
		t.Fatal(err)
	}
	if key, _, why := pactsAccount([]*pactInfo{p}); key != "LTAIecmockAccountA" || why == "" {
		t.Fatalf("account of the committed pact: %q (%s)", key, why)
	}
	two := &pactInfo{keys: map[string]bool{"K1": true, "K2": true}}
	if key, _, _ := pactsAccount([]*pactInfo{two}); key != "" {
		t.Fatalf("two keys gave %q; want none", key)
	}
	meta := &pactInfo{path: "m.json", keys: map[string]bool{"K1": true}, metaKey: "LTAIteam", metaSecret: "s"}
	if key, secret, why := pactsAccount([]*pactInfo{meta}); key != "LTAIteam" || secret != "s" || !strings.Contains(why, "metadata.ecmock.accessKeyId of m.json") {
		t.Fatalf("metadata: %q %q %q", key, secret, why)
	}
	for _, tt := range []struct{ query, body string }{
		{`"AccessKeyId=K9&Action=X"`, `null`},
		{`{"AccessKeyId": ["K9"]}`, `null`},
		{`null`, `"AccessKeyId=K9&Action=X"`},
		{`null`, `{"content": "AccessKeyId=K9", "contentType": "application/x-www-form-urlencoded"}`},
	} {
		if got := accessKeys(json.RawMessage(tt.query), json.RawMessage(tt.body), nil); len(got) != 1 || got[0] != "K9" {
			t.Errorf("query %s body %s: %q", tt.query, tt.body, got)
		}
	}
	got := accessKeys(nil, nil, map[string]any{"authorization": []any{"ACS3-HMAC-SHA256 Credential=K9,SignedHeaders=host,Signature=x"}})
	if len(got) != 1 || got[0] != "K9" {
		t.Errorf("V3 Authorization: %q", got)
	}
}
