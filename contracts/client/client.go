// Package client is ecmock's reference client of the Express Connect APIs: a
// small client built on the official Go SDK (services/vpc, services/cbn, and
// CommonRequest for ExpressConnectRouter 2023-09-01) that behaves as real
// automation does (Terraform's alicloud provider):
//
//   - creates retry exactly the codes real clients retry for that action
//     (Conflict.Lock for ECRs, Operation.Blocking / IncorrectStatus.* /
//     Throttling.User for transit-router ECR attachments, TaskConflict for
//     VBRs) plus throttling, 5xx codes and network errors, and never
//     QuotaExceeded.* or validation errors;
//   - waits poll with a policy (a first delay, then growing intervals, a
//     deadline, a limit of reads in a row that find nothing) and fail on
//     failure statuses such as "Allocation Failed";
//   - deletes treat 404 / *NotFound* / ResourceNotFound.EcrId as done and wait
//     until the resource is gone.
//
// Policies are fields of named function types with defaults, so a test can
// replace sleeping by advancing ecmock's manual clock and record every
// interval the client asked for:
//
//	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
//	a := srv.AccountA()
//	c, _ := client.New(client.Config{Endpoint: srv.Endpoint(), AccessKeyID: a.AccessKeyID,
//		AccessKeySecret: a.AccessKeySecret, RegionID: "cn-hangzhou"})
//	c.Now = srv.Now
//	c.Sleep = func(ctx context.Context, d time.Duration) error { srv.Advance(d); return nil }
//	pc, err := c.ProvisionPhysicalConnection(ctx, client.PhysicalConnectionSpec{...})
//
// Every failure is an *Error (an API call that failed, with Action, Code,
// HTTPStatus and Attempts) or a *WaitError (a wait that gave up).
package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// API versions the client speaks.
const (
	VersionVpc = "2016-04-28"
	VersionECR = "2023-09-01"
	VersionCbn = "2017-09-12"
)

// Config says where the client sends its calls and as whom.
type Config struct {
	// Endpoint is host:port (ecmock's Server.Endpoint()). Empty means the
	// real cloud: the SDK resolves each product's endpoint by region.
	Endpoint string
	// Scheme is "http" or "https"; "http" when Endpoint is set, "https"
	// otherwise.
	Scheme string
	// AccessKeyID and AccessKeySecret sign every call (signature v1).
	AccessKeyID     string
	AccessKeySecret string
	// RegionID is sent as RegionId (cn-hangzhou when empty).
	RegionID string
	// Timeout bounds one HTTP call (30s when 0).
	Timeout time.Duration
}

// Client calls Vpc, ExpressConnectRouter and Cbn actions with the retry and
// wait policies below. Its policy fields may be replaced after New and before
// the first call; a Client is safe for concurrent use once configured.
type Client struct {
	// Retry decides whether a failed call is tried again (DefaultRetry).
	Retry RetryPolicy
	// Backoff is the pause before retry number attempt (DefaultBackoff).
	Backoff BackoffPolicy
	// Sleep pauses; tests replace it to advance a manual clock (RealSleep).
	Sleep SleepFunc
	// Now is the client's time, used for wait deadlines (time.Now).
	Now func() time.Time
	// Poll is the waiters' policy (DefaultPollPolicy()).
	Poll PollPolicy
	// Token makes the ClientToken of a create; one token serves every retry
	// of the same create, so retries are idempotent (random by default).
	Token func(action string) string

	cfg    Config
	vpc    *vpc.Client
	cbn    *cbn.Client
	common *sdk.Client
}

