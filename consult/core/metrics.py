"""What this process measures for Prometheus (prometheus-client), served at /metrics by
config.metrics. Timings are recorded where they happen; counts that live in the database are
read when Prometheus asks (`scrape_time_gauge`), so they cost nothing between scrapes.

With several server processes (uvicorn --workers) each would answer for itself alone:
PROMETHEUS_MULTIPROC_DIR, set by the image's entry point, makes them share their numbers
through files there (prometheus-client's multiprocess mode).
"""

from collections.abc import Callable, Iterable

from prometheus_client import REGISTRY, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "consult_http_request_duration_seconds",
    "Time from a request's arrival to its answer, by route.",
    ["method", "view", "status"],
)
DATABASE_SECONDS = Histogram(
    "consult_db_query_duration_seconds",
    "Time each SQL statement took, by database alias.",
    ["alias"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
CACHE_SECONDS = Histogram(
    "consult_cache_operation_duration_seconds",
    "Time each call to the Redis cache took, by outcome (ok, failed, skipped while down).",
    ["outcome"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2),
)
OPEN_SOCKETS = Gauge(
    "consult_open_sockets",
    "WebSockets open now, by stream.",
    ["stream"],
    multiprocess_mode="livesum",
)

_scrape_time: list[Collector] = []


class _CountAtScrape(Collector):
    def __init__(self, name: str, documentation: str, label: str, counts: Callable):
        self.name, self.documentation, self.label, self.counts = name, documentation, label, counts

    def describe(self) -> Iterable[GaugeMetricFamily]:
        # What the registry asks when the collector is registered: the name, no query.
        yield GaugeMetricFamily(self.name, self.documentation, labels=[self.label])

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily(self.name, self.documentation, labels=[self.label])
        for value, count in self.counts().items():
            family.add_metric([str(value)], count)
        yield family


def scrape_time_gauge(name: str, documentation: str, label: str, counts: Callable) -> None:
    """A gauge read from `counts()`, a {label value: count} mapping, when Prometheus asks."""
    collector = _CountAtScrape(name, documentation, label, counts)
    _scrape_time.append(collector)
    REGISTRY.register(collector)


def scrape_time_collectors() -> list[Collector]:
    return list(_scrape_time)
