package cbn_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// TestWholePath walks the API reference's path through the real SDK: CEN, router
// Creating → Active, an ECR and its TR association through the
// ExpressConnectRouter API, the attachment Attaching → Attached, list,
// update, delete Detaching → gone, then the router and the CEN.
func TestWholePath(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())

	cen := a.createCen("cen-main")
	dreq := cbn.CreateDescribeCensRequest()
	dreq.Scheme = "http"
	dresp, err := a.c.DescribeCens(dreq)
	sdktest.Must(t, err)
	if dresp.TotalCount != 1 || dresp.Cens.Cen[0].CenId != cen || dresp.Cens.Cen[0].Status != "Creating" {
		t.Fatalf("got %+v; want one Creating CEN %s", dresp.Cens, cen)
	}
	e.step()
	dresp, err = a.c.DescribeCens(dreq)
	sdktest.Must(t, err)
	if got := dresp.Cens.Cen[0]; got.Status != "Active" || got.ProtectionLevel != "REDUCED" || got.Name != "cen-main" {
		t.Fatalf("got %+v; want an Active REDUCED CEN named cen-main", got)
	}

	tr, err := a.createTR(cen, "cn-hangzhou")
	sdktest.Must(t, err)
	if !strings.HasPrefix(tr, "tr-") || len(tr) != len("tr-")+20 {
		t.Fatalf("got TransitRouterId %q; want tr- and 20 base-36 characters", tr)
	}
	if got := a.transitRouter(tr); got.Status != "Creating" || got.Type != "Enterprise" || got.CenId != cen ||
		got.RegionId != "cn-hangzhou" || got.AliUid != 1000000000000001 || got.CreationTime != "2026-01-01T00:00Z" {
		t.Fatalf("got %+v; want a Creating Enterprise router of %s in cn-hangzhou owned by 1000000000000001 created 2026-01-01T00:00Z", got, cen)
	}
	ecr := a.createECR()
	// The router is still Creating: IncorrectStatus.TransitRouter from real state.
	_, err = a.attach(tr, ecr)
	sdktest.WantErr(t, err, "IncorrectStatus.TransitRouter", 400)
	e.step()
	if got := a.transitRouter(tr).Status; got != "Active" {
		t.Fatalf("got router %s; want Active after a step", got)
	}

	// The association is being created: the ECR shows ASSOCIATING and
	// the attachment gets IncorrectStatus.EcrResource.
	assoc := a.associate(ecr, tr, a.acct.UID)
	if got := a.ecrStatus(ecr); got != "ASSOCIATING" {
		t.Fatalf("got ECR %s; want ASSOCIATING while the association is CREATING", got)
	}
	_, err = a.attach(tr, ecr)
	sdktest.WantErr(t, err, "IncorrectStatus.EcrResource", 400)
	e.step()

	resp, err := a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		r.TransitRouterId, r.EcrId, r.RegionId, r.CenId = tr, ecr, "cn-hangzhou", cen
		r.TransitRouterAttachmentName, r.TransitRouterAttachmentDescription = "to-ecr", "first attachment"
		r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: "env", Value: "test"}}
	})
	sdktest.Must(t, err)
	id := resp.TransitRouterAttachmentId
	if !strings.HasPrefix(id, "tr-attach-") || len(id) != len("tr-attach-")+20 || resp.RequestId == "" {
		t.Fatalf("got %+v; want a tr-attach- ID and a RequestId", resp)
	}
	got := a.attachment(id)
	if got == nil || got.Status != "Attaching" || got.EcrId != ecr || got.TransitRouterId != tr || got.CenId != cen ||
		got.ResourceType != "ECR" || got.EcrOwnerId != 1000000000000001 || got.TransitRouterAttachmentName != "to-ecr" ||
		got.TransitRouterAttachmentDescription != "first attachment" || len(got.Tags) != 1 || got.Tags[0].Key != "env" ||
		got.OrderType != "PayByCenOwner" || got.TransitRouterRegionId != "cn-hangzhou" || got.CreationTime != "2026-01-01T00:00Z" {
		t.Fatalf("got %+v; want the Attaching attachment as created", got)
	}
	if s := a.ecrStatus(ecr); s != "LOCKED_ATTACHING" {
		t.Fatalf("got ECR %s; want LOCKED_ATTACHING while attaching", s)
	}
	// Nothing else is accepted while Attaching (the API reference).
	ureq := cbn.CreateUpdateTransitRouterEcrAttachmentAttributeRequest()
	ureq.Scheme, ureq.TransitRouterAttachmentId, ureq.TransitRouterAttachmentName = "http", id, "renamed"
	_, err = a.c.UpdateTransitRouterEcrAttachmentAttribute(ureq)
	sdktest.WantErr(t, err, "InvalidStatus.ResourceStatus", 400)
	sdktest.WantErr(t, a.deleteAttachment(id, false), "InvalidStatus.ResourceStatus", 400)

	e.step()
	if got := a.attachment(id); got.Status != "Attached" {
		t.Fatalf("got %s; want Attached after a step", got.Status)
	}
	if s := a.ecrStatus(ecr); s != "ACTIVE" {
		t.Fatalf("got ECR %s; want ACTIVE once attached", s)
	}
	_, err = a.c.UpdateTransitRouterEcrAttachmentAttribute(ureq)
	sdktest.Must(t, err)
	if got := a.attachment(id); got.TransitRouterAttachmentName != "renamed" || got.TransitRouterAttachmentDescription != "first attachment" {
		t.Fatalf("got %+v; want only the name changed", got)
	}

	// The router and the CEN cannot go while they hold something.
	drt := cbn.CreateDeleteTransitRouterRequest()
	drt.Scheme, drt.TransitRouterId = "http", tr
	_, err = a.c.DeleteTransitRouter(drt)
	sdktest.WantErr(t, err, "OperationFailed.DeleteTransitRouterWithAttachment", 400)

	sdktest.Must(t, a.deleteAttachment(id, false))
	if got := a.attachment(id); got == nil || got.Status != "Detaching" {
		t.Fatalf("got %+v; want Detaching", got)
	}
	if s := a.ecrStatus(ecr); s != "LOCKED_DETACHING" {
		t.Fatalf("got ECR %s; want LOCKED_DETACHING while detaching", s)
	}
	e.step()
	if got := a.attachment(id); got != nil {
		t.Fatalf("got %+v; want the attachment gone", got)
	}
	if st := a.associationStatuses(ecr); len(st) != 1 || st[0] != "ACTIVE" {
		t.Fatalf("got associations %v; want the association %s kept ACTIVE by a plain delete", st, assoc)
	}

	dcen := cbn.CreateDeleteCenRequest()
	dcen.Scheme, dcen.CenId = "http", cen
	_, err = a.c.DeleteCen(dcen)
	sdktest.WantErr(t, err, "OperationFailed.DeleteCenWithTransitRouter", 400)
	_, err = a.c.DeleteTransitRouter(drt)
	sdktest.Must(t, err)
	if got := a.transitRouter(tr); got == nil || got.Status != "Deleting" {
		t.Fatalf("got %+v; want Deleting", got)
	}
	e.step()
	if got := a.transitRouter(tr); got != nil {
		t.Fatalf("got %+v; want the router gone", got)
	}
	_, err = a.c.DeleteCen(dcen)
	sdktest.Must(t, err)
	e.step()
	dresp, err = a.c.DescribeCens(dreq)
	sdktest.Must(t, err)
	if dresp.TotalCount != 0 {
		t.Fatalf("got %d CENs; want none after deletion", dresp.TotalCount)
	}
}

