package accounts

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBuiltinAndOpenAccounts(t *testing.T) {
	r, err := NewRegistry(nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := r.ByKey(BuiltinA.AccessKeyID); !ok || a.UID != BuiltinA.UID {
		t.Fatalf("got %+v; want built-in account A", a)
	}
	if _, ok := r.ByKey("LTAIstranger"); ok {
		t.Fatal("verify mode accepted an unknown key")
	}
	open, _ := NewRegistry(nil, true)
	a1, ok1 := open.ByKey("LTAIstranger")
	a2, _ := open.ByKey("LTAIstranger")
	if !ok1 || a1 != a2 || len(a1.UID) != 16 {
		t.Fatalf("open mode: got %+v; want one stable 16-digit account per key", a1)
	}
	if err := r.Update(BuiltinB.UID, func(a *Account) { a.Quotas["EcrCountPerUser"] = 1 }); err != nil {
		t.Fatal(err)
	}
	b, _ := r.ByUID(BuiltinB.UID)
	if got := r.Quota(b, "EcrCountPerUser", 5); got != 1 {
		t.Fatalf("quota: got %d; want the override 1", got)
	}
	r.Reset()
	b, _ = r.ByUID(BuiltinB.UID)
	if got := r.Quota(b, "EcrCountPerUser", 5); got != 5 {
		t.Fatalf("after reset: got %d; want the default 5", got)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("accounts:\n  - uid: \"1\"\n    accessKeyId: k\n    accessKeySecret: s\n    whitelisted: false\n    quotas: {EcrCountPerUser: 2}\n"), 0o600)
	list, err := LoadFile(good)
	if err != nil || len(list) != 1 || list[0].IsWhitelisted() || list[0].Quotas["EcrCountPerUser"] != 2 {
		t.Fatalf("got %+v, %v", list, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"accounts":[{"uid":"1","accessKeyId":"k","secret":"s"}]}`), 0o600)
	if _, err := LoadFile(bad); err == nil {
		t.Fatal("an unknown field was accepted")
	}
	if _, err := NewRegistry([]*Account{{UID: "1", AccessKeyID: "k"}}, false); err == nil {
		t.Fatal("an account without secret was accepted in verify mode")
	}
}
