package mock_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func TestAccountsAPILifecycle(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{Timing: "instant"})
	base := srv.URL() + "/_ecmock/accounts"
	st, m := ctl(t, "POST", base, "", `{"quotas":{"PhysicalConnectionsNotEnabled":1},"flags":{"vpconnDenied":true}}`)
	uid, _ := m["uid"].(string)
	key, _ := m["accessKeyId"].(string)
	secret, _ := m["accessKeySecret"].(string)
	if st != 201 || uid == "" || !strings.HasPrefix(key, "LTAI") || len(secret) < 20 {
		t.Fatalf("create: got %d %v; want 201 with generated credentials", st, m)
	}
	// The new account signs calls at once, with its quota in force.
	acct := mock.Account{UID: uid, AccessKeyID: key, AccessKeySecret: secret}
	c := sdktest.VPC(t, srv, acct)
	res, err := c.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "create with the new account", err)
	if _, err := c.CreatePhysicalConnection(sdktest.PCRequest()); err == nil {
		t.Fatal("second connection: want QuotaExceeded (quota 1)")
	}
	addFault(t, srv, `{name: mine, match: {account: "`+uid+`", action: DescribeVirtualBorderRouters}, do: {error: Throttling}}`)
	addFault(t, srv, `{name: theirs, match: {account: LTAIecmockAccountA, action: DescribeVirtualBorderRouters}, do: {error: Throttling}}`)

	if st, m := ctl(t, "GET", base, "", ""); st != 200 || strings.Contains(stringOf(m), secret) || !strings.Contains(stringOf(m), uid) {
		t.Fatalf("list: got %d %v; want the account listed without its secret", st, m)
	}
	if st, m := ctl(t, "GET", base+"/"+uid, "", ""); st != 200 || m["accessKeyId"] != key || m["accessKeySecret"] != nil {
		t.Fatalf("get: got %d %v", st, m)
	}
	// Reset keeps the account (not its resources).
	srv.Reset()
	if _, ok := srv.Account(uid); !ok {
		t.Fatal("reset removed an account created through the API")
	}
	res, err = c.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "create after reset", err)
	addFault(t, srv, `{name: mine, match: {account: "`+uid+`", action: DescribeVirtualBorderRouters}, do: {error: Throttling}}`)

	st, m = ctl(t, "DELETE", base+"/"+uid, "", "")
	if st != 200 || m["resources"] != float64(1) || stringOf(m["faults"]) != "[mine]" || m["journal"].(float64) < 1 {
		t.Fatalf("delete: got %d %v; want 1 resource, its journal entries and rule mine removed", st, m)
	}
	if _, ok := srv.Resource(res.PhysicalConnectionId); ok {
		t.Fatal("the account's connection outlived it")
	}
	for _, e := range srv.Journal("") {
		if e.Account == uid {
			t.Fatalf("journal entry %+v of the deleted account kept", e)
		}
	}
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	if _, err := c.DescribePhysicalConnections(req); err == nil {
		t.Fatal("the deleted account's key still signs")
	}
	if st, _ := ctl(t, "GET", base+"/"+uid, "", ""); st != 404 {
		t.Fatalf("get deleted: %d; want 404", st)
	}
	if st, _ := ctl(t, "DELETE", base+"/"+uid, "", ""); st != 404 {
		t.Fatalf("delete again: %d; want 404", st)
	}
}

func stringOf(v any) string { return fmtAny(v) }

func TestAccountsAPIRefusesBadInput(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	base := srv.URL() + "/_ecmock/accounts"
	for _, tc := range []struct{ body, field, mention string }{
		{`{"quotas":{"Bananas":1}}`, "quotas.Bananas", "PhysicalConnectionsNotEnabled"},
		{`{"flags":{"bananas":true}}`, "flags.bananas", "vpconnDenied"},
		{`{"quotas":{"PhysicalConnectionsNotEnabled":-1}}`, "quotas.PhysicalConnectionsNotEnabled", "between"},
		{`{"quotas":{"PhysicalConnectionsNotEnabled":1e30}}`, "quotas", "number"},
		{`{"uid":"abc"}`, "uid", "numeric"},
		{`{"uid":"99999999999999999999"}`, "uid", ""},
		{`{"accessKeyId":"a b"}`, "accessKeyId", ""},
		{`{"accessKeySecret":"short"}`, "accessKeySecret", ""},
		{`{"whitelisted":"yes"}`, "whitelisted", ""},
		{`{"tenant":"x"}`, "tenant", "unknown field"},
	} {
		st, m := ctl(t, "POST", base, "", tc.body)
		if st != 400 || m["field"] != tc.field || !strings.Contains(stringOf(m["error"]), tc.mention) {
			t.Errorf("%s: got %d %v; want 400 on %s mentioning %q", tc.body, st, m, tc.field, tc.mention)
		}
	}
	if st, m := ctl(t, "POST", base, "", `{"accessKeyId":"LTAIecmockAccountA"}`); st != 409 {
		t.Fatalf("taken key: got %d %v; want 409", st, m)
	}
	if st, m := ctl(t, "POST", base, "", `{"uid":"1000000000000001"}`); st != 409 {
		t.Fatalf("taken uid: got %d %v; want 409", st, m)
	}
}

func TestAccountsGoAPI(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	a, err := srv.CreateAccount(mock.NewAccount{UID: "1234567890123456", Flags: map[string]bool{"internationalSite": true}})
	if err != nil || a.UID != "1234567890123456" || a.AccessKeySecret == "" || !a.Flags["internationalSite"] {
		t.Fatalf("CreateAccount: %+v %v", a, err)
	}
	if _, err := srv.CreateAccount(mock.NewAccount{Quotas: map[string]int{"Nope": 1}}); err == nil || !strings.Contains(err.Error(), "known:") {
		t.Fatalf("unknown quota: %v; want a refusal listing the known quotas", err)
	}
	if err := srv.DeleteAccount(a.UID); err != nil {
		t.Fatal(err)
	}
	if err := srv.DeleteAccount(a.UID); err == nil {
		t.Fatal("second delete: want an error")
	}
}

func fmtAny(v any) string { return fmt.Sprint(v) }
