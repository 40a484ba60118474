package cbn_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// env is one ecmock server on a manual clock with the fast timing profile:
// every automatic transition completes one second after it began.
type env struct {
	t   *testing.T
	srv *mock.Server
}

func newEnv(t *testing.T, o mock.Options) *env {
	t.Helper()
	return &env{t: t, srv: sdktest.Start(t, o)}
}

// step moves the clock by one fast-profile transition.
func (e *env) step() { e.srv.Advance(time.Second) }

// fixture stores a resource completed by the products' fixture defaults, as a
// scenario's fixtures are.
func (e *env) fixture(r *store.Resource) {
	e.t.Helper()
	core := e.srv.Core()
	if !core.Registry().CompleteFixture(r) {
		e.t.Fatalf("no fixture defaults for %s", r.Type)
	}
	core.WithStore(func(st *store.Store) { st.Add(r) })
}

// actor is one account calling through the real Go SDK.
type actor struct {
	e    *env
	t    *testing.T
	acct mock.Account
	c    *cbn.Client
}

func (e *env) actor(a mock.Account) *actor {
	e.t.Helper()
	return &actor{e: e, t: e.t, acct: a, c: sdktest.CBN(e.t, e.srv, a)}
}

func (e *env) actorByKey(key string) *actor {
	e.t.Helper()
	for _, a := range e.srv.Accounts() {
		if a.AccessKeyID == key {
			return e.actor(a)
		}
	}
	e.t.Fatalf("no account with key %s", key)
	return nil
}

// --- Cbn through the SDK ---

func (a *actor) createCen(name string) string {
	a.t.Helper()
	req := cbn.CreateCreateCenRequest()
	req.Scheme, req.Name = "http", name
	resp, err := a.c.CreateCen(req)
	sdktest.Must(a.t, err)
	return resp.CenId
}

// activeCen creates a CEN and lets it become Active.
func (a *actor) activeCen() string {
	id := a.createCen("cen-test")
	a.e.step()
	return id
}

func (a *actor) createTR(cen, region string) (string, error) {
	req := cbn.CreateCreateTransitRouterRequest()
	req.Scheme, req.CenId, req.RegionId, req.TransitRouterName = "http", cen, region, "tr-test"
	resp, err := a.c.CreateTransitRouter(req)
	if err != nil {
		return "", err
	}
	return resp.TransitRouterId, nil
}

// activeTR creates an Enterprise Edition router and lets it become Active.
func (a *actor) activeTR(cen, region string) string {
	a.t.Helper()
	id, err := a.createTR(cen, region)
	sdktest.Must(a.t, err)
	a.e.step()
	return id
}

func (a *actor) attachReq(mut func(*cbn.CreateTransitRouterEcrAttachmentRequest)) (*cbn.CreateTransitRouterEcrAttachmentResponse, error) {
	req := cbn.CreateCreateTransitRouterEcrAttachmentRequest()
	req.Scheme = "http"
	if mut != nil {
		mut(req)
	}
	return a.c.CreateTransitRouterEcrAttachment(req)
}

// attach attaches an ECR of the caller to a router in cn-hangzhou.
func (a *actor) attach(tr, ecr string) (string, error) {
	resp, err := a.attachReq(func(r *cbn.CreateTransitRouterEcrAttachmentRequest) {
		r.TransitRouterId, r.EcrId, r.RegionId = tr, ecr, "cn-hangzhou"
	})
	if err != nil {
		return "", err
	}
	return resp.TransitRouterAttachmentId, nil
}

func (a *actor) listAttachments(mut func(*cbn.ListTransitRouterEcrAttachmentsRequest)) *cbn.ListTransitRouterEcrAttachmentsResponse {
	a.t.Helper()
	req := cbn.CreateListTransitRouterEcrAttachmentsRequest()
	req.Scheme = "http"
	if mut != nil {
		mut(req)
	}
	resp, err := a.c.ListTransitRouterEcrAttachments(req)
	sdktest.Must(a.t, err)
	return resp
}

// attachment returns the listed attachment with this ID in cn-hangzhou (nil
// when gone).
func (a *actor) attachment(id string) *cbn.TransitRouterAttachment {
	a.t.Helper()
	return a.attachmentIn(id, "cn-hangzhou")
}

func (a *actor) attachmentIn(id, region string) *cbn.TransitRouterAttachment {
	a.t.Helper()
	l := a.listAttachments(func(r *cbn.ListTransitRouterEcrAttachmentsRequest) {
		r.TransitRouterAttachmentId, r.RegionId = id, region
	})
	switch len(l.TransitRouterAttachments) {
	case 0:
		return nil
	case 1:
		return &l.TransitRouterAttachments[0]
	}
	a.t.Fatalf("got %d attachments for %s; want at most 1", len(l.TransitRouterAttachments), id)
	return nil
}

