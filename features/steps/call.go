package steps

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/ecmock/ecmock/internal/catalog"
)

var (
	catOnce sync.Once
	cat     *catalog.Catalog
	catErr  error
)

// Catalog is ecmock's API catalogue (actions, parameters, documented errors).
func Catalog() (*catalog.Catalog, error) {
	catOnce.Do(func() { cat, catErr = catalog.Load() })
	return cat, catErr
}

// actionInfo finds the product and version serving an action.
func actionInfo(action string) (product, version string, err error) {
	c, err := Catalog()
	if err != nil {
		return "", "", err
	}
	a := c.FindAction(action)
	if a == nil {
		return "", "", fmt.Errorf("no product serves action %q (see `ecmock spec`)", action)
	}
	return a.Product, a.ProductOf().Version, nil
}

// endpointFor is the host:port and scheme that serve a product.
func (w *World) endpointFor(product string) (string, string, error) {
	ep := w.base
	if v := w.cfg.ProductEndpoints[product]; v != "" {
		ep = v
	}
	u, err := baseURL(ep)
	if err != nil {
		return "", "", err
	}
	return u.Host, u.Scheme, nil
}

// Call makes one API call as the current account and remembers its answer
// for the assertion steps.
func (w *World) Call(ctx context.Context, action string, params map[string]string) (*Response, error) {
	product, version, err := actionInfo(action)
	if err != nil {
		return nil, err
	}
	return w.callVersion(ctx, product, version, action, params)
}

func (w *World) callVersion(ctx context.Context, product, version, action string, params map[string]string) (*Response, error) {
	ep, scheme, err := w.endpointFor(product)
	if err != nil {
		return nil, err
	}
	acct, ok := w.accounts[w.account]
	if !ok {
		return nil, fmt.Errorf("no account %q is configured", w.account)
	}
	req := &Request{Product: product, Version: version, Action: action, Params: params,
		Endpoint: ep, Scheme: scheme, Account: acct, Region: w.region}
	w.lastReq = req
	w.last = w.transport.Do(ctx, req)
	return w.last, nil
}

func (w *World) iAmAccount(name string) error {
	if _, ok := w.accounts[name]; !ok {
		known := make([]string, 0, len(w.accounts))
		for k := range w.accounts {
			known = append(known, k)
		}
		sort.Strings(known)
		return fmt.Errorf("no account %q (accounts: %s)", name, strings.Join(known, ", "))
	}
	w.account = name
	w.vars["uid"] = w.accounts[name].UID
	return nil
}

func (w *World) theRegionIs(region string) error {
	w.region = region
	w.vars["region"] = region
	return nil
}

func (w *World) iCall(ctx context.Context, action string) error {
	_, err := w.Call(ctx, action, map[string]string{})
	return err
}

func (w *World) iCallWith(ctx context.Context, action string, t *godog.Table) error {
	p, err := w.tableParams(t)
	if err != nil {
		return err
	}
	_, err = w.Call(ctx, action, p)
	return err
}

func (w *World) iCallOfWith(ctx context.Context, action, product string, t *godog.Table) error {
	p, err := w.tableParams(t)
	if err != nil {
		return err
	}
	c, err := Catalog()
	if err != nil {
		return err
	}
	pr := c.Products[product]
	if pr == nil || pr.Actions[action] == nil {
		return fmt.Errorf("product %q serves no action %q (see `ecmock spec`)", product, action)
	}
	_, err = w.callVersion(ctx, product, pr.Version, action, p)
	return err
}

func (w *World) iCallNTimesWith(ctx context.Context, action string, n int, t *godog.Table) error {
	p, err := w.tableParams(t)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if _, err := w.Call(ctx, action, p); err != nil {
			return err
		}
	}
	return nil
}

func (w *World) iCallNTimes(ctx context.Context, action string, n int) error {
	return w.iCallNTimesWith(ctx, action, n, nil)
}

func (w *World) iRepeatTheLastCall(ctx context.Context) error {
	if w.lastReq == nil {
		return fmt.Errorf("no call was made yet")
	}
	r := *w.lastReq
	if a, ok := w.accounts[w.account]; ok {
		r.Account = a
	}
	w.lastReq = &r
	w.last = w.transport.Do(ctx, &r)
	return nil
}

