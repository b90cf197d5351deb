package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"example.com/todo-api/internal/cache"
	"example.com/todo-api/internal/store"
)

var todoPriorities = []string{"low", "medium", "high"}

// todoResponse is the JSON shape of a todo. The owner is implied by the
// token and not part of it.
type todoResponse struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description *string   `json:"description"`
	Completed   bool      `json:"completed"`
	Priority    string    `json:"priority"`
	DueDate     *string   `json:"due_date"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func newTodoResponse(t store.Todo) todoResponse {
	return todoResponse{
		ID: t.ID, Title: t.Title, Description: t.Description, Completed: t.Completed,
		Priority: t.Priority, DueDate: t.DueDate, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

// asMap is the todo as a map, so a list can send only the requested fields.
func (t todoResponse) asMap() map[string]any {
	return map[string]any{
		"id": t.ID, "title": t.Title, "description": t.Description, "completed": t.Completed,
		"priority": t.Priority, "due_date": t.DueDate, "created_at": t.CreatedAt, "updated_at": t.UpdatedAt,
	}
}

// todoBody is the representation a single-todo response sends, and the input
// of its ETag, so If-Match and If-None-Match compare like with like.
func todoBody(t store.Todo) []byte {
	return mustMarshal(newTodoResponse(t))
}

var todoListSpec = listSpec{
	sortable:     []string{"created_at", "updated_at", "due_date", "priority", "title"},
	defaultSort:  "created_at",
	defaultOrder: map[string]string{"created_at": "desc", "updated_at": "desc"},
	fields:       []string{"id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"},
}

func handleTodoList(logger *slog.Logger, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		var v validator
		params := parseListParams(query, todoListSpec, &v)
		filter := store.TodoFilter{Sort: params.Sort, Desc: params.Desc, Limit: params.Limit, Offset: params.Offset()}
		if query.Has("completed") {
			switch query.Get("completed") {
			case "true":
				filter.Completed = new(bool)
				*filter.Completed = true
			case "false":
				filter.Completed = new(bool)
			default:
				v.add("completed", "must be true or false")
			}
		}
		if query.Has("priority") {
			filter.Priority = query.Get("priority")
			v.check(isPriority(filter.Priority), "priority", "must be one of low, medium, high")
		}
		if query.Has("due_before") {
			filter.DueBefore = query.Get("due_before")
			v.check(isDate(filter.DueBefore), "due_before", "must be a date in YYYY-MM-DD format")
		}
		if query.Has("due_after") {
			filter.DueAfter = query.Get("due_after")
			v.check(isDate(filter.DueAfter), "due_after", "must be a date in YYYY-MM-DD format")
		}
		filter.Search = query.Get("q")
		if err := v.err(); err != nil {
			respondError(w, r, logger, err)
			return
		}

		todos, total, err := db.ListTodos(r.Context(), userIDFrom(r.Context()), filter)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		meta := newListMeta(params, total)
		response := listResponse{Data: make([]map[string]any, 0, len(todos)), Meta: meta, Links: buildLinks(r.URL.Path, query, meta)}
		for _, t := range todos {
			response.Data = append(response.Data, project(newTodoResponse(t).asMap(), params.Fields))
		}
		writeWithETag(w, r, http.StatusOK, mustMarshal(response))
	})
}

func handleTodoCreate(logger *slog.Logger, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := decodeJSONObject(r)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		todo := store.Todo{UserID: userIDFrom(r.Context()), Priority: "medium"}
		if err := applyTodoFields(&todo, body, true); err != nil {
			respondError(w, r, logger, err)
			return
		}
		todo, err = db.CreateTodo(r.Context(), todo)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		w.Header().Set("Location", "/api/v1/todos/"+strconv.FormatInt(todo.ID, 10))
		writeJSONBytes(w, http.StatusCreated, todoBody(todo))
	})
}

// cachedTodo is what the cache holds for GET /api/v1/todos/{id}. The owner
// is kept so a hit for another user's id still answers 404.
type cachedTodo struct {
	UserID int64           `json:"user_id"`
	Body   json.RawMessage `json:"body"`
}

const todoCacheTTL = 5 * time.Minute

func todoCacheKey(id int64) string { return "todo:" + strconv.FormatInt(id, 10) }

func handleTodoGet(logger *slog.Logger, db *store.DB, c cache.Cache) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := todoID(r)
		if !ok {
			respondError(w, r, logger, errNotFound())
			return
		}
		userID := userIDFrom(r.Context())

		if cached, hit := readCachedTodo(r.Context(), logger, c, id); hit {
			if cached.UserID != userID {
				respondError(w, r, logger, errNotFound())
				return
			}
			w.Header().Set("X-Cache", "HIT")
			writeWithETag(w, r, http.StatusOK, cached.Body)
			return
		}

		todo, err := db.TodoByID(r.Context(), userID, id)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		body := todoBody(todo)
		entry, _ := json.Marshal(cachedTodo{UserID: todo.UserID, Body: body})
		if err := c.Set(r.Context(), todoCacheKey(id), entry, todoCacheTTL); err != nil {
			logger.WarnContext(r.Context(), "cache write failed", "error", err.Error())
		}
		w.Header().Set("X-Cache", "MISS")
		writeWithETag(w, r, http.StatusOK, body)
	})
}

func readCachedTodo(ctx context.Context, logger *slog.Logger, c cache.Cache, id int64) (cachedTodo, bool) {
	raw, hit, err := c.Get(ctx, todoCacheKey(id))
	if err != nil {
		logger.WarnContext(ctx, "cache read failed", "error", err.Error())
		return cachedTodo{}, false
	}
	var cached cachedTodo
	if !hit || json.Unmarshal(raw, &cached) != nil {
		return cachedTodo{}, false
	}
	return cached, true
}

// handleTodoReplace is PUT: every writable field is set, absent optional
// fields take their defaults.
func handleTodoReplace(logger *slog.Logger, db *store.DB, c cache.Cache) http.Handler {
	return handleTodoUpdate(logger, db, c, func(current store.Todo, body jsonObject) (store.Todo, error) {
		replaced := store.Todo{ID: current.ID, UserID: current.UserID, Priority: "medium", CreatedAt: current.CreatedAt}
		return replaced, applyTodoFields(&replaced, body, true)
	})
}

// handleTodoPatch is PATCH: only the fields present change.
func handleTodoPatch(logger *slog.Logger, db *store.DB, c cache.Cache) http.Handler {
	return handleTodoUpdate(logger, db, c, func(current store.Todo, body jsonObject) (store.Todo, error) {
		return current, applyTodoFields(&current, body, false)
	})
}

// handleTodoUpdate holds what PUT and PATCH share: ownership, validation,
// If-Match, the write and the cache invalidation.
func handleTodoUpdate(logger *slog.Logger, db *store.DB, c cache.Cache, change func(store.Todo, jsonObject) (store.Todo, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := todoID(r)
		if !ok {
			respondError(w, r, logger, errNotFound())
			return
		}
		body, err := decodeJSONObject(r)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		current, err := db.TodoByID(r.Context(), userIDFrom(r.Context()), id)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		// Validation answers before the precondition: a body that could never
		// be applied is a 422 whatever the If-Match says. change works on a
		// copy, so current still carries the stored version's ETag.
		changed, err := change(current, body)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		if ifMatchFails(r, etagFor(todoBody(current))) {
			respondError(w, r, logger, errPreconditionFailed())
			return
		}
		updated, err := db.UpdateTodo(r.Context(), changed)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		invalidateTodo(r.Context(), logger, c, id)
		updatedBody := todoBody(updated)
		w.Header().Set("ETag", etagFor(updatedBody))
		writeJSONBytes(w, http.StatusOK, updatedBody)
	})
}

func handleTodoDelete(logger *slog.Logger, db *store.DB, c cache.Cache) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := todoID(r)
		if !ok {
			respondError(w, r, logger, errNotFound())
			return
		}
		userID := userIDFrom(r.Context())
		if r.Header.Get("If-Match") != "" {
			current, err := db.TodoByID(r.Context(), userID, id)
			if err != nil {
				respondError(w, r, logger, err)
				return
			}
			if ifMatchFails(r, etagFor(todoBody(current))) {
				respondError(w, r, logger, errPreconditionFailed())
				return
			}
		}
		if err := db.DeleteTodo(r.Context(), userID, id); err != nil {
			respondError(w, r, logger, err)
			return
		}
		invalidateTodo(r.Context(), logger, c, id)
		w.WriteHeader(http.StatusNoContent)
	})
}

// invalidateTodo runs after every successful write so the next read misses
// the cache and sees the new row.
func invalidateTodo(ctx context.Context, logger *slog.Logger, c cache.Cache, id int64) {
	if err := c.Delete(ctx, todoCacheKey(id)); err != nil {
		logger.ErrorContext(ctx, "cache invalidation failed; reads may be stale until the entry expires",
			"todo_id", id, "error", err.Error())
	}
}

// todoID reads the {id} wildcard. Anything but a positive integer cannot
// name a todo, so it is a 404 like any other missing todo.
func todoID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// applyTodoFields validates the writable fields of body and copies them into
// t. With requireTitle (POST and PUT) the title must be present; fields that
// are absent keep t's values, which are the defaults for POST and PUT and the
// current values for PATCH. id, user_id, created_at and any unknown field are
// never read, which is what makes mass assignment impossible.
func applyTodoFields(t *store.Todo, body jsonObject, requireTitle bool) error {
	var v validator

	title := readString(body, &v, "title")
	switch {
	case title.Invalid:
	case !title.Present:
		v.check(!requireTitle, "title", "is required")
	case title.Null:
		v.add("title", "must not be null")
	default:
		trimmed := trimText(title.Value)
		n := utf8.RuneCountInString(trimmed)
		v.check(n >= 1, "title", "must not be empty")
		v.check(n <= 200, "title", "must be at most 200 characters")
		t.Title = trimmed
	}

	description := readString(body, &v, "description")
	switch {
	case description.Null:
		t.Description = nil
	case description.isSet():
		v.check(utf8.RuneCountInString(description.Value) <= 2000, "description", "must be at most 2000 characters")
		t.Description = &description.Value
	}

	completed := readBool(body, &v, "completed")
	switch {
	case completed.Null:
		v.add("completed", "must not be null")
	case completed.isSet():
		t.Completed = completed.Value
	}

	priority := readString(body, &v, "priority")
	switch {
	case priority.Null:
		v.add("priority", "must not be null")
	case priority.isSet():
		v.check(isPriority(priority.Value), "priority", "must be one of low, medium, high")
		t.Priority = priority.Value
	}

	dueDate := readString(body, &v, "due_date")
	switch {
	case dueDate.Null:
		t.DueDate = nil
	case dueDate.isSet():
		v.check(isDate(dueDate.Value), "due_date", "must be a date in YYYY-MM-DD format")
		t.DueDate = &dueDate.Value
	}

	return v.err()
}

func isPriority(s string) bool { return slices.Contains(todoPriorities, s) }

// isDate accepts a real calendar date written as YYYY-MM-DD only.
func isDate(s string) bool {
	d, err := time.Parse(time.DateOnly, s)
	return err == nil && d.Format(time.DateOnly) == s
}
