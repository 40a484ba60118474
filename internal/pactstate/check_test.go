package pactstate

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/internal/catalog"
)

func TestStateParamsAreChecked(t *testing.T) {
	tests := []struct {
		state  string
		params map[string]any
		want   []string
	}{
		{"a TransitRouterEcrAttachment tr-attach-x exists in status NOPE", nil,
			[]string{`"NOPE" is not a status of a TransitRouterEcrAttachment (statuses: Attaching, Attached, Detaching)`,
				`vocabulary: "an? {type} {id} exists in status {status}" (e.g. "a TransitRouterEcrAttachment`}},
		{"an ExpressConnectRouter ecr-1 exists", map[string]any{"name": "edge"},
			[]string{`unknown param "name" (attributes are capitalised like the API's fields: Name?)`, "this state takes account, accountSecret, attrs, id"}},
		{"an ExpressConnectRouter ecr-1 exists", map[string]any{"AlibabaSideAsn": "notanumber"},
			[]string{"param AlibabaSideAsn must be a whole number (Long), not \"notanumber\""}},
		{"an ExpressConnectRouter ecr-1 exists", map[string]any{"EcrIdd": "x"},
			[]string{"param EcrIdd is not a field of a ExpressConnectRouter (fields: ", "other attributes go in an `attrs` object"}},
		{"an ExpressConnectRouter ecr-1 exists", map[string]any{"ecrid": "x"},
			[]string{`unknown param "ecrid"`}},
		{"an ExpressConnectRouter ecr-1 exists", map[string]any{"Ecrid": "x"},
			[]string{"param Ecrid: the field is spelt EcrId"}},
		{"action CreateCen fails with Throttling.User", map[string]any{"id": "cen-1"},
			[]string{`unknown param "id"; this state takes account, accountSecret, action, calls, code, delay, force, message, region, status`}},
		{"action CreateCen fails with Throttling.User", map[string]any{"force": "yes"},
			[]string{"param force must be true or false"}},
		{"account quota EcrCountPerUser is 1", map[string]any{"EcrId": "x"},
			[]string{"param EcrId: this state adds no resource"}},
		{"a physical connection exists", map[string]any{"id": "pc-1", "status": "Bogus"},
			[]string{`"Bogus" is not a status of a PhysicalConnection`}},
		{"an ExpressConnectRouter ecr-1 exists", map[string]any{"attrs": "x"},
			[]string{"param attrs must be an object"}},
	}
	for _, tt := range tests {
		_, err := Parse(tt.state, tt.params, Options{Account: "KEY"})
		if err == nil {
			t.Errorf("%q %v: accepted", tt.state, tt.params)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q %v:\n%v\nlacks %q", tt.state, tt.params, err, w)
			}
		}
	}
}

