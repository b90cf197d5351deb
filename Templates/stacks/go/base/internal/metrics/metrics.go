// Package metrics keeps the service's counters and histograms and writes them
// in the Prometheus text exposition format (version 0.0.4).
//
// It is hand-written because the service needs three metric families; the
// official client library would be the right choice for many more.
package metrics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// durationBuckets are upper bounds in seconds, chosen around the 200 ms p95
// target so the histogram says on which side of it requests fall.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10}

// HTTP records request counts and latencies per method, route pattern and
// status. Routes are patterns such as "GET /api/v1/todos/{id}", never raw
// paths, so the number of series stays bounded.
type HTTP struct {
	mu        sync.Mutex
	requests  map[requestKey]uint64
	durations map[routeKey]*histogram
}

type requestKey struct {
	method, route string
	status        int
}

type routeKey struct {
	method, route string
}

type histogram struct {
	counts []uint64 // one per bucket, not cumulative
	count  uint64
	sum    float64
}

// NewHTTP returns empty HTTP metrics.
func NewHTTP() *HTTP {
	return &HTTP{
		requests:  make(map[requestKey]uint64),
		durations: make(map[routeKey]*histogram),
	}
}

// Observe records one finished request.
func (m *HTTP) Observe(method, route string, status int, elapsed time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{method, route, status}]++
	key := routeKey{method, route}
	h := m.durations[key]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(durationBuckets))}
		m.durations[key] = h
	}
	seconds := elapsed.Seconds()
	for i, upper := range durationBuckets {
		if seconds <= upper {
			h.counts[i]++
			break
		}
	}
	h.count++
	h.sum += seconds
}

// WriteTo writes every metric family, sorted so the output is stable between
// scrapes. queries is the number of SQL statements sent so far.
func (m *HTTP) WriteTo(w io.Writer, queries uint64) error {
	var b strings.Builder

	m.mu.Lock()
	requestKeys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		requestKeys = append(requestKeys, k)
	}
	sort.Slice(requestKeys, func(i, j int) bool {
		a, c := requestKeys[i], requestKeys[j]
		if a.route != c.route {
			return a.route < c.route
		}
		if a.method != c.method {
			return a.method < c.method
		}
		return a.status < c.status
	})
	b.WriteString("# HELP http_requests_total HTTP requests served, by method, route pattern and status.\n")
	b.WriteString("# TYPE http_requests_total counter\n")
	for _, k := range requestKeys {
		fmt.Fprintf(&b, "http_requests_total{method=%s,route=%s,status=\"%d\"} %d\n",
			quote(k.method), quote(k.route), k.status, m.requests[k])
	}

	routeKeys := make([]routeKey, 0, len(m.durations))
	for k := range m.durations {
		routeKeys = append(routeKeys, k)
	}
	sort.Slice(routeKeys, func(i, j int) bool {
		if routeKeys[i].route != routeKeys[j].route {
			return routeKeys[i].route < routeKeys[j].route
		}
		return routeKeys[i].method < routeKeys[j].method
	})
	b.WriteString("# HELP http_request_duration_seconds HTTP request latency, by method and route pattern.\n")
	b.WriteString("# TYPE http_request_duration_seconds histogram\n")
	for _, k := range routeKeys {
		h := m.durations[k]
		labels := "method=" + quote(k.method) + ",route=" + quote(k.route)
		var cumulative uint64
		for i, upper := range durationBuckets {
			cumulative += h.counts[i]
			fmt.Fprintf(&b, "http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n", labels, formatFloat(upper), cumulative)
		}
		fmt.Fprintf(&b, "http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, h.count)
		fmt.Fprintf(&b, "http_request_duration_seconds_sum{%s} %s\n", labels, formatFloat(h.sum))
		fmt.Fprintf(&b, "http_request_duration_seconds_count{%s} %d\n", labels, h.count)
	}
	m.mu.Unlock()

	b.WriteString("# HELP db_queries_total SQL statements sent to the database.\n")
	b.WriteString("# TYPE db_queries_total counter\n")
	fmt.Fprintf(&b, "db_queries_total %d\n", queries)

	_, err := io.WriteString(w, b.String())
	return err
}

// quote escapes a label value as the exposition format requires.
func quote(value string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(value) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, +1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