// TestCreateAttachmentInputErrors: every code reachable from the request
// alone, against a ready router, ECR and association.
func TestCreateAttachmentInputErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	b := e.actor(e.srv.AccountB())
	cen, tr, ecr := a.ready()
	otherCen := a.activeCen()
	good := func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		r.TransitRouterId, r.EcrId, r.RegionId = tr, ecr, "cn-hangzhou"
	}
	tags := func(n int) *[]cbn.CreateTransitRouterEcrAttachmentTag {
		l := make([]cbn.CreateTransitRouterEcrAttachmentTag, n)
		for i := range l {
			l[i] = cbn.CreateTransitRouterEcrAttachmentTag{Key: "k" + strings.Repeat("x", i), Value: "v"}
		}
		return &l
	}
	cases := []struct {
		name   string
		mut    func(*cbn.CreateTransitRouterEcrAttachmentRequest)
		code   string
		status int
	}{
		{"name starting with http://", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.TransitRouterAttachmentName = "http://x" }, "InvalidParameter", 400},
		{"name of 129 characters", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.TransitRouterAttachmentName = strings.Repeat("n", 129)
		}, "InvalidParameter", 400},
		{"description of 257 characters", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.TransitRouterAttachmentDescription = strings.Repeat("d", 257)
		}, "InvalidParameter", 400},
		{"21 tags", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.Tag = tags(21) }, "InvalidParameter", 400},
		{"tag key acs:", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: "acs:x", Value: "v"}}
		}, "InvalidParameter", 400},
		{"tag key of 65 characters", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: strings.Repeat("k", 65)}}
		}, "InvalidParameter", 400},
		// the API reference: the tag value "cannot start with aliyun or acs:".
		{"tag value aliyun", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: "k", Value: "aliyun-v"}}
		}, "InvalidParameter", 400},
		{"tag value acs:", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: "k", Value: "acs:v"}}
		}, "InvalidParameter", 400},
		// the API reference: "Each key-value pair must be unique."
		{"tag pair twice", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: "env", Value: "v"}, {Key: "env", Value: "v"}}
		}, "InvalidParameter", 400},
		{"tag key twice", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.Tag = &[]cbn.CreateTransitRouterEcrAttachmentTag{{Key: "env", Value: "a"}, {Key: "env", Value: "b"}}
		}, "InvalidParameter", 400},
		{"ResourceType VPC", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.ResourceType = "VPC" }, "InvalidParameter", 400},
		{"EcrOwnerId not a number", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.EcrOwnerId = "abc" }, "InvalidParameter", 400},
		{"no EcrId", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.EcrId = "" }, "MissingParameter", 400},
		{"neither router nor CEN", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.TransitRouterId = "" }, "MissingParam.CenIdOrRegionId", 400},
		{"unknown region", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.RegionId = "xx-nowhere-1" }, "IllegalParam.RegionId", 400},
		{"local region", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.RegionId = "cn-nanjing" }, "OperationUnsupported.TransitRouterRegionId", 400},
		{"unknown BandwidthType", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.QueryParams["BandwidthType"] = "Bogus" }, "IllegalParam.BandwidthType", 400},
		{"BandwidthPackage", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.QueryParams["BandwidthType"] = "BandwidthPackage"
		}, "OperationUnsupported.BandwidthType", 400},
		{"malformed route table", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.QueryParams["AssociateRouteTableId"] = "rt-1" }, "IllegalParam.AssociateRouteTableId", 400},
		{"foreign route table", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.QueryParams["AssociateRouteTableId"] = "vtb-other"
		}, "IllegalParam.AssociateRouteTableId", 400},
		{"unknown CEN", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.CenId = "cen-nosuch" }, "InvalidCenId.NotFound", 400},
		{"unknown router", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.TransitRouterId = "tr-nosuch" }, "InvalidTransitRouterId.NotFound", 400},
		{"router of another region", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.RegionId = "cn-shanghai" }, "InvalidTransitRouterId.NotFound", 400},
		{"router of another CEN", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.CenId = otherCen }, "InvalidTransitRouterId.NotFound", 400},
		{"unknown ECR", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.EcrId = "ecr-nosuch" }, "ResourceNotFound", 400},
		{"ECR not of EcrOwnerId", func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { r.EcrOwnerId = requests.Integer(b.acct.UID) }, "ResourceNotFound", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { good(r); tc.mut(r) })
			sdktest.WantErr(t, err, tc.code, tc.status)
		})
	}
	// B cannot name A's CEN or router.
	_, err := b.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) { good(r); r.TransitRouterId = ""; r.CenId = cen })
	sdktest.WantErr(t, err, "InvalidCenId.NotFound", 400)
	_, err = b.attachReq(good)
	sdktest.WantErr(t, err, "InvalidTransitRouterId.NotFound", 400)
	if n := a.listAttachments(nil).TotalCount; n != 0 {
		t.Fatalf("got %d attachments after failed calls; want 0", n)
	}

	// A dry run passes every check (the system route table and DataTransfer
	// are legal) and creates nothing.
	sys := "vtb-" + strings.TrimPrefix(tr, "tr-")
	_, err = a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		good(r)
		r.DryRun = requests.NewBoolean(true)
		r.QueryParams["AssociateRouteTableId"] = sys
		r.QueryParams["BandwidthType"] = "DataTransfer"
	})
	sdktest.WantErr(t, err, "DryRunOperation", 400)
	if n := a.listAttachments(nil).TotalCount; n != 0 {
		t.Fatalf("got %d attachments after a dry run; want 0", n)
	}

	// ClientToken: the same token answers the first result and creates nothing new.
	withToken := func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		good(r)
		r.ClientToken = "TF-CreateTransitRouterEcrAttachment-1"
	}
	first, err := a.attachReq(withToken)
	sdktest.Must(t, err)
	again, err := a.attachReq(withToken)
	sdktest.Must(t, err)
	if again.TransitRouterAttachmentId != first.TransitRouterAttachmentId {
		t.Fatalf("got %s then %s; want the same attachment for one ClientToken", first.TransitRouterAttachmentId, again.TransitRouterAttachmentId)
	}
	if n := a.listAttachments(nil).TotalCount; n != 1 {
		t.Fatalf("got %d attachments; want 1", n)
	}
	// Without the token a second attachment of the same ECR meets the lock,
	// then, once attached, the existing attachment.
	_, err = a.attach(tr, ecr)
	sdktest.WantErr(t, err, "IncorrectStatus.EcrResource", 400)
	e.step()
	_, err = a.attach(tr, ecr)
	sdktest.WantErr(t, err, "InvalidStatus.ResourceStatus", 400)
}

