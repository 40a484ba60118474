package hosted_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// env is a server with the partner (account A) and the tenant (account B).
type env struct {
	srv        *mock.Server
	a, b       *vpc.Client
	aUID, bUID string
}

func newEnv(t *testing.T, o mock.Options) *env {
	t.Helper()
	srv := sdktest.Start(t, o)
	a, b := srv.AccountA(), srv.AccountB()
	return &env{srv: srv, a: sdktest.VPC(t, srv, a), b: sdktest.VPC(t, srv, b), aUID: a.UID, bUID: b.UID}
}

// enabledPC creates a physical connection of c with a port type and forces it
// to Enabled, as the cloud would after installation.
func (e *env) enabledPC(t *testing.T, c *vpc.Client, portType string) string {
	t.Helper()
	id := e.newPC(t, c, portType)
	if err := e.srv.SetStatus(id, "Enabled"); err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *env) newPC(t *testing.T, c *vpc.Client, portType string) string {
	t.Helper()
	req := sdktest.PCRequest()
	req.PortType = portType
	resp, err := c.CreatePhysicalConnection(req)
	if err != nil {
		t.Fatalf("CreatePhysicalConnection: %v", err)
	}
	return resp.PhysicalConnectionId
}

func hostedReq(pcID, tenant string, vlan, spec string) *vpc.CreateVirtualPhysicalConnectionRequest {
	req := vpc.CreateCreateVirtualPhysicalConnectionRequest()
	req.Scheme = "http"
	req.PhysicalConnectionId = pcID
	req.VpconnAliUid = requests.Integer(tenant)
	req.VlanId = requests.Integer(vlan)
	req.Spec = spec
	req.OrderMode = "PayByVirtualPhysicalConnectionOwner"
	return req
}

func (e *env) createHosted(t *testing.T, req *vpc.CreateVirtualPhysicalConnectionRequest) string {
	t.Helper()
	resp, err := e.a.CreateVirtualPhysicalConnection(req)
	if err != nil {
		t.Fatalf("CreateVirtualPhysicalConnection: %v", err)
	}
	return resp.VirtualPhysicalConnection
}

func listReq() *vpc.ListVirtualPhysicalConnectionsRequest {
	req := vpc.CreateListVirtualPhysicalConnectionsRequest()
	req.Scheme = "http"
	return req
}

