package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.com/todo-api/internal/auth"
	"example.com/todo-api/internal/config"
)

func TestOperationalRoutes(t *testing.T) {
	t.Parallel()
	c := newClient(t, sharedServer(t))

	health := c.do("GET", "/health", nil).expect(t, http.StatusOK).json(t)
	if health["status"] != "ok" {
		t.Errorf("/health = %v", health)
	}
	ready := c.do("GET", "/ready", nil).expect(t, http.StatusOK).json(t)
	if ready["status"] != "ok" {
		t.Errorf("/ready = %v", ready)
	}

	openapi := c.do("GET", "/openapi.json", nil).expect(t, http.StatusOK).json(t)
	if version, _ := openapi["openapi"].(string); !strings.HasPrefix(version, "3.1") {
		t.Errorf("openapi version %q", version)
	}

	docs := c.do("GET", "/docs", nil).expect(t, http.StatusOK)
	if !strings.HasPrefix(docs.header.Get("Content-Type"), "text/html") || !strings.Contains(string(docs.body), "/openapi.json") {
		t.Errorf("/docs is not an HTML page that loads /openapi.json")
	}

	c.do("GET", "/api/v1/todos/123456789", nil) // a 401, recorded under its pattern
	metrics := string(c.do("GET", "/metrics", nil).expect(t, http.StatusOK).body)
	for _, want := range []string{
		`http_requests_total{method="GET",route="/health",status="200"}`,
		`http_request_duration_seconds_bucket{method="GET",route="/api/v1/todos/{id}",le="+Inf"}`,
		"db_queries_total ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, "123456789") {
		t.Error("/metrics labels a raw path instead of the route pattern")
	}
}

func TestCommonHeaders(t *testing.T) {
	t.Parallel()
	c := newClient(t, sharedServer(t))

	r := c.do("GET", "/health", nil, "X-Request-ID", "client-id-42")
	if got := r.header.Get("X-Request-ID"); got != "client-id-42" {
		t.Errorf("sane X-Request-ID not echoed: %q", got)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("missing X-Content-Type-Options: nosniff")
	}
	if r.header.Get("Server") != "" {
		t.Errorf("Server header %q reveals the implementation", r.header.Get("Server"))
	}
	if r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
	}

	for _, insane := range []string{strings.Repeat("a", 129), "has space", "quote\"d"} {
		r := c.do("GET", "/health", nil, "X-Request-ID", insane)
		if got := r.header.Get("X-Request-ID"); got == "" || got == insane {
			t.Errorf("X-Request-ID %q: got %q, want a generated id", insane, got)
		}
	}
	if r := c.do("GET", "/health", nil); r.header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID generated")
	}

	// Errors carry the echoed id too.
	envelope := c.do("GET", "/nowhere", nil, "X-Request-ID", "trace-1").expectError(t, http.StatusNotFound, "NOT_FOUND")
	if envelope["request_id"] != "trace-1" {
		t.Errorf("request_id %v", envelope["request_id"])
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	c := newClient(t, sharedServer(t))
	preflight := c.do("OPTIONS", "/api/v1/todos", nil,
		"Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST")
	preflight.expect(t, http.StatusNoContent)
	if preflight.header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Errorf("allowed origin not granted: %v", preflight.header)
	}
	if preflight.header.Get("Access-Control-Allow-Credentials") != "" {
		t.Error("credentials allowed although tokens do not need them")
	}
	other := c.do("GET", "/health", nil, "Origin", "https://evil.example")
	if other.header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("unlisted origin granted")
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	t.Parallel()
	c := newClient(t, sharedServer(t))
	c.do("GET", "/api/v1/nothing-here", nil).expectError(t, http.StatusNotFound, "NOT_FOUND")
	c.do("GET", "/api/v2/todos", nil).expectError(t, http.StatusNotFound, "NOT_FOUND")

	r := c.do("DELETE", "/api/v1/todos", nil)
	r.expectError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED")
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow = %q", allow)
	}
	r = c.do("POST", "/health", "{}")
	r.expectError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED")
	if r.header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
}