// TestMissingRegionOverHTTP: the SDK always sends RegionId; a raw client may
// not, and without TransitRouterId that is MissingParam.CenIdOrRegionId.
func TestMissingRegionOverHTTP(t *testing.T) {
	e := newEnv(t, mock.Options{Auth: "open"})
	res, err := httpGet(e.srv.URL() + "/?Action=CreateTransitRouterEcrAttachment&Version=2017-09-12&AccessKeyId=anyone&CenId=cen-x&EcrId=ecr-x")
	if err != nil {
		t.Fatal(err)
	}
	if res.status != 400 || res.body["Code"] != "MissingParam.CenIdOrRegionId" || res.body["Message"] != "Either CenId or RegionId must be specified." {
		t.Fatalf("got %d %v; want 400 MissingParam.CenIdOrRegionId with the documented message", res.status, res.body)
	}
}

// TestAttachmentStateErrors: codes reached from real state.
func TestAttachmentStateErrors(t *testing.T) {
	t.Run("CEN still Creating", func(t *testing.T) {
		e := newEnv(t, mock.Options{})
		a := e.actor(e.srv.AccountA())
		cen := a.createCen("creating")
		ecr := a.createECR()
		_, err := a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.CenId, r.RegionId, r.EcrId = cen, "cn-hangzhou", ecr
		})
		sdktest.WantErr(t, err, "InvalidOperation.CenInstanceStatus", 400)
	})
	t.Run("association INACTIVE", func(t *testing.T) {
		e := newEnv(t, mock.Options{})
		a := e.actor(e.srv.AccountA())
		cen := a.activeCen()
		tr := a.activeTR(cen, "cn-hangzhou")
		ecr := a.createECR()
		_, err := a.attach(tr, ecr)
		sdktest.WantErr(t, err, "ResourceNotFound", 400) // no association yet
		assoc := a.associate(ecr, tr, a.acct.UID)
		e.step()
		sdktest.Must(t, e.srv.SetStatus(assoc, "INACTIVE"))
		_, err = a.attach(tr, ecr)
		sdktest.WantErr(t, err, "InvalidStatus.ResourceStatus", 400)
	})
	t.Run("ECR financially locked", func(t *testing.T) {
		e := newEnv(t, mock.Options{})
		a := e.actor(e.srv.AccountA())
		_, tr, ecr := a.ready()
		e.srv.Core().WithStore(func(st *store.Store) { st.Get(ecr).Set("BizStatus", "FinancialLocked") })
		_, err := a.attach(tr, ecr)
		sdktest.WantErr(t, err, "IncorrectStatus.EcrResource", 400)
	})
	t.Run("quota of ECR attachments per router", func(t *testing.T) {
		e := newEnv(t, mock.Options{})
		a := e.actor(e.srv.AccountA())
		_, tr, ecr := a.ready()
		ecr2 := a.createECR()
		a.associate(ecr2, tr, a.acct.UID)
		e.step()
		sdktest.Must(t, e.srv.SetQuota(a.acct.AccessKeyID, "CenQuotaEcrAttachPerTransitRouter", 1))
		_, err := a.attach(tr, ecr)
		sdktest.Must(t, err)
		_, err = a.attach(tr, ecr2)
		sdktest.WantErr(t, err, "QuotaExceeded.CenQuotaEcrAttachPerTransitRouter", 400)
		sdktest.Must(t, e.srv.SetQuota(a.acct.AccessKeyID, "CenQuotaEcrAttachPerTransitRouter", 2))
		_, err = a.attach(tr, ecr2)
		sdktest.Must(t, err)
	})
	t.Run("ECR attached to another CEN", func(t *testing.T) {
		e := newEnv(t, mock.Options{})
		a := e.actor(e.srv.AccountA())
		_, tr, ecr := a.ready()
		_, err := a.attach(tr, ecr)
		sdktest.Must(t, err)
		e.step()
		cen2 := a.activeCen()
		tr2 := a.activeTR(cen2, "cn-shanghai")
		a.associateIn(ecr, tr2, a.acct.UID, "cn-shanghai")
		e.step()
		second := func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.TransitRouterId, r.EcrId, r.RegionId = tr2, ecr, "cn-shanghai"
		}
		_, err = a.attachReq(second)
		sdktest.WantErr(t, err, "QuotaFull.ChildInstanceRelatedCen", 400)
		sdktest.Must(t, e.srv.SetQuota(a.acct.AccessKeyID, "ChildInstanceRelatedCen", 2))
		_, err = a.attachReq(second)
		sdktest.Must(t, err)
	})
	t.Run("fixtures: Basic router, FULL CEN, router needing an upgrade", func(t *testing.T) {
		e := newEnv(t, mock.Options{})
		a := e.actor(e.srv.AccountA())
		uid := a.acct.UID
		e.fixture(&store.Resource{ID: "cen-full0000000000000001", Type: store.TypeCEN, Owner: uid, Region: "cn-hangzhou", Attrs: map[string]any{"ProtectionLevel": "FULL"}})
		e.fixture(&store.Resource{ID: "cen-basic000000000000001", Type: store.TypeCEN, Owner: uid, Region: "cn-hangzhou"})
		e.fixture(&store.Resource{ID: "tr-basic0000000000000001", Type: store.TypeTransitRouter, Owner: uid, Region: "cn-hangzhou",
			Attrs: map[string]any{"CenId": "cen-basic000000000000001", "Type": "Basic"}})
		e.fixture(&store.Resource{ID: "tr-old000000000000000001", Type: store.TypeTransitRouter, Owner: uid, Region: "cn-shanghai",
			Attrs: map[string]any{"CenId": "cen-basic000000000000001", "NeedUpgrade": true}})
		ecr := a.createECR()
		_, err := a.attach("tr-basic0000000000000001", ecr)
		sdktest.WantErr(t, err, "OperationUnsupported.TransitRouterType", 400)
		// Without a router ID the CEN's Basic router in the region is found.
		_, err = a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.CenId, r.RegionId, r.EcrId = "cen-basic000000000000001", "cn-hangzhou", ecr
		})
		sdktest.WantErr(t, err, "OperationUnsupported.TransitRouterType", 400)
		_, err = a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.TransitRouterId, r.RegionId, r.EcrId = "tr-old000000000000000001", "cn-shanghai", ecr
		})
		sdktest.WantErr(t, err, "InvalidTransitRouterMode.NeedUpgrade", 400)
		_, err = a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.CenId, r.RegionId, r.EcrId = "cen-full0000000000000001", "cn-hangzhou", ecr
		})
		sdktest.WantErr(t, err, "OperationUnsupported.CenFullLevel", 400)
	})
}

