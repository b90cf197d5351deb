// Package ratelimit counts requests per client in fixed one-minute windows.
//
// A fixed window is the simplest algorithm that is exact across several
// instances with one Redis INCR per request. Its known weakness (a client may
// send up to twice the limit around a window boundary) is acceptable for
// abuse protection.
package ratelimit

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/gomodule/redigo/redis"
)

const window = time.Minute

// Limiter decides whether a client may make one more request now.
type Limiter interface {
	// Allow counts one request for key. When it returns false, retryAfter is
	// how long the client should wait before the window resets.
	Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error)
}

// windowStart is the beginning of the window that contains now.
func windowStart(now time.Time) time.Time {
	return now.Truncate(window)
}

// retryAfter rounds up so that a client waiting that long is in a new window.
func retryAfter(now time.Time) time.Duration {
	return windowStart(now).Add(window).Sub(now).Truncate(time.Second) + time.Second
}

// Memory limits requests within this process.
type Memory struct {
	limit int
	now   func() time.Time

	mu      sync.Mutex
	current time.Time
	counts  map[string]int
}

// NewMemory allows limit requests per key per minute.
func NewMemory(limit int) *Memory {
	return &Memory{limit: limit, now: time.Now, counts: make(map[string]int)}
}

func (m *Memory) Allow(_ context.Context, key string) (bool, time.Duration, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	// Starting a new window forgets every old count at once, which keeps
	// memory bounded by the clients seen in the last minute.
	if start := windowStart(now); !start.Equal(m.current) {
		m.current = start
		m.counts = make(map[string]int)
	}
	m.counts[key]++
	if m.counts[key] > m.limit {
		return false, retryAfter(now), nil
	}
	return true, 0, nil
}

// Redis limits requests across every instance sharing the Redis server.
type Redis struct {
	pool   *redis.Pool
	limit  int
	prefix string
	now    func() time.Time
}

// NewRedis allows limit requests per key per minute. prefix keeps the
// counters of different limiters apart.
func NewRedis(pool *redis.Pool, prefix string, limit int) *Redis {
	return &Redis{pool: pool, limit: limit, prefix: prefix, now: time.Now}
}

func (r *Redis) Allow(ctx context.Context, key string) (bool, time.Duration, error) {
	now := r.now()
	conn, err := r.pool.GetContext(ctx)
	if err != nil {
		return false, 0, err
	}
	defer conn.Close()

	counter := r.prefix + key + ":" + strconv.FormatInt(windowStart(now).Unix(), 10)
	// MULTI makes INCR and EXPIRE one step: a crash between them would
	// otherwise leave a counter that never expires.
	conn.Send("MULTI")
	conn.Send("INCR", counter)
	conn.Send("EXPIRE", counter, int(2*window/time.Second))
	replies, err := redis.Values(conn.Do("EXEC"))
	if err != nil {
		return false, 0, err
	}
	count, err := redis.Int(replies[0], nil)
	if err != nil {
		return false, 0, err
	}
	if count > r.limit {
		return false, retryAfter(now), nil
	}
	return true, 0, nil
}
