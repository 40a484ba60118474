package server

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/api"
)

// maxSkew is how far a request's Timestamp may be from wall time.
const maxSkew = 15 * time.Minute

// authenticate finds the caller's account and, with --auth verify, checks the
// request's signature (v1 in the parameters or V3 in the Authorization
// header). Timestamps are compared with wall time, not ecmock time: clients
// sign with their own clock.
func (s *Server) authenticate(r *http.Request, c *rpcCall) error {
	v3, isV3 := parseV3Auth(r.Header.Get("Authorization"))
	c.accessKey = c.params["AccessKeyId"]
	if isV3 {
		c.accessKey = v3.AccessKeyID
	}
	if s.accounts.Open() {
		if c.accessKey == "" {
			// Open mode without a key (curl, a pact verifier): the first account.
			c.account = s.accounts.List()[0]
			c.accessKey = c.account.AccessKeyID
			return nil
		}
		c.account, _ = s.accounts.ByKey(c.accessKey)
		return nil
	}
	if isV3 {
		return s.verifyV3(r, c, v3)
	}
	return s.verifyV1(r, c)
}

func (s *Server) verifyV1(r *http.Request, c *rpcCall) error {
	for _, k := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"} {
		if c.params[k] == "" {
			return api.Errf("IncompleteSignature", "signature parameter %s is missing", k)
		}
	}
	if c.params["SignatureMethod"] != "HMAC-SHA1" {
		return api.Errf("IncompleteSignature", "SignatureMethod %q is not HMAC-SHA1", c.params["SignatureMethod"])
	}
	if v := c.params["SignatureVersion"]; v != "" && v != "1.0" {
		return api.Errf("IncompleteSignature", "SignatureVersion %q is not 1.0", v)
	}
	acct, ok := s.accounts.ByKey(c.params["AccessKeyId"])
	if !ok {
		return api.Errf("InvalidAccessKeyId.NotFound", "access key %q is not in the credentials", c.params["AccessKeyId"])
	}
	if err := checkTimestamp(c.params["Timestamp"]); err != nil {
		return err
	}
	if !checkV1(r.Method, c.params, acct.AccessKeySecret) {
		sts := stringToSignV1(r.Method, c.params)
		return &api.Error{Code: "SignatureDoesNotMatch", Args: []string{sts}, Reason: "v1 signature differs"}
	}
	if !s.nonces.use(acct.AccessKeyID+"|"+c.params["SignatureNonce"], time.Now()) {
		return api.Errf("SignatureNonceUsed", "nonce %q reused", c.params["SignatureNonce"])
	}
	c.account = acct
	return nil
}

func (s *Server) verifyV3(r *http.Request, c *rpcCall, a v3Auth) error {
	acct, ok := s.accounts.ByKey(a.AccessKeyID)
	if !ok {
		return api.Errf("InvalidAccessKeyId.NotFound", "access key %q is not in the credentials", a.AccessKeyID)
	}
	date := r.Header.Get("x-acs-date")
	nonce := r.Header.Get("x-acs-signature-nonce")
	for _, h := range v3Required {
		if r.Header.Get(h) == "" && h != "host" {
			return api.Errf("IncompleteSignature", "V3 requests need the header %s", h)
		}
		if !signedHeader(a.SignedHeaders, h) {
			return api.Errf("IncompleteSignature", "V3 requests must sign the header %s (SignedHeaders %s)", h, strings.Join(a.SignedHeaders, ";"))
		}
	}
	if err := checkTimestamp(date); err != nil {
		return err
	}
	sts := stringToSignV3(r, c.body, a.SignedHeaders)
	want := signV3(acct.AccessKeySecret, sts)
	if subtle.ConstantTimeCompare([]byte(want), []byte(a.Signature)) != 1 {
		return &api.Error{Code: "SignatureDoesNotMatch", Args: []string{sts}, Reason: "V3 signature differs"}
	}
	if !s.nonces.use(acct.AccessKeyID+"|"+nonce, time.Now()) {
		return api.Errf("SignatureNonceUsed", "nonce %q reused", nonce)
	}
	c.account = acct
	return nil
}

// v3Required are the headers a V3 signature must cover, as the service
// requires: without them a captured request could be replayed with a fresh
// nonce or turned into another action or version.
var v3Required = []string{"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce"}

func signedHeader(signed []string, h string) bool {
	for _, s := range signed {
		if strings.EqualFold(strings.TrimSpace(s), h) {
			return true
		}
	}
	return false
}

func checkTimestamp(ts string) error {
	t, err := time.Parse("2006-01-02T15:04:05Z", ts)
	if err != nil {
		return api.Errf("InvalidTimeStamp.Format", "timestamp %q is not YYYY-MM-DDThh:mm:ssZ", ts)
	}
	if d := time.Since(t); d > maxSkew || d < -maxSkew {
		return api.Errf("InvalidTimeStamp.Expired", "timestamp %s is %s away from now", ts, d.Round(time.Second))
	}
	return nil
}

// v3KeyID returns the access key of an ACS3 Authorization header, or "".
func v3KeyID(h string) string {
	v3, ok := parseV3Auth(h)
	if !ok {
		return ""
	}
	return v3.AccessKeyID
}
