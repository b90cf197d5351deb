package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestExposition(t *testing.T) {
	t.Parallel()
	m := NewHTTP()
	m.Observe("GET", "/api/v1/todos/{id}", 200, 30*time.Millisecond)
	m.Observe("GET", "/api/v1/todos/{id}", 200, 3*time.Second)
	m.Observe("GET", "/api/v1/todos/{id}", 404, time.Millisecond)

	var out strings.Builder
	if err := m.WriteTo(&out, 7); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"# TYPE http_requests_total counter",
		`http_requests_total{method="GET",route="/api/v1/todos/{id}",status="200"} 2`,
		`http_requests_total{method="GET",route="/api/v1/todos/{id}",status="404"} 1`,
		"# TYPE http_request_duration_seconds histogram",
		`http_request_duration_seconds_bucket{method="GET",route="/api/v1/todos/{id}",le="0.005"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/api/v1/todos/{id}",le="0.05"} 2`,
		`http_request_duration_seconds_bucket{method="GET",route="/api/v1/todos/{id}",le="+Inf"} 3`,
		`http_request_duration_seconds_count{method="GET",route="/api/v1/todos/{id}"} 3`,
		"db_queries_total 7",
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("missing line %q in:\n%s", want, text)
		}
	}
}

func TestLabelValuesAreEscaped(t *testing.T) {
	t.Parallel()
	if got := quote("a\"b\\c\nd"); got != `"a\"b\\c\nd"` {
		t.Errorf("quote = %s", got)
	}
}
