"""The members read model's tables. A member's personal data is held only as the sealed ciphertext
of her appointment (`member.sealed`), opened at query time for readers allowed to see it; erasure
clears it. No name or number is ever written here in plain text.

`member`: one row per appointment, with when she left and when she was erased (business date and
when the system learnt it: both clocks). `member_role`: each role she held from a date.
`project`: one row per "one member, one deed" project. `member_tally`: the members serving today
(appointed, not left, in their latest role), counted at every node of their region's path.
"""

from __future__ import annotations

from niangjia_projections.models.staging import Aggregate

MEMBER_COLUMNS = (
    "member_id",
    "federation_id",
    "region",
    "level",
    "appointed_on",
    "appointed_us",
    "sealed",
    "left_on",
    "left_us",
    "erased_on",
    "erased_us",
)
ROLE_COLUMNS = ("member_id", "position", "role", "community_roles", "since_on", "known_us")
PROJECT_COLUMNS = (
    "project_id",
    "member_id",
    "federation_id",
    "region",
    "service_area",
    "title",
    "pledged_on",
    "pledged_us",
    "completed_on",
    "completed_us",
)

DDL: tuple[str, ...] = (
    """
    CREATE TABLE member (
        member_id TEXT PRIMARY KEY,
        federation_id TEXT NOT NULL,
        region TEXT NOT NULL,
        level TEXT NOT NULL,
        appointed_on TEXT NOT NULL,
        appointed_us INTEGER NOT NULL,
        sealed TEXT,
        left_on TEXT,
        left_us INTEGER,
        erased_on TEXT,
        erased_us INTEGER
    )
    """,
    "CREATE INDEX member_by_region ON member (region)",
    """
    CREATE TABLE member_role (
        member_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        community_roles TEXT NOT NULL,
        since_on TEXT NOT NULL,
        known_us INTEGER NOT NULL,
        PRIMARY KEY (member_id, position)
    )
    """,
    """
    CREATE TABLE project (
        project_id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        federation_id TEXT NOT NULL,
        region TEXT NOT NULL,
        service_area TEXT NOT NULL,
        title TEXT NOT NULL,
        pledged_on TEXT NOT NULL,
        pledged_us INTEGER NOT NULL,
        completed_on TEXT,
        completed_us INTEGER
    )
    """,
    "CREATE INDEX project_by_region ON project (region)",
)

MEMBER_TALLY = Aggregate("member_tally", ("node", "child", "level", "role", "community_roles"), ("members",))
"""Today's members serving, at each node of their region's path (the root "" and every prefix): by
the next part of the path below the node (`child`; "" for a member of the node's own region), level,
role and community roles. Today's report on a region reads its node's rows, not its members."""
DDL += (
    """
    CREATE TABLE member_tally (
        node TEXT NOT NULL, child TEXT NOT NULL, level TEXT NOT NULL, role TEXT NOT NULL,
        community_roles TEXT NOT NULL, members INTEGER NOT NULL,
        PRIMARY KEY (node, child, level, role, community_roles)
    ) WITHOUT ROWID
    """,
    MEMBER_TALLY.drops_zero,
)

SERVING = """
    m.appointed_on <= :day AND m.appointed_us <= :known
    AND NOT (m.left_on IS NOT NULL AND m.left_on <= :day AND m.left_us <= :known)
"""
"""A member (`m`) serving on the date `:day` as known at `:known`."""
LATEST_ROLE = """r.position = (
    SELECT w.position FROM member_role w
    WHERE w.member_id = m.member_id AND w.since_on <= :day AND w.known_us <= :known
    ORDER BY w.since_on DESC, w.position DESC LIMIT 1)
"""
"""The role (`r`) a member held on the date as known then: the latest from a date on or before it,
the later recorded of a day."""
