package main

// Black-box tests: they start the real service with run() on a free port and
// talk to it over HTTP, exactly as a client would.
//
// By default each server gets its own SQLite file and in-process cache. Set
// TEST_DATABASE_URL=postgres://... and/or TEST_REDIS_URL=redis://... to run
// the same tests against PostgreSQL (a fresh schema per server, dropped
// afterwards) and Redis (a separate logical database per server, flushed
// first: point it at a Redis dedicated to tests).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gomodule/redigo/redis"
)

// testJWTSecret is known to the tests so they can mint expired and forged
// tokens, as an external verifier would.
const testJWTSecret = "test-secret-0123456789abcdef0123456789"

const (
	adminEmail    = "admin@example.com"
	adminPassword = "admin-password"
)

func TestMain(m *testing.M) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		fmt.Fprintln(os.Stderr, "NOTE: TEST_DATABASE_URL is not set: API tests ran on SQLite only; PostgreSQL was NOT exercised.")
	}
	if os.Getenv("TEST_REDIS_URL") == "" {
		fmt.Fprintln(os.Stderr, "NOTE: TEST_REDIS_URL is not set: API tests used the in-process cache and rate limiter; Redis was NOT exercised.")
	}
	code := m.Run()
	stopSharedServer()
	os.Exit(code)
}

func TestBackendsInUse(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Log("!!! PostgreSQL was NOT exercised: set TEST_DATABASE_URL=postgres://... to run the API tests against it")
	} else {
		t.Log("API tests run against PostgreSQL from TEST_DATABASE_URL")
	}
	if os.Getenv("TEST_REDIS_URL") == "" {
		t.Log("!!! Redis was NOT exercised: set TEST_REDIS_URL=redis://... to run the API tests against it")
	} else {
		t.Log("API tests run against Redis from TEST_REDIS_URL")
	}
}

// testServer is one running instance of the service.
type testServer struct {
	baseURL string
	stop    func() error // cancels run and returns its result
}

var shared struct {
	once   sync.Once
	server *testServer
	err    error
}

// sharedServer is one instance for all tests that need no special
// configuration; tests isolate themselves by registering their own users.
// Rate limits are off so parallel tests do not throttle each other.
func sharedServer(t *testing.T) *testServer {
	t.Helper()
	shared.once.Do(func() {
		shared.server, shared.err = startServer(map[string]string{
			"RATE_LIMIT_RPM":      "0",
			"AUTH_RATE_LIMIT_RPM": "0",
			"ADMIN_EMAIL":         adminEmail,
			"ADMIN_PASSWORD":      adminPassword,
		})
	})
	if shared.err != nil {
		t.Fatalf("start shared server: %v", shared.err)
	}
	return shared.server
}

func stopSharedServer() {
	if shared.server != nil {
		if err := shared.server.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "shared server stopped with error:", err)
		}
	}
}

// newServer starts an instance with extra configuration, stopped when the
// test ends.
func newServer(t *testing.T, env map[string]string) *testServer {
	t.Helper()
	server, err := startServer(env)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(func() {
		if err := server.stop(); err != nil {
			t.Errorf("server stopped with error: %v", err)
		}
	})
	return server
}

// startServer runs the service in a goroutine, learns its address from the
// first log line, and waits until /health answers.
func startServer(overrides map[string]string) (*testServer, error) {
	env := map[string]string{
		"HOST":       "127.0.0.1",
		"PORT":       "0",
		"APP_ENV":    "test",
		"JWT_SECRET": testJWTSecret,
		"LOG_LEVEL":  "info",
	}
	var cleanups []func()
	cleanup := func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}

	databaseURL, dropDatabase, err := testDatabaseURL()
	if err != nil {
		return nil, err
	}
	cleanups = append(cleanups, dropDatabase)
	env["DATABASE_URL"] = databaseURL
	if redisURL, err := testRedisURL(); err != nil {
		cleanup()
		return nil, err
	} else if redisURL != "" {
		env["REDIS_URL"] = redisURL
	}
	for name, value := range overrides {
		env[name] = value
	}

	logs := newLogWatcher()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"server"}, func(name string) string { return env[name] }, logs)
	}()
	stop := func() error {
		cancel()
		err := <-done
		cleanup()
		return err
	}

	var addr string
	select {
	case addr = <-logs.addr:
	case err := <-done:
		cleanup()
		return nil, fmt.Errorf("run returned before listening: %v", err)
	case <-time.After(10 * time.Second):
		stop()
		return nil, errors.New("no listening line within 10 s")
	}
	server := &testServer{baseURL: "http://" + addr, stop: stop}

	deadline := time.Now().Add(15 * time.Second)
	for {
		response, err := http.Get(server.baseURL + "/health")
		if err == nil {
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return server, nil
			}
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("/health did not answer 200 within 15 s (last error: %v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// logWatcher receives the service's log lines. It reports the address of
// the first line, which the service promises is the "listening" line.
type logWatcher struct {
	addr chan string
	mu   sync.Mutex
	seen bool
}

func newLogWatcher() *logWatcher { return &logWatcher{addr: make(chan string, 1)} }

func (l *logWatcher) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.seen {
		l.seen = true
		line, _, _ := bufio.NewReader(bytes.NewReader(p)).ReadLine()
		var first struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal(line, &first) == nil && first.Msg == "listening" {
			l.addr <- first.Addr
		}
	}
	return len(p), nil
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// testDatabaseURL is a fresh database: a SQLite file in a temporary
// directory, or a new schema in the PostgreSQL of TEST_DATABASE_URL.
func testDatabaseURL() (string, func(), error) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		dir, err := os.MkdirTemp("", "api-test-")
		if err != nil {
			return "", nil, err
		}
		return "sqlite:" + dir + "/app.db", func() { os.RemoveAll(dir) }, nil
	}

	admin, err := sql.Open("postgres", base)
	if err != nil {
		return "", nil, err
	}
	schema := "test_" + randomSuffix()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema in TEST_DATABASE_URL: %w", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	query := u.Query()
	// lib/pq passes unknown URL parameters to the server as run-time
	// settings, so every connection of the app starts in the new schema.
	query.Set("search_path", schema)
	u.RawQuery = query.Encode()
	drop := func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	}
	return u.String(), drop, nil
}

