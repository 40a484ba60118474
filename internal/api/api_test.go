package api

import (
	"strings"
	"testing"

	"github.com/ecmock/ecmock/internal/store"
)

func res(id, status, name string) *store.Resource {
	return &store.Resource{ID: id, Status: status, Attrs: map[string]any{"Name": name}}
}

var keys = FilterKeys{
	"Status": func(r *store.Resource) string { return r.Status },
	"Name":   func(r *store.Resource) string { return r.Str("Name") },
}

func ids(rs []*store.Resource) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return strings.Join(out, ",")
}

func TestFilters(t *testing.T) {
	items := []*store.Resource{res("a", "Enabled", "x"), res("b", "Initial", "x"), res("c", "Enabled", "y")}
	cases := []struct {
		name    string
		params  Params
		want    string
		wantErr string
	}{
		{"none", Params{}, "a,b,c", ""},
		{"or within a key", Params{"Filter.1.Key": "Status", "Filter.1.Value.1": "Initial", "Filter.1.Value.2": "Enabled"}, "a,b,c", ""},
		{"and across keys", Params{"Filter.1.Key": "Status", "Filter.1.Value.1": "Enabled", "Filter.2.Key": "Name", "Filter.2.Value.1": "x"}, "a", ""},
		{"no match", Params{"Filter.1.Key": "Name", "Filter.1.Value.1": "z"}, "", ""},
		{"unknown key", Params{"Filter.1.Key": "Color", "Filter.1.Value.1": "red"}, "", "InvalidFilterKey.ValueNotSupported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MatchFilters(tc.params.Filters(), keys, items)
			if tc.wantErr != "" {
				if e, ok := err.(*Error); !ok || e.Code != tc.wantErr {
					t.Fatalf("got %v; want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || ids(got) != tc.want {
				t.Fatalf("got %q, %v; want %q", ids(got), err, tc.want)
			}
		})
	}
}

func TestPaginate(t *testing.T) {
	var items []*store.Resource
	for i := 0; i < 23; i++ {
		items = append(items, res(string(rune('a'+i)), "", ""))
	}
	pg := Paginate(Params{}, items)
	if pg.PageNumber != 1 || pg.PageSize != 10 || pg.TotalCount != 23 || len(pg.Items) != 10 {
		t.Fatalf("default page: got %+v", pg)
	}
	pg = Paginate(Params{"PageNumber": "3", "PageSize": "10"}, items)
	if len(pg.Items) != 3 || pg.Items[0].ID != "u" {
		t.Fatalf("last page: got %d items starting %s", len(pg.Items), pg.Items[0].ID)
	}
	if pg = Paginate(Params{"PageNumber": "9"}, items); len(pg.Items) != 0 {
		t.Fatalf("past the end: got %d items; want 0", len(pg.Items))
	}
	if pg = Paginate(Params{"PageSize": "500"}, items); pg.PageSize != 50 {
		t.Fatalf("got page size %d; want the maximum 50", pg.PageSize)
	}
	tp, err := PaginateToken(Params{"MaxResults": "10"}, items, 20, 100, "IllegalParam.NextToken")
	if err != nil || len(tp.Items) != 10 || tp.NextToken == "" {
		t.Fatalf("first token page: got %+v %v", tp, err)
	}
	tp, err = PaginateToken(Params{"MaxResults": "10", "NextToken": tp.NextToken}, items, 20, 100, "x")
	if err != nil || tp.Items[0].ID != "k" {
		t.Fatalf("second token page: got %+v %v", tp, err)
	}
	if _, err := PaginateToken(Params{"NextToken": "bogus"}, items, 20, 100, "IllegalParam.NextToken"); err == nil || err.(*Error).Code != "IllegalParam.NextToken" {
		t.Fatalf("bad token: got %v", err)
	}
}

func TestFlattenedLists(t *testing.T) {
	p := Params{"VbrId.1": "a", "VbrId.2": "b", "VbrId.4": "gap", "Tag.2.Key": "k2", "Tag.1.Key": "k1", "Tag.1.Value": "v1", "Ids": `["x", "y"]`}
	if got := strings.Join(p.List("VbrId"), ","); got != "a,b,gap" {
		t.Fatalf("List: got %q; want a,b,gap (every index, in order)", got)
	}
	if got := strings.Join(p.List("Ids"), ","); got != "x,y" {
		t.Fatalf("JSON list: got %q", got)
	}
	tags := p.Tags("Tag")
	if len(tags) != 2 || tags[0] != (Tag{"k1", "v1"}) || tags[1].Key != "k2" {
		t.Fatalf("Tags: got %+v", tags)
	}
}
