package mock_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// A state of several MiB (5,000 connections) exports and imports whole: the
// import is no longer bound by the 1 MiB of API bodies.
func TestStateExportImportBeyondOneMiB(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	owner := srv.AccountA().UID
	var b strings.Builder
	b.WriteString(`{"resources":[`)
	for i := 0; i < 5000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"pc-big%015d","type":"PhysicalConnection","owner":%q,"region":"cn-hangzhou","status":"Enabled","attrs":{"Name":"%s","Description":"%s"}}`,
			i, owner, strings.Repeat("n", 100), strings.Repeat("d", 200))
	}
	b.WriteString(`]}`)
	if b.Len() < 1<<20 {
		t.Fatalf("the document is %d bytes; the test wants more than 1 MiB", b.Len())
	}
	st, m := ctl(t, "PUT", srv.URL()+"/_ecmock/state", "", b.String())
	if st != 200 || m["resources"] != float64(5000) {
		t.Fatalf("PUT %d bytes of state: %d %v; want 200 and 5000 resources", b.Len(), st, m)
	}
	res, err := http.Get(srv.URL() + "/_ecmock/state")
	if err != nil {
		t.Fatal(err)
	}
	exported, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || strings.Count(string(exported), `"type":"PhysicalConnection"`) != 5000 {
		t.Fatalf("GET state: %d, %d bytes, %d connections; want the 5000", res.StatusCode, len(exported), strings.Count(string(exported), `"type":"PhysicalConnection"`))
	}
	// What GET exports, PUT takes back unchanged.
	if st, m := ctl(t, "PUT", srv.URL()+"/_ecmock/state", "", string(exported)); st != 200 || m["resources"] != float64(5000) {
		t.Fatalf("re-import of the export: %d %v", st, m)
	}
	if r, ok := srv.Resource("pc-big000000000004999"); !ok || r.Status != "Enabled" {
		t.Fatalf("pc-big000000000004999 after the round trip: %+v %v", r, ok)
	}
}

// A body that is not one JSON object is refused, whatever its size.
func TestStatePutRefusesWhatIsNotOneObject(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	for _, body := range []string{``, `   `, `[]`, `{"resources":[]} {"resources":[]}`, `{"resources":[`} {
		if st, m := ctl(t, "PUT", srv.URL()+"/_ecmock/state", "", body); st != 400 || m["error"] == "" {
			t.Errorf("PUT state %q: %d %v; want 400 with an error", body, st, m)
		}
	}
}

// After an import that drops a resource, a retried create with the
// ClientToken that made it creates anew instead of answering an ID that no
// longer exists.
func TestStatePutForgetsTokensOfResourcesThatAreGone(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	create := srv.URL() + "/?Action=CreatePhysicalConnection&Version=2016-04-28&RegionId=cn-hangzhou&AccessPointId=ap-cn-hangzhou-a&LineOperator=CT&PeerLocation=here&ClientToken=tok-1"
	_, m := ctl(t, "POST", create, "", "")
	first, _ := m["PhysicalConnectionId"].(string)
	if _, m := ctl(t, "POST", create, "", ""); m["PhysicalConnectionId"] != first || first == "" {
		t.Fatalf("a retry before the import answered %v; want %s", m["PhysicalConnectionId"], first)
	}
	if st, m := ctl(t, "PUT", srv.URL()+"/_ecmock/state", "", `{"resources":[]}`); st != 200 {
		t.Fatalf("PUT empty state: %d %v", st, m)
	}
	_, m = ctl(t, "POST", create, "", "")
	second, _ := m["PhysicalConnectionId"].(string)
	if second == "" || second == first {
		t.Fatalf("a retry after the import answered %q; want a new connection, not %s which is gone", second, first)
	}
	if _, ok := srv.Resource(second); !ok {
		t.Fatalf("the retry answered %s, which does not exist", second)
	}
}
