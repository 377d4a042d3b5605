"""The activities read model's tables: care activities as versions, what was held, each correction,
each retraction, with the time the system learnt it. `activity_current` is the latest version, for
questions about today's knowledge (kept by triggers as each version is written); `activity_version`
answers "as known at T"."""

from __future__ import annotations

from niangjia_projections.models.staging import Aggregate

_FACT_TYPES = {
    "organiser_id": "TEXT",
    "organiser_kind": "TEXT",
    "region": "TEXT",
    "held_on": "TEXT",
    "title": "TEXT",
    "campaign": "TEXT",
    "service_area": "TEXT",
    "people_served": "INTEGER",
    "volunteers": "INTEGER",
    "goods_value_cents": "INTEGER",
    "location": "TEXT",
}
"""The columns that hold a version's facts, with their SQLite types."""
FACT_COLUMNS = tuple(_FACT_TYPES)
_FACTS_DDL = "\n" + ",\n".join(f"    {column} {kind}" for column, kind in _FACT_TYPES.items()) + "\n"

DDL = (
    f"""
    CREATE TABLE activity_version (
        position INTEGER PRIMARY KEY,
        activity_id TEXT NOT NULL,
        change TEXT NOT NULL,
        known_us INTEGER NOT NULL,
        {_FACTS_DDL}
    )
    """,
    # known_us too: "each activity's latest version known at T" (dormancy.py) reads the index alone
    "CREATE INDEX activity_version_by_id ON activity_version (activity_id, position, known_us)",
    "CREATE INDEX activity_version_by_held_on ON activity_version (held_on)",
    f"""
    CREATE TABLE activity_current (
        activity_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        retracted INTEGER NOT NULL,
        {_FACTS_DDL}
    )
    """,
    "CREATE INDEX activity_current_by_held_on ON activity_current (held_on)",
    "CREATE INDEX activity_current_by_organiser ON activity_current (organiser_id, held_on)",
    # each organiser's last activity (dormancy) read from the index alone
    "CREATE INDEX activity_current_last ON activity_current (organiser_id, held_on) WHERE retracted = 0",
    # activity_current follows activity_version inside SQLite, in the order the versions are written:
    # one statement per event from Python instead of two (binding the row twice was a fifth of a rebuild
    # of this model)
    f"""
    CREATE TRIGGER activity_current_holds_the_latest AFTER INSERT ON activity_version
    WHEN new.change != 'retracted'
    BEGIN
        INSERT INTO activity_current (activity_id, position, retracted, {", ".join(FACT_COLUMNS)})
        VALUES (new.activity_id, new.position, 0, {", ".join(f"new.{c}" for c in FACT_COLUMNS)})
        ON CONFLICT (activity_id) DO UPDATE SET position=excluded.position, retracted=0,
            {", ".join(f"{c}=excluded.{c}" for c in FACT_COLUMNS)};
    END
    """,  # noqa: S608 - built from the constant column names
    """
    CREATE TRIGGER activity_current_marks_a_retraction AFTER INSERT ON activity_version
    WHEN new.change = 'retracted'
    BEGIN
        UPDATE activity_current SET retracted=1, position=new.position WHERE activity_id=new.activity_id;
    END
    """,
)

HELD, CORRECTED, RETRACTED = "held", "corrected", "retracted"
VERSION_COLUMNS = ("position", "activity_id", "change", "known_us", *FACT_COLUMNS)