func TestHostedConnectionPartnerAndTenant(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc := e.enabledPC(t, e.a, "")

	req := hostedReq(pc, e.bUID, "10", "50M")
	req.Name = "hosted-one"
	req.Description = "for tenant B"
	req.Token = "tok-1"
	req.Tag = &[]vpc.CreateVirtualPhysicalConnectionTag{{Key: "env", Value: "prod"}}
	id := e.createHosted(t, req)
	if !strings.HasPrefix(id, "pc-") {
		t.Fatalf("got ID %q; want a pc- ID", id)
	}

	// The same Token answers the first result and creates nothing.
	again, err := e.a.CreateVirtualPhysicalConnection(req)
	if err != nil || again.VirtualPhysicalConnection != id {
		t.Fatalf("got %+v, %v; want the first ID %s", again, err, id)
	}

	// The partner's view.
	lr := listReq()
	lr.VirtualPhysicalConnectionIds = &[]string{id}
	list, err := e.a.ListVirtualPhysicalConnections(lr)
	if err != nil {
		t.Fatal(err)
	}
	if list.TotalCount != 1 || list.Count != 1 || len(list.VirtualPhysicalConnections) != 1 {
		t.Fatalf("got %+v; want one hosted connection", list)
	}
	v := list.VirtualPhysicalConnections[0]
	checks := []struct{ name, got, want string }{
		{"PhysicalConnectionId", v.PhysicalConnectionId, id},
		{"VirtualPhysicalConnectionStatus", v.VirtualPhysicalConnectionStatus, "UnConfirmed"},
		{"Status", v.Status, "Confirmed"},
		{"ProductType", v.ProductType, "VirtualPhysicalConnection"},
		{"ParentPhysicalConnectionId", v.ParentPhysicalConnectionId, pc},
		{"ParentPhysicalConnectionAliUid", v.ParentPhysicalConnectionAliUid, e.aUID},
		{"AliUid", v.AliUid, e.bUID},
		{"VlanId", v.VlanId, "10"},
		{"Spec", v.Spec, "50M"},
		{"OrderMode", v.OrderMode, "PayByVirtualPhysicalConnectionOwner"},
		{"Name", v.Name, "hosted-one"},
		{"Description", v.Description, "for tenant B"},
		{"BusinessStatus", v.BusinessStatus, "Normal"},
		{"AccessPointId", v.AccessPointId, "ap-cn-hangzhou-yh-B"},
		{"LineOperator", v.LineOperator, "CT"},
		{"PortType", v.PortType, "1000Base-T"},
		{"CreationTime", v.CreationTime, "2026-01-01T00:00:00Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, c.got, c.want)
		}
	}
	if v.Bandwidth != 50 || len(v.Tags) != 1 || v.Tags[0].Key != "env" || v.Tags[0].Value != "prod" {
		t.Errorf("got Bandwidth %d, Tags %+v; want 50 and env=prod", v.Bandwidth, v.Tags)
	}

	// The tenant does not list the partner's hosted connections...
	if l, err := e.b.ListVirtualPhysicalConnections(listReq()); err != nil || l.TotalCount != 0 {
		t.Fatalf("tenant's List: got %+v, %v; want none", l, err)
	}
	// ...but sees its hosted connection among its physical connections.
	dr := vpc.CreateDescribePhysicalConnectionsRequest()
	dr.Scheme = "http"
	d, err := e.b.DescribePhysicalConnections(dr)
	if err != nil {
		t.Fatal(err)
	}
	if d.TotalCount != 1 {
		t.Fatalf("tenant's DescribePhysicalConnections: got %d connections; want 1", d.TotalCount)
	}
	pt := d.PhysicalConnectionSet.PhysicalConnectionType[0]
	if pt.PhysicalConnectionId != id || pt.ProductType != "VirtualPhysicalConnection" || pt.Status != "Confirmed" ||
		pt.ParentPhysicalConnectionId != pc || pt.VlanId != "10" {
		t.Fatalf("tenant sees %+v; want hosted %s on %s, Confirmed, VLAN 10", pt, id, pc)
	}

	// The tenant confirms: the partner lists it Confirmed and Enabled.
	cr := vpc.CreateConfirmPhysicalConnectionRequest()
	cr.Scheme = "http"
	cr.PhysicalConnectionId = id
	if _, err := e.b.ConfirmPhysicalConnection(cr); err != nil {
		t.Fatalf("ConfirmPhysicalConnection by the tenant: %v", err)
	}
	lr = listReq()
	lr.IsConfirmed = requests.NewBoolean(true)
	list, err = e.a.ListVirtualPhysicalConnections(lr)
	if err != nil || list.TotalCount != 1 {
		t.Fatalf("got %+v, %v; want one confirmed hosted connection", list, err)
	}
	if v := list.VirtualPhysicalConnections[0]; v.VirtualPhysicalConnectionStatus != "Confirmed" || v.Status != "Enabled" {
		t.Fatalf("got %s / %s; want Confirmed / Enabled", v.VirtualPhysicalConnectionStatus, v.Status)
	}

	// A new Token with the same VLAN is a new request, and the VLAN is taken.
	req.Token = "tok-2"
	_, err = e.a.CreateVirtualPhysicalConnection(req)
	sdktest.WantErr(t, err, "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION", 400)
}

