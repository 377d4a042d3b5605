"""Every code's name in Chinese and English, as the federations' reports write them.

The codes (`non_public_enterprise`, `summer_cooling`, ...) are the contract; people read names. One
table per list of codes, so that the command line, the exports and the dashboard say the same thing,
and a command may be given a name instead of its code (`--domain 非公企业`).
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar

from niangjia_contracts import enums
from niangjia_contracts.enums import Campaign, quarter_of
from niangjia_contracts.texts import Texts, pick, tables

Names = Mapping[str, tuple[str, str]]  # code -> (zh-CN, en)
E = TypeVar("E", bound=enum.StrEnum)

NAMES_FILE = Path(__file__).with_name("names.toml")
"""The names themselves: data, one table per list of codes (an enumeration by its class name)."""

ENUMS: tuple[type[enum.StrEnum], ...] = (
    enums.FederationKind,
    enums.Sector,
    enums.Domain,
    enums.ChamberOrigin,
    enums.Level,
    enums.InspectionFinding,
    enums.RecognitionLevel,
    enums.MicroHomeSetting,
    enums.Campaign,
    enums.ServiceArea,
    enums.OrganiserKind,
    enums.MemberRole,
    enums.CommunityRole,
    enums.LeavingReason,
    enums.ErasureReason,
    enums.ProjectStatus,
)


def _table(name: str) -> Names:
    return Texts(lambda: tables(NAMES_FILE)[name])


BY_ENUM: dict[type[enum.StrEnum], Names] = {kind: _table(kind.__name__) for kind in ENUMS}
STATUSES: Names = _table("statuses")
REPORT_CODES: Names = _table("report_codes")
"""Codes that only the reports use (a grouping of domains, a breakdown's "other", the standing)."""
DORMANT_BY: Names = _table("dormant_by")
"""Why an organisation is dormant: by an inspection's finding, or by silence."""
"""Codes that are not a field's type but appear in reports."""
ROLES: Names = _table("roles")
EVENT_TYPES: Names = _table("event_types")
FIELDS: Names = _table("fields")
"""The facts' field names, for option help, table headers and the audit timeline."""


def name(names: Names, code: str, language: str) -> str:
    """`code`'s name in `language` ("zh" or "en"); an unknown code is shown as it is."""
    return pick(names, code, language)


def name_of(value: enum.StrEnum, language: str) -> str:
    return name(BY_ENUM[type(value)], value.value, language)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


SHORTEST_PREFIX = 2
"""The fewest letters read as the start of a code or a name (`parse_name`); one Chinese character
will do (夏)."""


def parse_name(kind: type[E], text: str) -> E:
    """The member of `kind` whose code, Chinese name or English name is `text` (NFKC, any case), or
    whose code or names alone start with it (`summer`, `夏`; see `SHORTEST_PREFIX`).

    Raises ValueError when none is, `Ambiguous` (one) when several start so."""
    wanted = _key(text)
    keys = {member: {_key(member.value), *(_key(n) for n in BY_ENUM[kind][member.value])} for member in kind}
    for member, known in keys.items():
        if wanted in known:
            return member
    starting = [member for member, known in keys.items() if any(key.startswith(wanted) for key in known)]
    if not wanted or (wanted.isascii() and len(wanted) < SHORTEST_PREFIX) or not starting:
        raise ValueError(text)
    if len(starting) > 1:
        raise Ambiguous(text, tuple(starting))
    return starting[0]


class Ambiguous(ValueError):
    """Text that starts the codes or names of several members (`candidates`)."""

    def __init__(self, text: str, candidates: tuple[enum.StrEnum, ...]) -> None:
        super().__init__(text)
        self.candidates = candidates


def choices(kind: type[enum.StrEnum], language: str) -> list[str]:
    """The names a person may type for `kind`, in `language`, in the enum's order."""
    return [name_of(member, language) for member in kind]


def campaign_mismatch(campaign: Campaign, held_on: date) -> str:
    """Why `campaign` cannot be the theme of an activity held on `held_on`: each theme by its English
    name, then its code (what the API takes)."""
    expected = Campaign.of_date(held_on)
    return (
        f"the theme “{name_of(campaign, 'en')}” ({campaign.value}) is Q{campaign.quarter}'s, but the activity was held"
        f" on {held_on}, in Q{quarter_of(held_on)}, whose theme is “{name_of(expected, 'en')}” ({expected.value})"
    )
