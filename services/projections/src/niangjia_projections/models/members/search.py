"""The members of a region who may be looked for by name: each appointment with her latest role (as
the system knows it now), whether she has left, and her sealed personal data. The names are sealed,
so matching them happens where they are opened (`niangjia_projections.member_search`), never here."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from niangjia_projections.models.common import within


@dataclass(frozen=True, slots=True)
class Candidate:
    member_id: str
    federation_id: str
    region: str
    level: str
    role: str | None
    community_roles: tuple[str, ...]
    appointed_on: str
    left_on: str | None
    sealed: str | None
    erased: bool


def candidates(conn: sqlite3.Connection, region: str | None) -> list[Candidate]:
    """Every member appointed in `region` (or below it), erased ones included, by region and id."""
    where, params = within("m.region", region)
    latest = "FROM member_role r WHERE r.member_id = m.member_id ORDER BY r.since_on DESC, r.position DESC LIMIT 1"
    sql = f"""
        SELECT m.member_id, m.federation_id, m.region, m.level, (SELECT r.role {latest}),
               (SELECT r.community_roles {latest}), m.appointed_on, m.left_on, m.sealed, m.erased_on IS NOT NULL
        FROM member m WHERE {where} ORDER BY m.region, m.member_id
    """  # noqa: S608 - the parts are this module's constants and `within`'s named parameters
    found: list[Candidate] = []
    for row in conn.execute(sql, params):
        community = tuple(c for c in (row[5] or "").split(",") if c)
        member_id, federation_id, place, level, role = row[:5]
        appointed_on, left_on, sealed = row[6:9]
        found.append(
            Candidate(
                member_id, federation_id, place, level, role, community, appointed_on, left_on, sealed, bool(row[9])
            )
        )
    return found
