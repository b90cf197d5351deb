"""Prometheus metrics: request counts and latencies by route pattern, SQL statements.

Each app gets its own registry, so tests can run several apps in one process.
Routes are patterns such as /api/v1/todos/{id}, never raw paths, so the
number of series stays bounded.
"""

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.samples import Sample

# The _created series would double every counter for no use here.
disable_created_metrics()

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Upper bounds in seconds, around the 200 ms p95 target, so the histogram says
# on which side of it requests fall.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._requests = Counter(
            "http_requests",
            "HTTP requests served, by method, route pattern and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self._durations = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency, by method and route pattern.",
            ["method", "route"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self._queries = Counter("db_queries", "SQL statements sent to the database.", registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self._requests.labels(method, route, str(status)).inc()
        self._durations.labels(method, route).observe(seconds)

    def count_query(self) -> None:
        self._queries.inc()

    def render(self) -> bytes:
        """The text exposition format, with labels in a fixed order (le last)
        and whole numbers without a fraction, so scrapes read the same in
        every stack of the contract."""
        lines = []
        for family in self.registry.collect():
            name = family.name + ("_total" if family.type == "counter" else "")
            lines.append(f"# HELP {name} {family.documentation}")
            lines.append(f"# TYPE {name} {family.type}")
            # Sorted by route, method and status so scrapes are stable; a
            # histogram's buckets keep their order, then _sum and _count.
            for sample in sorted(family.samples, key=_sample_order):
                ordered = sorted(sample.labels.items(), key=lambda item: _LABEL_ORDER.get(item[0], 0))
                labels = ",".join(f'{key}="{_label(key, value)}"' for key, value in ordered)
                value = _number(sample.value)
                lines.append(f"{sample.name}{{{labels}}} {value}" if labels else f"{sample.name} {value}")
        return ("\n".join(lines) + "\n").encode()


_LABEL_ORDER = {"method": 0, "route": 1, "status": 2, "le": 3}
_SUFFIX_ORDER = {"_bucket": 0, "_sum": 1, "_count": 2}


def _sample_order(sample: Sample) -> tuple[str, str, str, int]:
    suffix = next((rank for end, rank in _SUFFIX_ORDER.items() if sample.name.endswith(end)), 0)
    labels = sample.labels
    return labels.get("route", ""), labels.get("method", ""), labels.get("status", ""), suffix


def _label(key: str, value: str) -> str:
    if key == "le":
        return _number(float(value))
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return str(int(value)) if value.is_integer() else repr(value)
