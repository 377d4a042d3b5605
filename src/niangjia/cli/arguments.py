"""Checks of the command line's own arguments, before anything is sent or written: each bad value
is a `typer.BadParameter` in the user's language (one line, exit code 2, never a traceback).

A region or a token's scope is checked like a region a request body names
(`niangjia_contracts.regions`): names that are names, official divisions down to the county.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import typer

from niangjia.i18n import t

# The checks that need the contracts import them when they run, so that a command which takes no
# region, date or text (a report by id, say) does not load the models to start.

_ENTITY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})"
)


def region(value: str | None) -> str | None:
    """A region path (or a token's scope), in NFC; None stays None."""
    if value is None:
        return None
    from niangjia_contracts.regions import UnknownRegion, place, registry
    from niangjia_contracts.strict import SLASH_LOOKALIKES, unsafe_character
    from niangjia_contracts.types import REGION_DEPTH_MAX, REGION_SEGMENT_MAX, check_region

    text = unicodedata.normalize("NFC", value)
    bad = unsafe_character(text)
    if bad is not None:
        raise typer.BadParameter(t("arg.region.control", code=f"{ord(bad):04X}"))
    if any(ch in SLASH_LOOKALIKES for ch in text):
        raise typer.BadParameter(t("arg.region.slash", value=text))
    names = text.split("/")
    if not all(names):
        raise typer.BadParameter(t("arg.region.empty", value=text))
    if any(name in {".", ".."} for name in names):
        raise typer.BadParameter(t("arg.region.dots", value=text))
    try:
        check_region(text)
        return place(text).path
    except UnknownRegion as error:
        known = registry().by_path
        unknown = next((n for i, n in enumerate(names) if "/".join(names[: i + 1]) not in known), text)
        hint = t("arg.region.suggest", suggestion=error.suggestion) if error.suggestion else ""
        raise typer.BadParameter(t("arg.region.unknown", name=unknown) + hint) from None
    except ValueError:
        raise typer.BadParameter(
            t("arg.region.shape", depth=REGION_DEPTH_MAX, length=REGION_SEGMENT_MAX, value=text)
        ) from None


def entity_id(value: str | None) -> str | None:
    """An entity id (it becomes part of a URL path: no '/', no '..')."""
    if value is not None and not _ENTITY_ID.fullmatch(value):
        raise typer.BadParameter(t("arg.id", value=value))
    return value


def business_date(value: str | None) -> str | None:
    """A date written YYYY-MM-DD, from 1949-01-01 (the decider says whether it may lie ahead)."""
    if value is None:
        return None
    from niangjia_contracts.strict import to_date
    from pydantic_core import PydanticCustomError

    try:
        return to_date(value.strip()).isoformat()
    except PydanticCustomError:
        raise typer.BadParameter(t("arg.date", value=value)) from None


def instant(value: str | None) -> str | None:
    """A point in time written as an ISO timestamp with its zone (2026-01-01T00:00:00Z), from 1949."""
    if value is None:
        return None
    if not _INSTANT.fullmatch(value.strip()) or value.strip()[:4] < "1949":
        raise typer.BadParameter(t("arg.instant", value=value))
    return value.strip()


def data_folder(value: Path | None) -> Path | None:
    """The data folder: a folder, or a path where one can be made (not a file)."""
    if value is not None and value.exists() and not value.is_dir():
        raise typer.BadParameter(t("arg.data_dir", path=value))
    return value


def model_names(values: list[str] | None) -> list[str] | None:
    """Read model names (`rebuild --model`): the projections' own list."""
    from niangjia_projections.models import MODEL_NAMES

    wrong = [v for v in values or [] if v not in MODEL_NAMES]
    if wrong:
        raise typer.BadParameter(t("arg.choice", choices=", ".join(MODEL_NAMES)))
    return values


def text(value: str | None) -> str | None:
    """Free text (a name, a subject, a reason): no control characters or bidi overrides, NFC."""
    if value is None:
        return None
    from niangjia_contracts.strict import unsafe_character

    bad = unsafe_character(value, frozenset("\n\t"))
    if bad is not None:
        raise typer.BadParameter(t("arg.text", code=f"{ord(bad):04X}"))
    return unicodedata.normalize("NFC", value)


def subject(value: str) -> str:
    """A token's subject: 1-200 characters of clean text."""
    checked = text(value) or ""
    if not checked.strip() or len(checked) > 200:
        raise typer.BadParameter(t("arg.subject"))
    return checked
