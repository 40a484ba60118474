package pactstate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Control is the control API of one ecmock (README: The control API), reached over HTTP or
// in-process. Do sends body (JSON-encoded unless nil) to path (starting with
// /_ecmock/) and decodes a 2xx answer into out (unless nil); any other status
// is an error carrying the answer's {"error": ...} text.
type Control interface {
	Do(method, path string, body, out any) error
}

// HTTPControl reaches a running ecmock's control API.
type HTTPControl struct {
	// BaseURL is the control API's base, e.g. http://127.0.0.1:8080.
	BaseURL string
	// Token is the --admin-token, sent as a Bearer token when set.
	Token string
	// Client sends the requests (a 30s-timeout client when nil).
	Client *http.Client
}

// Do implements Control.
func (h HTTPControl) Do(method, path string, body, out any) error {
	req, err := newRequest(method, strings.TrimRight(h.BaseURL, "/")+path, body, h.Token)
	if err != nil {
		return err
	}
	cl := h.Client
	if cl == nil {
		cl = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := cl.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	return decodeAnswer(method, path, resp.StatusCode, b, out)
}

// HandlerControl reaches the control API of an in-process server through its
// http.Handler, without a socket.
type HandlerControl struct {
	Handler http.Handler
	// Token is the admin token, sent as a Bearer token when set.
	Token string
}

// Do implements Control.
func (h HandlerControl) Do(method, path string, body, out any) error {
	req, err := newRequest(method, "http://ecmock.local"+path, body, h.Token)
	if err != nil {
		return err
	}
	rec := httptest.NewRecorder()
	h.Handler.ServeHTTP(rec, req)
	return decodeAnswer(method, path, rec.Code, rec.Body.Bytes(), out)
}

func newRequest(method, url string, body any, token string) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encoding the body: %w", method, url, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, nil
}

func decodeAnswer(method, path string, status int, b []byte, out any) error {
	if status < 200 || status > 299 {
		var e struct {
			Error string `json:"error"`
		}
		msg := strings.TrimSpace(string(b))
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			msg = e.Error
		}
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, status, msg)
	}
	if out == nil || len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}