// TestAutomaticRouter: with CenId and RegionId and no Enterprise router in
// the region, one is created with the attachment (the API reference).
func TestAutomaticRouter(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	b := e.actor(e.srv.AccountB())
	cen := a.activeCen()
	ecr := a.createECR()
	byCen := func(ecr string) func(*cbn.CreateTransitRouterEcrAttachmentRequest) {
		return func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.CenId, r.RegionId, r.EcrId = cen, "cn-beijing", ecr
		}
	}
	// An ECR of another account cannot be granted a router that does not exist yet.
	becr := b.createECR()
	_, err := a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		byCen(becr)(r)
		r.EcrOwnerId = requests.Integer(b.acct.UID)
	})
	sdktest.WantErr(t, err, "Unauthorized", 400)

	resp, err := a.attachReq(byCen(ecr))
	sdktest.Must(t, err)
	if n := a.listAttachments(nil).TotalCount; n != 0 {
		t.Fatalf("got %d attachments listed in cn-hangzhou; want 0 (the attachment is in cn-beijing)", n)
	}
	l := a.listAttachments(func(r *cbn.ListTransitRouterEcrAttachmentsRequest) { r.RegionId = "cn-beijing" })
	if l.TotalCount != 1 {
		t.Fatalf("got %d attachments in cn-beijing; want 1", l.TotalCount)
	}
	att := l.TransitRouterAttachments[0]
	if att.TransitRouterAttachmentId != resp.TransitRouterAttachmentId || att.Status != "Attaching" || att.TransitRouterRegionId != "cn-beijing" {
		t.Fatalf("got %+v; want the Attaching attachment in cn-beijing", att)
	}
	tr := a.transitRouterIn(att.TransitRouterId, "cn-beijing")
	if tr == nil || tr.Type != "Enterprise" || tr.CenId != cen || tr.RegionId != "cn-beijing" || tr.Status != "Creating" {
		t.Fatalf("got %+v; want a Creating Enterprise router of %s in cn-beijing", tr, cen)
	}
	e.step()
	if got := a.transitRouterIn(att.TransitRouterId, "cn-beijing").Status; got != "Active" {
		t.Fatalf("got router %s; want Active", got)
	}
	if got := a.attachmentIn(att.TransitRouterAttachmentId, "cn-beijing").Status; got != "Attached" {
		t.Fatalf("got attachment %s; want Attached", got)
	}
	// Now the region has a router: the CenId path uses it, and its rules
	// (an association) apply.
	ecr2 := a.createECR()
	_, err = a.attachReq(byCen(ecr2))
	sdktest.WantErr(t, err, "ResourceNotFound", 400)
	a.associateIn(ecr2, att.TransitRouterId, a.acct.UID, "cn-beijing")
	e.step()
	resp2, err := a.attachReq(byCen(ecr2))
	sdktest.Must(t, err)
	if got := a.attachmentIn(resp2.TransitRouterAttachmentId, "cn-beijing"); got.TransitRouterId != att.TransitRouterId {
		t.Fatalf("got router %s; want the existing %s", got.TransitRouterId, att.TransitRouterId)
	}
	lreq := cbn.CreateListTransitRoutersRequest()
	lreq.Scheme, lreq.CenId, lreq.RegionId = "http", cen, "cn-beijing"
	trs, err := a.c.ListTransitRouters(lreq)
	sdktest.Must(t, err)
	if trs.TotalCount != 1 {
		t.Fatalf("got %d routers in cn-beijing; want 1 (no second automatic router)", trs.TotalCount)
	}
}

