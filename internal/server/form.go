package server

import (
	"errors"
	"io"
	"net/http"
	"sync"
)

// Request bodies are read into pooled buffers and parsed in place: a body
// costs one buffer (reused) and one string per parameter value, so a stream
// of large unsigned requests does not churn the heap (each answered
// IncompleteSignature all the same).
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// readBodyPooled reads at most limit+1 bytes of r's body into a pooled
// buffer; release returns it (the bytes must not be used afterwards).
func readBodyPooled(r *http.Request, limit int) (body []byte, release func(), err error) {
	bp := bodyPool.Get().(*[]byte)
	buf := (*bp)[:0]
	if n := r.ContentLength; n > 0 && n <= int64(limit) && int64(cap(buf)) < n+1 {
		buf = make([]byte, 0, n+1)
	}
	release = func() {
		if cap(buf) <= limit+1 {
			*bp = buf[:0]
			bodyPool.Put(bp)
		}
	}
	lr := io.LimitReader(r.Body, int64(limit)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, e := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if e == io.EOF {
			return buf, release, nil
		}
		if e != nil {
			return buf, release, e
		}
	}
}

var errBadEscape = errors.New("invalid URL escape")

// parseFormInto adds the parameters of a URL-encoded form to params (the
// first value of a name wins within the form; the form's values replace
// those already in params), as url.ParseQuery would, without copying the
// whole body into a string first.
func parseFormInto(b []byte, params map[string]string) error {
	seen := map[string]bool{}
	for len(b) > 0 {
		var part []byte
		if i := indexByte(b, '&'); i >= 0 {
			part, b = b[:i], b[i+1:]
		} else {
			part, b = b, nil
		}
		if len(part) == 0 {
			continue
		}
		if indexByte(part, ';') >= 0 {
			return errors.New("invalid semicolon separator")
		}
		k, v := part, []byte(nil)
		if i := indexByte(part, '='); i >= 0 {
			k, v = part[:i], part[i+1:]
		}
		key, err := unescape(k)
		if err != nil {
			return err
		}
		val, err := unescape(v)
		if err != nil {
			return err
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		params[key] = val
	}
	return nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// unescape decodes %XX and '+' (query escaping) into a new string.
func unescape(s []byte) (string, error) {
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			if i+2 >= len(s) {
				return "", errBadEscape
			}
			if _, ok := unhex(s[i+1]); !ok {
				return "", errBadEscape
			}
			if _, ok := unhex(s[i+2]); !ok {
				return "", errBadEscape
			}
			n++
			i += 2
		case '+':
			plus = true
		}
	}
	if n == 0 && !plus {
		return string(s), nil
	}
	out := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			h, _ := unhex(s[i+1])
			l, _ := unhex(s[i+2])
			out = append(out, h<<4|l)
			i += 2
		case '+':
			out = append(out, ' ')
		default:
			out = append(out, s[i])
		}
	}
	return string(out), nil
}
