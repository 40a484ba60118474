package server

import (
	"bytes"
	"encoding/json"
	"github.com/ecmock/ecmock/internal/api"
	"net/url"
	"reflect"
	"testing"
)

// TestRenderJSONMatchesEncodingJSON holds the fast encoder to encoding/json's
// output (sorted keys, HTML left alone).
func TestRenderJSONMatchesEncodingJSON(t *testing.T) {
	type typed struct {
		A string `json:"A"`
		B int
	}
	cases := []map[string]any{
		{},
		{"b": 1, "a": "x", "c": true, "d": nil, "e": int64(-5), "f": 2.5, "g": int32(7)},
		{"s": "quote \" back \\ nl \n tab \t <tag> & é 中文 \u2028 \x01"},
		{"nested": map[string]any{"z": []any{1, "two", map[string]any{"k": []string{"a", "b"}}}, "y": map[string]string{"q": "<"}}},
		{"list": []map[string]any{{"Id": "pc-1"}, {"Id": "pc-2"}}, "nilList": []map[string]any(nil), "nilStrings": []string(nil), "empty": []any{}},
		{"typed": typed{A: "a", B: 2}, "typedList": []typed{{A: "x"}}, "float": 1e21, "bad": string([]byte{0xff, 'a'})},
	}
	for i, c := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
		got := renderJSON(c)
		if string(got) != string(bytes.TrimRight(want.Bytes(), "\n")) {
			t.Errorf("case %d:\ngot  %s\nwant %s", i, got, want.Bytes())
		}
	}
}

func BenchmarkRenderJSON(b *testing.B) {
	item := map[string]any{}
	for _, k := range []string{"AccessPointId", "AdLocation", "BusinessStatus", "ChargeType", "CircuitCode", "CreationTime", "Description", "LineOperator", "Name", "PeerLocation", "PhysicalConnectionId", "PortNumber", "PortType", "Spec", "Status", "Type"} {
		item[k] = "value-" + k
	}
	item["Bandwidth"] = int64(100)
	items := make([]any, 10)
	for i := range items {
		items[i] = item
	}
	v := map[string]any{"PhysicalConnectionSet": map[string]any{"PhysicalConnectionType": items}, "TotalCount": 10, "PageNumber": 1, "PageSize": 10, "RequestId": "6FABF516-FED3-5697-BDA2-B18C5D9A1234"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		renderJSON(v)
	}
}

func TestStringToSignV1Appended(t *testing.T) {
	params := map[string]string{"Action": "Describe", "Name": "a b*c~d/é&=%", "Tag.1.Key": "k", "Signature": "x", "Empty": ""}
	for _, m := range []string{"GET", "POST"} {
		if got, want := string(appendStringToSignV1(nil, m, params)), stringToSignV1(m, params); got != want {
			t.Errorf("%s:\n got %s\nwant %s", m, got, want)
		}
	}
}

func TestParseFormAsParseQuery(t *testing.T) {
	for _, text := range []string{"", "a=1", "a=1&a=2&b=%20x+y", "&&a=&=v&k", "x=%zz", "a=1;b=2", "Tag.1.Key=%E4%BD%A0&Name=a%26b"} {
		got := map[string]string{"pre": "kept", "a": "old"}
		ok := parseForm(got, text)
		q, err := url.ParseQuery(text)
		want := map[string]string{"pre": "kept", "a": "old"}
		for k, v := range q {
			want[k] = v[0]
		}
		if ok != (err == nil) || (ok && !reflect.DeepEqual(got, want)) {
			t.Errorf("%q: got %v %v; want %v %v", text, got, ok, want, err)
		}
	}
}

func TestFieldsRenderLikeMaps(t *testing.T) {
	m := api.M{"b": "x<y", "a": int64(3), "c": api.M{"tags": []any{}}, "d": true}
	f := api.Fields{}.Add("d", true).Add("b", "x<y").Add("c", api.M{"tags": []any{}}).Add("a", int64(3)).Sorted()
	wrap := func(v any) api.M { return api.M{"Set": api.M{"Item": []any{v, v}}} }
	if got, want := string(renderJSON(wrap(&f))), string(renderJSON(wrap(m))); got != want {
		t.Errorf("JSON: got %s; want %s", got, want)
	}
	if got, want := string(renderXML("R", wrap(&f))), string(renderXML("R", wrap(m))); got != want {
		t.Errorf("XML: got %s; want %s", got, want)
	}
}
