package cache

import (
	"context"
	"testing"
	"time"
)

func TestMemoryCache(t *testing.T) {
	t.Parallel()
	clock := time.Unix(1_800_000_000, 0)
	c := NewMemory()
	c.now = func() time.Time { return clock }
	ctx := context.Background()

	if _, hit, _ := c.Get(ctx, "k"); hit {
		t.Fatal("hit on an empty cache")
	}
	c.Set(ctx, "k", []byte("v"), time.Minute)
	if value, hit, _ := c.Get(ctx, "k"); !hit || string(value) != "v" {
		t.Fatalf("Get = %q, %v", value, hit)
	}
	c.Delete(ctx, "k")
	if _, hit, _ := c.Get(ctx, "k"); hit {
		t.Fatal("hit after Delete")
	}
	c.Set(ctx, "k", []byte("v"), time.Minute)
	clock = clock.Add(time.Minute)
	if _, hit, _ := c.Get(ctx, "k"); hit {
		t.Fatal("hit after expiry")
	}
}
