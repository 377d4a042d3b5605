"""The command line's messages in Chinese (the default) and English.

The messages are data: TOML catalogues in `niangjia/catalogues/`, each key with its Chinese and
English text (`"key" = ["中文", "English"]`), read once, when a message is first wanted. `t` speaks
from the command line's shared catalogues (CATALOGUE_FILES, one key in one file only); a command
with words of its own reads its own file through `local_catalogue`.

The language is `--lang`, else `NIANGJIA_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`
starting with `en`), else Chinese.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from niangjia_contracts.texts import Texts, TextsError, entries

LANGUAGES = ("zh", "en")
CATALOGUES = Path(__file__).with_name("catalogues")
CATALOGUE_FILES = ("cli", "operator", "arguments", "help", "recording")
"""The catalogues `t` speaks from: the shared messages, merged."""

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "catalogue",
    "detect",
    "language",
    "local_catalogue",
    "set_language",
    "t",
]

_language = "zh"
Messages = Mapping[str, tuple[str, str]]


def catalogue(name: str) -> Messages:
    """The catalogue file `name`: key -> (Chinese, English)."""
    return entries(CATALOGUES / f"{name}.toml")


@functools.cache
def _shared() -> Messages:
    merged: dict[str, tuple[str, str]] = {}
    for name in CATALOGUE_FILES:
        for key, texts in catalogue(name).items():
            if key in merged:
                raise TextsError(f"{key} is in two catalogues ({name}.toml and an earlier one)")
            merged[key] = texts
    return merged


CATALOGUE: Messages = Texts(_shared)


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


def local_catalogue(messages: str | Messages) -> Callable[..., str]:
    """`t` over a command's own messages: the name of its catalogue file, or a mapping."""

    def local(key: str, **values: object) -> str:
        zh, en = (catalogue(messages) if isinstance(messages, str) else messages)[key]
        text = en if _language == "en" else zh
        return text.format(**values) if values else text

    return local


t = local_catalogue(CATALOGUE)
t.__doc__ = "The message `key` in the current language, formatted with `values`."
