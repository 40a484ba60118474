package server

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// percentEncode is RFC 3986 encoding as Alibaba's signers do it: url.Values
// rules, then "+"→"%20", "*"→"%2A", "%7E"→"~".
func percentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	e = strings.ReplaceAll(e, "%7E", "~")
	return e
}

// stringToSignV1 builds the signature v1 string to sign from every parameter
// but Signature (API reference): METHOD&%2F&enc(sorted canonical query).
func stringToSignV1(method string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(k))
		b.WriteByte('=')
		b.WriteString(percentEncode(params[k]))
	}
	return method + "&%2F&" + percentEncode(b.String())
}

// signV1 is Base64(HMAC-SHA1(secret + "&", stringToSign)).
func signV1(secret, sts string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// v3Auth is a parsed ACS3-HMAC-SHA256 Authorization header.
type v3Auth struct {
	AccessKeyID   string
	SignedHeaders []string
	Signature     string
}

func parseV3Auth(h string) (v3Auth, bool) {
	const prefix = "ACS3-HMAC-SHA256 "
	if !strings.HasPrefix(h, prefix) {
		return v3Auth{}, false
	}
	var a v3Auth
	for _, part := range strings.Split(h[len(prefix):], ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "Credential":
			a.AccessKeyID = v
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			a.Signature = v
		}
	}
	return a, a.AccessKeyID != "" && a.Signature != "" && len(a.SignedHeaders) > 0
}

// stringToSignV3 builds the V3 string to sign: ACS3-HMAC-SHA256\n +
// hex(SHA256(canonical request)).
func stringToSignV3(r *http.Request, body []byte, signed []string) string {
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cq strings.Builder
	for i, k := range keys {
		if i > 0 {
			cq.WriteByte('&')
		}
		v := ""
		if vs := q[k]; len(vs) > 0 {
			v = vs[0]
		}
		cq.WriteString(percentEncode(k) + "=" + percentEncode(v))
	}
	var ch strings.Builder
	for _, h := range signed {
		v := r.Header.Get(h)
		if strings.EqualFold(h, "host") {
			v = r.Host
		}
		ch.WriteString(strings.ToLower(h) + ":" + strings.TrimSpace(v) + "\n")
	}
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	bodyHash := sha256.Sum256(body)
	canonical := r.Method + "\n" + path + "\n" + cq.String() + "\n" + ch.String() + "\n" +
		strings.Join(signed, ";") + "\n" + hex.EncodeToString(bodyHash[:])
	sum := sha256.Sum256([]byte(canonical))
	return "ACS3-HMAC-SHA256\n" + hex.EncodeToString(sum[:])
}

func signV3(secret, sts string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(sts))
	return hex.EncodeToString(m.Sum(nil))
}