func TestRegister(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	c := newClient(t, server)
	email := "New.User-" + randomSuffix() + "@Example.COM"

	r := c.do("POST", "/api/v1/auth/register", map[string]any{
		"email": "  " + email + " ", "password": "long enough", "name": " Ada ",
		"role": "admin", "id": 999999, "created_at": "2000-01-01T00:00:00Z",
	}).expect(t, http.StatusCreated)
	if r.header.Get("Location") != "/api/v1/users/me" {
		t.Errorf("Location %q", r.header.Get("Location"))
	}
	created := r.json(t)
	if created["email"] != strings.ToLower(email) || created["name"] != "Ada" || created["role"] != "user" {
		t.Errorf("registered user %v: email not normalised, name not trimmed, or role assigned", created)
	}
	if created["id"] == float64(999999) || strings.HasPrefix(created["created_at"].(string), "2000") {
		t.Errorf("mass assignment applied: %v", created)
	}
	if _, leaked := created["password_hash"]; leaked {
		t.Error("password hash in response")
	}

	c.do("POST", "/api/v1/auth/register", map[string]any{"email": strings.ToUpper(email), "password": "long enough", "name": "Twin"}).
		expectError(t, http.StatusConflict, "CONFLICT")

	invalid := []struct {
		body  any
		field string
	}{
		{map[string]any{"email": "not-an-email", "password": "long enough", "name": "A"}, "email"},
		{map[string]any{"password": "long enough", "name": "A"}, "email"},
		{map[string]any{"email": "a@example.com", "password": "short", "name": "A"}, "password"},
		{map[string]any{"email": "a@example.com", "password": strings.Repeat("p", 129), "name": "A"}, "password"},
		{map[string]any{"email": "a@example.com", "password": "long enough", "name": "   "}, "name"},
		{map[string]any{"email": "a@example.com", "password": "long enough", "name": strings.Repeat("n", 101)}, "name"},
		{map[string]any{"email": 42, "password": "long enough", "name": "A"}, "email"},
	}
	for _, tc := range invalid {
		c.do("POST", "/api/v1/auth/register", tc.body).expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", tc.field)
	}
	envelope := c.do("POST", "/api/v1/auth/register", "{}").expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "email", "password", "name")
	if len(envelope["details"].([]any)) != 3 {
		t.Errorf("want one detail per missing field: %v", envelope["details"])
	}
}

