package platform_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/location"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func TestGetCallerIdentity(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	for _, acct := range []mock.Account{srv.AccountA(), srv.AccountB()} {
		c, err := sts.NewClientWithAccessKey("cn-hangzhou", acct.AccessKeyID, acct.AccessKeySecret)
		sdktest.Must(t, err)
		req := sts.CreateGetCallerIdentityRequest()
		req.Scheme, req.Domain = "http", srv.Endpoint()
		resp, err := c.GetCallerIdentity(req)
		sdktest.MustOK(t, "GetCallerIdentity", err)
		if resp.AccountId != acct.UID || resp.UserId != acct.UID || resp.Arn != "acs:ram::"+acct.UID+":root" || resp.IdentityType != "Account" || resp.RequestId == "" {
			t.Fatalf("GetCallerIdentity as %s: got %+v", acct.UID, resp)
		}
	}
}

func TestDescribeEndpoints(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := srv.AccountA()
	c, err := location.NewClientWithAccessKey("cn-hangzhou", a.AccessKeyID, a.AccessKeySecret)
	sdktest.Must(t, err)
	for _, code := range []string{"vpc", "cbn", "expressconnectrouter", "ExpressConnectRouter", "sts", "bssopenapi", "location"} {
		req := location.CreateDescribeEndpointsRequest()
		req.Scheme, req.Domain, req.ServiceCode, req.Id, req.Type = "http", srv.Endpoint(), code, "cn-hangzhou", "openAPI"
		resp, err := c.DescribeEndpoints(req)
		sdktest.MustOK(t, "DescribeEndpoints "+code, err)
		if !resp.Success || len(resp.Endpoints.Endpoint) != 1 || resp.Endpoints.Endpoint[0].Endpoint != srv.Endpoint() || resp.Endpoints.Endpoint[0].Type != "openAPI" {
			t.Fatalf("DescribeEndpoints %s: got %+v; want ecmock's own %s", code, resp.Endpoints, srv.Endpoint())
		}
	}
	req := location.CreateDescribeEndpointsRequest()
	req.Scheme, req.Domain, req.ServiceCode, req.Id = "http", srv.Endpoint(), "ecs", "cn-hangzhou"
	resp, err := c.DescribeEndpoints(req)
	sdktest.MustOK(t, "DescribeEndpoints ecs", err)
	if len(resp.Endpoints.Endpoint) != 0 {
		t.Fatalf("DescribeEndpoints ecs: got %+v; want none (not served)", resp.Endpoints)
	}
	req = location.CreateDescribeEndpointsRequest()
	req.Scheme, req.Domain, req.Id = "http", srv.Endpoint(), "cn-hangzhou"
	_, err = c.DescribeEndpoints(req)
	sdktest.WantErr(t, err, "MissingParameter", 400)
}

func TestQueryAvailableInstances(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := srv.AccountA()
	c, err := bssopenapi.NewClientWithAccessKey("cn-hangzhou", a.AccessKeyID, a.AccessKeySecret)
	sdktest.Must(t, err)
	req := bssopenapi.CreateQueryAvailableInstancesRequest()
	req.Scheme, req.Domain = "http", srv.Endpoint()
	req.ProductCode, req.ProductType, req.SubscriptionType = "vipcloudfw", "vipcloudfw", "Subscription"
	req.PageNum, req.PageSize = requests.NewInteger(1), requests.NewInteger(50)
	resp, err := c.QueryAvailableInstances(req)
	sdktest.MustOK(t, "QueryAvailableInstances", err)
	if !resp.Success || resp.Data.TotalCount != 0 || len(resp.Data.InstanceList) != 0 || resp.Data.PageSize != 50 {
		t.Fatalf("QueryAvailableInstances: got %+v; want an empty list", resp)
	}
	var generic *sdk.Client = sdktest.SDK(t, a)
	cr := requests.NewCommonRequest()
	cr.Product, cr.Version, cr.ApiName, cr.Domain, cr.Scheme = "BssOpenApi", "2017-12-14", "QueryAvailableInstances", srv.Endpoint(), "http"
	cr.QueryParams["SubscriptionType"] = "Monthly"
	_, err = generic.ProcessCommonRequest(cr)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
}

