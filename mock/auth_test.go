package mock_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/mock"
)

func enc(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

func canonical(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, enc(k)+"="+enc(q.Get(k)))
	}
	return strings.Join(parts, "&")
}

// signedV1 builds a v1-signed query (API reference) for a raw request.
func signedV1(a mock.Account, method string, p map[string]string, ts time.Time, nonce string) url.Values {
	q := url.Values{}
	for k, v := range p {
		q.Set(k, v)
	}
	q.Set("AccessKeyId", a.AccessKeyID)
	q.Set("SignatureMethod", "HMAC-SHA1")
	q.Set("SignatureVersion", "1.0")
	q.Set("SignatureNonce", nonce)
	q.Set("Timestamp", ts.UTC().Format("2006-01-02T15:04:05Z"))
	sts := method + "&%2F&" + enc(canonical(q))
	m := hmac.New(sha1.New, []byte(a.AccessKeySecret+"&"))
	m.Write([]byte(sts))
	q.Set("Signature", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	return q
}

type apiErr struct {
	Code, Message, RequestId, HostId string
}

func call(t *testing.T, req *http.Request) (int, apiErr, map[string]any) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var e apiErr
	var m map[string]any
	_ = json.Unmarshal(b, &e)
	_ = json.Unmarshal(b, &m)
	return res.StatusCode, e, m
}

var describe = map[string]string{"Action": "DescribePhysicalConnections", "Version": "2016-04-28", "RegionId": "cn-hangzhou"}

func TestSignatureV1Rules(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	a := srv.AccountA()
	get := func(q url.Values) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, srv.URL()+"/?"+q.Encode(), nil)
		return r
	}
	q := signedV1(a, "GET", describe, time.Now(), "n-1")
	if st, e, _ := call(t, get(q)); st != 200 {
		t.Fatalf("signed GET: got %d %+v; want 200", st, e)
	}
	if st, e, _ := call(t, get(q)); st != 400 || e.Code != "SignatureNonceUsed" {
		t.Fatalf("replayed nonce: got %d %s; want 400 SignatureNonceUsed", st, e.Code)
	}
	old := signedV1(a, "GET", describe, time.Now().Add(-20*time.Minute), "n-2")
	if st, e, _ := call(t, get(old)); st != 400 || e.Code != "InvalidTimeStamp.Expired" {
		t.Fatalf("old timestamp: got %d %s; want 400 InvalidTimeStamp.Expired", st, e.Code)
	}
	unknown := signedV1(mock.Account{AccessKeyID: "LTAInobody", AccessKeySecret: "x"}, "GET", describe, time.Now(), "n-3")
	if st, e, _ := call(t, get(unknown)); st != 404 || e.Code != "InvalidAccessKeyId.NotFound" {
		t.Fatalf("unknown key: got %d %s; want 404 InvalidAccessKeyId.NotFound", st, e.Code)
	}
	bare := url.Values{"Action": {"DescribePhysicalConnections"}, "Version": {"2016-04-28"}}
	if st, e, _ := call(t, get(bare)); st != 400 || e.Code != "IncompleteSignature" {
		t.Fatalf("unsigned: got %d %s; want 400 IncompleteSignature", st, e.Code)
	}
	// Terraform's shape: signing parameters in the query, business ones in a form body.
	signed := signedV1(a, "POST", describe, time.Now(), "n-4")
	query, form := url.Values{}, url.Values{}
	for k, v := range signed {
		if k == "RegionId" {
			form[k] = v
		} else {
			query[k] = v
		}
	}
	r, _ := http.NewRequest(http.MethodPost, srv.URL()+"/?"+query.Encode(), strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if st, e, _ := call(t, r); st != 200 {
		t.Fatalf("query+form POST: got %d %+v; want 200", st, e)
	}
}

func TestSignatureV3(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	a := srv.AccountA()
	sign := func(secret string) *http.Request {
		q := url.Values{"RegionId": {"cn-hangzhou"}}
		r, _ := http.NewRequest(http.MethodPost, srv.URL()+"/?"+q.Encode(), nil)
		r.Header.Set("x-acs-action", "DescribePhysicalConnections")
		r.Header.Set("x-acs-version", "2016-04-28")
		r.Header.Set("x-acs-date", time.Now().UTC().Format("2006-01-02T15:04:05Z"))
		r.Header.Set("x-acs-signature-nonce", "v3-"+secret)
		sum := sha256.Sum256(nil)
		r.Header.Set("x-acs-content-sha256", hex.EncodeToString(sum[:]))
		signedHeaders := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
		var ch strings.Builder
		for _, h := range signedHeaders {
			v := r.Header.Get(h)
			if h == "host" {
				v = r.URL.Host
			}
			ch.WriteString(h + ":" + v + "\n")
		}
		creq := "POST\n/\n" + canonical(q) + "\n" + ch.String() + "\n" + strings.Join(signedHeaders, ";") + "\n" + hex.EncodeToString(sum[:])
		h := sha256.Sum256([]byte(creq))
		sts := "ACS3-HMAC-SHA256\n" + hex.EncodeToString(h[:])
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(sts))
		r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+a.AccessKeyID+",SignedHeaders="+strings.Join(signedHeaders, ";")+",Signature="+hex.EncodeToString(m.Sum(nil)))
		return r
	}
	if st, e, m := call(t, sign(a.AccessKeySecret)); st != 200 || m["TotalCount"] == nil {
		t.Fatalf("V3: got %d %+v; want 200 with TotalCount", st, e)
	}
	if st, e, _ := call(t, sign("wrong")); st != 400 || e.Code != "SignatureDoesNotMatch" || !strings.Contains(e.Message, "ACS3-HMAC-SHA256") {
		t.Fatalf("V3 wrong secret: got %d %+v; want SignatureDoesNotMatch with the string to sign", st, e)
	}
}

func TestBadInputNeverPanics(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	cases := []struct {
		name, method, target, body string
		status                     int
		code                       string
	}{
		{"bad query escape", "GET", "/?Action=DescribePhysicalConnections&Version=2016-04-28&x=%zz", "", 400, "InvalidParameter.Format"},
		{"bad form escape", "POST", "/?Action=DescribePhysicalConnections&Version=2016-04-28", "a=%zz", 400, "InvalidParameter.Format"},
		{"PUT", "PUT", "/?Action=DescribePhysicalConnections&Version=2016-04-28", "", 400, "UnsupportedHTTPMethod"},
		{"no version", "GET", "/?Action=DescribePhysicalConnections", "", 400, "MissingParameter"},
		{"no action", "GET", "/?Version=2016-04-28", "", 400, "MissingParameter"},
		{"page size above 50", "GET", "/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou&PageSize=51", "", 400, "InvalidParameter"},
		{"page size not a number", "GET", "/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou&PageSize=ten", "", 400, "InvalidParameter"},
		{"huge body", "POST", "/?Action=DescribePhysicalConnections&Version=2016-04-28", strings.Repeat("a", 2<<20), 400, "InvalidParameter.Format"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest(tc.method, srv.URL()+tc.target, strings.NewReader(tc.body))
			if tc.body != "" {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			st, e, _ := call(t, r)
			if st != tc.status || e.Code != tc.code || e.Message == "" || e.RequestId == "" {
				t.Fatalf("got %d %+v; want %d %s with a message and request ID", st, e, tc.status, tc.code)
			}
		})
	}
}
