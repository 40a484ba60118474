package ecr_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/mock"
)

// TestTerraformStyleFormBody sends what tea-rpc sends: signing parameters in
// the query, business parameters (no RegionId) in a form body.
func TestTerraformStyleFormBody(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual", Strict: true})
	post := func(action string, body url.Values) (int, map[string]any) {
		t.Helper()
		q := url.Values{"Action": {action}, "Version": {"2023-09-01"}, "Format": {"JSON"}, "AccessKeyId": {"LTAIterraform"}}
		res, err := http.Post(srv.URL()+"/?"+q.Encode(), "application/x-www-form-urlencoded", strings.NewReader(body.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: body %q is not JSON", action, b)
		}
		return res.StatusCode, m
	}
	status, m := post("CreateExpressConnectRouter", url.Values{"AlibabaSideAsn": {"64512"}, "Name": {"tf"},
		"ClientToken": {"TF-CreateExpressConnectRouter-1700000000-0b7c"}, "Tag.1.Key": {"Created"}, "Tag.1.Value": {"tf"}})
	ecr, _ := m["EcrId"].(string)
	if status != 200 || m["Success"] != true || m["Code"] != "200" || !strings.HasPrefix(ecr, "ecr-") {
		t.Fatalf("got %d %v; want 200 with an EcrId", status, m)
	}
	status, m = post("CreateExpressConnectRouterAssociation", url.Values{"EcrId": {ecr}, "VpcId": {"vpc-tf"},
		"AssociationRegionId": {"cn-hangzhou"}, "AllowedPrefixes.1": {"10.0.0.0/8"}})
	if status != 200 || !strings.HasPrefix(m["AssociationId"].(string), "ecr-assoc-") {
		t.Fatalf("got %d %v; want 200 with an AssociationId", status, m)
	}
	// Terraform retries Conflict.Lock on create and delete.
	status, m = post("DeleteExpressConnectRouter", url.Values{"EcrId": {ecr}})
	if status != 400 || m["Code"] != "Conflict.Lock" || m["Success"] != false || m["AccessDeniedDetail"] != nil {
		t.Fatalf("got %d %v; want 400 Conflict.Lock with a null AccessDeniedDetail", status, m)
	}
	srv.Advance(time.Second)
	status, m = post("DescribeExpressConnectRouterAssociation", url.Values{"EcrId": {ecr}})
	l, _ := m["AssociationList"].([]any)
	if status != 200 || len(l) != 1 || l[0].(map[string]any)["Status"] != "ACTIVE" {
		t.Fatalf("got %d %v; want one ACTIVE association", status, m)
	}
}
