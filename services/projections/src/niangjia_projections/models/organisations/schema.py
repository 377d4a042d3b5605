"""The organisations read model's tables.

`org` holds what an organisation was founded as (a chamber's origin and the date its first
leadership was elected among it); `org_change` holds the dated facts that change
its standing (ended, inspected, recognised), each with its business date and the time the system
learnt it, so counts can be answered as of any business date and as known at any time. The
tallies keep the counts as sums on both clocks (`tally`): `tally_point` each organisation's signed
points (with its codes and members, what they are counted by), `tally` their sums by region node, dimension and months, `tally_region` the standing totals
of every region node.
"""

from __future__ import annotations

from niangjia_projections.models.staging import Aggregate

ORG_COLUMNS = (
    "org_id",
    "org_type",
    "name",
    "kind",
    "domain",
    "sector",
    "level",
    "setting",
    "region",
    "parent_id",
    "opened_on",
    "known_us",
    "position",
    "women_members",
    "executive_members",
    "organisations_covered",
    "chamber_origin",
    "leadership_elected_on",
)
CHANGE_COLUMNS = ("position", "org_id", "change", "on_date", "value", "known_us")

_CHAMBER = "org_type = 'federation' AND domain = 'chamber_of_commerce'"
"""The partial indexes' condition: a query names both columns with these constants to use them."""

DDL: tuple[str, ...] = (
    """
    CREATE TABLE org (
        org_id TEXT PRIMARY KEY,
        org_type TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        domain TEXT,
        sector TEXT,
        level TEXT,
        setting TEXT,
        region TEXT NOT NULL,
        parent_id TEXT,
        opened_on TEXT NOT NULL,
        known_us INTEGER NOT NULL,
        position INTEGER NOT NULL,
        women_members INTEGER NOT NULL,
        executive_members INTEGER NOT NULL,
        organisations_covered INTEGER NOT NULL,
        chamber_origin TEXT,
        leadership_elected_on TEXT
    )
    """,
    "CREATE INDEX org_parent ON org (parent_id)",
    # with the id: a region's ids are read from the index alone (the dormant known at a time)
    "CREATE INDEX org_region ON org (region, org_id)",
    "CREATE INDEX org_by_position ON org (position)",  # the dormant a page at a time, in founding order
    # the first federation of each domain and kind (`milestones.firsts`)
    "CREATE INDEX org_first ON org (org_type, domain, kind, opened_on, position)",
    # the federations founded within a window, by what `milestones.founded` counts them by
    "CREATE INDEX org_founded ON org (org_type, opened_on, known_us, region, domain, sector, kind, level, org_id)",
    # those whose first leadership was elected within a period, in that order, with what they are
    # counted by (`milestones.elections`)
    "CREATE INDEX org_elected ON org (leadership_elected_on, opened_on, position, org_type, known_us, region, domain)"
    " WHERE leadership_elected_on IS NOT NULL",
    # the chambers of commerce's federations: by region and by what they are counted by, and in
    # founding order (`milestones.chambers`)
    f"CREATE INDEX org_chamber_region ON org (region, opened_on, known_us, chamber_origin, org_id) WHERE {_CHAMBER}",
    f"CREATE INDEX org_chamber ON org (opened_on, position, known_us, region) WHERE {_CHAMBER}",
    """
    CREATE TABLE org_change (
        position INTEGER PRIMARY KEY,
        org_id TEXT NOT NULL,
        change TEXT NOT NULL,
        on_date TEXT NOT NULL,
        value TEXT,
        known_us INTEGER NOT NULL
    )
    """,
    "CREATE INDEX org_change_by_org ON org_change (org_id, change, on_date)",
    # the tallies (see `tally`): each organisation's signed points by figure, and their sums
    """
    CREATE TABLE tally_point (
        org_id TEXT NOT NULL,
        figure TEXT NOT NULL,
        day TEXT NOT NULL,
        known_us INTEGER NOT NULL,
        sign INTEGER NOT NULL,
        org_type TEXT NOT NULL,
        region TEXT NOT NULL,
        domain TEXT,
        sector TEXT,
        kind TEXT,
        level TEXT,
        setting TEXT,
        women INTEGER NOT NULL,
        executives INTEGER NOT NULL,
        covered INTEGER NOT NULL,
        chamber_origin TEXT,
        opened_on TEXT NOT NULL,
        PRIMARY KEY (org_id, figure, day, known_us)
    ) WITHOUT ROWID
    """,
    # a report's own month of points, read by region from the index alone
    "CREATE INDEX tally_point_by_day ON tally_point (day, known_us, region, figure, org_type, sign)",
    # and the points recorded in `known_at`'s month (a province's or the country's), alike: a
    # province's own points are many more than a month's records
    "CREATE INDEX tally_point_by_known ON tally_point (known_us, day, region, figure, org_type, sign)",
    # of the federations founded within a window, those ended (`windowed.founded`)
    "CREATE INDEX tally_point_ended ON tally_point (opened_on, day, known_us, org_type, region, sign)"
    " WHERE figure = 'ended'",
    # a city's, a county's or a town's points with what they are counted by, read from the index alone
    "CREATE INDEX tally_point_by_region ON tally_point "
    "(region, figure, day, known_us, org_type, sign, domain, sector, kind, level, setting, women, executives, covered,"
    " chamber_origin)",
    """
    CREATE TABLE tally (
        marginal INTEGER NOT NULL,
        node TEXT NOT NULL,
        day_m TEXT NOT NULL,
        known_m TEXT NOT NULL,
        org_type TEXT NOT NULL,
        figure TEXT NOT NULL,
        dim TEXT NOT NULL,
        value TEXT NOT NULL,
        n INTEGER NOT NULL,
        women INTEGER NOT NULL,
        executives INTEGER NOT NULL,
        covered INTEGER NOT NULL,
        PRIMARY KEY (marginal, node, day_m, known_m, org_type, figure, dim, value)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE tally_region (
        marginal INTEGER NOT NULL,
        depth INTEGER NOT NULL,
        node TEXT NOT NULL,
        day_m TEXT NOT NULL,
        known_m TEXT NOT NULL,
        org_type TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (marginal, depth, node, day_m, known_m, org_type)
    ) WITHOUT ROWID
    """,
)
TALLY = Aggregate(
    "tally",
    ("marginal", "node", "day_m", "known_m", "org_type", "figure", "dim", "value"),
    ("n", "women", "executives", "covered"),
)
TALLY_REGION = Aggregate("tally_region", ("marginal", "depth", "node", "day_m", "known_m", "org_type"), ("n",))
DDL += (TALLY.drops_zero, TALLY_REGION.drops_zero)  # a sum back to zero goes: the rows are the same whatever the runs

FEDERATION = "federation"
MICRO_HOME = "micro_home"
ENDED, INSPECTED, RECOGNISED = "ended", "inspected", "recognised"
