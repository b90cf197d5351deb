// Package cache stores serialised values for a limited time, in Redis when the
// service runs as several instances and in process memory otherwise.
package cache

import (
	"context"
	"sync"
	"time"
)

// Cache is what handlers depend on. A miss is (nil, false, nil); errors are
// reserved for a backend that does not answer, which callers treat as a miss
// so that a cache outage slows the service down instead of breaking it.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

// Memory is a process-local cache. Expired entries are dropped when read and
// by a sweep on writes, so memory stays bounded by the live entries.
type Memory struct {
	mu        sync.Mutex
	entries   map[string]memoryEntry
	now       func() time.Time
	nextSweep time.Time
}

type memoryEntry struct {
	value     []byte
	expiresAt time.Time
}

// NewMemory returns an empty in-process cache.
func NewMemory() *Memory {
	return &Memory{entries: make(map[string]memoryEntry), now: time.Now}
}

func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	entry, ok := m.entries[key]
	if !ok {
		return nil, false, nil
	}
	if !m.now().Before(entry.expiresAt) {
		delete(m.entries, key)
		return nil, false, nil
	}
	return entry.value, true, nil
}

func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if now.After(m.nextSweep) {
		for k, entry := range m.entries {
			if !now.Before(entry.expiresAt) {
				delete(m.entries, k)
			}
		}
		m.nextSweep = now.Add(time.Minute)
	}
	m.entries[key] = memoryEntry{value: value, expiresAt: now.Add(ttl)}
	return nil
}

func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}