func TestCreateVirtualPhysicalConnectionParameterErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc := e.enabledPC(t, e.a, "")
	cases := []struct {
		name   string
		mutate func(r *vpc.CreateVirtualPhysicalConnectionRequest)
		code   string
		msg    string
	}{
		{"no PhysicalConnectionId", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.PhysicalConnectionId = "" },
			"MissingParameter", "The input parameter 'PhysicalConnectionId' that is mandatory for processing this request is not supplied."},
		{"no Spec", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Spec = "" }, "MissingParam.Spec", "The param of Spec is missing."},
		{"Spec 3G", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Spec = "3G" }, "IllegalParam.Spec", "The param of Spec is illegal."},
		{"no VlanId", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VlanId = "" }, "MissingParameter", ""},
		{"VlanId ten", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VlanId = "ten" }, "InvalidVlanId.Malformed", "The specified VlanId is not valid."},
		{"VlanId 3000", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VlanId = "3000" }, "IllegalParam.VlanId", "The param of VlanId is illegal."},
		{"VlanId -1", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VlanId = "-1" }, "IllegalParam.VlanId", ""},
		{"no OrderMode", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.OrderMode = "" }, "MissingParameter", ""},
		{"OrderMode PayByNobody", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.OrderMode = "PayByNobody" }, "IllegalParam.OrderMode", "The param of OrderMode is illegal."},
		{"no VpconnAliUid", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VpconnAliUid = "" }, "MissingParameter", ""},
		{"VpconnAliUid abc", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VpconnAliUid = "abc" }, "IllegalParam.VpconnAliUid", "The specified AliUid of Vpconn is illegal."},
		{"VpconnAliUid unknown", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VpconnAliUid = "1234567890123456" }, "IllegalParam.VpconnAliUid", ""},
		{"VpconnAliUid the caller", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.VpconnAliUid = requests.Integer(e.aUID) },
			"Forbidden.VpconnAliUid", "Vpconn UID is forbidden to belong to a RAM account or partner account."},
		{"Name starting with a digit", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Name = "1hosted" }, "InvalidName.Malformed", "The specified Name is not valid."},
		{"Name with a period", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Name = "hosted.one" }, "InvalidName.Malformed", ""},
		{"Name of one character", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Name = "h" }, "InvalidName.Malformed", ""},
		{"Description http://", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Description = "http://x.example" },
			"InvalidDescription.Malformed", "The specified Description is not valid."},
		{"ResourceGroupId group1", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.ResourceGroupId = "group1" },
			"IllegalParam.ResourceGroupId", "Invalid ResourceGroupld value."},
		{"Tag key aliyun", func(r *vpc.CreateVirtualPhysicalConnectionRequest) {
			r.Tag = &[]vpc.CreateVirtualPhysicalConnectionTag{{Key: "aliyun-x", Value: "v"}}
		}, "InvalidParameter", "The specified parameter 'Tag.1.Key' is not valid."},
		// the API reference: the tag value "cannot start with aliyun or acs:".
		{"Tag value aliyun", func(r *vpc.CreateVirtualPhysicalConnectionRequest) {
			r.Tag = &[]vpc.CreateVirtualPhysicalConnectionTag{{Key: "env", Value: "aliyunProd"}}
		}, "InvalidParameter", "The specified parameter 'Tag.1.Value' is not valid."},
		{"Tag value acs:", func(r *vpc.CreateVirtualPhysicalConnectionRequest) {
			r.Tag = &[]vpc.CreateVirtualPhysicalConnectionTag{{Key: "env", Value: "acs:prod"}}
		}, "InvalidParameter", "The specified parameter 'Tag.1.Value' is not valid."},
		{"Spec 2G not enabled", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.Spec = "2G" }, "IllegalParam.Bandwidth", "The param of Bandwidth [2G] is illegal."},
		{"unknown circuit", func(r *vpc.CreateVirtualPhysicalConnectionRequest) { r.PhysicalConnectionId = "pc-doesnotexist" },
			"InvalidPhysicalConnectionId.NotFound", "The specified PhysicalConnectionId is not found."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := hostedReq(pc, e.bUID, "10", "50M")
			c.mutate(req)
			_, err := e.a.CreateVirtualPhysicalConnection(req)
			se := sdktest.WantErr(t, err, c.code, 400)
			if c.msg != "" && se.Message() != c.msg {
				t.Fatalf("got message %q; want %q", se.Message(), c.msg)
			}
		})
	}
	if l, err := e.a.ListVirtualPhysicalConnections(listReq()); err != nil || l.TotalCount != 0 {
		t.Fatalf("after failed creates: got %+v, %v; want no hosted connection", l, err)
	}
}

