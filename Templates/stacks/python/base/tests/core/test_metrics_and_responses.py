from datetime import UTC, datetime

from app.core.metrics import Metrics
from app.core.responses import dump_json, format_timestamp


def test_metrics_exposition() -> None:
    metrics = Metrics()
    metrics.observe("GET", "/items/{id}", 200, 0.003)
    metrics.observe("GET", "/health", 200, 0.001)
    metrics.count_query()
    text = metrics.render().decode()
    assert text.index('route="/health"') < text.index('route="/items/{id}"')
    histogram = [line for line in text.splitlines() if line.startswith("http_request_duration_seconds_")]
    assert [line.split("{")[0] for line in histogram[11:14]] == [
        "http_request_duration_seconds_bucket",
        "http_request_duration_seconds_sum",
        "http_request_duration_seconds_count",
    ]
    assert 'http_requests_total{method="GET",route="/items/{id}",status="200"} 1\n' in text
    assert 'http_request_duration_seconds_bucket{method="GET",route="/items/{id}",le="0.005"} 1\n' in text
    assert 'http_request_duration_seconds_bucket{method="GET",route="/items/{id}",le="+Inf"} 1\n' in text
    assert "db_queries_total 1\n" in text
    assert "_created" not in text


def test_json_is_compact_utf8() -> None:
    assert dump_json({"a": "é & <b>", "n": None}) == '{"a":"é & <b>","n":null}'.encode()
    assert dump_json("\u2028") == b'"\\u2028"'


def test_timestamps_are_rfc3339_utc() -> None:
    assert format_timestamp(datetime(2026, 11, 22, 3, 57, 18, tzinfo=UTC)) == "2026-11-22T03:57:18Z"
    assert format_timestamp(datetime(2026, 11, 22, 3, 57, 18, 120000, tzinfo=UTC)) == "2026-11-22T03:57:18.12Z"
