"""How the people's events change the members read model (see `schema`): the sealed personal data
is copied as ciphertext, and cleared when the member is erased."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_contracts import (
    MemberAppointed,
    MemberErased,
    MemberLeft,
    MemberRoleChanged,
    ProjectCompleted,
    ProjectPledged,
)
from niangjia_kit.projection import Item

from niangjia_projections.models.common import Tables, insert
from niangjia_projections.models.members import tally
from niangjia_projections.models.members.schema import DDL, MEMBER_COLUMNS, PROJECT_COLUMNS, ROLE_COLUMNS
from niangjia_projections.rebuild.hints import RebuildHints

_INSERT_MEMBER = insert("member", MEMBER_COLUMNS, verb="INSERT OR IGNORE")
_INSERT_ROLE = insert("member_role", ROLE_COLUMNS, verb="INSERT OR IGNORE")
_INSERT_PROJECT = insert("project", PROJECT_COLUMNS, verb="INSERT OR IGNORE")


class MembersProjection(Tables):
    name = "members"
    version = 2  # 2: today's members serving tallied by node (`tally`)
    ddl = DDL
    hints = RebuildHints(weight=0.1, bulk=tally.TalliedAtTheEnd())
    event_types: frozenset[str] | None = frozenset(
        {"MemberAppointed", "MemberRoleChanged", "MemberLeft", "MemberErased", "ProjectPledged", "ProjectCompleted"}
    )

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        serving = {item.event.member_id for item in items if isinstance(item.event, _SERVING_CHANGES)}
        if not serving or not tally.kept_as_it_goes(conn):  # a rebuild tallies at the end
            self._apply(conn, items)
            return
        before = tally.standing(conn, serving)
        self._apply(conn, items)
        tally.move(conn, before, tally.standing(conn, serving))

    def _apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        for item in items:
            event, known, position = item.event, item.recorded_us, item.recorded.position
            match event:
                case MemberAppointed():
                    member = (event.member_id, event.federation_id, event.region, event.level.value)
                    appointed = (event.appointed_on.isoformat(), known, event.personal.model_dump_json())
                    conn.execute(_INSERT_MEMBER, (*member, *appointed, None, None, None, None))
                    _role(conn, position, event, event.appointed_on.isoformat(), known)
                case MemberRoleChanged():
                    _role(conn, position, event, event.changed_on.isoformat(), known)
                case MemberLeft():
                    conn.execute(
                        "UPDATE member SET left_on = ?, left_us = ? WHERE member_id = ?",
                        (event.left_on.isoformat(), known, event.member_id),
                    )
                case MemberErased():
                    conn.execute(
                        "UPDATE member SET sealed = NULL, erased_on = ?, erased_us = ? WHERE member_id = ?",
                        (event.erased_on.isoformat(), known, event.member_id),
                    )
                case ProjectPledged():
                    project = (event.project_id, event.member_id, event.federation_id, event.region)
                    pledge = (event.service_area.value, event.title, event.pledged_on.isoformat(), known)
                    conn.execute(_INSERT_PROJECT, (*project, *pledge, None, None))
                case ProjectCompleted():
                    conn.execute(
                        "UPDATE project SET completed_on = ?, completed_us = ? WHERE project_id = ?",
                        (event.completed_on.isoformat(), known, event.project_id),
                    )


_SERVING_CHANGES = (MemberAppointed, MemberRoleChanged, MemberLeft)
"""The events that change who serves today, and in which role (`tally`)."""


def _role(
    conn: sqlite3.Connection, position: int, event: MemberAppointed | MemberRoleChanged, since_on: str, known: int
) -> None:
    roles = ",".join(r.value for r in event.community_roles)
    conn.execute(_INSERT_ROLE, (event.member_id, position, event.role.value, roles, since_on, known))
