package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestControlPanicAnswers500WithMessage(t *testing.T) {
	s, err := New(Options{Auth: "open", Clock: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	h := s.recoverControl(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/_ecmock/state", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "boom") {
		t.Fatalf("got %d %q; want 500 with the panic's message", rec.Code, rec.Body.String())
	}
}

func TestDecodeJSONNamesTheField(t *testing.T) {
	var v struct {
		By    string `json:"by"`
		Inner struct {
			N int `json:"n"`
		} `json:"inner"`
	}
	for _, tc := range []struct{ body, field string }{
		{`{"by":5}`, "by"},
		{`{"inner":{"n":"x"}}`, "inner.n"},
		{`{"inner":{"n":1e400}}`, "inner.n"},
		{`{"zz":1}`, "zz"},
		{`[]`, ""},
		{`null`, ""},
		{`{"by":"a"} {"by":"b"}`, ""},
	} {
		err := decodeJSON([]byte(tc.body), &v)
		if err == nil {
			t.Errorf("%s: accepted", tc.body)
			continue
		}
		if fe, ok := err.(*FieldError); ok && fe.Field != tc.field {
			t.Errorf("%s: field %q; want %q", tc.body, fe.Field, tc.field)
		}
	}
}
