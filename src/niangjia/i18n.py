"""The command line's messages in Chinese (the default) and English.

The messages are data: TOML catalogues in `niangjia/catalogues/`, each key with its Chinese and
English text (`"key" = ["中文", "English"]`), read once, when a message is first wanted. `t` speaks
from the command line's shared catalogues (CATALOGUE_FILES, one key in one file only); a command
with words of its own reads its own file through `local_catalogue`. Only the standard library is
imported here: `niangjia --help` loads no models.

The language is `--lang`, else `NIANGJIA_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`
starting with `en`), else Chinese.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

LANGUAGES = ("zh", "en")
CATALOGUES = Path(__file__).with_name("catalogues")
CATALOGUE_FILES = ("cli", "operator", "arguments", "help", "recording")
"""The catalogues `t` speaks from: the shared messages, merged."""

__all__ = [
    "LANGUAGES",
    "CatalogueError",
    "catalogue",
    "detect",
    "language",
    "local_catalogue",
    "set_language",
    "shared_catalogue",
    "t",
]

_language = "zh"
Messages = Mapping[str, tuple[str, str]]


class CatalogueError(ValueError):
    """A catalogue whose entry is not [Chinese, English], or a key in two shared catalogues."""


@functools.cache
def catalogue(name: str) -> Messages:
    """The catalogue file `name`: key -> (Chinese, English). TOML itself refuses a key given twice."""
    path = CATALOGUES / f"{name}.toml"
    with path.open("rb") as file:
        raw = tomllib.load(file)
    messages: dict[str, tuple[str, str]] = {}
    for key, texts in raw.items():
        if not (isinstance(texts, list) and len(texts) == 2 and all(isinstance(x, str) and x for x in texts)):
            raise CatalogueError(f"{path}: {key} must be [Chinese, English], not {texts!r}")
        messages[key] = (texts[0], texts[1])
    return messages


@functools.cache
def shared_catalogue() -> Messages:
    """The shared catalogues, merged."""
    merged: dict[str, tuple[str, str]] = {}
    for name in CATALOGUE_FILES:
        for key, texts in catalogue(name).items():
            if key in merged:
                raise CatalogueError(f"{key} is in two catalogues ({name}.toml and an earlier one)")
            merged[key] = texts
    return merged


def detect(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: the flag, NIANGJIA_LANG, the locale, else Chinese."""
    env = os.environ if environ is None else environ
    for value in (flag, env.get("NIANGJIA_LANG")):
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def set_language(language: str) -> None:
    global _language
    _language = "en" if language.lower().startswith("en") else "zh"


def language() -> str:
    return _language


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^{}]*)\}")
"""`{name|one|other}`: `one` when the value `name` is 1, else `other` (English plurals: "{n} {n|event|events}")."""


def _say(texts: tuple[str, str], values: dict[str, object]) -> str:
    text = texts[1] if _language == "en" else texts[0]
    if not values:
        return text
    if "|" in text:
        text = _PLURAL.sub(lambda m: _pick(m, values), text)
    return text.format(**values)


def _pick(found: re.Match[str], values: dict[str, object]) -> str:
    name, one, other = found.groups()
    if name not in values:
        return found.group(0)
    return one if str(values[name]).replace(",", "").strip() == "1" else other


def t(key: str, **values: object) -> str:
    """The message `key` in the current language, formatted with `values`."""
    return _say(shared_catalogue()[key], values)


def local_catalogue(name: str) -> Callable[..., str]:
    """`t` over a command's own catalogue file `name`."""

    def local(key: str, **values: object) -> str:
        return _say(catalogue(name)[key], values)

    return local
