package httpapi

import (
	"net/url"
	"slices"
	"testing"
)

var testSpec = listSpec{
	sortable:     []string{"created_at", "title"},
	defaultSort:  "created_at",
	defaultOrder: map[string]string{"created_at": "desc"},
	fields:       []string{"id", "title", "created_at"},
}

func parse(t *testing.T, rawQuery string) (listParams, []fieldError) {
	t.Helper()
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		t.Fatal(err)
	}
	var v validator
	return parseListParams(query, testSpec, &v), v.problems
}

func TestParseListParamsDefaults(t *testing.T) {
	t.Parallel()
	p, problems := parse(t, "")
	if len(problems) != 0 || p.Page != 1 || p.Limit != 20 || p.Sort != "created_at" || !p.Desc || p.Fields != nil || p.Offset() != 0 {
		t.Errorf("defaults: %+v %v", p, problems)
	}
	p, _ = parse(t, "sort=title")
	if p.Desc {
		t.Error("title should sort ascending by default")
	}
}

func TestOffsetOfAHugePageDoesNotOverflow(t *testing.T) {
	t.Parallel()
	p, problems := parse(t, "page=9223372036854775807&limit=100")
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if p.Offset() < 0 {
		t.Errorf("offset %d: a huge page must stay a valid (empty) page", p.Offset())
	}
}

func TestParseListParamsValues(t *testing.T) {
	t.Parallel()
	p, problems := parse(t, "page=3&limit=500&sort=title&order=desc&fields=title,title")
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if p.Page != 3 || p.Limit != 100 || p.Offset() != 200 || p.Sort != "title" || !p.Desc {
		t.Errorf("parsed %+v", p)
	}
	if !slices.Equal(p.Fields, []string{"id", "title"}) {
		t.Errorf("fields %v: id must come first and duplicates go", p.Fields)
	}
}

func TestParseListParamsRejects(t *testing.T) {
	t.Parallel()
	for query, field := range map[string]string{
		"page=0":        "page",
		"page=-1":       "page",
		"page=one":      "page",
		"page=":         "page",
		"limit=0":       "limit",
		"limit=1.5":     "limit",
		"sort=password": "sort",
		"sort=":         "sort",
		"order=random":  "order",
		"fields=secret": "fields",
		"fields=":       "fields",
	} {
		_, problems := parse(t, query)
		if len(problems) != 1 || problems[0].Field != field {
			t.Errorf("%s: problems %v, want one naming %s", query, problems, field)
		}
	}
}

func TestBuildLinks(t *testing.T) {
	t.Parallel()
	query := url.Values{"page": {"2"}, "limit": {"10"}, "q": {"milk & eggs"}, "sort": {"title"}}
	links := buildLinks("/api/v1/todos", query, listMeta{Page: 2, Limit: 10, Total: 25, TotalPages: 3})
	want := listLinks{
		Self:  "/api/v1/todos?page=2&limit=10&q=milk+%26+eggs&sort=title",
		First: "/api/v1/todos?page=1&limit=10&q=milk+%26+eggs&sort=title",
		Last:  "/api/v1/todos?page=3&limit=10&q=milk+%26+eggs&sort=title",
	}
	if links.Self != want.Self || links.First != want.First || links.Last != want.Last {
		t.Errorf("links %+v\nwant  %+v", links, want)
	}
	if links.Prev == nil || *links.Prev != "/api/v1/todos?page=1&limit=10&q=milk+%26+eggs&sort=title" {
		t.Errorf("prev %v", links.Prev)
	}
	if links.Next == nil || *links.Next != "/api/v1/todos?page=3&limit=10&q=milk+%26+eggs&sort=title" {
		t.Errorf("next %v", links.Next)
	}
}

func TestBuildLinksAtTheEnds(t *testing.T) {
	t.Parallel()
	only := buildLinks("/x", url.Values{}, newListMeta(listParams{Page: 1, Limit: 20}, 5))
	if only.Prev != nil || only.Next != nil || only.Last != "/x?page=1&limit=20" {
		t.Errorf("single page: %+v", only)
	}
	empty := buildLinks("/x", url.Values{}, newListMeta(listParams{Page: 1, Limit: 20}, 0))
	if empty.Last != "/x?page=1&limit=20" || empty.Next != nil {
		t.Errorf("empty collection: %+v", empty)
	}
	past := buildLinks("/x", url.Values{}, newListMeta(listParams{Page: 9, Limit: 20}, 45))
	if past.Next != nil || past.Prev == nil || *past.Prev != "/x?page=3&limit=20" {
		t.Errorf("past the end: %+v", past)
	}
}

func TestNewListMeta(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ total, limit, pages int }{{0, 20, 0}, {1, 20, 1}, {20, 20, 1}, {21, 20, 2}, {57, 20, 3}} {
		if got := newListMeta(listParams{Page: 1, Limit: tc.limit}, tc.total).TotalPages; got != tc.pages {
			t.Errorf("total %d limit %d: %d pages, want %d", tc.total, tc.limit, got, tc.pages)
		}
	}
}

func TestProject(t *testing.T) {
	t.Parallel()
	item := map[string]any{"id": 1, "title": "t", "created_at": "now"}
	if got := project(item, nil); len(got) != 3 {
		t.Errorf("nil fields must keep everything: %v", got)
	}
	if got := project(item, []string{"id", "title"}); len(got) != 2 || got["title"] != "t" {
		t.Errorf("projection %v", got)
	}
}
