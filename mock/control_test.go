package mock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

func ctl(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	r, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s %s answered non-JSON %q", method, url, b)
	}
	return res.StatusCode, m
}

func TestControlAPI(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	base := srv.URL() + "/_ecmock"
	if st, m := ctl(t, "GET", base+"/health", "", ""); st != 200 || m["status"] != "ok" {
		t.Fatalf("health: got %d %v", st, m)
	}
	st, m := ctl(t, "POST", srv.URL()+"/?Action=CreatePhysicalConnection&Version=2016-04-28&RegionId=cn-hangzhou&AccessPointId=ap-cn-hangzhou-a&LineOperator=CT&PeerLocation=here", "", "")
	id, _ := m["PhysicalConnectionId"].(string)
	if st != 200 || id == "" {
		t.Fatalf("create: got %d %v", st, m)
	}
	if st, m := ctl(t, "POST", base+"/resources/"+id+"/status", "", `{"status":"Allocated"}`); st != 200 || m["status"] != "Allocated" {
		t.Fatalf("force status: got %d %v", st, m)
	}
	if r, _ := srv.Resource(id); r.Status != "Allocated" {
		t.Fatalf("got %s; want Allocated", r.Status)
	}
	if st, _ := ctl(t, "POST", base+"/resources/pc-nope/status", "", `{"status":"Allocated"}`); st != 404 {
		t.Fatalf("unknown resource: got %d; want 404", st)
	}
	before := srv.Now()
	if st, m := ctl(t, "POST", base+"/clock/advance", "", `{"by":"72h"}`); st != 200 || m["kind"] != "manual" {
		t.Fatalf("advance: got %d %v", st, m)
	}
	if d := srv.Now().Sub(before); d.Hours() != 72 {
		t.Fatalf("clock moved %v; want 72h", d)
	}
	if st, _ := ctl(t, "POST", base+"/clock/advance", "", `{"by":"soon"}`); st != 400 {
		t.Fatalf("bad duration: got %d; want 400", st)
	}
	st, m = ctl(t, "GET", base+"/journal?action=CreatePhysicalConnection&limit=5", "", "")
	if entries, _ := m["entries"].([]any); st != 200 || len(entries) != 1 {
		t.Fatalf("journal: got %d %v; want one entry", st, m)
	}
	_, state := ctl(t, "GET", base+"/state", "", "")
	raw, _ := json.Marshal(state)
	if st, _ := ctl(t, "POST", base+"/reset", "", ""); st != 200 {
		t.Fatalf("reset: got %d", st)
	}
	if _, ok := srv.Resource(id); ok || !srv.Now().Equal(before) {
		t.Fatal("reset kept the resource or the clock")
	}
	if st, m := ctl(t, "PUT", base+"/state", "", string(raw)); st != 200 || m["resources"].(float64) != 1 {
		t.Fatalf("import: got %d %v", st, m)
	}
	if r, ok := srv.Resource(id); !ok || r.Status != "Allocated" {
		t.Fatalf("after import got %+v; want the Allocated connection back", r)
	}
	if st, _ := ctl(t, "GET", base+"/nope", "", ""); st != 404 {
		t.Fatalf("unknown endpoint: got %d; want 404", st)
	}
}

func TestControlAPIToken(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", AdminToken: "s3cret"})
	if st, m := ctl(t, "GET", srv.URL()+"/_ecmock/health", "", ""); st != 401 || m["error"] == nil {
		t.Fatalf("no token: got %d %v; want 401 with an error", st, m)
	}
	if st, _ := ctl(t, "GET", srv.URL()+"/_ecmock/health", "wrong", ""); st != 401 {
		t.Fatalf("wrong token: got %d; want 401", st)
	}
	if st, _ := ctl(t, "GET", srv.URL()+"/_ecmock/health", "s3cret", ""); st != 200 {
		t.Fatalf("right token: got %d; want 200", st)
	}
}

func TestAccountFlagsAndQuotasReset(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Accounts: []mock.Account{
		{UID: "1", AccessKeyID: "k1", AccessKeySecret: "s1", Flags: map[string]bool{"internationalSite": true}},
		{UID: "2", AccessKeyID: "k2", AccessKeySecret: "s2"},
	}})
	if err := srv.SetFlag("2", "vpconnDenied", true); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetQuota("k1", "EcrCountPerUser", 1); err != nil {
		t.Fatal(err)
	}
	if a, b := srv.AccountA(), srv.AccountB(); !a.Flags["internationalSite"] || !b.Flags["vpconnDenied"] || a.Quotas["EcrCountPerUser"] != 1 {
		t.Fatalf("got %+v / %+v; want the flags and quota set", a, b)
	}
	srv.Reset()
	if a, b := srv.AccountA(), srv.AccountB(); !a.Flags["internationalSite"] || b.Flags["vpconnDenied"] || a.Quotas["EcrCountPerUser"] != 0 {
		t.Fatalf("after reset got %+v / %+v; want the configured accounts back", a, b)
	}
}
