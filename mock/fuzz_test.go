package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// FuzzRPC sends arbitrary parameters to every action (open auth) and holds
// the front door to its promise: a documented answer, never a panic or an
// InternalError. The seed corpus runs in every `go test`; `go test -fuzz
// FuzzRPC ./mock` explores further.
func FuzzRPC(f *testing.F) {
	srv, err := mock.New(mock.Options{Auth: "open", Clock: "manual", Timing: "instant"})
	if err != nil {
		f.Fatal(err)
	}
	actions := map[string]string{}
	for _, pn := range srv.Core().Catalog().ProductNames() {
		p := srv.Core().Catalog().Products[pn]
		for _, an := range p.ActionNames() {
			actions[an] = p.Version
		}
	}
	seeds := []string{
		"AccessPointId=ap-cn-hangzhou-a&LineOperator=CT&PeerLocation=x&bandwidth=99999999999999999999",
		"PhysicalConnectionId=pc-x&VlanId=-1&LocalGatewayIp=1.2.3&PeerGatewayIp=::1&PeeringSubnetMask=255.0.0.0",
		"Filter.1.Key=Status&Filter.1.Value.1=Enabled&Filter.9.Key=&PageSize=0&PageNumber=-3",
		"AlibabaSideAsn=4294967295&Tag.0.Key=a&Tag.99999999999.Value=b&Tag.1.Key=aliyun",
		"EcrId=ecr-x&AssociationNodeType=TR&TransitRouterId=tr-x&MaxResults=0&NextToken=-1",
		"CenId=cen-x&RegionId=&TransitRouterId=tr-x&EcrId=ecr-x&DryRun=TRUE&ClientToken=%C3%A9",
		"VpconnAliUid=abc&Spec=50M&VlanId=0&OrderMode=PayByPhysicalConnectionOwner&Token=t",
		"Bandwidth=1&PortType=x&Name=http://x&Description=%00",
	}
	for an := range actions {
		for _, s := range seeds {
			f.Add(an, s)
		}
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, action, query string) {
		version, ok := actions[action]
		if !ok {
			version = "2016-04-28"
		}
		q, err := url.ParseQuery(query)
		if err != nil {
			return // the front door answers InvalidParameter.Format; covered elsewhere
		}
		q.Set("Action", action)
		q.Set("Version", version)
		q.Set("AccessKeyId", "LTAIfuzz")
		if q.Get("RegionId") == "" {
			q.Set("RegionId", "cn-hangzhou")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
		var body struct{ Code, Message string }
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s %s: non-JSON answer %d %q", action, query, w.Code, w.Body.String())
		}
		if w.Code >= 500 || body.Code == "InternalError" || strings.Contains(body.Message, "panic") {
			t.Fatalf("%s %s: got %d %s %q; want a documented answer", action, query, w.Code, body.Code, body.Message)
		}
	})
}
