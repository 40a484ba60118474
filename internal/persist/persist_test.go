package persist

import (
	"os"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/internal/store"
)

func TestCommitAndReopen(t *testing.T) {
	dir := t.TempDir()
	d, saved, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Resources) != 0 || saved.Gen != nil {
		t.Fatalf("a new directory holds %+v", saved)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(d.Commit(&store.Changes{Resources: map[string][]byte{"a": []byte(`{"id":"a"}`), "b": []byte(`{"id":"b"}`)},
		Tokens: map[string][]byte{"k": []byte(`{"X":1}`)}, Notes: map[string][]byte{"n": []byte(`1`)},
		Parts: map[string][]byte{"clock": []byte(`{}`)}, Gen: store.Generator{Seed: 3, Draws: 40, Seq: 2, Epoch: 1}}))
	must(d.Commit(&store.Changes{Deleted: []string{"a"}, Tokens: map[string][]byte{"k": nil}, Gen: store.Generator{Seed: 3, Draws: 41, Seq: 2, Epoch: 1}}))
	must(d.MarkGen(store.Generator{Seed: 3, Draws: 99, Epoch: 1}))
	must(d.Close())

	d, saved, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Resources) != 1 || string(saved.Resources[0]) != `{"id":"b"}` || len(saved.Tokens) != 0 ||
		string(saved.Notes["n"]) != "1" || string(saved.Parts["clock"]) != "{}" {
		t.Fatalf("reopened: %+v", saved)
	}
	if saved.Gen == nil || saved.Gen.Draws != 41 || saved.GenMark == nil || saved.GenMark.Draws != 99 {
		t.Fatalf("generator: %+v mark %+v", saved.Gen, saved.GenMark)
	}
	must(d.Commit(&store.Changes{Wipe: true, Gen: store.Generator{Seed: 1, Epoch: 2}}))
	must(d.Close())
	_, saved, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Resources) != 0 || len(saved.Notes) != 0 || string(saved.Parts["clock"]) != "{}" {
		t.Fatalf("after a wipe: %+v (parts are kept: they are replaced, not wiped)", saved)
	}
}

func TestOpenRefusesAFileInPlaceOfTheDirectory(t *testing.T) {
	f := t.TempDir() + "/plain"
	if err := writeFile(f); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(f); err == nil || !strings.Contains(err.Error(), "state directory") {
		t.Fatalf("got %v", err)
	}
}

func writeFile(p string) error { return os.WriteFile(p, []byte("x"), 0o600) }
