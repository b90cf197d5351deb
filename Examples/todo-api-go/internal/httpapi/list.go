package httpapi

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// listSpec describes what a collection endpoint lets clients sort by and
// select. Everything else in the query is the resource's own filters.
type listSpec struct {
	sortable     []string
	defaultSort  string
	defaultOrder map[string]string // per sort field; "asc" when absent
	fields       []string
}

// listParams are the validated paging, sorting and projection parameters.
type listParams struct {
	Page   int
	Limit  int
	Sort   string
	Desc   bool
	Fields []string // nil means every field
}

// Offset is the number of rows before the first row of the page.
// Any page number is valid (a page past the end is empty), so the product
// saturates instead of overflowing into a negative offset.
func (p listParams) Offset() int {
	if p.Page-1 > math.MaxInt/p.Limit {
		return math.MaxInt
	}
	return (p.Page - 1) * p.Limit
}

// parseListParams validates page, limit, sort, order and fields, reporting
// problems to v under the parameter's name.
func parseListParams(query url.Values, spec listSpec, v *validator) listParams {
	p := listParams{Page: 1, Limit: defaultPageSize, Sort: spec.defaultSort}

	if query.Has("page") {
		n, err := strconv.Atoi(query.Get("page"))
		switch {
		case err != nil:
			v.add("page", "must be a whole number")
		case n < 1:
			v.add("page", "must be at least 1")
		default:
			p.Page = n
		}
	}
	if query.Has("limit") {
		n, err := strconv.Atoi(query.Get("limit"))
		switch {
		case err != nil:
			v.add("limit", "must be a whole number")
		case n < 1:
			v.add("limit", "must be at least 1")
		default:
			// Clamping instead of rejecting keeps clients that ask for
			// "everything" working while bounding the work per request.
			p.Limit = min(n, maxPageSize)
		}
	}
	if query.Has("sort") {
		p.Sort = query.Get("sort")
		v.check(slices.Contains(spec.sortable, p.Sort), "sort", "must be one of "+strings.Join(spec.sortable, ", "))
	}
	order := spec.defaultOrder[p.Sort]
	if query.Has("order") {
		order = query.Get("order")
		v.check(order == "asc" || order == "desc", "order", "must be asc or desc")
	}
	p.Desc = order == "desc"

	if query.Has("fields") {
		p.Fields = []string{"id"}
		for _, name := range strings.Split(query.Get("fields"), ",") {
			name = strings.TrimSpace(name)
			if !slices.Contains(spec.fields, name) {
				v.add("fields", "unknown field "+strconv.Quote(name)+"; allowed: "+strings.Join(spec.fields, ", "))
				continue
			}
			if !slices.Contains(p.Fields, name) {
				p.Fields = append(p.Fields, name)
			}
		}
	}
	return p
}

// project keeps only the requested fields of an item; nil fields keeps all.
func project(item map[string]any, fields []string) map[string]any {
	if fields == nil {
		return item
	}
	projected := make(map[string]any, len(fields))
	for _, name := range fields {
		projected[name] = item[name]
	}
	return projected
}

type listMeta struct {
	Page       int `json:"page"`
	Limit      int `json:"limit"`
	Total      int `json:"total"`
	TotalPages int `json:"total_pages"`
}

// listLinks are relative URLs. Prev and Next are nil (JSON null) at the ends.
type listLinks struct {
	Self  string  `json:"self"`
	First string  `json:"first"`
	Prev  *string `json:"prev"`
	Next  *string `json:"next"`
	Last  string  `json:"last"`
}

type listResponse struct {
	Data  []map[string]any `json:"data"`
	Meta  listMeta         `json:"meta"`
	Links listLinks        `json:"links"`
}

func newListMeta(p listParams, total int) listMeta {
	return listMeta{Page: p.Page, Limit: p.Limit, Total: total, TotalPages: (total + p.Limit - 1) / p.Limit}
}

// buildLinks keeps every parameter of the request except page and limit,
// which it sets for each link, so following a link keeps filters and sort.
func buildLinks(path string, query url.Values, meta listMeta) listLinks {
	rest := url.Values{}
	for key, values := range query {
		if key != "page" && key != "limit" {
			rest[key] = values
		}
	}
	link := func(page int) string {
		s := path + "?page=" + strconv.Itoa(page) + "&limit=" + strconv.Itoa(meta.Limit)
		if len(rest) > 0 {
			s += "&" + rest.Encode()
		}
		return s
	}

	lastPage := max(meta.TotalPages, 1)
	links := listLinks{Self: link(meta.Page), First: link(1), Last: link(lastPage)}
	if meta.Page > 1 {
		// A page past the end points back to the last real page.
		prev := link(min(meta.Page-1, lastPage))
		links.Prev = &prev
	}
	if meta.Page < meta.TotalPages {
		next := link(meta.Page + 1)
		links.Next = &next
	}
	return links
}