# The campaign figures, kept as aggregates (see `figures` and `keeping`): sums and counts of
# organisers per region node, slot and day, each a delta kept under the day the system learnt it
# (`known_day`, UTC days), so that a report known at T sums the days before T's and settles T's own
# day from the versions (`edge`). A row whose figures sum to zero is removed.
CAMPAIGN_DDL: tuple[str, ...] = (
    """
    CREATE TABLE campaign_sum (
        node TEXT NOT NULL, slot INTEGER NOT NULL, held_on TEXT NOT NULL, known_day INTEGER NOT NULL,
        activities INTEGER NOT NULL, people_served INTEGER NOT NULL, volunteers INTEGER NOT NULL,
        goods_value_cents INTEGER NOT NULL,
        PRIMARY KEY (node, slot, held_on, known_day)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE campaign_organisers (
        node TEXT NOT NULL, slot INTEGER NOT NULL, measure TEXT NOT NULL, day TEXT NOT NULL,
        known_day INTEGER NOT NULL, organisers INTEGER NOT NULL,
        PRIMARY KEY (node, slot, measure, day, known_day)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE campaign_federations (
        node TEXT NOT NULL, measure TEXT NOT NULL, day TEXT NOT NULL, opened_on TEXT NOT NULL,
        known_day INTEGER NOT NULL, federations INTEGER NOT NULL,
        PRIMARY KEY (node, measure, day, opened_on, known_day)
    ) WITHOUT ROWID
    """,
    # the organisations as the coverage needs them: founded (first founding kept), and every end
    """
    CREATE TABLE campaign_org (
        org_id TEXT PRIMARY KEY, org_type TEXT NOT NULL, region TEXT NOT NULL, opened_on TEXT NOT NULL,
        known_us INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE campaign_org_end (
        position INTEGER PRIMARY KEY, org_id TEXT NOT NULL, on_date TEXT NOT NULL, known_us INTEGER NOT NULL
    )
    """,
    "CREATE INDEX campaign_org_end_by_org ON campaign_org_end (org_id, on_date)",
    "CREATE INDEX campaign_org_end_by_known ON campaign_org_end (known_us)",
    "CREATE INDEX campaign_org_by_known ON campaign_org (known_us)",
    "CREATE INDEX activity_version_by_known ON activity_version (known_us)",
    # an organiser's versions by date, for its latest activity known at a time (`dormancy`) and the
    # activities it held in a year (`edge`); activity_id too: the activities a region's organisers
    # ever held, read from the index alone
    "CREATE INDEX activity_version_by_organiser_day ON activity_version (organiser_id, held_on, known_us, activity_id)",
    # 1 once an event was recorded before the one ahead of it: the sums by known day would then not
    # be the history known at a time, and known-at reports read the versions instead
    "CREATE TABLE campaign_clock (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    # 1 once a fact was dated after the day (in China) it was recorded: what was known at a time
    # may then be dated after that time (`models/organisations/known_then`)
    "INSERT INTO campaign_clock (name, value) VALUES ('last_known_us', 0), ('backwards', 0), ('dated_ahead', 0)",
)
CAMPAIGN_SUM = Aggregate(
    "campaign_sum",
    ("node", "slot", "held_on", "known_day"),
    ("activities", "people_served", "volunteers", "goods_value_cents"),
)
CAMPAIGN_ORGANISERS = Aggregate("campaign_organisers", ("node", "slot", "measure", "day", "known_day"), ("organisers",))
CAMPAIGN_FEDERATIONS = Aggregate(
    "campaign_federations", ("node", "measure", "day", "opened_on", "known_day"), ("federations",)
)
CAMPAIGN_AGGREGATES = (CAMPAIGN_SUM, CAMPAIGN_ORGANISERS, CAMPAIGN_FEDERATIONS)
CAMPAIGN_DDL += tuple(aggregate.drops_zero for aggregate in CAMPAIGN_AGGREGATES)
KNOWN_THEN_DDL = (
    # what a report known at a time reads again (`models/organisations/known_then`): each dated
    # fact by the month of its date and the time it was learnt (the versions' with their organiser
    # and day: the country's versions learnt after a time are many, each read from the index alone)
    """
    CREATE INDEX activity_version_by_month_known
    ON activity_version (substr(held_on, 1, 7), known_us, organiser_id, held_on)
    """,
    "CREATE INDEX campaign_org_by_month_known ON campaign_org (substr(opened_on, 1, 7), known_us)",
    "CREATE INDEX campaign_org_end_by_month_known ON campaign_org_end (substr(on_date, 1, 7), known_us)",
    # and the organiser and day an activity left when a retraction or a correction to another
    # organiser or day was learnt (the version it left is read before the trigger of DDL moves it)
    """
    CREATE TABLE activity_left (known_us INTEGER NOT NULL, organiser_id TEXT NOT NULL, held_on TEXT NOT NULL)
    """,
    "CREATE INDEX activity_left_by_month_known ON activity_left (substr(held_on, 1, 7), known_us)",
    """
    CREATE TRIGGER activity_left_records_the_leaving BEFORE INSERT ON activity_version
    WHEN new.change != 'held'
    BEGIN
        INSERT INTO activity_left (known_us, organiser_id, held_on)
        SELECT new.known_us, c.organiser_id, c.held_on FROM activity_current c
        WHERE c.activity_id = new.activity_id AND c.retracted = 0
          AND (new.change = 'retracted' OR c.organiser_id IS NOT new.organiser_id OR c.held_on IS NOT new.held_on);
    END
    """,
)
KEPT_WHILE_LOADING = frozenset({"campaign_org_end_by_org"})
"""The indexes the projection itself reads by while a rebuild loads (kept then; a rebuild places the
organisers at the end, so `activity_current_by_organiser` is made after the load)."""
