"""The names of the glossary's codes and of the reports' fields, in Chinese and English, for what the
service writes for people to read (the Excel exports). The codes' names are the contracts' own
(`niangjia_contracts.names`, as the CLI shows them, the reports' own codes too); the reports' fields
and stamps are in glossary.toml beside this module. The dashboard is served the same names
(`dashboard.routes.names_script`, names.js): one source for both.

`name(code, lang)` gives a code's name, `field(key, lang)` a field's header; an unknown code or key
comes back unchanged (a region path, a title, a person's pseudonym are shown as they are).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from niangjia_contracts.names import BY_ENUM, DORMANT_BY, EVENT_TYPES, REPORT_CODES, STATUSES, Names
from niangjia_contracts.texts import Pair, Texts, pick, tables

Lang = Literal["zh", "en"]
GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")

FIELDS: Names = Texts(lambda: tables(GLOSSARY_FILE)["fields"])
STAMP: Names = Texts(lambda: tables(GLOSSARY_FILE)["stamp"])


@functools.cache
def _codes() -> dict[str, Pair]:
    """Every code's name, from the contracts' catalogue (`niangjia_contracts.names`): where two
    enumerations share a code, the first named there (a level before a recognition's level, a
    federation's kind before an organiser's kind)."""
    codes: dict[str, Pair] = {}
    for names in (*BY_ENUM.values(), STATUSES, DORMANT_BY, EVENT_TYPES, REPORT_CODES):
        for code, pair in names.items():
            codes.setdefault(code, pair)
    return codes


CODES: Names = Texts(_codes)


def name(code: str, lang: Lang) -> str:
    return pick(CODES, code, lang)


def field(key: str, lang: Lang) -> str:
    return pick(FIELDS, key, lang)


def stamp(key: str, lang: Lang) -> str:
    return pick(STAMP, key, lang)