func TestCreateVirtualPhysicalConnectionStateErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc := e.enabledPC(t, e.a, "")

	t.Run("circuit of another account", func(t *testing.T) {
		other := e.enabledPC(t, e.b, "")
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(other, e.bUID, "10", "50M"))
		se := sdktest.WantErr(t, err, "ResourceNotFound.PhysicalConnectionId", 400)
		if want := "The specified PhysicalConnectionId [" + other + "] is not found."; se.Message() != want {
			t.Fatalf("got message %q; want %q", se.Message(), want)
		}
	})
	t.Run("circuit not Enabled", func(t *testing.T) {
		initial := e.newPC(t, e.a, "")
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(initial, e.bUID, "10", "50M"))
		se := sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotEnabled", 400)
		if se.Message() != "The specified PhysicalConnectionId is not in Enabled state." {
			t.Fatalf("got message %q", se.Message())
		}
	})
	t.Run("circuit with QoS", func(t *testing.T) {
		qos := e.enabledPC(t, e.a, "")
		e.srv.Core().WithStore(func(s *store.Store) { s.Get(qos).Set("QosId", "qos-abc") })
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(qos, e.bUID, "10", "50M"))
		sdktest.WantErr(t, err, "EcAssociatedQoSPconnNotAllowCreateVpconn", 400)
	})
	t.Run("a hosted connection as the circuit", func(t *testing.T) {
		id := e.createHosted(t, hostedReq(pc, e.bUID, "20", "50M"))
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(id, e.bUID, "21", "50M"))
		sdktest.WantErr(t, err, "ResourceNotFound.PhysicalConnectionId", 400)
	})
	t.Run("tenant is a partner", func(t *testing.T) {
		// A is a partner now (it has a hosted connection on its circuit):
		// B may not create a hosted connection for A.
		bpc := e.enabledPC(t, e.b, "")
		_, err := e.b.CreateVirtualPhysicalConnection(hostedReq(bpc, e.aUID, "10", "50M"))
		sdktest.WantErr(t, err, "Forbidden.VpconnAliUid", 400)
	})
}

// addVBR stores a VBR on a circuit (the VBR package's storage contract).
func addVBR(e *env, owner, pcID, vlan string) {
	e.srv.Core().WithStore(func(s *store.Store) {
		s.Add(&store.Resource{ID: s.NewID("vbr"), Type: store.TypeVBR, Owner: owner, Region: "cn-hangzhou", Status: "active",
			Attrs: map[string]any{"PhysicalConnectionId": pcID, "VlanId": vlan}})
	})
}

