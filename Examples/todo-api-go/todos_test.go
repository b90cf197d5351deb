package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func todoPath(todo map[string]any) string {
	return fmt.Sprintf("/api/v1/todos/%d", int64(todo["id"].(float64)))
}

func TestTodoLifecycle(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	c := newClient(t, server).withToken(registerUser(t, server, "lifecycle").accessToken)

	r := c.do("POST", "/api/v1/todos", map[string]any{
		"title": "  Buy milk  ", "id": 424242, "user_id": 1, "created_at": "2000-01-01T00:00:00Z", "unknown": true,
	}).expect(t, http.StatusCreated)
	todo := r.json(t)
	if r.header.Get("Location") != todoPath(todo) {
		t.Errorf("Location %q, want %q", r.header.Get("Location"), todoPath(todo))
	}
	if todo["title"] != "Buy milk" || todo["completed"] != false || todo["priority"] != "medium" ||
		todo["description"] != nil || todo["due_date"] != nil {
		t.Errorf("created todo %v: title not trimmed or defaults wrong", todo)
	}
	if todo["id"] == float64(424242) || strings.HasPrefix(todo["created_at"].(string), "2000") {
		t.Errorf("mass assignment applied: %v", todo)
	}
	path := todoPath(todo)

	first := c.do("GET", path, nil).expect(t, http.StatusOK)
	etag := first.header.Get("ETag")
	if first.header.Get("X-Cache") != "MISS" || !strings.HasPrefix(etag, `"`) {
		t.Errorf("first read: X-Cache %q, ETag %q", first.header.Get("X-Cache"), etag)
	}
	second := c.do("GET", path, nil).expect(t, http.StatusOK)
	if second.header.Get("X-Cache") != "HIT" || second.header.Get("ETag") != etag || string(second.body) != string(first.body) {
		t.Errorf("second read: X-Cache %q, ETag %q", second.header.Get("X-Cache"), second.header.Get("ETag"))
	}
	notModified := c.do("GET", path, nil, "If-None-Match", etag).expect(t, http.StatusNotModified)
	if len(notModified.body) != 0 {
		t.Error("304 with a body")
	}

	c.do("PATCH", path, map[string]any{"completed": true}, "If-Match", `"stale"`).
		expectError(t, http.StatusPreconditionFailed, "PRECONDITION_FAILED")
	// An invalid body is a 422 even with a stale If-Match.
	c.do("PATCH", path, map[string]any{"title": ""}, "If-Match", `"stale"`).
		expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "title")
	patched := c.do("PATCH", path, map[string]any{"completed": true, "description": "2 litres", "due_date": "2030-01-31"}, "If-Match", etag).
		expect(t, http.StatusOK).json(t)
	if patched["completed"] != true || patched["description"] != "2 litres" || patched["title"] != "Buy milk" || patched["due_date"] != "2030-01-31" {
		t.Errorf("patched todo %v", patched)
	}

	// The write invalidated the cache: the next read is fresh.
	afterPatch := c.do("GET", path, nil).expect(t, http.StatusOK)
	if afterPatch.header.Get("X-Cache") != "MISS" || afterPatch.json(t)["completed"] != true {
		t.Errorf("stale read after PATCH: %s %s", afterPatch.header.Get("X-Cache"), afterPatch.body)
	}
	c.do("GET", path, nil, "If-None-Match", etag).expect(t, http.StatusOK)

	cleared := c.do("PATCH", path, map[string]any{"description": nil, "due_date": nil}).expect(t, http.StatusOK).json(t)
	if cleared["description"] != nil || cleared["due_date"] != nil || cleared["completed"] != true {
		t.Errorf("null did not clear nullable fields: %v", cleared)
	}
	c.do("PATCH", path, map[string]any{"title": nil}).expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "title")
	c.do("PATCH", path, map[string]any{"completed": nil, "priority": nil}).
		expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "completed", "priority")

	replaced := c.do("PUT", path, map[string]any{"title": "Buy oat milk", "priority": "high"}).expect(t, http.StatusOK).json(t)
	if replaced["title"] != "Buy oat milk" || replaced["priority"] != "high" || replaced["completed"] != false || replaced["description"] != nil {
		t.Errorf("PUT did not reset omitted fields to defaults: %v", replaced)
	}
	if replaced["created_at"] != todo["created_at"] || replaced["updated_at"] == todo["updated_at"] {
		t.Errorf("timestamps after PUT: %v", replaced)
	}
	c.do("PUT", path, map[string]any{"priority": "low"}).expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "title")
	if got := c.do("GET", path, nil).json(t); got["title"] != "Buy oat milk" {
		t.Errorf("stale read after PUT: %v", got)
	}

	current := c.do("GET", path, nil).header.Get("ETag")
	c.do("DELETE", path, nil, "If-Match", `"stale"`).expectError(t, http.StatusPreconditionFailed, "PRECONDITION_FAILED")
	deleted := c.do("DELETE", path, nil, "If-Match", current).expect(t, http.StatusNoContent)
	if len(deleted.body) != 0 {
		t.Error("204 with a body")
	}
	c.do("GET", path, nil).expectError(t, http.StatusNotFound, "NOT_FOUND")
	c.do("DELETE", path, nil).expectError(t, http.StatusNotFound, "NOT_FOUND")
	c.do("GET", "/api/v1/todos/not-a-number", nil).expectError(t, http.StatusNotFound, "NOT_FOUND")
	c.do("GET", "/api/v1/todos/0", nil).expectError(t, http.StatusNotFound, "NOT_FOUND")
}