// TestCrossAccount: an ECR of another account needs the router's grant; the
// ECR owner associates it; then the attachment shows the owner.
func TestCrossAccount(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	b := e.actor(e.srv.AccountB())
	cen := a.activeCen()
	tr := a.activeTR(cen, "cn-hangzhou")
	becr := b.createECR()
	cross := func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		r.TransitRouterId, r.EcrId, r.RegionId, r.EcrOwnerId = tr, becr, "cn-hangzhou", requests.Integer(b.acct.UID)
	}
	_, err := a.attachReq(cross)
	sdktest.WantErr(t, err, "Unauthorized", 400)
	// Without EcrOwnerId the ECR is looked for in A's account.
	_, err = a.attach(tr, becr)
	sdktest.WantErr(t, err, "ResourceNotFound", 400)

	a.grant(becr, b.acct.UID, tr)
	b.associate(becr, tr, a.acct.UID)
	_, err = a.attachReq(cross)
	sdktest.WantErr(t, err, "IncorrectStatus.EcrResource", 400) // B's ECR is ASSOCIATING
	e.step()
	resp, err := a.attachReq(cross)
	sdktest.Must(t, err)
	got := a.attachment(resp.TransitRouterAttachmentId)
	if got.EcrOwnerId != 1000000000000002 || got.EcrId != becr {
		t.Fatalf("got %+v; want EcrOwnerId 1000000000000002", got)
	}
	if s := b.ecrStatus(becr); s != "LOCKED_ATTACHING" {
		t.Fatalf("got B's ECR %s; want LOCKED_ATTACHING", s)
	}
	if n := b.listAttachments(nil).TotalCount; n != 0 {
		t.Fatalf("B lists %d attachments; want 0 (the attachment is the router owner's)", n)
	}
}

