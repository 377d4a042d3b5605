"""Prometheus metrics of a service: requests, commands by outcome, append latency."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """One registry per app, so tests and several apps in one process do not share counters."""

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.service = service
        self.requests = Counter(
            "niangjia_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "niangjia_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.commands = Counter(
            "niangjia_commands",
            "Commands by name and outcome (accepted, replayed, rejected, error)",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.append_seconds = Histogram(
            "niangjia_append_seconds",
            "Latency of appends to the event store",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._by_route: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        """each (method, route, status) seen: its counter and its latency histogram"""
        self.up = Gauge("niangjia_up", "1 while the service runs", ["service"], registry=self.registry)
        self.up.labels(service=service).set(1)

    def request(self, method: str, route: str, status: str, seconds: float) -> None:
        """Count one request of `route` answered with `status` and record how long it took. The
        labelled series are looked up once per (method, route, status): `labels` checks and locks
        on every call, a few microseconds of each command."""
        key = (method, route, status)
        series = self._by_route.get(key)
        if series is None:
            series = (
                self.requests.labels(method=method, route=route, status=status),
                self.request_seconds.labels(method=method, route=route),
            )
            self._by_route[key] = series
        count, latency = series
        count.inc()
        latency.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