func TestCreateVirtualPhysicalConnectionVlanRules(t *testing.T) {
	e := newEnv(t, mock.Options{})
	withVBR := e.enabledPC(t, e.a, "")
	addVBR(e, e.aUID, withVBR, "100")
	withHosted := e.enabledPC(t, e.a, "")
	e.createHosted(t, hostedReq(withHosted, e.bUID, "10", "50M"))
	vlan0 := e.enabledPC(t, e.a, "")
	e.createHosted(t, hostedReq(vlan0, e.bUID, "0", "50M"))

	cases := []struct {
		name, pc, vlan, code string
	}{
		{"VLAN of a VBR", withVBR, "100", "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"VLAN of a hosted connection", withHosted, "10", "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"VLAN 0 with a VBR", withVBR, "0", "OperationFailed.VbrBindedPconn"},
		{"VLAN 0 with a hosted connection", withHosted, "0", "OperationFailed.VPconnCreated"},
		{"VLAN 0 taken", vlan0, "5", "OperationFailed.PconnAllocateVlan0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(c.pc, e.bUID, c.vlan, "50M"))
			sdktest.WantErr(t, err, c.code, 400)
		})
	}
	// Free VLANs next to taken ones are fine.
	e.createHosted(t, hostedReq(withVBR, e.bUID, "101", "50M"))
	e.createHosted(t, hostedReq(withHosted, e.bUID, "11", "50M"))
}

func TestCreateVirtualPhysicalConnectionQuotaAndBandwidth(t *testing.T) {
	e := newEnv(t, mock.Options{})

	t.Run("QuotaExceeded.VPCONN", func(t *testing.T) {
		pc := e.enabledPC(t, e.a, "")
		if err := e.srv.SetQuota(e.aUID, "VpconnCountPerPconn", 2); err != nil {
			t.Fatal(err)
		}
		defer e.srv.SetQuota(e.aUID, "VpconnCountPerPconn", 16)
		e.createHosted(t, hostedReq(pc, e.bUID, "1", "50M"))
		e.createHosted(t, hostedReq(pc, e.bUID, "2", "50M"))
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(pc, e.bUID, "3", "50M"))
		se := sdktest.WantErr(t, err, "QuotaExceeded.VPCONN", 400)
		if se.Message() != "The quota of VPCONN_COUNT_PER_PCONN is exceeded" {
			t.Fatalf("got message %q", se.Message())
		}
	})
	t.Run("ResourceNotEnough.Bandwidth on a 1G port", func(t *testing.T) {
		pc := e.enabledPC(t, e.a, "1000Base-LX")
		e.createHosted(t, hostedReq(pc, e.bUID, "1", "500M"))
		e.createHosted(t, hostedReq(pc, e.bUID, "2", "500M"))
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(pc, e.bUID, "3", "50M"))
		sdktest.WantErr(t, err, "ResourceNotEnough.Bandwidth", 400)
	})
	t.Run("2G with the entitlement on a 10G port", func(t *testing.T) {
		pc := e.enabledPC(t, e.a, "10GBase-LR")
		if err := e.srv.SetQuota(e.aUID, "VpconnMaxSpecMbps", 10000); err != nil {
			t.Fatal(err)
		}
		e.createHosted(t, hostedReq(pc, e.bUID, "1", "2G"))
		e.createHosted(t, hostedReq(pc, e.bUID, "2", "8G"))
		_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(pc, e.bUID, "3", "50M"))
		sdktest.WantErr(t, err, "ResourceNotEnough.Bandwidth", 400)
	})
}

func TestCreateVirtualPhysicalConnectionDryRun(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc := e.enabledPC(t, e.a, "")
	req := hostedReq(pc, e.bUID, "10", "50M")
	req.DryRun = requests.NewBoolean(true)
	req.Token = "dry"
	_, err := e.a.CreateVirtualPhysicalConnection(req)
	se := sdktest.WantErr(t, err, "DRYRUN.SUCCESS", 400)
	if se.Message() != "This request is a dryrun request with successful result." {
		t.Fatalf("got message %q", se.Message())
	}
	if l, err := e.a.ListVirtualPhysicalConnections(listReq()); err != nil || l.TotalCount != 0 {
		t.Fatalf("after a dry run: got %+v, %v; want no hosted connection", l, err)
	}
	// A dry run checks state too.
	initial := e.newPC(t, e.a, "")
	bad := hostedReq(initial, e.bUID, "10", "50M")
	bad.DryRun = requests.NewBoolean(true)
	_, err = e.a.CreateVirtualPhysicalConnection(bad)
	sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotEnabled", 400)
	// The dry run's Token was not remembered: the real call creates.
	req.DryRun = requests.NewBoolean(false)
	id := e.createHosted(t, req)
	if !strings.HasPrefix(id, "pc-") {
		t.Fatalf("got %q; want a pc- ID", id)
	}
}

