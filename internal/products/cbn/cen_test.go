package cbn_test

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

func TestCens(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	b := e.actor(e.srv.AccountB())

	creq := cbn.CreateCreateCenRequest()
	creq.Scheme, creq.Name, creq.Description = "http", "prod", "production network"
	creq.Tag = &[]cbn.CreateCenTag{{Key: "env", Value: "prod"}}
	cresp, err := a.c.CreateCen(creq)
	sdktest.Must(t, err)
	prod := cresp.CenId
	dev := a.createCen("dev")
	e.step()

	describe := func(c *cbn.Client, mut func(*cbn.DescribeCensRequest)) *cbn.DescribeCensResponse {
		t.Helper()
		req := cbn.CreateDescribeCensRequest()
		req.Scheme = "http"
		if mut != nil {
			mut(req)
		}
		resp, err := c.DescribeCens(req)
		sdktest.Must(t, err)
		return resp
	}
	all := describe(a.c, nil)
	if all.TotalCount != 2 || all.PageNumber != 1 || all.PageSize != 10 || len(all.Cens.Cen) != 2 {
		t.Fatalf("got %+v; want 2 CENs on page 1 of size 10", all)
	}
	got := all.Cens.Cen[0]
	if got.CenId != prod || got.Status != "Active" || got.Description != "production network" || got.Ipv6Level != "DISABLED" ||
		got.CreationTime != "2026-01-01T00:00Z" || len(got.Tags.Tag) != 1 || got.Tags.Tag[0].Value != "prod" {
		t.Fatalf("got %+v; want the prod CEN as created", got)
	}
	if n := describe(b.c, nil).TotalCount; n != 0 {
		t.Fatalf("account B sees %d CENs; want 0", n)
	}
	byName := describe(a.c, func(r *cbn.DescribeCensRequest) {
		r.Filter = &[]cbn.DescribeCensFilter{{Key: "Name", Value: &[]string{"dev"}}}
	})
	if byName.TotalCount != 1 || byName.Cens.Cen[0].CenId != dev {
		t.Fatalf("got %+v; want only %s for Name dev", byName.Cens, dev)
	}
	byTag := describe(a.c, func(r *cbn.DescribeCensRequest) { r.Tag = &[]cbn.DescribeCensTag{{Key: "env", Value: "prod"}} })
	if byTag.TotalCount != 1 || byTag.Cens.Cen[0].CenId != prod {
		t.Fatalf("got %+v; want only %s for tag env=prod", byTag.Cens, prod)
	}
	page2 := describe(a.c, func(r *cbn.DescribeCensRequest) {
		r.PageSize, r.PageNumber = requests.NewInteger(1), requests.NewInteger(2)
	})
	if page2.TotalCount != 2 || len(page2.Cens.Cen) != 1 || page2.Cens.Cen[0].CenId != dev {
		t.Fatalf("got %+v; want the second CEN alone on page 2", page2)
	}
	req := cbn.CreateDescribeCensRequest()
	req.Scheme = "http"
	req.Filter = &[]cbn.DescribeCensFilter{{Key: "Status", Value: &[]string{"Active"}}}
	_, err = a.c.DescribeCens(req)
	sdktest.WantErr(t, err, "InvalidFilterKey.ValueNotSupported", 400)
	req = cbn.CreateDescribeCensRequest()
	req.Scheme, req.PageSize = "http", requests.NewInteger(51)
	_, err = a.c.DescribeCens(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)

	bad := cbn.CreateCreateCenRequest()
	bad.Scheme, bad.ProtectionLevel = "http", "FULL"
	_, err = a.c.CreateCen(bad)
	sdktest.WantErr(t, err, "InvalidParameter", 400)

	del := func(c *cbn.Client, id string) error {
		req := cbn.CreateDeleteCenRequest()
		req.Scheme, req.CenId = "http", id
		_, err := c.DeleteCen(req)
		return err
	}
	sdktest.WantErr(t, del(a.c, "cen-nosuch"), "InvalidCenId.NotFound", 400)
	sdktest.WantErr(t, del(b.c, prod), "InvalidCenId.NotFound", 400)
	creating := a.createCen("new")
	sdktest.WantErr(t, del(a.c, creating), "InvalidOperation.CenInstanceStatus", 400)
	sdktest.Must(t, del(a.c, dev))
	if got := describe(a.c, func(r *cbn.DescribeCensRequest) {
		r.Filter = &[]cbn.DescribeCensFilter{{Key: "CenId", Value: &[]string{dev}}}
	}); got.TotalCount != 1 || got.Cens.Cen[0].Status != "Deleting" {
		t.Fatalf("got %+v; want %s Deleting", got.Cens, dev)
	}
	sdktest.WantErr(t, del(a.c, dev), "InvalidOperation.CenInstanceStatus", 400)
	e.step()
	if n := describe(a.c, nil).TotalCount; n != 2 {
		t.Fatalf("got %d CENs; want 2 (prod and the new one) once dev is gone", n)
	}
}