const flaggedAccounts = `accounts:
  - {uid: "1000000000000001", accessKeyId: key-a, accessKeySecret: secret-a}
  - {uid: "1000000000000002", accessKeyId: key-closed, accessKeySecret: secret-b, flags: {transitRouterServiceNotOpen: true}}
  - {uid: "1000000000000003", accessKeyId: key-norole, accessKeySecret: secret-c, flags: {cenServiceLinkedRoleDenied: true}}
  - {uid: "1000000000000004", accessKeyId: key-intl, accessKeySecret: secret-d, flags: {internationalSite: true}}
  - {uid: "1000000000000005", accessKeyId: key-nowl, accessKeySecret: secret-e, whitelisted: false}
`

// TestAccountLevelErrors: the API reference's account-level codes, reached from
// account flags (catalogue notes).
func TestAccountLevelErrors(t *testing.T) {
	e := newEnv(t, mock.Options{CredentialsFile: sdktest.CredentialsFile(t, flaggedAccounts)})
	a := e.actorByKey("key-a")
	any := func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		r.TransitRouterId, r.EcrId, r.RegionId = "tr-any", "ecr-any", "cn-hangzhou"
	}
	for key, code := range map[string]string{
		"key-closed": "Forbbiden.TransitRouterServiceNotOpen",
		"key-norole": "NoPermission.AliyunServiceRolePolicyForCEN",
		"key-nowl":   "OperationUnsupported.ECRAttachment",
	} {
		_, err := e.actorByKey(key).attachReq(any)
		sdktest.WantErr(t, err, code, 400)
	}

	cen := a.activeCen()
	tr := a.activeTR(cen, "cn-hangzhou")
	for key, code := range map[string]string{
		"key-intl":   "Forbbiden.AttachChildInstanceAcrossBid",
		"key-closed": "Forbidden.ResourceOwnerTransitRouterServiceNotOpen",
	} {
		owner := e.actorByKey(key)
		ecr := owner.createECR()
		a.grant(ecr, owner.acct.UID, tr)
		owner.associate(ecr, tr, a.acct.UID)
		e.step()
		_, err := a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
			r.TransitRouterId, r.EcrId, r.RegionId, r.EcrOwnerId = tr, ecr, "cn-hangzhou", requests.Integer(owner.acct.UID)
		})
		sdktest.WantErr(t, err, code, 400)
	}
}