func TestCreateVirtualPhysicalConnectionOperationDenied(t *testing.T) {
	creds := `accounts:
  - uid: "1000000000000011"
    accessKeyId: LTAIpartner
    accessKeySecret: secret-partner
    flags: {vpconnDenied: true}
  - uid: "1000000000000012"
    accessKeyId: LTAItenant
    accessKeySecret: secret-tenant
`
	e := newEnv(t, mock.Options{CredentialsFile: sdktest.CredentialsFile(t, creds)})
	pc := e.enabledPC(t, e.a, "")
	_, err := e.a.CreateVirtualPhysicalConnection(hostedReq(pc, e.bUID, "10", "50M"))
	se := sdktest.WantErr(t, err, "OperationDenied.CreateVpconn", 400)
	if se.Message() != "You are not allowed to create virtual physical connection. Please contact your CBM." {
		t.Fatalf("got message %q", se.Message())
	}
}

func TestListVirtualPhysicalConnectionsFiltersAndPages(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc1 := e.enabledPC(t, e.a, "10GBase-LR")
	pc2 := e.enabledPC(t, e.a, "10GBase-LR")
	var ids []string
	for i, vlan := range []string{"1", "2", "3", "4", "5"} {
		pc := pc1
		if i >= 3 {
			pc = pc2
		}
		req := hostedReq(pc, e.bUID, vlan, "100M")
		req.Name = "h" + vlan
		if vlan == "2" {
			req.Tag = &[]vpc.CreateVirtualPhysicalConnectionTag{{Key: "team", Value: "net"}}
		}
		ids = append(ids, e.createHosted(t, req))
	}

	// Pages of two.
	var seen []string
	token := ""
	for page := 0; page < 4; page++ {
		lr := listReq()
		lr.MaxResults = "2"
		lr.NextToken = token
		l, err := e.a.ListVirtualPhysicalConnections(lr)
		if err != nil {
			t.Fatal(err)
		}
		if l.TotalCount != 5 || l.Count != len(l.VirtualPhysicalConnections) {
			t.Fatalf("page %d: got TotalCount %d Count %d; want 5 and %d", page, l.TotalCount, l.Count, len(l.VirtualPhysicalConnections))
		}
		for _, v := range l.VirtualPhysicalConnections {
			seen = append(seen, v.PhysicalConnectionId)
		}
		token = l.NextToken
		if token == "" {
			break
		}
	}
	if strings.Join(seen, ",") != strings.Join(ids, ",") {
		t.Fatalf("pages gave %v; want %v in creation order", seen, ids)
	}

	filters := []struct {
		name string
		set  func(r *vpc.ListVirtualPhysicalConnectionsRequest)
		want []string
	}{
		{"PhysicalConnectionId", func(r *vpc.ListVirtualPhysicalConnectionsRequest) { r.PhysicalConnectionId = pc2 }, ids[3:]},
		{"VlanIds", func(r *vpc.ListVirtualPhysicalConnectionsRequest) { r.VlanIds = &[]string{"1", "5"} }, []string{ids[0], ids[4]}},
		{"VirtualPhysicalConnectionIds", func(r *vpc.ListVirtualPhysicalConnectionsRequest) { r.VirtualPhysicalConnectionIds = &[]string{ids[2]} }, ids[2:3]},
		{"Name", func(r *vpc.ListVirtualPhysicalConnectionsRequest) { r.Name = "h4" }, ids[3:4]},
		{"Tags", func(r *vpc.ListVirtualPhysicalConnectionsRequest) {
			r.Tags = &[]vpc.ListVirtualPhysicalConnectionsTags{{Key: "team", Value: "net"}}
		}, ids[1:2]},
		{"Statuses UnConfirmed", func(r *vpc.ListVirtualPhysicalConnectionsRequest) {
			r.VirtualPhysicalConnectionStatuses = &[]string{"UnConfirmed"}
		}, ids},
		{"IsConfirmed true", func(r *vpc.ListVirtualPhysicalConnectionsRequest) { r.IsConfirmed = requests.NewBoolean(true) }, nil},
		{"AliUids", func(r *vpc.ListVirtualPhysicalConnectionsRequest) {
			r.VirtualPhysicalConnectionAliUids = &[]string{e.aUID}
		}, nil},
		{"BusinessStatus Normal", func(r *vpc.ListVirtualPhysicalConnectionsRequest) {
			r.VirtualPhysicalConnectionBusinessStatus = "Normal"
		}, ids},
	}
	for _, f := range filters {
		t.Run(f.name, func(t *testing.T) {
			lr := listReq()
			f.set(lr)
			l, err := e.a.ListVirtualPhysicalConnections(lr)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range l.VirtualPhysicalConnections {
				got = append(got, v.PhysicalConnectionId)
			}
			if strings.Join(got, ",") != strings.Join(f.want, ",") || l.TotalCount != len(f.want) {
				t.Fatalf("got %v (TotalCount %d); want %v", got, l.TotalCount, f.want)
			}
		})
	}

	lr := listReq()
	lr.NextToken = "not-a-token"
	_, err := e.a.ListVirtualPhysicalConnections(lr)
	se := sdktest.WantErr(t, err, "IllegalParam.NextToken", 400)
	if se.Message() != "The param of NextToken is illegal." {
		t.Fatalf("got message %q", se.Message())
	}
	lr = listReq()
	lr.MaxResults = "101"
	_, err = e.a.ListVirtualPhysicalConnections(lr)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	lr = listReq()
	lr.VirtualPhysicalConnectionStatuses = &[]string{"Gone"}
	_, err = e.a.ListVirtualPhysicalConnections(lr)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
}