func TestTransitRouters(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	b := e.actor(e.srv.AccountB())
	uid := a.acct.UID

	create := func(c *cbn.Client, mut func(*cbn.CreateTransitRouterRequest)) (string, error) {
		req := cbn.CreateCreateTransitRouterRequest()
		req.Scheme = "http"
		mut(req)
		resp, err := c.CreateTransitRouter(req)
		if err != nil {
			return "", err
		}
		return resp.TransitRouterId, nil
	}
	creating := a.createCen("creating")
	_, err := create(a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId = creating })
	sdktest.WantErr(t, err, "InvalidOperation.CenInstanceStatus", 400)
	e.step()
	cen := creating
	e.fixture(&store.Resource{ID: "cen-full0000000000000001", Type: store.TypeCEN, Owner: uid, Region: "cn-hangzhou", Attrs: map[string]any{"ProtectionLevel": "FULL"}})

	cidrs := &[]cbn.CreateTransitRouterTransitRouterCidrList{{Cidr: "192.168.0.0/16", Name: "main", PublishCidrRoute: "false"}}
	cases := []struct {
		name   string
		c      *cbn.Client
		mut    func(*cbn.CreateTransitRouterRequest)
		code   string
		status int
	}{
		{"no CenId", a.c, func(r *cbn.CreateTransitRouterRequest) {}, "MissingParameter", 400},
		{"Basic Edition", a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId, r.Type = cen, "Basic" }, "InvalidParameter", 400},
		{"name starting with https://", a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId, r.TransitRouterName = cen, "https://x" }, "InvalidParameter", 400},
		{"CIDR /8", a.c, func(r *cbn.CreateTransitRouterRequest) {
			r.CenId = cen
			r.TransitRouterCidrList = &[]cbn.CreateTransitRouterTransitRouterCidrList{{Cidr: "10.0.0.0/8"}}
		}, "InvalidParameter", 400},
		{"unknown region", a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId, r.RegionId = cen, "xx-nowhere-1" }, "IllegalParam.RegionId", 400},
		{"unknown CEN", a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId = "cen-nosuch" }, "InvalidCenId.NotFound", 400},
		{"CEN of another account", b.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId = cen }, "InvalidCenId.NotFound", 400},
		{"FULL CEN", a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId = "cen-full0000000000000001" }, "OperationUnsupported.CenFullLevel", 400},
		{"dry run", a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId, r.DryRun = cen, requests.NewBoolean(true) }, "DryRunOperation", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := create(tc.c, tc.mut)
			sdktest.WantErr(t, err, tc.code, tc.status)
		})
	}

	// The SDK always sends valid JSON (null when unset); a raw client may not.
	raw := requests.NewCommonRequest()
	raw.Version, raw.ApiName, raw.Domain, raw.Scheme = "2017-09-12", "CreateTransitRouter", e.srv.Endpoint(), "http"
	raw.QueryParams["CenId"], raw.QueryParams["TransitRouterCidrList"] = cen, "[{"
	_, err = a.c.ProcessCommonRequest(raw)
	sdktest.WantErr(t, err, "InvalidParameter", 400)

	tr, err := create(a.c, func(r *cbn.CreateTransitRouterRequest) {
		r.CenId, r.TransitRouterName, r.TransitRouterDescription, r.TransitRouterCidrList = cen, "main", "main router", cidrs
		r.SupportMulticast = requests.NewBoolean(true)
		r.Tag = &[]cbn.CreateTransitRouterTag{{Key: "team", Value: "net"}}
		r.ClientToken = "TF-CreateTransitRouter-1"
	})
	sdktest.Must(t, err)
	again, err := create(a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId, r.ClientToken = cen, "TF-CreateTransitRouter-1" })
	sdktest.Must(t, err)
	if again != tr {
		t.Fatalf("got %s then %s; want one router for one ClientToken", tr, again)
	}
	_, err = create(a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId = cen })
	sdktest.WantErr(t, err, "QuotaExceeded.TransitRouter", 400)
	other, err := create(a.c, func(r *cbn.CreateTransitRouterRequest) { r.CenId, r.RegionId = cen, "cn-shanghai" })
	sdktest.Must(t, err)

	got := a.transitRouter(tr)
	if got.TransitRouterName != "main" || got.TransitRouterDescription != "main router" || !got.SupportMulticast ||
		len(got.TransitRouterCidrList) != 1 || got.TransitRouterCidrList[0].Cidr != "192.168.0.0/16" || got.TransitRouterCidrList[0].PublishCidrRoute ||
		len(got.Tags) != 1 || got.Tags[0].Key != "team" {
		t.Fatalf("got %+v; want the router as created", got)
	}
	list := func(c *cbn.Client, mut func(*cbn.ListTransitRoutersRequest)) *cbn.ListTransitRoutersResponse {
		t.Helper()
		req := cbn.CreateListTransitRoutersRequest()
		req.Scheme = "http"
		mut(req)
		resp, err := c.ListTransitRouters(req)
		sdktest.Must(t, err)
		return resp
	}
	if l := list(a.c, func(r *cbn.ListTransitRoutersRequest) { r.CenId = cen }); l.TotalCount != 1 || l.TransitRouters[0].TransitRouterId != tr {
		t.Fatalf("got %+v; want only %s in cn-hangzhou", l.TransitRouters, tr)
	}
	if l := list(a.c, func(r *cbn.ListTransitRoutersRequest) { r.RegionId = "cn-shanghai" }); l.TotalCount != 1 || l.TransitRouters[0].TransitRouterId != other {
		t.Fatalf("got %+v; want only %s in cn-shanghai", l.TransitRouters, other)
	}
	if l := list(a.c, func(r *cbn.ListTransitRoutersRequest) { r.Status = "Active" }); l.TotalCount != 0 {
		t.Fatalf("got %d Active routers; want 0 before a step", l.TotalCount)
	}
	if l := list(a.c, func(r *cbn.ListTransitRoutersRequest) { r.TransitRouterIds = &[]string{"tr-nosuch", tr} }); l.TotalCount != 1 {
		t.Fatalf("got %d for TransitRouterIds; want 1", l.TotalCount)
	}
	if l := list(a.c, func(r *cbn.ListTransitRoutersRequest) {
		r.Tag = &[]cbn.ListTransitRoutersTag{{Key: "team", Value: "other"}}
	}); l.TotalCount != 0 {
		t.Fatalf("got %d for tag team=other; want 0", l.TotalCount)
	}
	if l := list(b.c, func(r *cbn.ListTransitRoutersRequest) {}); l.TotalCount != 0 {
		t.Fatalf("account B sees %d routers; want 0", l.TotalCount)
	}

	del := func(mut func(*cbn.DeleteTransitRouterRequest)) error {
		req := cbn.CreateDeleteTransitRouterRequest()
		req.Scheme, req.TransitRouterId = "http", tr
		mut(req)
		_, err := a.c.DeleteTransitRouter(req)
		return err
	}
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) {}), "IncorrectStatus.TransitRouter", 400)
	e.step()
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) { r.TransitRouterId = "tr-nosuch" }), "InvalidTransitRouterId.NotFound", 400)
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) { r.RegionId = "cn-shanghai" }), "InvalidTransitRouterId.NotFound", 400)
	e.fixture(&store.Resource{ID: "tr-basic0000000000000001", Type: store.TypeTransitRouter, Owner: uid, Region: "cn-hangzhou",
		Attrs: map[string]any{"CenId": "cen-full0000000000000001", "Type": "Basic"}})
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) { r.TransitRouterId = "tr-basic0000000000000001" }), "OperationUnsupported.TransitRouterType", 400)
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) { r.DryRun = requests.NewBoolean(true) }), "DryRunOperation", 400)
	if got := a.transitRouter(tr).Status; got != "Active" {
		t.Fatalf("got %s after a dry run; want Active", got)
	}
	sdktest.Must(t, del(func(r *cbn.DeleteTransitRouterRequest) {}))
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) {}), "IncorrectStatus.TransitRouter", 400)
	e.step()
	sdktest.WantErr(t, del(func(r *cbn.DeleteTransitRouterRequest) {}), "InvalidTransitRouterId.NotFound", 400)
}