// TestUpdateAndDelete: the attachment's companions and their errors.
func TestUpdateAndDelete(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	b := e.actor(e.srv.AccountB())
	cen, tr, ecr := a.ready()
	id, err := a.attach(tr, ecr)
	sdktest.Must(t, err)
	e.step()

	// An SDK request keeps the parameters of an earlier call: one request each.
	update := func(c *cbn.Client, mut func(*cbn.UpdateTransitRouterEcrAttachmentAttributeRequest)) error {
		req := cbn.CreateUpdateTransitRouterEcrAttachmentAttributeRequest()
		req.Scheme, req.TransitRouterAttachmentId = "http", id
		mut(req)
		_, err := c.UpdateTransitRouterEcrAttachmentAttribute(req)
		return err
	}
	err = update(a.c, func(r *cbn.UpdateTransitRouterEcrAttachmentAttributeRequest) {
		r.TransitRouterAttachmentId = "tr-attach-nosuch"
	})
	sdktest.WantErr(t, err, "InvalidTransitRouterAttachmentId.NotFound", 400)
	err = update(b.c, func(r *cbn.UpdateTransitRouterEcrAttachmentAttributeRequest) { r.TransitRouterAttachmentName = "b" })
	sdktest.WantErr(t, err, "InvalidTransitRouterAttachmentId.NotFound", 400)
	err = update(a.c, func(r *cbn.UpdateTransitRouterEcrAttachmentAttributeRequest) {
		r.TransitRouterAttachmentName = "https://bad"
	})
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	err = update(a.c, func(r *cbn.UpdateTransitRouterEcrAttachmentAttributeRequest) {
		r.TransitRouterAttachmentDescription, r.DryRun = "described", requests.NewBoolean(true)
	})
	sdktest.WantErr(t, err, "DryRunOperation", 400)
	if got := a.attachment(id).TransitRouterAttachmentDescription; got != "" {
		t.Fatalf("got description %q after a dry run; want unchanged", got)
	}
	sdktest.Must(t, update(a.c, func(r *cbn.UpdateTransitRouterEcrAttachmentAttributeRequest) {
		r.TransitRouterAttachmentDescription = "described"
	}))
	if got := a.attachment(id).TransitRouterAttachmentDescription; got != "described" {
		t.Fatalf("got description %q; want described", got)
	}

	// Another operation holds the ECR: IncorrectStatus.EcrResource.
	tr2 := a.activeTR(a.activeCen(), "cn-shanghai")
	a.associateIn(ecr, tr2, a.acct.UID, "cn-shanghai")
	sdktest.WantErr(t, a.deleteAttachment(id, false), "IncorrectStatus.EcrResource", 400)
	e.step()

	sdktest.WantErr(t, a.deleteAttachment("tr-attach-nosuch", false), "InvalidTransitRouterAttachmentId.NotFound", 400)
	dreq := cbn.CreateDeleteTransitRouterEcrAttachmentRequest()
	dreq.Scheme, dreq.TransitRouterAttachmentId, dreq.DryRun = "http", id, requests.NewBoolean(true)
	_, err = a.c.DeleteTransitRouterEcrAttachment(dreq)
	sdktest.WantErr(t, err, "DryRunOperation", 400)
	if got := a.attachment(id).Status; got != "Attached" {
		t.Fatalf("got %s after a dry run; want Attached", got)
	}

	// Force also deletes the association with the router (the API reference).
	sdktest.Must(t, a.deleteAttachment(id, true))
	if got := a.attachment(id).Status; got != "Detaching" {
		t.Fatalf("got %s; want Detaching", got)
	}
	sdktest.WantErr(t, a.deleteAttachment(id, false), "InvalidStatus.ResourceStatus", 400)
	if st := a.associationStatuses(ecr); len(st) != 2 || st[0] != "DELETING" || st[1] != "ACTIVE" {
		t.Fatalf("got associations %v; want [DELETING ACTIVE] (the first router's association deleted by Force)", st)
	}
	e.step()
	if got := a.attachment(id); got != nil {
		t.Fatalf("got %+v; want gone", got)
	}
	if st := a.associationStatuses(ecr); len(st) != 1 || st[0] != "ACTIVE" {
		t.Fatalf("got associations %v; want only the second router's", st)
	}
	_ = cen
}

