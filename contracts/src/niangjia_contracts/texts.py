"""Texts in Chinese and English kept as data: TOML files whose entries are `key = ["中文", "English"]`.

The names of codes (names.toml), the command line's messages and the reports' headers all live in such
files, read once, when a text is first wanted (nothing is read at import), through `entries` (a file
of plain entries) or `tables` (a file of tables of entries). `Texts` is a mapping over entries that
are read later. TOML itself refuses a key given twice; an entry that is not two texts is refused here.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

Pair = tuple[str, str]  # (zh-CN, en)


class TextsError(ValueError):
    """A texts file whose entry is not [Chinese, English] (a packaging fault)."""


def _pairs(path: Path, rows: Mapping[str, Any]) -> dict[str, Pair]:
    pairs: dict[str, Pair] = {}
    for key, texts in rows.items():
        if not (isinstance(texts, list) and len(texts) == 2 and all(isinstance(x, str) and x for x in texts)):
            raise TextsError(f"{path}: {key} must be [Chinese, English], not {texts!r}")
        pairs[key] = (texts[0], texts[1])
    return pairs


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


@functools.cache
def entries(path: Path) -> dict[str, Pair]:
    """A file of entries: key -> (Chinese, English)."""
    return _pairs(path, _read(path))


@functools.cache
def tables(path: Path) -> dict[str, dict[str, Pair]]:
    """A file of tables: table -> key -> (Chinese, English)."""
    return {name: _pairs(path, rows) for name, rows in _read(path).items()}


class Texts(Mapping[str, Pair]):
    """The entries `rows()` gives, asked for only when one is first wanted."""

    def __init__(self, rows: Callable[[], Mapping[str, Pair]]) -> None:
        self._rows = rows

    def __getitem__(self, key: str) -> Pair:
        return self._rows()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows())

    def __len__(self) -> int:
        return len(self._rows())


def pick(texts: Mapping[str, Pair], key: str, language: str) -> str:
    """`key`'s text in `language` ("en", else Chinese); an unknown key comes back as it is."""
    pair = texts.get(key)
    if pair is None:
        return key
    return pair[1] if language == "en" else pair[0]