func (w *World) iCallWithVersion(ctx context.Context, action, version string) error {
	c, err := Catalog()
	if err != nil {
		return err
	}
	product := "Vpc"
	if p := c.ByVersion(version); p != nil {
		product = p.Name
	}
	_, err = w.callVersion(ctx, product, version, action, map[string]string{})
	return err
}

// iPollUntil calls an action, and while path is not value advances ecmock's
// clock by the interval and calls again (at most 200 calls).
func (w *World) iPollUntil(ctx context.Context, action string, every int, unit, path, value string, t *godog.Table) error {
	p, err := w.tableParams(t)
	if err != nil {
		return err
	}
	want, err := w.expand(value)
	if err != nil {
		return err
	}
	d, err := unitDuration(every, unit)
	if err != nil {
		return err
	}
	var seen []string
	for i := 0; i < 200; i++ {
		r, err := w.Call(ctx, action, p)
		if err != nil {
			return err
		}
		if !r.OK() {
			return fmt.Errorf("%s failed while polling: %s", action, describe(r))
		}
		got := gjson.GetBytes(r.Body, path)
		if got.String() == want {
			return nil
		}
		if len(seen) == 0 || seen[len(seen)-1] != got.String() {
			seen = append(seen, got.String())
		}
		if err := w.ctl.advance(ctx, d); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: %q never became %q in 200 polls %s apart (saw %s)", action, path, want, d, strings.Join(seen, " → "))
}

// iSendRaw builds a v1-signed request by hand so that the gateway's own
// checks (method, signature, nonce, timestamp) can be exercised. Table rows
// override the common parameters; the value <absent> removes one; the row
// "secret" signs with another secret; a "body" row is sent as a form body; a
// "Signature" row is sent as given.
func (w *World) iSendRaw(ctx context.Context, action, method string, t *godog.Table) error {
	over, err := w.tableParams(t)
	if err != nil {
		return err
	}
	product, version, err := actionInfo(action)
	if err != nil {
		return err
	}
	acct := w.accounts[w.account]
	p := map[string]string{
		"Action": action, "Version": version, "Format": "JSON", "AccessKeyId": acct.AccessKeyID,
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": randomSuffix(24),
		"Timestamp": time.Now().UTC().Format("2006-01-02T15:04:05Z"), "RegionId": w.region,
	}
	secret := acct.AccessKeySecret
	body, hasBody := "", false
	for k, v := range over {
		switch {
		case k == "secret":
			secret = v
		case k == "body":
			body, hasBody = v, true
		case v == "<absent>":
			delete(p, k)
		default:
			p[k] = v
		}
	}
	if _, given := over["Signature"]; !given {
		p["Signature"] = signV1(method, p, secret)
	}
	ep, scheme, err := w.endpointFor(product)
	if err != nil {
		return err
	}
	q := url.Values{}
	for k, v := range p {
		q.Set(k, v)
	}
	var rd io.Reader
	if hasBody {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, scheme+"://"+ep+"/?"+q.Encode(), rd)
	if err != nil {
		return err
	}
	if hasBody {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w.lastReq = nil
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.last = &Response{Err: err}
		return nil
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := &Response{Status: res.StatusCode, Body: raw, RequestID: gjson.GetBytes(raw, "RequestId").String()}
	if !r.OK() {
		r.Code = gjson.GetBytes(raw, "Code").String()
		r.Message = gjson.GetBytes(raw, "Message").String()
	}
	w.last = r
	return nil
}

// signV1 is the RPC signature (HMAC-SHA1) of the Alibaba Cloud API reference (signature method).
func signV1(method string, p map[string]string, secret string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = pctEncode(k) + "=" + pctEncode(p[k])
	}
	sts := method + "&%2F&" + pctEncode(strings.Join(parts, "&"))
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func pctEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

func unitDuration(n int, unit string) (time.Duration, error) {
	u := strings.TrimSuffix(strings.ToLower(unit), "s")
	var d time.Duration
	switch u {
	case "second":
		d = time.Second
	case "minute":
		d = time.Minute
	case "hour":
		d = time.Hour
	case "day":
		d = 24 * time.Hour
	case "week":
		d = 7 * 24 * time.Hour
	default:
		return 0, fmt.Errorf("unknown unit %q (seconds, minutes, hours, days, weeks)", unit)
	}
	return time.Duration(n) * d, nil
}