// TestListAttachments: filters and NextToken/MaxResults paging.
func TestListAttachments(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	_, tr, ecr1 := a.ready()
	ecrs := []string{ecr1, a.createECR(), a.createECR()}
	for _, x := range ecrs[1:] {
		a.associate(x, tr, a.acct.UID)
	}
	e.step()
	var ids []string
	for _, x := range ecrs {
		id, err := a.attach(tr, x)
		sdktest.Must(t, err)
		ids = append(ids, id)
	}
	var seen []string
	token := ""
	for page := 0; page < 4; page++ {
		l := a.listAttachments(func(r *cbn.ListTransitRouterEcrAttachmentsRequest) {
			r.TransitRouterId, r.MaxResults, r.NextToken = tr, requests.NewInteger(2), token
		})
		if l.TotalCount != 3 || l.MaxResults != 2 {
			t.Fatalf("got TotalCount %d MaxResults %d; want 3 and 2", l.TotalCount, l.MaxResults)
		}
		for _, x := range l.TransitRouterAttachments {
			seen = append(seen, x.TransitRouterAttachmentId)
		}
		if token = l.NextToken; token == "" {
			break
		}
	}
	if strings.Join(seen, ",") != strings.Join(ids, ",") {
		t.Fatalf("got %v over the pages; want %v in creation order", seen, ids)
	}
	if l := a.listAttachments(func(r *cbn.ListTransitRouterEcrAttachmentsRequest) { r.QueryParams["EcrId"] = ecrs[1] }); l.TotalCount != 1 || l.TransitRouterAttachments[0].TransitRouterAttachmentId != ids[1] {
		t.Fatalf("got %+v; want only %s for EcrId %s", l.TransitRouterAttachments, ids[1], ecrs[1])
	}
	if l := a.listAttachments(func(r *cbn.ListTransitRouterEcrAttachmentsRequest) {
		r.ResourceType = "ECR"
		r.TransitRouterId = "tr-other"
	}); l.TotalCount != 0 {
		t.Fatalf("got %d for another router; want 0", l.TotalCount)
	}
	if l := a.listAttachments(func(r *cbn.ListTransitRouterEcrAttachmentsRequest) { r.RegionId = "cn-shanghai" }); l.TotalCount != 0 {
		t.Fatalf("got %d in cn-shanghai; want 0", l.TotalCount)
	}
	req := cbn.CreateListTransitRouterEcrAttachmentsRequest()
	req.Scheme, req.NextToken = "http", "not-a-token"
	_, err := a.c.ListTransitRouterEcrAttachments(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	req.NextToken, req.MaxResults = "", requests.NewInteger(101)
	_, err = a.c.ListTransitRouterEcrAttachments(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
}
