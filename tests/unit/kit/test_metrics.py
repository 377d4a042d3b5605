"""Requests counted by method, route and status, and timed by method and route."""

from __future__ import annotations

import pytest
from niangjia_kit.metrics import Metrics


def _sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_each_request_is_counted_in_its_route_and_status_and_timed() -> None:
    metrics = Metrics("orgs")
    metrics.request("POST", "/federations", "201", 0.002)
    metrics.request("POST", "/federations", "201", 0.004)
    metrics.request("POST", "/federations", "422", 0.001)
    metrics.request("GET", "unmatched", "404", 0.0005)
    total = "niangjia_http_requests_total"
    assert _sample(metrics, total, method="POST", route="/federations", status="201") == 2
    assert _sample(metrics, total, method="POST", route="/federations", status="422") == 1
    assert _sample(metrics, total, method="GET", route="unmatched", status="404") == 1
    timed = {"method": "POST", "route": "/federations"}
    assert _sample(metrics, "niangjia_http_request_seconds_count", **timed) == 3
    assert _sample(metrics, "niangjia_http_request_seconds_sum", **timed) == pytest.approx(0.007)
    assert _sample(metrics, "niangjia_http_request_seconds_bucket", **timed, le="0.0025") == 2
    assert b'niangjia_http_requests_total{method="POST",route="/federations",status="201"} 2.0' in metrics.render()
