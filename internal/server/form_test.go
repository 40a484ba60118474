package server

import (
	"net/url"
	"testing"
)

// FuzzParseForm holds the in-place form parser to url.ParseQuery: the same
// parameters (first value of each name) or both refusing.
func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"a=1&b=2", "a=1&a=2", "a=%zz", "a=%4", "+a+=%20b+", "a;b=1", "&&=&a", "Tag.1.Key=%E2%9C%93", "a=b=c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, werr := url.ParseQuery(s)
		got := map[string]string{}
		gerr := parseFormInto([]byte(s), got)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: ParseQuery error %v, parseFormInto error %v", s, werr, gerr)
		}
		if werr != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: got %v; want %v", s, got, want)
		}
		for k, v := range want {
			if got[k] != v[0] {
				t.Fatalf("%q: %s = %q; want %q", s, k, got[k], v[0])
			}
		}
	})
}
