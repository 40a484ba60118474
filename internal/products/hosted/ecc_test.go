package hosted_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func eccReq(bandwidth string) *vpc.CreateExpressCloudConnectionRequest {
	req := vpc.CreateCreateExpressCloudConnectionRequest()
	req.Scheme = "http"
	req.Bandwidth = requests.Integer(bandwidth)
	req.IdcSP = "CU"
	req.PeerLocation = "5/F, Building 1, Xihu District"
	return req
}

// eccList is DescribeExpressCloudConnections' answer (no Go SDK struct exists).
type eccList struct {
	RequestId                 string
	PageNumber                int
	PageSize                  int
	TotalCount                int
	ExpressCloudConnectionSet struct {
		ExpressCloudConnectionType []map[string]any
	}
}

func describeECC(t *testing.T, srv *mock.Server, c *vpc.Client, params map[string]string) (eccList, error) {
	t.Helper()
	cr := requests.NewCommonRequest()
	cr.Scheme, cr.Domain, cr.Version, cr.ApiName = "http", srv.Endpoint(), "2016-04-28", "DescribeExpressCloudConnections"
	cr.QueryParams["RegionId"] = "cn-hangzhou"
	for k, v := range params {
		cr.QueryParams[k] = v
	}
	var out eccList
	resp, err := c.ProcessCommonRequest(cr)
	if err != nil {
		return out, err
	}
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &out); err != nil {
		t.Fatalf("answer does not parse: %v\n%s", err, resp.GetHttpContentString())
	}
	return out, nil
}

func TestCreateExpressCloudConnection(t *testing.T) {
	e := newEnv(t, mock.Options{})
	req := eccReq("100")
	req.Name = "ecc.one"
	req.Description = "office line"
	req.PeerCity = "Hangzhou"
	req.PortType = "100Base-T"
	req.ContactMail = "ops@example.com"
	req.ContactTel = "13200000000"
	req.IDCardNo = "32000000000000"
	resp, err := e.a.CreateExpressCloudConnection(req)
	if err != nil {
		t.Fatal(err)
	}
	id := resp.EccId
	if !strings.HasPrefix(id, "ecc-") || len(id) != len("ecc-")+20 || resp.RequestId == "" {
		t.Fatalf("got %+v; want an ecc- ID and a RequestId", resp)
	}

	l, err := describeECC(t, e.srv, e.a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.TotalCount != 1 || l.PageNumber != 1 || l.PageSize != 10 || len(l.ExpressCloudConnectionSet.ExpressCloudConnectionType) != 1 {
		t.Fatalf("got %+v; want one ECC on page 1 of size 10", l)
	}
	got := l.ExpressCloudConnectionSet.ExpressCloudConnectionType[0]
	want := map[string]any{
		"InstanceId": id, "Name": "ecc.one", "Description": "office line", "Bandwidth": float64(100),
		"IdcSP": "CU", "PeerLocation": "5/F, Building 1, Xihu District", "PeerCity": "Hangzhou", "PortType": "100Base-T",
		"ContactMail": "ops@example.com", "ContactTel": "13200000000", "IDCardNo": "32000000000000",
		"Status": "Initial", "ApplicationStatus": "Initial", "ApplicationType": "Create", "ApplicationBandwidth": "100",
		"BusinessStatus": "Normal", "GmtCreate": "2026-01-01T00:00Z", "RedundantEccId": "",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %v; want %v", k, got[k], w)
		}
	}
	if app, _ := got["ApplicationId"].(string); len(app) != 19 {
		t.Errorf("ApplicationId: got %v; want a 19-digit number", got["ApplicationId"])
	}
	if m, ok := got["VirtualBorderRouterModels"].(map[string]any); !ok || m["VirtualBorderRouterModel"] == nil {
		t.Errorf("VirtualBorderRouterModels: got %v; want {VirtualBorderRouterModel: []}", got["VirtualBorderRouterModels"])
	}

	// The application moves on ecmock's clock (fast timing: a second a step).
	e.srv.Advance(3 * time.Second)
	l, _ = describeECC(t, e.srv, e.a, nil)
	if s := l.ExpressCloudConnectionSet.ExpressCloudConnectionType[0]["Status"]; s != "Allocated" {
		t.Fatalf("after 3s: got Status %v; want Allocated", s)
	}

	// The other account sees none of it.
	if l, err := describeECC(t, e.srv, e.b, nil); err != nil || l.TotalCount != 0 {
		t.Fatalf("account B: got %+v, %v; want none", l, err)
	}

	// A redundant ECC of the caller.
	red := eccReq("100")
	red.RedundantEccId = id
	if _, err := e.a.CreateExpressCloudConnection(red); err != nil {
		t.Fatalf("with RedundantEccId: %v", err)
	}
}

func TestCreateExpressCloudConnectionErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	bECC, err := e.b.CreateExpressCloudConnection(eccReq("10"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		mutate func(r *vpc.CreateExpressCloudConnectionRequest)
		code   string
		msg    string
	}{
		{"no Bandwidth", func(r *vpc.CreateExpressCloudConnectionRequest) { r.Bandwidth = "" },
			"MissingParameter", "The input parameter 'Bandwidth' that is mandatory for processing this request is not supplied."},
		{"no IdcSP", func(r *vpc.CreateExpressCloudConnectionRequest) { r.IdcSP = "" }, "MissingParameter", ""},
		{"no PeerLocation", func(r *vpc.CreateExpressCloudConnectionRequest) { r.PeerLocation = "" }, "MissingParameter", ""},
		{"Bandwidth 3", func(r *vpc.CreateExpressCloudConnectionRequest) { r.Bandwidth = "3" },
			"InvalidParameter", "The specified parameter 'Bandwidth' is not valid."},
		{"Bandwidth x", func(r *vpc.CreateExpressCloudConnectionRequest) { r.Bandwidth = "x" }, "InvalidParameter", ""},
		{"PortType 40GBase-LR", func(r *vpc.CreateExpressCloudConnectionRequest) { r.PortType = "40GBase-LR" },
			"InvalidParameter", "The specified parameter 'PortType' is not valid."},
		{"Name https://", func(r *vpc.CreateExpressCloudConnectionRequest) { r.Name = "https://x" }, "InvalidName.Malformed", "The specified Name is not valid."},
		{"Name _x", func(r *vpc.CreateExpressCloudConnectionRequest) { r.Name = "_x" }, "InvalidName.Malformed", ""},
		{"Description of one character", func(r *vpc.CreateExpressCloudConnectionRequest) { r.Description = "d" },
			"InvalidDescription.Malformed", "The specified Description is not valid."},
		{"RedundantEccId unknown", func(r *vpc.CreateExpressCloudConnectionRequest) { r.RedundantEccId = "ecc-nosuch" },
			"InvalidRedundantEccId.NotFound", "The specified RedundantEccId is not found."},
		{"RedundantEccId of another account", func(r *vpc.CreateExpressCloudConnectionRequest) { r.RedundantEccId = bECC.EccId },
			"InvalidRedundantEccId.NotFound", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := eccReq("100")
			c.mutate(req)
			_, err := e.a.CreateExpressCloudConnection(req)
			se := sdktest.WantErr(t, err, c.code, 400)
			if c.msg != "" && se.Message() != c.msg {
				t.Fatalf("got message %q; want %q", se.Message(), c.msg)
			}
		})
	}
	if l, err := describeECC(t, e.srv, e.a, nil); err != nil || l.TotalCount != 0 {
		t.Fatalf("after failed creates: got %+v, %v; want none", l, err)
	}
}

func TestDescribeExpressCloudConnectionsFiltersAndPages(t *testing.T) {
	e := newEnv(t, mock.Options{})
	var ids []string
	for i, bw := range []string{"2", "10", "10", "100", "1000", "40000", "2"} {
		req := eccReq(bw)
		req.Name = "ecc-" + strconv.Itoa(i)
		resp, err := e.a.CreateExpressCloudConnection(req)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, resp.EccId)
	}
	idsOf := func(l eccList) string {
		var out []string
		for _, it := range l.ExpressCloudConnectionSet.ExpressCloudConnectionType {
			out = append(out, it["InstanceId"].(string))
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		name   string
		params map[string]string
		want   []string
		total  int
	}{
		{"page 2 of 3", map[string]string{"PageNumber": "2", "PageSize": "3"}, ids[3:6], 7},
		{"page 3 of 3", map[string]string{"PageNumber": "3", "PageSize": "3"}, ids[6:], 7},
		{"eccid", map[string]string{"Filter.1.Key": "eccid", "Filter.1.Value.1": ids[1], "Filter.1.Value.2": ids[4]}, []string{ids[1], ids[4]}, 2},
		{"bandwidth", map[string]string{"Filter.1.Key": "bandwidth", "Filter.1.Value.1": "10"}, ids[1:3], 2},
		{"bandwidth and Name", map[string]string{"Filter.1.Key": "bandwidth", "Filter.1.Value.1": "2",
			"Filter.2.Key": "Name", "Filter.2.Value.1": "ecc-6"}, ids[6:], 1},
		{"Status", map[string]string{"Filter.1.Key": "Status", "Filter.1.Value.1": "Initial"}, ids, 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := describeECC(t, e.srv, e.a, c.params)
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(l); got != strings.Join(c.want, ",") || l.TotalCount != c.total {
				t.Fatalf("got %s (TotalCount %d); want %s (%d)", got, l.TotalCount, strings.Join(c.want, ","), c.total)
			}
		})
	}

	_, err := describeECC(t, e.srv, e.a, map[string]string{"Filter.1.Key": "PortType", "Filter.1.Value.1": "x"})
	se := sdktest.WantErr(t, err, "InvalidFilterKey.ValueNotSupported", 404)
	if se.Message() != "Specified filter key is not supported: Filter.X.key" {
		t.Fatalf("got message %q", se.Message())
	}
	_, err = describeECC(t, e.srv, e.a, map[string]string{"PageSize": "51"})
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	six := map[string]string{}
	for i := 1; i <= 6; i++ {
		six["Filter."+strconv.Itoa(i)+".Key"] = "Name"
		six["Filter."+strconv.Itoa(i)+".Value.1"] = "ecc-1"
	}
	_, err = describeECC(t, e.srv, e.a, six)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
}
