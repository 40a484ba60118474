package catalog

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedCatalogueLoads(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.ByVersion("2016-04-28") == nil || c.ByVersion("2016-04-28").Name != "Vpc" {
		t.Fatalf("got %v for 2016-04-28; want Vpc", c.ByVersion("2016-04-28"))
	}
	for _, pn := range c.ProductNames() {
		p := c.Products[pn]
		for _, an := range p.ActionNames() {
			a := p.Actions[an]
			if a.Summary == "" || a.Source == "" {
				t.Errorf("%s.%s: summary and source are required", pn, an)
			}
			for _, e := range a.Errors {
				if e.Message == "" {
					t.Errorf("%s.%s: error %s has no message", pn, an, e.Code)
				}
			}
		}
	}
}

const testProduct = `
product: P
version: "2020-01-01"
envelope: ecr
missingError: "MissingParam.%s"
invalidError: "IllegalParamFormat.%s"
actions:
  Make:
    summary: makes
    source: test
    params:
      - {name: Asn, type: Long, required: true, min: 1, max: 10, error: IllegalParam.Asn}
      - {name: Name, type: String, format: ecr-name}
      - {name: Kind, type: String, enum: [a, b]}
      - {name: Code, type: String, pattern: "[a-z]{3}"}
      - {name: Id, type: String, list: true, maxItems: 2}
      - {name: Tag, list: true, maxItems: 2, fields: [{name: Key, type: String, required: true, format: tag-key}, {name: Value, type: String, format: tag-value}]}
    errors:
      - {code: "IllegalParamFormat.%s", status: 400, message: "The param format of %s is illegal."}
      - {code: "MissingParam.%s", status: 400, message: "The param of %s is missing."}
      - {code: IllegalParam.Asn, status: 400, message: "bad asn"}
      - {code: Conflict.Lock, status: 400, message: "locked"}
      - {code: Conflict.ASN, status: 409, message: "asn used"}
`

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := LoadFS(fstest.MapFS{"d/p.yaml": {Data: []byte(testProduct)}}, "d")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestValidate(t *testing.T) {
	a := testCatalog(t).Action("P", "Make")
	cases := []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"ok", map[string]string{"Asn": "5"}, ""},
		{"missing", map[string]string{}, "MissingParam.Asn"},
		{"not a number", map[string]string{"Asn": "x"}, "IllegalParam.Asn"},
		{"above max", map[string]string{"Asn": "11"}, "IllegalParam.Asn"},
		{"name url", map[string]string{"Asn": "1", "Name": "https://x"}, "IllegalParamFormat.Name"},
		{"enum", map[string]string{"Asn": "1", "Kind": "c"}, "IllegalParamFormat.Kind"},
		{"pattern", map[string]string{"Asn": "1", "Code": "ab1"}, "IllegalParamFormat.Code"},
		{"too many items", map[string]string{"Asn": "1", "Id.1": "a", "Id.2": "b", "Id.3": "c"}, "IllegalParamFormat.Id"},
		{"tag key missing", map[string]string{"Asn": "1", "Tag.1.Value": "v"}, "MissingParam.Tag.1.Key"},
		{"tag key acs", map[string]string{"Asn": "1", "Tag.1.Key": "acs:x"}, "IllegalParamFormat.Tag.1.Key"},
		{"gap still checked", map[string]string{"Asn": "1", "Tag.2.Key": "aliyunX"}, "IllegalParamFormat.Tag.2.Key"},
		{"gap counts toward max", map[string]string{"Asn": "1", "Id.1": "a", "Id.5": "b", "Id.9": "c"}, "IllegalParamFormat.Id"},
		{"tags ok", map[string]string{"Asn": "1", "Tag.1.Key": "env", "Tag.1.Value": "", "Tag.2.Key": "k"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := a.Validate(tc.params)
			got := ""
			if v != nil {
				got = v.Code
			}
			if got != tc.want {
				t.Fatalf("got %q (%v); want %q", got, v, tc.want)
			}
		})
	}
}

func TestErrorResolution(t *testing.T) {
	c := testCatalog(t)
	a := c.Action("P", "Make")
	r, ok := a.Error("IllegalParamFormat.Name")
	if !ok || r.Status != 400 || r.Message != "The param format of Name is illegal." || r.Template != "IllegalParamFormat.%s" {
		t.Fatalf("got %+v %v; want the filled template", r, ok)
	}
	if _, ok := a.Error("Conflict.Nope"); ok {
		t.Fatal("an undocumented code resolved")
	}
	if got := len(a.Family("Conflict")); got != 2 {
		t.Fatalf("got %d Conflict codes; want 2", got)
	}
	if r, ok := a.Error("Conflict.ASN"); !ok || r.Status != 409 {
		t.Fatalf("got %+v; want status 409 kept per action", r)
	}
}

func TestLoadRejectsUnknownFields(t *testing.T) {
	_, err := LoadFS(fstest.MapFS{"d/p.yaml": {Data: []byte("product: P\nversion: v\nbogus: 1\n")}}, "d")
	if err == nil {
		t.Fatal("unknown field accepted")
	}
}