func TestDescribeRegionsAndAccessPoints(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	c := sdktest.VPC(t, srv, srv.AccountA())
	rr := vpc.CreateDescribeRegionsRequest()
	rr.Scheme = "http"
	regions, err := c.DescribeRegions(rr)
	sdktest.MustOK(t, "DescribeRegions", err)
	found := false
	for _, r := range regions.Regions.Region {
		if r.RegionId == "cn-hangzhou" && r.LocalName == "China (Hangzhou)" && r.RegionEndpoint == srv.Endpoint() {
			found = true
		}
	}
	if len(regions.Regions.Region) != 32 || !found {
		t.Fatalf("DescribeRegions: got %d regions (cn-hangzhou found: %v); want 32 with cn-hangzhou at ecmock", len(regions.Regions.Region), found)
	}

	ar := vpc.CreateDescribeAccessPointsRequest()
	ar.Scheme = "http"
	aps, err := c.DescribeAccessPoints(ar)
	sdktest.MustOK(t, "DescribeAccessPoints", err)
	if aps.TotalCount != 2 || len(aps.AccessPointSet.AccessPointType) != 2 || aps.AccessPointSet.AccessPointType[0].AccessPointId != "ap-cn-hangzhou-ecmock-A" {
		t.Fatalf("DescribeAccessPoints: got %+v; want the two cn-hangzhou access points", aps)
	}
	// An access point it lists is one CreatePhysicalConnection takes.
	pc := sdktest.PCRequest()
	pc.AccessPointId = aps.AccessPointSet.AccessPointType[1].AccessPointId
	_, err = c.CreatePhysicalConnection(pc)
	sdktest.MustOK(t, "CreatePhysicalConnection at a listed access point", err)

	ar = vpc.CreateDescribeAccessPointsRequest()
	ar.Scheme = "http"
	ar.Filter = &[]vpc.DescribeAccessPointsFilter{{Key: "AccessPointId", Value: &[]string{"ap-cn-hangzhou-ecmock-B"}}}
	aps, err = c.DescribeAccessPoints(ar)
	sdktest.MustOK(t, "DescribeAccessPoints filtered", err)
	if aps.TotalCount != 1 || aps.AccessPointSet.AccessPointType[0].AccessPointId != "ap-cn-hangzhou-ecmock-B" {
		t.Fatalf("DescribeAccessPoints filtered: got %+v", aps.AccessPointSet)
	}
	ar.Filter = &[]vpc.DescribeAccessPointsFilter{{Key: "Colour", Value: &[]string{"x"}}}
	_, err = c.DescribeAccessPoints(ar)
	sdktest.WantErr(t, err, "InvalidFilterKey.ValueNotSupported", 404)
}

// TestUnknownVersionJournaled: a request under a version no product is
// served under is journaled with its account, action and version.
func TestUnknownVersionJournaled(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := srv.AccountA()
	cr := requests.NewCommonRequest()
	cr.Product, cr.Version, cr.ApiName, cr.Domain, cr.Scheme = "Ecs", "2014-05-26", "DescribeInstances", srv.Endpoint(), "http"
	cr.QueryParams["RegionId"] = "cn-hangzhou"
	_, err := sdktest.SDK(t, a).ProcessCommonRequest(cr)
	sdktest.WantErr(t, err, "InvalidVersion", 400)
	calls := srv.Journal("DescribeInstances")
	if len(calls) != 1 || calls[0].Account != a.UID || calls[0].Params["Version"] != "2014-05-26" || calls[0].Params["RegionId"] != "cn-hangzhou" || calls[0].Code != "InvalidVersion" {
		t.Fatalf("journal: got %+v; want the call with account, version and parameters", calls)
	}
}
