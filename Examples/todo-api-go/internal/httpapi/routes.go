package httpapi

import (
	"net/http"

	"example.com/todo-api/api"
)

// addRoutes is the whole API surface in one place. Patterns use the Go 1.22
// method and wildcard syntax; the pattern is also the route label in logs
// and metrics.
func addRoutes(mux *http.ServeMux, d Deps) {
	authenticated := requireAuth(d.Tokens, d.Logger)
	authLimited := rateLimit(d.AuthRateLimiter, nil, d.Logger)
	log, db := d.Logger, d.DB

	mux.Handle("GET /health", handleHealth())
	mux.Handle("GET /ready", handleReady(log, db))
	mux.Handle("GET /metrics", handleMetrics(d.Metrics, db))
	mux.Handle("GET /openapi.json", handleOpenAPI(api.OpenAPI))
	mux.Handle("GET /docs", handleDocs())

	mux.Handle("POST /api/v1/auth/register", authLimited(handleRegister(log, db)))
	mux.Handle("POST /api/v1/auth/login", authLimited(handleLogin(log, db, d.Tokens, d.Config.RefreshTTL)))
	mux.Handle("POST /api/v1/auth/refresh", handleRefresh(log, db, d.Tokens, d.Config.RefreshTTL))
	mux.Handle("POST /api/v1/auth/logout", handleLogout(log, db))
	mux.Handle("GET /api/v1/users/me", authenticated(handleMe(log, db)))

	mux.Handle("GET /api/v1/todos", authenticated(handleTodoList(log, db)))
	mux.Handle("POST /api/v1/todos", authenticated(handleTodoCreate(log, db)))
	mux.Handle("GET /api/v1/todos/{id}", authenticated(handleTodoGet(log, db, d.Cache)))
	mux.Handle("PUT /api/v1/todos/{id}", authenticated(handleTodoReplace(log, db, d.Cache)))
	mux.Handle("PATCH /api/v1/todos/{id}", authenticated(handleTodoPatch(log, db, d.Cache)))
	mux.Handle("DELETE /api/v1/todos/{id}", authenticated(handleTodoDelete(log, db, d.Cache)))
}
