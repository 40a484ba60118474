// Package ecrclient is netteam's small Express Connect Router client: the
// kind of code a team points at ecmock. It creates an ECR with one
// ClientToken reused by every retry of Conflict.Lock, waits until the ECR is
// ACTIVE, and deletes it. It speaks to the API through the official Go SDK's
// CommonRequest (ExpressConnectRouter 2023-09-01 has no typed SDK package).
package ecrclient

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
)

// APIError is an answer with an error code.
type APIError struct {
	Action  string
	Code    string
	Status  int
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: %s (HTTP %d): %s", e.Action, e.Code, e.Status, e.Message)
}

// ErrorCode and HTTPStatus let test tooling (ecmock's step library) read the
// code and status.
func (e *APIError) ErrorCode() string { return e.Code }
func (e *APIError) HTTPStatus() int   { return e.Status }

// Client talks to one endpoint with one account.
type Client struct {
	sdk      *sdk.Client
	endpoint string
	scheme   string
	region   string
	// Sleep waits between retries and polls (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
	// Attempts bounds the tries of a call that answers Conflict.Lock.
	Attempts int
	// Polls bounds the reads of WaitActive.
	Polls int
}

// New returns a client for endpoint (host:port), scheme http or https.
func New(endpoint, scheme, keyID, secret, region string) (*Client, error) {
	c, err := sdk.NewClientWithAccessKey(region, keyID, secret)
	if err != nil {
		return nil, err
	}
	return &Client{sdk: c, endpoint: endpoint, scheme: scheme, region: region, Attempts: 5, Polls: 30,
		Sleep: func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}}, nil
}

// call sends one action and decodes its answer into out.
func (c *Client) call(action string, params map[string]string, out any) error {
	req := requests.NewCommonRequest()
	req.Method = "POST"
	req.Scheme = c.scheme
	req.Domain = c.endpoint
	req.Product = "ExpressConnectRouter"
	req.Version = "2023-09-01"
	req.ApiName = action
	req.QueryParams["RegionId"] = c.region
	for k, v := range params {
		req.QueryParams[k] = v
	}
	resp, err := c.sdk.ProcessCommonRequest(req)
	if err != nil {
		var se *sdkerrors.ServerError
		if errors.As(err, &se) {
			return &APIError{Action: action, Code: se.ErrorCode(), Status: se.HttpStatus(), Message: se.Message()}
		}
		return err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(resp.GetHttpContentBytes(), out)
}

// retrying calls action again after Conflict.Lock (1s, 2s, 4s, ...), with
// the same parameters: a create keeps its ClientToken.
func (c *Client) retrying(ctx context.Context, action string, params map[string]string, out any) error {
	pause := time.Second
	for attempt := 1; ; attempt++ {
		err := c.call(action, params, out)
		var ae *APIError
		if err == nil || !errors.As(err, &ae) || ae.Code != "Conflict.Lock" || attempt >= c.Attempts {
			return err
		}
		if err := c.Sleep(ctx, pause); err != nil {
			return err
		}
		pause *= 2
	}
}

// CreateRouter creates an ECR and returns its ID.
func (c *Client) CreateRouter(ctx context.Context, name string, asn int64) (string, error) {
	var out struct{ EcrId string }
	params := map[string]string{"Name": name, "AlibabaSideAsn": strconv.FormatInt(asn, 10), "ClientToken": token()}
	if err := c.retrying(ctx, "CreateExpressConnectRouter", params, &out); err != nil {
		return "", err
	}
	return out.EcrId, nil
}

// Status reads an ECR's status ("" when it does not exist).
func (c *Client) Status(ctx context.Context, id string) (string, error) {
	var out struct {
		EcrList []struct{ EcrId, Status string }
	}
	if err := c.call("DescribeExpressConnectRouter", map[string]string{"EcrId": id}, &out); err != nil {
		return "", err
	}
	for _, e := range out.EcrList {
		if e.EcrId == id {
			return e.Status, nil
		}
	}
	return "", nil
}

// WaitActive polls every 2 s until the ECR is ACTIVE.
func (c *Client) WaitActive(ctx context.Context, id string) error {
	for i := 0; i < c.Polls; i++ {
		st, err := c.Status(ctx, id)
		if err != nil {
			return err
		}
		if st == "ACTIVE" {
			return nil
		}
		if err := c.Sleep(ctx, 2*time.Second); err != nil {
			return err
		}
	}
	return fmt.Errorf("ECR %s is not ACTIVE after %d reads", id, c.Polls)
}

// DeleteRouter deletes an ECR; one already gone is not an error.
func (c *Client) DeleteRouter(ctx context.Context, id string) error {
	err := c.retrying(ctx, "DeleteExpressConnectRouter", map[string]string{"EcrId": id, "ClientToken": token()}, nil)
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == "ResourceNotFound.EcrId" {
		return nil
	}
	return err
}

func token() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