func updateReq(id, vlan string) *vpc.UpdateVirtualPhysicalConnectionRequest {
	req := vpc.CreateUpdateVirtualPhysicalConnectionRequest()
	req.Scheme = "http"
	req.InstanceId = id
	req.VlanId = requests.Integer(vlan)
	return req
}

func (e *env) hostedView(t *testing.T, id string) vpc.VirtualPhysicalConnection {
	t.Helper()
	lr := listReq()
	lr.VirtualPhysicalConnectionIds = &[]string{id}
	l, err := e.a.ListVirtualPhysicalConnections(lr)
	if err != nil || len(l.VirtualPhysicalConnections) != 1 {
		t.Fatalf("List %s: got %+v, %v; want one", id, l, err)
	}
	return l.VirtualPhysicalConnections[0]
}

func TestUpdateVirtualPhysicalConnection(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc := e.enabledPC(t, e.a, "")
	addVBR(e, e.aUID, pc, "300")
	id := e.createHosted(t, hostedReq(pc, e.bUID, "10", "50M"))
	other := e.createHosted(t, hostedReq(pc, e.bUID, "11", "50M"))

	resp, err := e.a.UpdateVirtualPhysicalConnection(updateReq(id, "12"))
	if err != nil || resp.Success != "true" {
		t.Fatalf("got %+v, %v; want Success true", resp, err)
	}
	if v := e.hostedView(t, id); v.VlanId != "12" {
		t.Fatalf("got VLAN %s; want 12", v.VlanId)
	}
	// Its own VLAN does not conflict with itself.
	if _, err := e.a.UpdateVirtualPhysicalConnection(updateReq(id, "12")); err != nil {
		t.Fatalf("same VLAN again: %v", err)
	}

	// Dry run: 200, RequestId only, nothing changes.
	dry := updateReq(id, "13")
	dry.DryRun = requests.NewBoolean(true)
	resp, err = e.a.UpdateVirtualPhysicalConnection(dry)
	if err != nil || resp.Success != "" || resp.RequestId == "" {
		t.Fatalf("dry run: got %+v, %v; want a RequestId and no Success", resp, err)
	}
	if v := e.hostedView(t, id); v.VlanId != "12" {
		t.Fatalf("after a dry run: got VLAN %s; want 12", v.VlanId)
	}

	// Token: the same token answers the first result and changes nothing.
	tok := updateReq(id, "14")
	tok.Token = "upd-1"
	if _, err := e.a.UpdateVirtualPhysicalConnection(tok); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.UpdateVirtualPhysicalConnection(updateReq(id, "12")); err != nil {
		t.Fatal(err)
	}
	resp, err = e.a.UpdateVirtualPhysicalConnection(tok)
	if err != nil || resp.Success != "true" {
		t.Fatalf("repeated Token: got %+v, %v; want the first answer", resp, err)
	}
	if v := e.hostedView(t, id); v.VlanId != "12" {
		t.Fatalf("after a repeated Token: got VLAN %s; want 12", v.VlanId)
	}

	withSpec := updateReq(id, "12")
	withSpec.ExpectSpec = "200M"
	if _, err := e.a.UpdateVirtualPhysicalConnection(withSpec); err != nil {
		t.Fatal(err)
	}
	if v := e.hostedView(t, id); v.ExpectSpec != "200M" || v.Spec != "50M" {
		t.Fatalf("got Spec %s ExpectSpec %s; want 50M and 200M", v.Spec, v.ExpectSpec)
	}

	cases := []struct {
		name string
		req  *vpc.UpdateVirtualPhysicalConnectionRequest
		c    *vpc.Client
		code string
	}{
		{"VLAN of another hosted connection", updateReq(id, "11"), e.a, "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"VLAN of a VBR", updateReq(other, "300"), e.a, "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"VLAN 0 with a VBR", updateReq(id, "0"), e.a, "OperationFailed.VbrBindedPconn"},
		{"VLAN 3000", updateReq(id, "3000"), e.a, "IllegalParam.VlanId"},
		{"VLAN abc", updateReq(id, "abc"), e.a, "InvalidVlanId.Malformed"},
		{"no VlanId", updateReq(id, ""), e.a, "MissingParameter"},
		{"no InstanceId", updateReq("", "5"), e.a, "MissingParameter"},
		{"unknown InstanceId", updateReq("pc-nosuch", "5"), e.a, "ResourceNotFound.InstanceId"},
		{"the tenant", updateReq(id, "5"), e.b, "ResourceNotFound.InstanceId"},
		{"a dedicated circuit", updateReq(pc, "5"), e.a, "ResourceNotFound.InstanceId"},
		{"ExpectSpec 3G", func() *vpc.UpdateVirtualPhysicalConnectionRequest {
			r := updateReq(id, "12")
			r.ExpectSpec = "3G"
			return r
		}(), e.a, "IllegalParam.Spec"},
		{"ExpectSpec 5G not enabled", func() *vpc.UpdateVirtualPhysicalConnectionRequest {
			r := updateReq(id, "12")
			r.ExpectSpec = "5G"
			return r
		}(), e.a, "IllegalParam.Bandwidth"},
		{"ExpectSpec 1G on a full 1G port", func() *vpc.UpdateVirtualPhysicalConnectionRequest {
			r := updateReq(id, "12")
			r.ExpectSpec = "1G"
			return r
		}(), e.a, "ResourceNotEnough.Bandwidth"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.c.UpdateVirtualPhysicalConnection(c.req)
			sdktest.WantErr(t, err, c.code, 400)
		})
	}
}
