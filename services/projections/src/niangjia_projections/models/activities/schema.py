"""The activities read model's tables: care activities as versions, what was held, each correction,
each retraction, with the time the system learnt it. `activity_current` is the latest version, for
questions about today's knowledge (kept by triggers as each version is written); `activity_version`
answers "as known at T"."""

from __future__ import annotations

FACT_COLUMNS = (
    "organiser_id",
    "organiser_kind",
    "region",
    "held_on",
    "title",
    "campaign",
    "service_area",
    "people_served",
    "volunteers",
    "goods_value_cents",
    "location",
)
_FACTS_DDL = """
    organiser_id TEXT,
    organiser_kind TEXT,
    region TEXT,
    held_on TEXT,
    title TEXT,
    campaign TEXT,
    service_area TEXT,
    people_served INTEGER,
    volunteers INTEGER,
    goods_value_cents INTEGER,
    location TEXT
"""

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
    "CREATE INDEX activity_version_by_id ON activity_version (activity_id, position)",
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
