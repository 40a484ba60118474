package states_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/contracts/states"
	"github.com/ecmock/ecmock/mock"
)

func ExampleApply() {
	srv, err := mock.Start(mock.Options{Auth: "open", Clock: "manual"})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	if err := states.Apply(srv, "an Active transit router tr-pact0000000000000000001 in CEN cen-pact00000000000000001", nil, states.Setup); err != nil {
		panic(err)
	}
	for _, id := range []string{"cen-pact00000000000000001", "tr-pact0000000000000000001"} {
		r, _ := srv.Resource(id)
		fmt.Println(r.Type, r.ID, r.Status, r.Str("CenId"))
	}
	if err := states.Apply(srv, "", nil, states.Teardown); err != nil {
		panic(err)
	}
	_, ok := srv.Resource("tr-pact0000000000000000001")
	fmt.Println("after teardown:", ok)
	// Output:
	// Cen cen-pact00000000000000001 Active cen-pact00000000000000001
	// TransitRouter tr-pact0000000000000000001 Active cen-pact00000000000000001
	// after teardown: false
}

// TestCommittedPactsUseTheVocabulary: every state named in contracts/pacts
// is one ecmock knows, and applying it succeeds on a fresh server.
func TestCommittedPactsUseTheVocabulary(t *testing.T) {
	names, err := states.InPacts("../pacts")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 10 {
		t.Fatalf("found %d states in ../pacts; want the consumer tests' states", len(names))
	}
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual", Strict: true})
	for _, n := range names {
		if err := states.Apply(srv, n, nil, states.Setup); err != nil {
			// Some states need params the pact gives; Parse must still know them.
			if strings.Contains(err.Error(), "unknown provider state") {
				t.Errorf("%q: %v", n, err)
			}
		}
		if err := states.Apply(srv, n, nil, states.Teardown); err != nil {
			t.Fatal(err)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the vocabulary section of contracts/README.md")

// TestREADMEDocumentsTheVocabulary: contracts/README.md carries the
// vocabulary as Markdown() renders it, between its markers (go test
// ./contracts/states -run README -update rewrites it).
func TestREADMEDocumentsTheVocabulary(t *testing.T) {
	const path, begin, end = "../README.md", "<!-- states:begin -->\n", "<!-- states:end -->"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %q ... %q markers", path, begin, end)
	}
	want := doc[:i+len(begin)] + strings.TrimPrefix(states.Markdown(), "\n") + "\n" + doc[j:]
	if doc == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the vocabulary in %s is out of date: run go test ./contracts/states -run README -update", path)
}

// TestEveryExampleAppliesToEcmock: each documented example (with its params)
// is accepted by a real server's scenario engine.
func TestEveryExampleAppliesToEcmock(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual", Strict: true})
	for _, d := range states.Vocabulary() {
		if err := states.Apply(srv, d.Example, d.Params, states.Setup); err != nil {
			t.Errorf("%q: %v", d.Example, err)
		}
		if err := states.Apply(srv, d.Example, nil, states.Teardown); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatesInPact(t *testing.T) {
	got, err := states.StatesInPact([]byte(`{"interactions":[{"providerState":"a"},{"providerStates":[{"name":"b"},{"name":"c","params":{"x":1}}]}]}`), "t")
	if err != nil || strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("got %v, %v; want a,b,c", got, err)
	}
	if _, err := states.StatesInPact([]byte(`nope`), "bad.json"); err == nil || !strings.Contains(err.Error(), "bad.json: not a pact file") {
		t.Fatalf("got %v; want a not-a-pact error naming the file", err)
	}
}

// An access key the server does not know becomes an account of the run:
// in-process with open auth as is, with signatures verified given its secret.
func TestApplyWithAnotherTeamsKey(t *testing.T) {
	const key = "LTAInetteamCI0001"
	req := states.Request{State: "an ACTIVE express connect router ecr-pact00000000000000001"}
	open := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	if _, err := states.ApplyValues(open, states.Options{Account: key}, req); err != nil {
		t.Fatal(err)
	}
	if r, ok := open.Resource("ecr-pact00000000000000001"); !ok || r.Owner == open.AccountA().UID {
		t.Fatalf("fixture %+v; want it in %s's account", r, key)
	}
	verify := mock.StartTest(t, mock.Options{Clock: "manual"})
	if _, err := states.ApplyValues(verify, states.Options{Account: key}, req); err == nil || !strings.Contains(err.Error(), "give the key's secret") {
		t.Fatalf("unknown key without a secret under --auth verify: %v", err)
	}
	if _, err := states.ApplyValues(verify, states.Options{Account: key, AccountSecret: "s"}, req); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range verify.Accounts() {
		found = found || (a.AccessKeyID == key && a.AccessKeySecret == "s")
	}
	if !found {
		t.Fatalf("%s is not an account: %+v", key, verify.Accounts())
	}
}
