"""Requests the orgs service must refuse, each with the status and the error code or field it must name."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from tests.e2e.orgs.conftest import WUJIN, Orgs, bearer


def federation(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "湖塘镇星河COCOcity商圈妇联",
        "kind": "federation",
        "domain": "business_district",
        "level": "town",
        "region": f"{WUJIN}/湖塘镇",
        "host_organisation": "星河COCOcity",
        "founded_on": "2022-08-01",
        "women_members": 210,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


TEN_MB = 10 * 1024 * 1024


def bad_requests(orgs: Orgs, existing: str) -> list[tuple[str, dict[str, Any], int, str]]:
    """(what, request, status, code or field)."""
    future = (date.today() + timedelta(days=3)).isoformat()
    recorder, other = bearer(orgs.recorder), bearer(orgs.yueqing_recorder)
    missing = federation()
    del missing["name"]
    return [
        ("no token", {"url": "/federations", "json": federation(), "headers": {}}, 401, "unauthenticated"),
        (
            "unknown token",
            {"url": "/federations", "json": federation(), "headers": bearer("nj_abc_def")},
            401,
            "invalid_token",
        ),
        (
            "reporter records",
            {"url": "/federations", "json": federation(), "headers": bearer(orgs.reporter)},
            403,
            "forbidden",
        ),
        ("other region founds", {"url": "/federations", "json": federation(), "headers": other}, 403, "out_of_scope"),
        (
            "other region dissolves (the federation is as unknown to it)",
            {
                "url": f"/federations/{existing}/dissolution",
                "json": {"dissolved_on": "2024-01-01", "reason": "x"},
                "headers": other,
            },
            404,
            "federation_not_found",
        ),
        ("missing field", {"url": "/federations", "json": missing, "headers": recorder}, 422, "name"),
        (
            "wrong enum",
            {"url": "/federations", "json": federation(domain="bakery"), "headers": recorder},
            422,
            "domain",
        ),
        (
            "future date",
            {"url": "/federations", "json": federation(founded_on=future), "headers": recorder},
            422,
            "founded_on",
        ),
        (
            "negative count",
            {"url": "/federations", "json": federation(women_members=-1), "headers": recorder},
            422,
            "women_members",
        ),
        (
            "unknown field",
            {"url": "/federations", "json": federation(colour="red"), "headers": recorder},
            422,
            "colour",
        ),
        (
            "bad region",
            {"url": "/federations", "json": federation(region="江苏省//武进区"), "headers": recorder},
            422,
            "region",
        ),
        (
            "not json",
            {"url": "/federations", "content": b"{name:", "headers": {**recorder, "Content-Type": "application/json"}},
            422,
            "invalid_request",
        ),
        (
            "bad correlation id",
            {"url": "/federations", "json": federation(), "headers": {**recorder, "X-Correlation-ID": "nope"}},
            422,
            "X-Correlation-ID",
        ),
        (
            "10 MB body",
            {
                "url": "/federations",
                "content": json.dumps(federation(name="x" * TEN_MB)).encode(),
                "headers": {**recorder, "Content-Type": "application/json"},
            },
            413,
            "body_too_large",
        ),
        (
            "unknown guide",
            {"url": "/federations", "json": federation(guided_by="no-such-park"), "headers": recorder},
            409,
            "guiding_federation_unknown",
        ),
        (
            "inspection before founding",
            {
                "url": f"/federations/{existing}/inspections",
                "json": {"inspected_on": "2020-01-01", "finding": "active"},
                "headers": recorder,
            },
            409,
            "before_founding",
        ),
        (
            "future inspection",
            {
                "url": f"/federations/{existing}/inspections",
                "json": {"inspected_on": future, "finding": "active"},
                "headers": recorder,
            },
            422,
            "inspected_on",
        ),
        (
            "unknown federation",
            {
                "url": "/federations/no-such-fed/recognitions",
                "json": {"recognised_on": "2023-01-01", "level": "city", "title": "t"},
                "headers": recorder,
            },
            404,
            "federation_not_found",
        ),
        (
            "bad path id",
            {
                "url": "/federations/-bad id/dissolution",
                "json": {"dissolved_on": "2023-01-01", "reason": "x"},
                "headers": recorder,
            },
            422,
            "federation_id",
        ),
        (
            "unknown host",
            {
                "url": "/micro-homes",
                "json": {
                    "name": "微家",
                    "setting": "stairwell",
                    "region": WUJIN,
                    "host_federation_id": "nope",
                    "opened_on": "2023-01-01",
                },
                "headers": recorder,
            },
            409,
            "host_federation_unknown",
        ),
        (
            "wrong setting",
            {
                "url": "/micro-homes",
                "json": {
                    "name": "微家",
                    "setting": "castle",
                    "region": WUJIN,
                    "host_federation_id": existing,
                    "opened_on": "2023-01-01",
                },
                "headers": recorder,
            },
            422,
            "setting",
        ),
    ]
