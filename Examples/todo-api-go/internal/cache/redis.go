package cache

import (
	"context"
	"errors"
	"time"

	"github.com/gomodule/redigo/redis"
)

// NewRedisPool connects to the Redis server at rawURL (redis://host:port/db)
// and checks that it answers, so a wrong REDIS_URL fails at start-up rather
// than on the first request.
func NewRedisPool(ctx context.Context, rawURL string) (*redis.Pool, error) {
	pool := &redis.Pool{
		MaxIdle:     8,
		MaxActive:   64,
		Wait:        true,
		IdleTimeout: 4 * time.Minute,
		Dial: func() (redis.Conn, error) {
			return redis.DialURL(rawURL,
				redis.DialConnectTimeout(2*time.Second),
				redis.DialReadTimeout(2*time.Second),
				redis.DialWriteTimeout(2*time.Second))
		},
	}
	conn, err := pool.GetContext(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.Do("PING"); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// Redis is a Cache shared by every instance of the service.
type Redis struct {
	pool *redis.Pool
}

// NewRedis returns a cache backed by pool.
func NewRedis(pool *redis.Pool) *Redis {
	return &Redis{pool: pool}
}

func (c *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	conn, err := c.pool.GetContext(ctx)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close()
	value, err := redis.Bytes(conn.Do("GET", key))
	if errors.Is(err, redis.ErrNil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return value, true, nil
}

func (c *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	conn, err := c.pool.GetContext(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Do("SET", key, value, "PX", ttl.Milliseconds())
	return err
}

func (c *Redis) Delete(ctx context.Context, key string) error {
	conn, err := c.pool.GetContext(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Do("DEL", key)
	return err
}
