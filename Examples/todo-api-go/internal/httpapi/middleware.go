package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"example.com/todo-api/internal/auth"
	"example.com/todo-api/internal/metrics"
	"example.com/todo-api/internal/ratelimit"
)

type contextKey int

const (
	requestIDKey contextKey = iota
	userIDKey
	routeKey
)

// saneRequestID accepts ids a client or proxy generated without letting
// arbitrary text into logs and headers.
var saneRequestID = regexp.MustCompile(`^[A-Za-z0-9._:~+/=@-]{1,128}$`)

// withRequestID echoes the client's X-Request-ID when it is sane, generates
// one otherwise, and makes it available to logs and error envelopes.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !saneRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// observe logs one JSON line per request and records its metrics. The route
// is the matched pattern, which the router reports through the context,
// because raw paths would give one series per todo id.
func observe(logger *slog.Logger, m *metrics.HTTP) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			route := new(string)
			recorder := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(recorder, r.WithContext(context.WithValue(r.Context(), routeKey, route)))

			elapsed := time.Since(start)
			status := recorder.status
			if status == 0 {
				status = http.StatusOK
			}
			pattern := *route
			if pattern == "" {
				pattern = "unmatched"
			}
			m.Observe(r.Method, pattern, status, elapsed)
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", requestIDFrom(r.Context())),
				slog.String("method", r.Method),
				slog.String("route", pattern),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			)
		})
	}
}

// setRoute records the matched pattern without its method, which has a
// label of its own: "GET /api/v1/todos/{id}" becomes "/api/v1/todos/{id}".
func setRoute(ctx context.Context, pattern string) {
	if _, path, hasMethod := strings.Cut(pattern, " "); hasMethod {
		pattern = path
	}
	if route, ok := ctx.Value(routeKey).(*string); ok {
		*route = pattern
	}
}

// recoverPanics turns a panicking handler into a logged 500 instead of a
// dropped connection. The stack goes to the log, never to the client.
func recoverPanics(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					logger.ErrorContext(r.Context(), "panic", "request_id", requestIDFrom(r.Context()),
						"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
					respondError(w, r, logger, errInternal)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// securityHeaders sets headers every response needs. API responses are not
// meant to be rendered or framed by a browser, hence the strict policy;
// handlers that serve HTML replace it.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// cors answers preflight requests and marks responses readable by the
// configured origins. Tokens travel in the Authorization header, not cookies,
// so credentials are never allowed, and "*" stays safe.
func cors(allowedOrigins []string) func(http.Handler) http.Handler {
	allowAny := slices.Contains(allowedOrigins, "*")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			origin := r.Header.Get("Origin")
			if origin == "" {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Add("Vary", "Origin")
			if !allowAny && !slices.Contains(allowedOrigins, origin) {
				next.ServeHTTP(w, r)
				return
			}
			h := w.Header()
			if allowAny {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
			}
			h.Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Cache, X-Request-ID")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// limitBody refuses bodies over maxBytes: at once when Content-Length says
// so, otherwise when the handler reads past the limit.
func limitBody(maxBytes int64, logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > maxBytes {
				// The unread body would otherwise be drained by the
				// server; closing the connection is cheaper.
				w.Header().Set("Connection", "close")
				respondError(w, r, logger, errPayloadTooLarge())
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
			next.ServeHTTP(w, r)
		})
	}
}

// unlimitedPaths are probed by orchestrators and scrapers every few seconds;
// throttling them would make a busy instance look dead.
var unlimitedPaths = map[string]bool{"/health": true, "/ready": true, "/metrics": true}

// rateLimit refuses requests past the limiter's budget with 429. Clients are
// told apart by user id when they send a valid token, so users behind one
// NAT do not share a budget, and by IP address otherwise.
func rateLimit(limiter ratelimit.Limiter, tokens *auth.TokenIssuer, logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if limiter == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if unlimitedPaths[r.URL.Path] {
				next.ServeHTTP(w, r)
				return
			}
			key := "ip:" + clientIP(r)
			if token, ok := bearerToken(r); ok && tokens != nil {
				if userID, err := tokens.Verify(token, time.Now()); err == nil {
					key = "user:" + strconv.FormatInt(userID, 10)
				}
			}
			allowed, retryAfter, err := limiter.Allow(r.Context(), key)
			if err != nil {
				// Failing open keeps the service up when Redis is down;
				// the log says limits are not enforced meanwhile.
				logger.WarnContext(r.Context(), "rate limiter unavailable", "error", err.Error())
				next.ServeHTTP(w, r)
				return
			}
			if !allowed {
				respondError(w, r, logger, errRateLimited(strconv.Itoa(int(retryAfter.Seconds()))))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// clientIP is the peer address. X-Forwarded-For is deliberately ignored: any
// client can set it, so trusting it would let one client use many budgets.
// Behind a trusted proxy, replace this with the proxy's header.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// requireAuth lets a request through only with a valid access token and puts
// the user id in its context.
func requireAuth(tokens *auth.TokenIssuer, logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := bearerToken(r)
			if !ok {
				respondError(w, r, logger, errUnauthorized("Missing bearer token"))
				return
			}
			userID, err := tokens.Verify(token, time.Now())
			if err != nil {
				respondError(w, r, logger, errUnauthorized("Invalid or expired token"))
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userIDKey, userID)))
		})
	}
}

func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// userIDFrom is the authenticated user; only valid behind requireAuth.
func userIDFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(userIDKey).(int64)
	return id
}