// TestRealisticTiming: the catalogue's realistic durations drive the
// lifecycles (CEN 10s, router 2m, attachment 2m).
func TestRealisticTiming(t *testing.T) {
	e := newEnv(t, mock.Options{Timing: "realistic"})
	a := e.actor(e.srv.AccountA())
	cen := a.createCen("slow")
	e.srv.Advance(10 * time.Second)
	tr, err := a.createTR(cen, "cn-hangzhou")
	sdktest.Must(t, err)
	e.srv.Advance(2*time.Minute - time.Second)
	if got := a.transitRouter(tr).Status; got != "Creating" {
		t.Fatalf("got %s after 1m59s; want Creating", got)
	}
	e.srv.Advance(time.Second)
	if got := a.transitRouter(tr).Status; got != "Active" {
		t.Fatalf("got %s after 2m; want Active", got)
	}
	ecr := a.createECR()
	a.associate(ecr, tr, a.acct.UID)
	e.srv.Advance(time.Minute)
	id, err := a.attach(tr, ecr)
	sdktest.Must(t, err)
	e.srv.Advance(2*time.Minute - time.Second)
	if got := a.attachment(id).Status; got != "Attaching" {
		t.Fatalf("got %s after 1m59s; want Attaching", got)
	}
	e.srv.Advance(time.Second)
	if got := a.attachment(id).Status; got != "Attached" {
		t.Fatalf("got %s after 2m; want Attached", got)
	}
}
