package steps

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/tidwall/gjson"
)

// Request is one API call made by the "I call ..." steps.
type Request struct {
	Product string // Vpc, Cbn, ExpressConnectRouter
	Version string // 2016-04-28, 2017-09-12, 2023-09-01
	Action  string
	// Params are the business parameters, flattened (Tag.1.Key); RegionId
	// is among them when the call names one.
	Params map[string]string
	// Endpoint is host:port and Scheme http or https.
	Endpoint string
	Scheme   string
	Account  Credentials
	// Region is the client's region (the SDK adds it as RegionId when the
	// parameters have none).
	Region string
}

// Response is what an API call came back with.
type Response struct {
	// Status is the HTTP status (0 when no answer came).
	Status int
	Body   []byte
	// Code and Message are the error's ("" on success); RequestID is the
	// answer's RequestId.
	Code, Message, RequestID string
	// Err is set when no HTTP answer came (connection reset, timeout).
	Err error
}

// OK reports a 2xx answer.
func (r *Response) OK() bool { return r != nil && r.Err == nil && r.Status >= 200 && r.Status < 300 }

// Transport makes the raw API calls of the "I call ..." steps. The default
// signs with the official Go SDK (a CommonRequest through
// ProcessCommonRequest); replace it to send the same features through another
// signer or HTTP stack. Implementations must be safe for concurrent use.
type Transport interface {
	Do(ctx context.Context, req *Request) *Response
}

// SDKTransport is the default Transport: the official Go SDK
// (alibaba-cloud-sdk-go), one client per access key and region, no retries.
type SDKTransport struct {
	// Timeout bounds one call (10s when 0).
	Timeout time.Duration

	mu      sync.Mutex
	clients map[string]*sdk.Client
}

func (t *SDKTransport) client(req *Request) (*sdk.Client, error) {
	key := req.Account.AccessKeyID + "\x00" + req.Account.AccessKeySecret + "\x00" + req.Region
	t.mu.Lock()
	defer t.mu.Unlock()
	if c := t.clients[key]; c != nil {
		return c, nil
	}
	c, err := sdk.NewClientWithAccessKey(req.Region, req.Account.AccessKeyID, req.Account.AccessKeySecret)
	if err != nil {
		return nil, err
	}
	to := t.Timeout
	if to == 0 {
		to = 10 * time.Second
	}
	c.SetReadTimeout(to)
	c.SetConnectTimeout(to)
	if t.clients == nil {
		t.clients = map[string]*sdk.Client{}
	}
	t.clients[key] = c
	return c, nil
}

// Close shuts the SDK clients down.
func (t *SDKTransport) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.clients {
		c.Shutdown()
	}
	t.clients = nil
}

// Do signs and sends the call with the SDK.
func (t *SDKTransport) Do(_ context.Context, req *Request) *Response {
	c, err := t.client(req)
	if err != nil {
		return &Response{Err: err}
	}
	cr := requests.NewCommonRequest()
	cr.Method = "POST"
	cr.Scheme = req.Scheme
	cr.Domain = req.Endpoint
	cr.Product = req.Product
	cr.Version = req.Version
	cr.ApiName = req.Action
	for k, v := range req.Params {
		cr.QueryParams[k] = v
	}
	resp, err := c.ProcessCommonRequest(cr)
	out := &Response{}
	if resp != nil {
		out.Status = resp.GetHttpStatus()
		out.Body = resp.GetHttpContentBytes()
	}
	var se *sdkerrors.ServerError
	switch {
	case err == nil:
	case errors.As(err, &se):
		out.Status, out.Code, out.Message = se.HttpStatus(), se.ErrorCode(), se.Message()
	default:
		if out.Status == 0 {
			out.Err = err
			return out
		}
	}
	if out.Code == "" && !out.OK() && out.Status != 0 {
		out.Code = gjson.GetBytes(out.Body, "Code").String()
		out.Message = gjson.GetBytes(out.Body, "Message").String()
	}
	out.RequestID = gjson.GetBytes(out.Body, "RequestId").String()
	if out.Status == 0 && err != nil {
		out.Err = fmt.Errorf("%v", err)
	}
	return out
}