func TestTodoValidation(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	c := newClient(t, server).withToken(registerUser(t, server, "validation").accessToken)

	invalid := []struct {
		body   map[string]any
		fields []string
	}{
		{map[string]any{}, []string{"title"}},
		{map[string]any{"title": "   "}, []string{"title"}},
		{map[string]any{"title": strings.Repeat("t", 201)}, []string{"title"}},
		{map[string]any{"title": 7}, []string{"title"}},
		{map[string]any{"title": "ok", "description": strings.Repeat("d", 2001)}, []string{"description"}},
		{map[string]any{"title": "ok", "priority": "urgent"}, []string{"priority"}},
		{map[string]any{"title": "ok", "completed": "yes"}, []string{"completed"}},
		{map[string]any{"title": "ok", "due_date": "2030-02-30"}, []string{"due_date"}},
		{map[string]any{"title": "ok", "due_date": "31/01/2030"}, []string{"due_date"}},
		{map[string]any{"title": "", "priority": "x", "due_date": "soon"}, []string{"title", "priority", "due_date"}},
		// NUL is refused up front: PostgreSQL cannot store it.
		{map[string]any{"title": "\n\x00\n"}, []string{"title"}},
		{map[string]any{"title": "ok", "description": "a\x00b"}, []string{"description"}},
		// Only space, tab, CR and LF are trimmed, as in every stack: a
		// vertical tab counts towards the 200 characters.
		{map[string]any{"title": strings.Repeat("t", 200) + "\v"}, []string{"title"}},
	}
	for _, tc := range invalid {
		c.do("POST", "/api/v1/todos", tc.body).expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", tc.fields...)
	}

	// Boundaries are inclusive, counted in characters rather than bytes.
	long := c.do("POST", "/api/v1/todos", map[string]any{
		"title": strings.Repeat("é", 200), "description": strings.Repeat("ü", 2000), "priority": "low", "due_date": "2030-12-31", "completed": true,
	}).expect(t, http.StatusCreated).json(t)
	if long["priority"] != "low" || long["completed"] != true || long["due_date"] != "2030-12-31" {
		t.Errorf("created todo %v", long)
	}

	c.do("POST", "/api/v1/todos", `[{"title": "array"}]`).expectError(t, http.StatusBadRequest, "BAD_REQUEST")
	c.do("POST", "/api/v1/todos", `{"title": "x"}`, "Content-Type", "text/plain").expectError(t, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
	newClient(t, server).do("POST", "/api/v1/todos", map[string]any{"title": "anonymous"}).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
	newClient(t, server).do("GET", "/api/v1/todos", nil).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
}

func TestTodosAreInvisibleToOtherUsers(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	alice := newClient(t, server).withToken(registerUser(t, server, "alice").accessToken)
	bob := newClient(t, server).withToken(registerUser(t, server, "bob").accessToken)

	todo := alice.do("POST", "/api/v1/todos", map[string]any{"title": "Alice's secret"}).expect(t, http.StatusCreated).json(t)
	path := todoPath(todo)
	alice.do("GET", path, nil).expect(t, http.StatusOK) // warm the cache: a hit must not leak either

	bob.do("GET", path, nil).expectError(t, http.StatusNotFound, "NOT_FOUND")
	bob.do("PATCH", path, map[string]any{"title": "mine now"}).expectError(t, http.StatusNotFound, "NOT_FOUND")
	bob.do("PUT", path, map[string]any{"title": "mine now"}).expectError(t, http.StatusNotFound, "NOT_FOUND")
	bob.do("DELETE", path, nil).expectError(t, http.StatusNotFound, "NOT_FOUND")

	list := bob.do("GET", "/api/v1/todos", nil).expect(t, http.StatusOK).json(t)
	if data := list["data"].([]any); len(data) != 0 {
		t.Errorf("Bob sees Alice's todos: %v", data)
	}
	if got := alice.do("GET", path, nil).expect(t, http.StatusOK).json(t); got["title"] != "Alice's secret" {
		t.Errorf("Alice's todo changed: %v", got)
	}
}

func TestTodoList(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	c := newClient(t, server).withToken(registerUser(t, server, "lister").accessToken)

	seed := []map[string]any{
		{"title": "Alpha 100% done", "priority": "low", "due_date": "2030-01-10", "completed": true},
		{"title": "bravo snake_case", "priority": "high", "due_date": "2030-01-20"},
		{"title": "charlie", "priority": "medium"},
		{"title": "delta 100 percent", "priority": "high", "due_date": "2030-01-30", "completed": true},
		{"title": "echo snakeXcase", "priority": "low"},
	}
	ids := map[string]float64{}
	for _, todo := range seed {
		created := c.do("POST", "/api/v1/todos", todo).expect(t, http.StatusCreated).json(t)
		ids[todo["title"].(string)] = created["id"].(float64)
	}

	list := func(query string) map[string]any {
		t.Helper()
		return c.do("GET", "/api/v1/todos?"+query, nil).expect(t, http.StatusOK).json(t)
	}
	titles := func(body map[string]any) []string {
		var out []string
		for _, item := range body["data"].([]any) {
			out = append(out, item.(map[string]any)["title"].(string))
		}
		return out
	}
	expectTitles := func(query string, want ...string) {
		t.Helper()
		if got := titles(list(query)); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("?%s: got %q, want %q", query, got, want)
		}
	}

	// Default order: newest first.
	expectTitles("", "echo snakeXcase", "delta 100 percent", "charlie", "bravo snake_case", "Alpha 100% done")

	// Pagination, meta and links.
	page1 := list("limit=2&priority=high&priority=low&sort=title")
	meta := page1["meta"].(map[string]any)
	if meta["page"] != float64(1) || meta["limit"] != float64(2) || meta["total"] != float64(2) || meta["total_pages"] != float64(1) {
		t.Errorf("meta %v", meta)
	}
	paged := list("limit=2&sort=title&order=asc")
	meta = paged["meta"].(map[string]any)
	if meta["total"] != float64(5) || meta["total_pages"] != float64(3) {
		t.Errorf("meta %v", meta)
	}
	links := paged["links"].(map[string]any)
	if links["prev"] != nil || links["next"] == nil || links["first"] == nil || links["last"] == nil {
		t.Errorf("links on page 1: %v", links)
	}
	next, _ := url.Parse(links["next"].(string))
	if next.Path != "/api/v1/todos" || next.Query().Get("page") != "2" || next.Query().Get("sort") != "title" || next.Query().Get("order") != "asc" || next.Query().Get("limit") != "2" {
		t.Errorf("next link %q does not keep the query", links["next"])
	}
	last := c.do("GET", links["last"].(string), nil).expect(t, http.StatusOK).json(t)
	if l := last["links"].(map[string]any); l["next"] != nil || l["prev"] == nil || len(last["data"].([]any)) != 1 {
		t.Errorf("last page: %v", last)
	}
	past := list("page=9&limit=2")
	if len(past["data"].([]any)) != 0 || past["meta"].(map[string]any)["total"] != float64(5) {
		t.Errorf("page past the end: %v", past)
	}
	if got := list("limit=1000")["meta"].(map[string]any)["limit"]; got != float64(100) {
		t.Errorf("limit=1000 gave limit %v, want it clamped to 100", got)
	}

	// Filters. Titles are lower case where order matters: how case sorts
	// depends on the database collation, which the contract leaves open.
	expectTitles("completed=true&sort=title&order=asc", "Alpha 100% done", "delta 100 percent")
	expectTitles("completed=false&sort=title&order=asc", "bravo snake_case", "charlie", "echo snakeXcase")
	expectTitles("priority=high&sort=title&order=asc", "bravo snake_case", "delta 100 percent")
	expectTitles("due_after=2030-01-10&sort=due_date&order=asc", "bravo snake_case", "delta 100 percent")
	expectTitles("due_before=2030-01-30&sort=due_date&order=asc", "Alpha 100% done", "bravo snake_case")
	expectTitles("due_after=2030-01-10&due_before=2030-01-30", "bravo snake_case")
	expectTitles("q=100%25", "Alpha 100% done")
	expectTitles("q=SNAKE_&sort=title&order=asc", "bravo snake_case")
	expectTitles("q=ECHO", "echo snakeXcase")
	expectTitles("q=alpha", "Alpha 100% done")
	expectTitles("q=nothing-matches")

	// Sorting: priority by rank, ties by id in the same direction.
	expectTitles("sort=priority&order=asc", "Alpha 100% done", "echo snakeXcase", "charlie", "bravo snake_case", "delta 100 percent")
	expectTitles("sort=priority&order=desc", "delta 100 percent", "bravo snake_case", "charlie", "echo snakeXcase", "Alpha 100% done")
	expectTitles("sort=due_date&order=desc", "delta 100 percent", "bravo snake_case", "Alpha 100% done", "echo snakeXcase", "charlie")
	expectTitles("sort=created_at&order=asc", "Alpha 100% done", "bravo snake_case", "charlie", "delta 100 percent", "echo snakeXcase")

	// Sparse fieldsets always include id.
	sparse := list("fields=title&limit=1")["data"].([]any)[0].(map[string]any)
	if len(sparse) != 2 || sparse["id"] == nil || sparse["title"] == nil {
		t.Errorf("fields=title gave %v", sparse)
	}

	// Lists have an ETag too.
	r := c.do("GET", "/api/v1/todos?sort=title", nil).expect(t, http.StatusOK)
	c.do("GET", "/api/v1/todos?sort=title", nil, "If-None-Match", r.header.Get("ETag")).expect(t, http.StatusNotModified)

	// Every invalid parameter is named.
	for query, field := range map[string]string{
		"page=0": "page", "page=two": "page", "limit=0": "limit", "limit=ten": "limit",
		"sort=owner": "sort", "order=up": "order", "fields=title,secret": "fields",
		"completed=yes": "completed", "completed=1": "completed", "priority=urgent": "priority",
		"due_before=2030-13-01": "due_before", "due_after=tomorrow": "due_after",
	} {
		c.do("GET", "/api/v1/todos?"+query, nil).expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", field)
	}
}
