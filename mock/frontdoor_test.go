package mock_test

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func createPC(t *testing.T, c *vpc.Client) (*vpc.CreatePhysicalConnectionResponse, error) {
	req := sdktest.PCRequest()
	req.Name = "pc-one"
	return c.CreatePhysicalConnection(req)
}

func TestSDKSignedCallsAndErrors(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	a := srv.AccountA()
	c := sdktest.VPC(t, srv, a)

	resp, err := createPC(t, c)
	if err != nil {
		t.Fatalf("CreatePhysicalConnection: %v", err)
	}
	if !strings.HasPrefix(resp.PhysicalConnectionId, "pc-") || resp.RequestId == "" {
		t.Fatalf("got %+v; want a pc- ID and a RequestId", resp)
	}

	bad := sdktest.VPC(t, srv, mock.Account{AccessKeyID: a.AccessKeyID, AccessKeySecret: "wrong-secret"})
	_, err = createPC(t, bad)
	var se *sdkerrors.ServerError
	if !errorsAs(err, &se) || se.ErrorCode() != "SignatureDoesNotMatch" || se.HttpStatus() != 400 {
		t.Fatalf("got %v; want SignatureDoesNotMatch 400", err)
	}
	if !strings.Contains(se.Message(), "server string to sign is:POST&%2F&") {
		t.Fatalf("message %q lacks the server string to sign", se.Message())
	}

	// Account B does not see A's connection.
	b := srv.AccountB()
	cb := sdktest.VPC(t, srv, b)
	dreq := vpc.CreateDescribePhysicalConnectionsRequest()
	dreq.Scheme = "http"
	dresp, err := cb.DescribePhysicalConnections(dreq)
	if err != nil {
		t.Fatal(err)
	}
	if dresp.TotalCount != 0 {
		t.Fatalf("account B sees %d connections; want 0", dresp.TotalCount)
	}
	dresp, err = c.DescribePhysicalConnections(dreq)
	if err != nil || dresp.TotalCount != 1 || dresp.PhysicalConnectionSet.PhysicalConnectionType[0].Status != "Initial" {
		t.Fatalf("got %+v, %v; want one Initial connection", dresp, err)
	}

	// Unknown action through a CommonRequest.
	cr := requests.NewCommonRequest()
	cr.Scheme, cr.Domain, cr.Version, cr.ApiName = "http", srv.Endpoint(), "2016-04-28", "NoSuchAction"
	_, err = c.ProcessCommonRequest(cr)
	if !errorsAs(err, &se) || se.ErrorCode() != "InvalidAction.NotFound" || se.HttpStatus() != 404 {
		t.Fatalf("got %v; want InvalidAction.NotFound 404", err)
	}
	cr.Version = "1999-01-01"
	_, err = c.ProcessCommonRequest(cr)
	if !errorsAs(err, &se) || se.ErrorCode() != "InvalidVersion" {
		t.Fatalf("got %v; want InvalidVersion", err)
	}
}

func errorsAs(err error, target any) bool { return err != nil && errors.As(err, target) }

func TestOpenAuthXML(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	res, err := http.Get(srv.URL() + "/?Action=DescribePhysicalConnections&Version=2016-04-28&Format=XML&RegionId=cn-hangzhou&AccessKeyId=anyone")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var v struct {
		XMLName    xml.Name
		TotalCount int
		RequestId  string
	}
	if err := xml.Unmarshal(body, &v); err != nil {
		t.Fatalf("XML answer does not parse: %v\n%s", err, body)
	}
	if v.XMLName.Local != "DescribePhysicalConnectionsResponse" || v.RequestId == "" || res.Header.Get("x-acs-request-id") != v.RequestId {
		t.Fatalf("got %+v (header %q); want a DescribePhysicalConnectionsResponse root with the request ID", v, res.Header.Get("x-acs-request-id"))
	}
}