func TestStateValuesAreNormalised(t *testing.T) {
	plan, err := Parse("a transit router ecr attachment tr-attach-1 exists in status attaching",
		map[string]any{"EcrId": "ecr-1"}, Options{Account: "KEY"})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Fixtures[0].Status != "Attaching" {
		t.Errorf("status %q; want the API's spelling Attaching", plan.Fixtures[0].Status)
	}
	plan, err = Parse("an ExpressConnectRouter ecr-1 exists", map[string]any{"AlibabaSideAsn": "65000", "Name": "edge"}, Options{Account: "KEY"})
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Fixtures[0].Attrs["AlibabaSideAsn"]; got != float64(65000) {
		t.Errorf("AlibabaSideAsn %v (%T); want the number 65000", got, got)
	}
	// The committed pact's states, with their params, are all accepted.
	b, err := os.ReadFile("../../contracts/pacts/ecmock-reference-client-alibaba-cloud-express-connect.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Interactions []struct {
			ProviderStates []struct {
				Name   string         `json:"name"`
				Params map[string]any `json:"params"`
			} `json:"providerStates"`
		} `json:"interactions"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, it := range doc.Interactions {
		for _, st := range it.ProviderStates {
			if _, err := Parse(st.Name, st.Params, Options{Account: "KEY"}); err != nil {
				t.Errorf("committed pact state: %v", err)
			}
		}
	}
}

// Every status the catalogue's lifecycles name is a status of its type here.
func TestStatusesCoverTheLifecycles(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cat.Products {
		for typ, trs := range p.Lifecycles {
			list, ok := typeStatuses[typ]
			if !ok {
				continue // not a fixture type (e.g. PhysicalConnectionLOA)
			}
			for _, tr := range trs {
				for _, st := range []string{tr.From, tr.To} {
					if st != "-" && !slices.Contains(list, st) {
						t.Errorf("%s: lifecycle status %q missing from typeStatuses", typ, st)
					}
				}
			}
		}
	}
	for typ := range typeStatuses {
		if _, ok := typeAliases[normal(typ)]; !ok {
			t.Errorf("typeStatuses has %s, not a fixture type", typ)
		}
	}
}

// fakeAccounts knows some accounts.
type fakeAccounts struct {
	known map[string]string
	open  bool
}

func (f fakeAccounts) Lookup(k string) (string, bool) { uid, ok := f.known[k]; return uid, ok }
func (f fakeAccounts) Open() bool                     { return f.open }

func TestUnknownAccessKeysBecomeAccounts(t *testing.T) {
	known := fakeAccounts{known: map[string]string{"LTAIecmockAccountA": "1000000000000001", "1000000000000001": "1000000000000001"}}
	o := Options{Account: "LTAIecmockAccountA", Accounts: known}
	state := "an ACTIVE express connect router ecr-1"
	// A known account: nothing declared.
	plan, _ := Parse(state, nil, o)
	if err := plan.declareAccount(o, nil); err != nil || plan.NewAccount != nil {
		t.Fatalf("known account: %v %+v", err, plan.NewAccount)
	}
	// An unknown key, signatures verified, no secret: refused, saying how.
	params := map[string]any{"account": "LTAInetteamCI0001"}
	plan, _ = Parse(state, params, o)
	err := plan.declareAccount(o, params)
	if err == nil || !strings.Contains(err.Error(), "give the key's secret (the state param accountSecret, `ecmock verify --account-secret`") {
		t.Fatalf("no secret: %v", err)
	}
	// With the secret from a param: declared in the scenario.
	params["accountSecret"] = "s3cret"
	plan, _ = Parse(state, params, o)
	if err := plan.declareAccount(o, params); err != nil {
		t.Fatal(err)
	}
	sc, _ := json.Marshal(plan.Scenario(nil))
	want := `"accounts":[{"accessKeyId":"LTAInetteamCI0001","accessKeySecret":"s3cret","uid":"` + UIDFor("LTAInetteamCI0001") + `"}]`
	if !strings.Contains(string(sc), want) || !strings.Contains(string(sc), `"account":"LTAInetteamCI0001"`) {
		t.Fatalf("scenario %s lacks %s", sc, want)
	}
	// The secret from the options (--account-secret), the key from --account.
	o2 := Options{Account: "LTAInetteamCI0001", AccountSecret: "opt", Accounts: known}
	plan, _ = Parse(state, nil, o2)
	if err := plan.declareAccount(o2, nil); err != nil || plan.NewAccount == nil || plan.NewAccount.AccessKeySecret != "opt" {
		t.Fatalf("secret from options: %v %+v", err, plan.NewAccount)
	}
	// Open auth needs no secret.
	o3 := Options{Account: "LTAInetteamCI0001", Accounts: fakeAccounts{open: true}}
	plan, _ = Parse(state, nil, o3)
	if err := plan.declareAccount(o3, nil); err != nil || plan.NewAccount == nil {
		t.Fatalf("open auth: %v %+v", err, plan.NewAccount)
	}
	// An unknown UID cannot be made up.
	o4 := Options{Account: "1000000000000009", Accounts: known}
	plan, _ = Parse(state, nil, o4)
	if err := plan.declareAccount(o4, nil); err == nil || !strings.Contains(err.Error(), "no account has UID 1000000000000009") {
		t.Fatalf("unknown UID: %v", err)
	}
}