func TestFormats(t *testing.T) {
	cases := []struct{ format, v, wantFail string }{
		{"name", "a", "2 to 128"},
		{"name", "1abc", "start with a letter"},
		{"name", "ab c", "only letters"},
		{"name", "专线-a_1.b", ""},
		{"description", "http://x.y", "http"},
		{"description", "A description, with spaces", ""},
		{"ipv4-cidr", "10.0.0.0/24", ""},
		{"ipv4", "10.0.0.300", "IPv4"},
	}
	for _, tc := range cases {
		got := CheckFormat(tc.format, tc.v)
		if (tc.wantFail == "") != (got == "") || (tc.wantFail != "" && !contains(got, tc.wantFail)) {
			t.Errorf("%s(%q) = %q; want failure containing %q", tc.format, tc.v, got, tc.wantFail)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestErrorKinds checks the kind of documented codes: derived from the
// family, overridden in the YAML where the family says the wrong thing.
func TestErrorKinds(t *testing.T) {
	c := MustLoad()
	for _, tc := range []struct{ product, action, code, kind string }{
		{"Vpc", "CreatePhysicalConnection", "QuotaExceeded.pConnPerAP", KindQuota},
		{"ExpressConnectRouter", "CreateExpressConnectRouter", "Conflict.Lock", KindLock},
		{"Cbn", "CreateTransitRouterEcrAttachment", "IncorrectStatus.TransitRouter", KindState},
		{"Vpc", "CancelPhysicalConnection", "Forbidden.NotAllowedInState", KindState},
		{"Vpc", "CancelPhysicalConnection", "InvalidPhysicalConnectionId.NotFound", KindNotFound},
		{"Vpc", "DeletePhysicalConnection", "Forbidden.VBRExists", KindDependency},
		{"Vpc", "CreatePhysicalConnection", "InvalidLineOperator.Malformd", KindValidation},
		{"Vpc", "CreateVirtualPhysicalConnection", "OperationFailed.PconnAllocateVlan0", KindConflict}, // YAML override
	} {
		a := c.Action(tc.product, tc.action)
		if a == nil {
			t.Fatalf("no action %s %s", tc.product, tc.action)
		}
		r, ok := a.Error(tc.code)
		if !ok || r.Def.Kind != tc.kind {
			t.Errorf("%s %s: kind %q (documented %v); want %q", tc.action, tc.code, r.Def.Kind, ok, tc.kind)
		}
	}
	for code, kind := range map[string]string{"Throttling.User": KindThrottling, "InternalError": KindServer,
		"ServiceUnavailable": KindServer, "SignatureDoesNotMatch": KindAuth, "InvalidAccessKeyId.NotFound": KindAuth,
		"MissingParameter": KindValidation} {
		if d := c.Common[code]; d == nil || d.Kind != kind {
			t.Errorf("common %s: %+v; want kind %s", code, d, kind)
		}
	}
	for code, kind := range map[string]string{"OperationConflict": KindLock, "QuotaExceeded.Anything": KindQuota,
		"IncorrectStatus.Vbr": KindState, "InvalidParameter.Name": KindValidation, "MissingParam.CenId": KindValidation,
		"IllegalParam.Foo": KindValidation, "InvalidFoo.Malformed": KindValidation, "InvalidFooId.NotFound": KindNotFound,
		"DependencyViolation.Foo": KindDependency, "ServiceUnavailable.Busy": KindServer, "Throttling.Api": KindThrottling,
		"Forbidden.Foo": KindPermission, "OperationUnsupported.Foo": KindUnsupported, "ResourceAlreadyExists.Foo": KindConflict} {
		if got := DefaultKind(code); got != kind {
			t.Errorf("DefaultKind(%s) = %s; want %s", code, got, kind)
		}
	}
	if !Retryable(KindLock) || Retryable(KindQuota) || !Swept(KindQuota) || Swept(KindValidation) {
		t.Error("Retryable/Swept disagree with the documented kinds")
	}
	bad := fstest.MapFS{"d/x.yaml": {Data: []byte("product: P\nversion: v\nactions:\n  A:\n    errors:\n      - {code: X, status: 400, kind: nonsense}\n")}}
	if _, err := LoadFS(bad, "d"); err == nil || !strings.Contains(err.Error(), `unknown kind "nonsense"`) {
		t.Errorf("an unknown kind loads: %v", err)
	}
}

// TestTransitionFailure: documented failure statuses of transitions.
func TestTransitionFailure(t *testing.T) {
	got := map[string]string{}
	for _, tr := range MustLoad().Products["Vpc"].Lifecycles["PhysicalConnection"] {
		got[tr.From] = tr.Failure
	}
	if got["Initial"] != "Rejected" || got["Allocating"] != "Allocation Failed" || got["Approved"] != "" {
		t.Fatalf("failure statuses %v", got)
	}
}
