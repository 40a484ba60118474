package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/chaos"
)

// answer renders a success: RequestId plus the action's fields, with the
// ExpressConnectRouter envelope where the product has one.
func (s *Server) answer(w http.ResponseWriter, c *rpcCall, resp api.M) {
	if s.opts.Strict {
		if bad := undeclaredFields(c.action, resp); bad != "" {
			s.answerError(w, c, api.Errf("InternalError", "strict: %s answered field %q that the catalogue does not list", c.action.Name, bad))
			return
		}
	}
	out := resp // the handler's own map (a remembered answer is a clone)
	out["RequestId"] = c.requestID
	if c.product != nil && c.product.Envelope == "ecr" {
		out["Success"] = true
		out["Code"] = "200"
		out["Message"] = "OK"
		out["HttpStatusCode"] = 200
		// The success envelope the ECR API reference documents also carries
		// the dynamic-error fields, empty (null detail, as on errors).
		out["DynamicCode"] = ""
		out["DynamicMessage"] = ""
		out["AccessDeniedDetail"] = nil
	}
	s.writeRecord(w, c, http.StatusOK, "", out)
}

// writeRecord writes an answer and journals it. A truncated answer ends the
// connection, so it is journaled first (a client that saw the break finds
// the call in the journal).
func (s *Server) writeRecord(w http.ResponseWriter, c *rpcCall, status int, code string, out api.M) {
	if c.network == "truncate" {
		s.record(c, status, code)
		s.write(w, c, status, out)
		return
	}
	s.write(w, c, status, out)
	s.record(c, status, code)
}

func undeclaredFields(a *catalog.Action, resp api.M) string {
	if a == nil {
		return ""
	}
	for k := range resp {
		found := false
		for _, f := range a.Response {
			if f.Name == k {
				found = true
				break
			}
		}
		if !found {
			return k
		}
	}
	return ""
}

// resolve turns an error into its code, status and message from the
// catalogue: the action's table first, then the common errors. A code neither
// documents becomes InternalError (unless forced by a fault rule).
func (s *Server) resolve(c *rpcCall, err error) (code string, status int, msg string) {
	var ae *api.Error
	if !errors.As(err, &ae) {
		s.log.Error("internal error", "requestId", c.requestID, "err", err)
		ae = api.Errf("InternalError", "%v", err)
	}
	var res catalog.Resolved
	ok := false
	if c.action != nil {
		res, ok = c.action.Error(ae.Code)
	}
	if !ok {
		res, ok = s.cat.CommonError(ae.Code)
	}
	switch {
	case ok:
	case ae.Force:
		res = catalog.Resolved{Code: ae.Code, Status: 400, Message: ae.Code}
	default:
		s.log.Error("undocumented error code", "requestId", c.requestID, "action", c.actionNm, "code", ae.Code, "reason", ae.Reason)
		res, _ = s.cat.CommonError("InternalError")
		res.Message += " (ecmock: action " + c.actionNm + " answered undocumented code " + ae.Code + ")"
	}
	msg = res.Message
	for _, a := range ae.Args {
		if strings.Contains(msg, "%s") {
			msg = strings.Replace(msg, "%s", a, 1)
		}
	}
	if ae.Message != "" {
		msg = ae.Message
	}
	status = res.Status
	if ae.Status != 0 {
		status = ae.Status
	}
	return res.Code, status, msg
}

// answerError renders the error envelope with the status the action's table
// documents for the code.
func (s *Server) answerError(w http.ResponseWriter, c *rpcCall, err error) {
	code, status, msg := s.resolve(c, err)
	out := api.M{"RequestId": c.requestID, "HostId": s.hostID(c), "Code": code, "Message": msg,
		"Recommend": "https://api.aliyun.com/troubleshoot?q=" + code + "&product=" + productName(c)}
	if c.product != nil && c.product.Envelope == "ecr" {
		out["Success"] = false
		out["HttpStatusCode"] = status
		out["DynamicCode"] = code
		out["DynamicMessage"] = msg
		// null, not "": the Go SDK (v1.63.107 errors.NewServerError) asserts
		// a non-null AccessDeniedDetail to an object and panics on a string.
		out["AccessDeniedDetail"] = nil
	}
	s.writeRecord(w, c, status, code, out)
}

func productName(c *rpcCall) string {
	if c.product != nil {
		return c.product.Name
	}
	return ""
}

func (s *Server) hostID(c *rpcCall) string {
	if c.product == nil {
		return "ecmock"
	}
	switch c.product.Name {
	case "Vpc":
		return "vpc.aliyuncs.com"
	case "Cbn":
		return "cbn.aliyuncs.com"
	default:
		return "expressconnectrouter.aliyuncs.com"
	}
}

// Content-Type values, shared by every answer (capacity = length: an Add
// on them copies).
var (
	ctJSON = []string{"application/json;charset=utf-8"}[:1:1]
	ctXML  = []string{"text/xml;charset=utf-8"}[:1:1]
)

func (s *Server) write(w http.ResponseWriter, c *rpcCall, status int, out api.M) {
	var body []byte
	h := w.Header()
	if c.xml {
		root := "Error"
		if status == http.StatusOK {
			root = c.actionNm + "Response"
		}
		body = renderXML(root, out)
		h["Content-Type"] = ctXML
	} else {
		var release func()
		body, release = renderJSONPooled(out)
		defer release() // after the body is written
		h["Content-Type"] = ctJSON
	}
	h["X-Acs-Request-Id"] = []string{c.requestID}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	switch c.network {
	case "truncate":
		writeTruncated(w, body)
	case "slow":
		writeSlow(w, c, body, s.abort)
	default:
		_, _ = w.Write(body)
	}
}

// writeTruncated sends half the body (after headers announcing all of it)
// and closes the connection.
func writeTruncated(w http.ResponseWriter, body []byte) {
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// writeSlow dribbles the body out in small chunks with wall-clock pauses
// (the point is the client's read timeout), stopping when the client goes.
// When abort closes (a shutdown's grace ran out) the rest leaves at once.
func writeSlow(w http.ResponseWriter, c *rpcCall, body []byte, abort <-chan struct{}) {
	chunk, pause := chaos.DefaultChunk, chaos.DefaultPause
	if c.fault != nil && c.fault.Chunk > 0 {
		chunk, pause = c.fault.Chunk, c.fault.Pause
	}
	ctx := c.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	f, _ := w.(http.Flusher)
	for len(body) > 0 {
		n := min(chunk, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		if f != nil && n < len(body) {
			f.Flush()
		}
		body = body[n:]
		if len(body) == 0 {
			return // the last piece leaves when the handler ends, after the journal
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		case <-abort:
			t.Stop()
			_, _ = w.Write(body)
			return
		}
	}
}

// networkFault applies a network effect. reset and drop take the connection
// over and end the call; truncate and slow need a body and are applied later
// (it returns false for them).
func (s *Server) networkFault(w http.ResponseWriter, c *rpcCall, kind string, taken func()) bool {
	switch kind {
	case "reset", "drop":
		hj, ok := w.(http.Hijacker)
		if !ok {
			return false
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			return false
		}
		if tc, ok := conn.(*net.TCPConn); ok && kind == "reset" {
			_ = tc.SetLinger(0) // RST instead of FIN
		}
		taken() // journal before the client can see the break
		_ = conn.Close()
		return true
	}
	return false
}

// writeJSONError answers a control API error.
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