var redisDatabases atomic.Int32

// testRedisURL is TEST_REDIS_URL with a logical database of its own, emptied
// first, so servers of one run and leftovers of earlier runs never share
// cached todos or rate-limit counters.
func testRedisURL() (string, error) {
	base := os.Getenv("TEST_REDIS_URL")
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = fmt.Sprintf("/%d", 1+redisDatabases.Add(1)%15)
	conn, err := redis.DialURL(u.String())
	if err != nil {
		return "", fmt.Errorf("connect to TEST_REDIS_URL: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Do("FLUSHDB"); err != nil {
		return "", err
	}
	return u.String(), nil
}

// client sends requests to one server, optionally with a bearer token.
type client struct {
	t       *testing.T
	baseURL string
	token   string
}

func newClient(t *testing.T, server *testServer) *client {
	return &client{t: t, baseURL: server.baseURL}
}

func (c *client) withToken(token string) *client {
	copied := *c
	copied.token = token
	return &copied
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request. body may be nil, a string (sent as is) or any value
// (sent as JSON); headers are name, value pairs.
func (c *client) do(method, path string, body any, headers ...string) response {
	c.t.Helper()
	var reader io.Reader
	if body != nil {
		raw, ok := body.(string)
		if !ok {
			encoded, err := json.Marshal(body)
			if err != nil {
				c.t.Fatal(err)
			}
			raw = string(encoded)
		}
		reader = strings.NewReader(raw)
	}
	request, err := http.NewRequest(method, c.baseURL+path, reader)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		request.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		request.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(request)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

// expect fails the test unless the status is want.
func (r response) expect(t *testing.T, want int) response {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d; body: %s", r.status, want, r.body)
	}
	return r
}

// json decodes the body into a generic map.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return v
}

// expectError checks the error envelope: status, code, request_id equal to
// the X-Request-ID header, and the fields named in details.
func (r response) expectError(t *testing.T, status int, code string, fields ...string) map[string]any {
	t.Helper()
	r.expect(t, status)
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	envelope, ok := r.json(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error envelope: %s", r.body)
	}
	if envelope["code"] != code {
		t.Errorf("code %v, want %s", envelope["code"], code)
	}
	if envelope["message"] == "" || envelope["message"] == nil {
		t.Error("empty message")
	}
	if id := r.header.Get("X-Request-ID"); id == "" || envelope["request_id"] != id {
		t.Errorf("request_id %v does not match X-Request-ID %q", envelope["request_id"], id)
	}
	if code == "VALIDATION_ERROR" {
		details, ok := envelope["details"].([]any)
		if !ok {
			t.Fatalf("VALIDATION_ERROR without details: %s", r.body)
		}
		named := map[string]bool{}
		for _, d := range details {
			named[d.(map[string]any)["field"].(string)] = true
		}
		for _, field := range fields {
			if !named[field] {
				t.Errorf("details do not name %q: %s", field, r.body)
			}
		}
	}
	return envelope
}

// user is a registered, logged-in account.
type user struct {
	id           int64
	email        string
	password     string
	accessToken  string
	refreshToken string
}

// registerUser creates and logs in a new account with a unique email.
// Password hashing is deliberately slow, so tests create few users.
func registerUser(t *testing.T, server *testServer, name string) user {
	t.Helper()
	c := newClient(t, server)
	u := user{email: name + "-" + randomSuffix() + "@example.com", password: "password-" + name}
	created := c.do("POST", "/api/v1/auth/register", map[string]any{"email": u.email, "password": u.password, "name": name}).
		expect(t, http.StatusCreated).json(t)
	u.id = int64(created["id"].(float64))
	tokens := c.do("POST", "/api/v1/auth/login", map[string]any{"email": u.email, "password": u.password}).
		expect(t, http.StatusOK).json(t)
	u.accessToken = tokens["access_token"].(string)
	u.refreshToken = tokens["refresh_token"].(string)
	return u
}
