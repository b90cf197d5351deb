// Package httpapi is the HTTP layer: routing, middleware, request decoding,
// validation and the JSON shapes of the API. It turns requests into calls to
// the store and never writes SQL itself.
package httpapi

import (
	"bytes"
	"log/slog"
	"net/http"

	"example.com/todo-api/internal/auth"
	"example.com/todo-api/internal/cache"
	"example.com/todo-api/internal/config"
	"example.com/todo-api/internal/metrics"
	"example.com/todo-api/internal/ratelimit"
	"example.com/todo-api/internal/store"
)

// Deps is everything the handlers need. Building them is run's job, so tests
// and main wire the same server differently without globals.
type Deps struct {
	Logger  *slog.Logger
	Config  config.Config
	DB      *store.DB
	Cache   cache.Cache
	Tokens  *auth.TokenIssuer
	Metrics *metrics.HTTP
	// RateLimiter applies to every request, AuthRateLimiter additionally to
	// login and register. Nil disables a limit.
	RateLimiter     ratelimit.Limiter
	AuthRateLimiter ratelimit.Limiter
}

// NewServer returns the service's root handler. The middleware order
// matters: the request id comes first so that every later step, including
// the log line and any error envelope, can carry it.
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, d)

	var handler http.Handler = router{mux: mux, logger: d.Logger}
	handler = rateLimit(d.RateLimiter, d.Tokens, d.Logger)(handler)
	handler = limitBody(d.Config.MaxBodyBytes, d.Logger)(handler)
	handler = cors(d.Config.CORSOrigins)(handler)
	handler = recoverPanics(d.Logger)(handler)
	handler = securityHeaders(handler)
	handler = observe(d.Logger, d.Metrics)(handler)
	handler = withRequestID(handler)
	return handler
}

// router wraps ServeMux to answer unknown paths and wrong methods with the
// error envelope; ServeMux itself would answer them in plain text.
type router struct {
	mux    *http.ServeMux
	logger *slog.Logger
}

func (rt router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, pattern := rt.mux.Handler(r)
	setRoute(r.Context(), pattern)
	if pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}

	// No pattern matched: let the mux decide between 404, 405 (it knows
	// which methods the path allows) and a redirect to the cleaned path,
	// then rewrite its plain-text answer.
	probe := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
	rt.mux.ServeHTTP(probe, r)
	switch probe.status {
	case http.StatusMethodNotAllowed:
		respondError(w, r, rt.logger, errMethodNotAllowed(probe.Header().Get("Allow")))
	case http.StatusNotFound:
		respondError(w, r, rt.logger, errNotFound())
	default:
		for name, values := range probe.header {
			w.Header()[name] = values
		}
		w.WriteHeader(probe.status)
		w.Write(probe.body.Bytes())
	}
}

// bufferedResponse holds a response in memory so it can be inspected before
// anything reaches the client.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