func TestRequestBodyErrors(t *testing.T) {
	t.Parallel()
	c := newClient(t, sharedServer(t))
	c.do("POST", "/api/v1/auth/register", `{"email": "a@b.c",`).expectError(t, http.StatusBadRequest, "BAD_REQUEST")
	c.do("POST", "/api/v1/auth/register", `["not", "an", "object"]`).expectError(t, http.StatusBadRequest, "BAD_REQUEST")
	c.do("POST", "/api/v1/auth/register", `"string"`).expectError(t, http.StatusBadRequest, "BAD_REQUEST")
	c.do("POST", "/api/v1/auth/register", `{} {}`).expectError(t, http.StatusBadRequest, "BAD_REQUEST")
	c.do("POST", "/api/v1/auth/register", "").expectError(t, http.StatusBadRequest, "BAD_REQUEST")
	c.do("POST", "/api/v1/auth/register", `{}`, "Content-Type", "text/plain").
		expectError(t, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
	c.do("POST", "/api/v1/auth/register", `email=a@b.c`, "Content-Type", "application/x-www-form-urlencoded").
		expectError(t, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")

	huge := `{"name": "` + strings.Repeat("x", 1<<20) + `"}`
	c.do("POST", "/api/v1/auth/register", huge).expectError(t, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
}

func TestLoginDoesNotRevealAccounts(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	u := registerUser(t, server, "login")
	c := newClient(t, server)

	wrongPassword := c.do("POST", "/api/v1/auth/login", map[string]any{"email": u.email, "password": "wrong password"})
	unknownEmail := c.do("POST", "/api/v1/auth/login", map[string]any{"email": "nobody-" + randomSuffix() + "@example.com", "password": "wrong password"})
	a := wrongPassword.expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
	b := unknownEmail.expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
	if a["message"] != b["message"] || a["code"] != b["code"] {
		t.Errorf("wrong password %v and unknown email %v answer differently", a, b)
	}

	tokens := c.do("POST", "/api/v1/auth/login", map[string]any{"email": "  " + strings.ToUpper(u.email), "password": u.password}).
		expect(t, http.StatusOK).json(t)
	if tokens["token_type"] != "Bearer" || tokens["expires_in"] != float64(900) || tokens["access_token"] == "" || tokens["refresh_token"] == "" {
		t.Errorf("token response %v", tokens)
	}
	c.do("POST", "/api/v1/auth/login", map[string]any{"email": u.email}).
		expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "password")
}

func TestAccessTokens(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	u := registerUser(t, server, "tokens")
	c := newClient(t, server)

	me := c.withToken(u.accessToken).do("GET", "/api/v1/users/me", nil).expect(t, http.StatusOK).json(t)
	if me["email"] != u.email || me["role"] != "user" || me["id"] != float64(u.id) {
		t.Errorf("/users/me = %v", me)
	}

	issuer := auth.NewTokenIssuer([]byte(testJWTSecret), 15*time.Minute)
	expired, _ := issuer.Issue(u.id, time.Now().Add(-16*time.Minute-61*time.Second))
	forgedIssuer := auth.NewTokenIssuer([]byte("some other secret of enough length!!"), 15*time.Minute)
	forged, _ := forgedIssuer.Issue(u.id, time.Now())
	parts := strings.Split(u.accessToken, ".")
	algNone := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."

	tokens := map[string]string{
		"missing":   "",
		"malformed": "not-a-jwt",
		"expired":   expired,
		"forged":    forged,
		"alg none":  algNone,
		"tampered":  parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"1","exp":9999999999}`)) + "." + parts[2],
	}
	for name, token := range tokens {
		r := c.withToken(token).do("GET", "/api/v1/users/me", nil)
		r.expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s token: WWW-Authenticate = %q", name, r.header.Get("WWW-Authenticate"))
		}
	}
	// Only the Bearer scheme is accepted.
	c.do("GET", "/api/v1/users/me", nil, "Authorization", "Basic "+u.accessToken).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
}

func TestRefreshTokenRotation(t *testing.T) {
	t.Parallel()
	server := sharedServer(t)
	u := registerUser(t, server, "refresh")
	c := newClient(t, server)

	rotated := c.do("POST", "/api/v1/auth/refresh", map[string]any{"refresh_token": u.refreshToken}).expect(t, http.StatusOK).json(t)
	newRefresh := rotated["refresh_token"].(string)
	if newRefresh == u.refreshToken {
		t.Fatal("refresh token not rotated")
	}
	c.withToken(rotated["access_token"].(string)).do("GET", "/api/v1/users/me", nil).expect(t, http.StatusOK)

	// The used token is dead, even though it has not expired.
	c.do("POST", "/api/v1/auth/refresh", map[string]any{"refresh_token": u.refreshToken}).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
	c.do("POST", "/api/v1/auth/refresh", map[string]any{"refresh_token": "made-up"}).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
	c.do("POST", "/api/v1/auth/refresh", map[string]any{}).expectError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "refresh_token")

	c.do("POST", "/api/v1/auth/logout", map[string]any{"refresh_token": newRefresh}).expect(t, http.StatusNoContent)
	c.do("POST", "/api/v1/auth/refresh", map[string]any{"refresh_token": newRefresh}).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
	c.do("POST", "/api/v1/auth/logout", map[string]any{"refresh_token": newRefresh}).expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
}

func TestRefreshTokensExpire(t *testing.T) {
	t.Parallel()
	server := newServer(t, map[string]string{"REFRESH_TTL_SECONDS": "1"})
	u := registerUser(t, server, "expiring")
	// Waiting out the one-second lifetime is the only way to observe expiry
	// from outside.
	time.Sleep(1500 * time.Millisecond)
	newClient(t, server).do("POST", "/api/v1/auth/refresh", map[string]any{"refresh_token": u.refreshToken}).
		expectError(t, http.StatusUnauthorized, "UNAUTHORIZED")
}

func TestAdminBootstrap(t *testing.T) {
	t.Parallel()
	c := newClient(t, sharedServer(t))
	tokens := c.do("POST", "/api/v1/auth/login", map[string]any{"email": adminEmail, "password": adminPassword}).expect(t, http.StatusOK).json(t)
	me := c.withToken(tokens["access_token"].(string)).do("GET", "/api/v1/users/me", nil).expect(t, http.StatusOK).json(t)
	if me["role"] != "admin" {
		t.Errorf("bootstrap admin has role %v", me["role"])
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	server := newServer(t, map[string]string{"RATE_LIMIT_RPM": "5", "AUTH_RATE_LIMIT_RPM": "2"})
	c := newClient(t, server)

	// Windows are fixed minutes: a window may end during the loop, so the
	// test allows one reset before it expects a 429.
	expectLimited := func(limit int, send func() response) {
		t.Helper()
		for i := 0; i < 2*limit+2; i++ {
			r := send()
			if r.status == http.StatusTooManyRequests {
				r.expectError(t, http.StatusTooManyRequests, "RATE_LIMITED")
				if seconds, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || seconds < 1 || seconds > 61 {
					t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
				}
				return
			}
		}
		t.Fatalf("no 429 after %d requests with a limit of %d", 2*limit+2, limit)
	}
	// Empty logins fail validation before any password hashing, so they
	// are cheap, yet they count against the stricter auth limit.
	expectLimited(2, func() response { return c.do("POST", "/api/v1/auth/login", "{}") })
	expectLimited(5, func() response { return c.do("GET", "/api/v1/todos", nil) })
	for i := 0; i < 10; i++ {
		c.do("GET", "/health", nil).expect(t, http.StatusOK) // probes are never throttled
	}
}

func TestRunRejectsInvalidConfiguration(t *testing.T) {
	t.Parallel()
	for _, env := range []map[string]string{
		{"DATABASE_URL": "mysql://x"},
		{"PORT": "http"},
		{"APP_ENV": "production"},
	} {
		err := run(context.Background(), []string{"server"}, func(name string) string { return env[name] }, io.Discard)
		var configErr *config.Error
		if !errors.As(err, &configErr) {
			t.Errorf("run with %v returned %v, want a *config.Error (exit code 2)", env, err)
		}
	}
}

func TestGracefulShutdownDrainsRequests(t *testing.T) {
	t.Parallel()
	server, err := startServer(nil)
	if err != nil {
		t.Fatal(err)
	}

	// A request whose body is still arriving when shutdown starts must
	// still get its response.
	bodyReader, bodyWriter := io.Pipe()
	responses := make(chan int, 1)
	go func() {
		request, _ := http.NewRequest("POST", server.baseURL+"/api/v1/auth/register", bodyReader)
		request.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(request)
		if err != nil {
			responses <- 0
			return
		}
		resp.Body.Close()
		responses <- resp.StatusCode
	}()
	fmt.Fprint(bodyWriter, `{"email": "slow@example.com", `)
	time.Sleep(100 * time.Millisecond) // let the handler start reading

	stopped := make(chan error, 1)
	go func() { stopped <- server.stop() }()
	time.Sleep(100 * time.Millisecond) // let shutdown begin
	fmt.Fprint(bodyWriter, `"password": "x"}`)
	bodyWriter.Close()

	if status := <-responses; status != http.StatusUnprocessableEntity {
		t.Errorf("in-flight request got %d, want its normal 422", status)
	}
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("run returned %v after shutdown, want nil (exit code 0)", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return within the drain timeout")
	}
}