// New builds a client. It makes no call.
func New(cfg Config) (*Client, error) {
	if cfg.AccessKeyID == "" || cfg.AccessKeySecret == "" {
		return nil, errors.New("client: AccessKeyID and AccessKeySecret are required")
	}
	if cfg.RegionID == "" {
		cfg.RegionID = "cn-hangzhou"
	}
	if cfg.Scheme == "" {
		cfg.Scheme = "https"
		if cfg.Endpoint != "" {
			cfg.Scheme = "http"
		}
	}
	cfg.Scheme = strings.ToLower(cfg.Scheme)
	if cfg.Scheme != "http" && cfg.Scheme != "https" {
		return nil, fmt.Errorf("client: Scheme must be http or https, not %q", cfg.Scheme)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	sdkConfig := func() *sdk.Config {
		// The SDK's own retries stay off: the policies below decide.
		return sdk.NewConfig().WithScheme(strings.ToUpper(cfg.Scheme)).WithTimeout(cfg.Timeout).WithAutoRetry(false)
	}
	cred := credentials.NewAccessKeyCredential(cfg.AccessKeyID, cfg.AccessKeySecret)
	sdkEndpointMaps()
	v, err := vpc.NewClientWithOptions(cfg.RegionID, sdkConfig(), cred)
	if err != nil {
		return nil, fmt.Errorf("client: vpc: %w", err)
	}
	b, err := cbn.NewClientWithOptions(cfg.RegionID, sdkConfig(), cred)
	if err != nil {
		return nil, fmt.Errorf("client: cbn: %w", err)
	}
	common, err := sdk.NewClientWithOptions(cfg.RegionID, sdkConfig(), cred)
	if err != nil {
		return nil, fmt.Errorf("client: sdk: %w", err)
	}
	v.Domain, b.Domain, common.Domain = cfg.Endpoint, cfg.Endpoint, cfg.Endpoint
	return &Client{
		Retry:   DefaultRetry,
		Backoff: DefaultBackoff,
		Sleep:   RealSleep,
		Now:     time.Now,
		Poll:    DefaultPollPolicy(),
		Token:   RandomToken,
		cfg:     cfg,
		vpc:     v,
		cbn:     b,
		common:  common,
	}, nil
}

// Config returns the client's configuration (defaults filled in).
func (c *Client) Config() Config { return c.cfg }

// RandomToken is the default ClientToken maker: 32 random hex characters.
func RandomToken(string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("client: crypto/rand: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// Error is an API call that failed, after the retries the policy allowed.
type Error struct {
	// Action is the API action, e.g. CreateExpressConnectRouter.
	Action string
	// Code is the error code of the answer ("" for a network error or an
	// answer without a JSON body).
	Code string
	// Message is the answer's Message (or the network error's text).
	Message string
	// RequestID is the answer's RequestId.
	RequestID string
	// HTTPStatus is the answer's status (0 for a network error).
	HTTPStatus int
	// Attempts is how many times the call was sent.
	Attempts int
	// Err is the SDK's error.
	Err error
}

func (e *Error) Error() string {
	what := e.Code
	if what == "" {
		what = "no error code"
	}
	status := "no HTTP answer"
	if e.HTTPStatus != 0 {
		status = fmt.Sprintf("HTTP %d", e.HTTPStatus)
	}
	s := fmt.Sprintf("%s failed with %s (%s) after %d attempt", e.Action, what, status, e.Attempts)
	if e.Attempts != 1 {
		s += "s"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// IsNotFound reports whether the error says the resource does not exist, as
// Terraform reads it: HTTP 404, a code or message containing "NotFound", or
// ResourceNotFound.EcrId.
func (e *Error) IsNotFound() bool {
	return e.HTTPStatus == http.StatusNotFound || strings.Contains(e.Code, "NotFound") ||
		strings.Contains(e.Message, "NotFound")
}

// ErrorCode returns the code of an *Error in err's chain ("" otherwise).
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsNotFound reports whether err is an *Error saying the resource is absent.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.IsNotFound()
}

// call sends one action with retries: send builds and sends a fresh request
// each attempt (the SDK signs each with a new nonce and timestamp).
func (c *Client) call(ctx context.Context, action string, send func() error) error {
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := send()
		if err == nil {
			return nil
		}
		e := toError(action, err)
		e.Attempts = attempt
		if !c.Retry(action, e.Code, attempt) {
			return e
		}
		if serr := c.Sleep(ctx, c.Backoff(action, attempt)); serr != nil {
			return fmt.Errorf("%w (then %v)", e, serr)
		}
	}
}

// toError turns an SDK error into an *Error.
func toError(action string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		cp := *e
		return &cp
	}
	out := &Error{Action: action, Err: err, Message: err.Error()}
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		out.Code, out.HTTPStatus, out.RequestID = se.ErrorCode(), se.HttpStatus(), se.RequestId()
		out.Message = se.Message()
	}
	return out
}

// ecr sends an ExpressConnectRouter action through CommonRequest and decodes
// its answer into out. A 2xx body whose Success is false or whose Code is not
// 200 is an error too, as Terraform reads it.
func (c *Client) ecr(ctx context.Context, action string, params map[string]string, out any) error {
	return c.call(ctx, action, func() error {
		req := requests.NewCommonRequest()
		req.Method = http.MethodPost
		req.Scheme = c.cfg.Scheme
		req.Product = "ExpressConnectRouter"
		req.Version = VersionECR
		req.ApiName = action
		req.Domain = c.cfg.Endpoint
		if req.Domain == "" {
			req.Domain = "expressconnectrouter.aliyuncs.com"
		}
		for k, v := range params {
			req.QueryParams[k] = v
		}
		resp, err := c.common.ProcessCommonRequest(req)
		if err != nil {
			return err
		}
		body := resp.GetHttpContentBytes()
		var env struct {
			RequestID string          `json:"RequestId"`
			Success   *bool           `json:"Success"`
			Code      json.RawMessage `json:"Code"`
			Message   string          `json:"Message"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			return &Error{Action: action, HTTPStatus: resp.GetHttpStatus(), Err: err,
				Message: fmt.Sprintf("answer is not JSON: %v", err)}
		}
		code := strings.Trim(string(env.Code), `"`)
		okCode := code == "" || code == "200" || strings.EqualFold(code, "success") || strings.EqualFold(code, "ok")
		if (env.Success != nil && !*env.Success) || !okCode {
			return &Error{Action: action, Code: code, Message: env.Message, RequestID: env.RequestID,
				HTTPStatus: resp.GetHttpStatus()}
		}
		if out == nil {
			return nil
		}
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.UseNumber()
		if err := dec.Decode(out); err != nil {
			return &Error{Action: action, HTTPStatus: resp.GetHttpStatus(), Err: err,
				Message: fmt.Sprintf("decoding the answer: %v", err)}
		}
		return nil
	})
}

// region fills a request's RegionId.
func (c *Client) region() string { return c.cfg.RegionID }

// sdkEndpointMaps fills the SDK's package-level endpoint maps once. The
// SDK (v1.63.107) fills them lazily and unguarded on every client's
// creation, which races when clients are made concurrently; filled, they
// are only read.
var sdkEndpointMaps = sync.OnceFunc(func() {
	vpc.GetEndpointMap()
	cbn.GetEndpointMap()
})