// transitRouter returns the listed router with this ID in cn-hangzhou (nil
// when gone).
func (a *actor) transitRouter(id string) *cbn.TransitRouter {
	a.t.Helper()
	return a.transitRouterIn(id, "cn-hangzhou")
}

func (a *actor) transitRouterIn(id, region string) *cbn.TransitRouter {
	a.t.Helper()
	req := cbn.CreateListTransitRoutersRequest()
	req.Scheme, req.TransitRouterId, req.RegionId = "http", id, region
	resp, err := a.c.ListTransitRouters(req)
	sdktest.Must(a.t, err)
	if len(resp.TransitRouters) == 0 {
		return nil
	}
	return &resp.TransitRouters[0]
}

func (a *actor) deleteAttachment(id string, force bool) error {
	req := cbn.CreateDeleteTransitRouterEcrAttachmentRequest()
	req.Scheme, req.TransitRouterAttachmentId = "http", id
	if force {
		req.Force = requests.NewBoolean(true)
	}
	_, err := a.c.DeleteTransitRouterEcrAttachment(req)
	return err
}

// --- ExpressConnectRouter through CommonRequest (no Go SDK service) ---

func (a *actor) mustECR(action string, params map[string]string) map[string]any {
	a.t.Helper()
	m, err := sdktest.ECRCall(a.c, a.e.srv, action, params)
	if err != nil {
		a.t.Fatalf("%s: got %v; want success", action, err)
	}
	return m
}

// createECR creates an ECR (ACTIVE at once).
func (a *actor) createECR() string {
	a.t.Helper()
	return a.mustECR("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104", "Name": "ecr-test"})["EcrId"].(string)
}

// associate associates the caller's ECR with a router of trOwner in
// cn-hangzhou (CREATING; ACTIVE one step later).
func (a *actor) associate(ecr, tr, trOwner string) string {
	a.t.Helper()
	return a.associateIn(ecr, tr, trOwner, "cn-hangzhou")
}

func (a *actor) associateIn(ecr, tr, trOwner, region string) string {
	a.t.Helper()
	return a.mustECR("CreateExpressConnectRouterAssociation", map[string]string{
		"EcrId": ecr, "TransitRouterId": tr, "TransitRouterOwnerId": trOwner, "AssociationRegionId": region,
	})["AssociationId"].(string)
}

// grant grants the caller's router to an ECR of ecrOwner.
func (a *actor) grant(ecr, ecrOwner, tr string) {
	a.t.Helper()
	a.mustECR("GrantInstanceToExpressConnectRouter", map[string]string{
		"EcrId": ecr, "EcrOwnerAliUid": ecrOwner, "InstanceId": tr, "InstanceType": "TR",
		"InstanceRegionId": "cn-hangzhou", "CallerType": "OTHER",
	})
}

// ecrStatus is the ECR's Status as DescribeExpressConnectRouter shows it.
func (a *actor) ecrStatus(ecr string) string {
	a.t.Helper()
	l, _ := a.mustECR("DescribeExpressConnectRouter", map[string]string{"EcrId": ecr})["EcrList"].([]any)
	if len(l) != 1 {
		a.t.Fatalf("got %d ECRs for %s; want 1", len(l), ecr)
	}
	return l[0].(map[string]any)["Status"].(string)
}

// associationStatuses lists the statuses of an ECR's associations.
func (a *actor) associationStatuses(ecr string) []string {
	a.t.Helper()
	l, _ := a.mustECR("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr})["AssociationList"].([]any)
	out := []string{}
	for _, v := range l {
		out = append(out, v.(map[string]any)["Status"].(string))
	}
	return out
}

// ready builds the usual starting point for the caller: an Active CEN, an
// Active router in cn-hangzhou, an ECR and its ACTIVE association.
func (a *actor) ready() (cen, tr, ecr string) {
	a.t.Helper()
	cen = a.activeCen()
	tr = a.activeTR(cen, "cn-hangzhou")
	ecr = a.createECR()
	a.associate(ecr, tr, a.acct.UID)
	a.e.step()
	return cen, tr, ecr
}

type httpResult struct {
	status int
	body   map[string]any
}

// httpGet calls ecmock without the SDK (open auth) and decodes the JSON body.
func httpGet(url string) (httpResult, error) {
	res, err := http.Get(url)
	if err != nil {
		return httpResult{}, err
	}
	defer res.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return httpResult{}, err
	}
	return httpResult{status: res.StatusCode, body: m}, nil
}
