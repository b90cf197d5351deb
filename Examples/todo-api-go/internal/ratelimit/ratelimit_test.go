package ratelimit

import (
	"context"
	"testing"
	"time"
)

func TestMemoryLimitsPerKeyAndWindow(t *testing.T) {
	t.Parallel()
	clock := time.Date(2030, 1, 1, 12, 0, 10, 0, time.UTC)
	limiter := NewMemory(2)
	limiter.now = func() time.Time { return clock }
	ctx := context.Background()

	for i := 0; i < 2; i++ {
		if ok, _, _ := limiter.Allow(ctx, "a"); !ok {
			t.Fatalf("request %d refused within the limit", i+1)
		}
	}
	ok, retryAfter, _ := limiter.Allow(ctx, "a")
	if ok {
		t.Fatal("request over the limit allowed")
	}
	if retryAfter != 51*time.Second {
		t.Errorf("retryAfter = %v, want 51s (50 s to the window end, rounded up)", retryAfter)
	}
	if ok, _, _ := limiter.Allow(ctx, "b"); !ok {
		t.Error("another client shares the budget")
	}

	clock = clock.Add(time.Minute)
	if ok, _, _ := limiter.Allow(ctx, "a"); !ok {
		t.Error("budget not renewed in the next window")
	}
}
