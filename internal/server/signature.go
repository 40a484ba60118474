package server

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
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
// unreserved bytes stay as they are in a percent-encoded signature string
// (RFC 3986: A-Z a-z 0-9 - _ . ~); every other byte becomes %XX.
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

// appendTwice appends s percent-encoded twice (what percentEncode of the
// canonical query, itself made of percentEncoded parts, gives): an
// unreserved byte stays, any other becomes %25XX.
func appendTwice(b []byte, s string) []byte {
	const hexd = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		if c := s[i]; unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', '2', '5', hexd[c>>4], hexd[c&15])
		}
	}
	return b
}

// appendStringToSignV1 appends stringToSignV1's result to b without
// allocating per parameter.
func appendStringToSignV1(b []byte, method string, params map[string]string) []byte {
	var arr [32]string
	keys := arr[:0]
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b = append(b, method...)
	b = append(b, "&%2F&"...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, "%26"...) // '&' encoded
		}
		b = appendTwice(b, k)
		b = append(b, "%3D"...) // '=' encoded
		b = appendTwice(b, params[k])
	}
	return b
}

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
// checkV1 reports whether params carry the right v1 signature for secret
// (signV1 of stringToSignV1, compared in constant time) with a pooled
// buffer: no allocation per parameter.
func checkV1(method string, params map[string]string, secret string) bool {
	bp := stsBufs.Get().(*[]byte)
	defer stsBufs.Put(bp)
	*bp = appendStringToSignV1((*bp)[:0], method, params)
	m := v1MAC(secret)
	m.Write(*bp)
	var sum [sha1.Size]byte
	var want [28]byte // base64 of 20 bytes
	base64.StdEncoding.Encode(want[:], m.Sum(sum[:0]))
	m.Reset()
	v1MACs.put(secret, m)
	got := params["Signature"]
	return len(got) == len(want) && subtle.ConstantTimeCompare(want[:], []byte(got)) == 1
}

// v1MACs keeps keyed HMAC-SHA1 states by secret for reuse (Reset keeps the
// key): a keyed hash costs several allocations to make. At most a few per
// account live at once.
var v1MACs macPools

type macPools struct{ m sync.Map } // secret → *sync.Pool of hash.Hash

func v1MAC(secret string) hash.Hash {
	if p, ok := v1MACs.m.Load(secret); ok {
		if h, ok := p.(*sync.Pool).Get().(hash.Hash); ok {
			return h
		}
	}
	return hmac.New(sha1.New, []byte(secret+"&"))
}

func (m *macPools) put(secret string, h hash.Hash) {
	p, _ := m.m.LoadOrStore(secret, &sync.Pool{})
	p.(*sync.Pool).Put(h)
}

var stsBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

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
