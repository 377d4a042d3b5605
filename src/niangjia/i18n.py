"""The command line's messages in Chinese (the default) and English.

The language is `--lang`, else `NIANGJIA_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`
starting with `en`), else Chinese.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from niangjia.messages import CATALOGUE

LANGUAGES = ("zh", "en")

__all__ = ["CATALOGUE", "LANGUAGES", "detect", "language", "local_catalogue", "set_language", "t"]

_language = "zh"


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


def local_catalogue(messages: Mapping[str, tuple[str, str]]) -> Callable[..., str]:
    """`t` over a command's own messages (each key with its Chinese and English text)."""

    def local(key: str, **values: object) -> str:
        zh, en = messages[key]
        text = en if _language == "en" else zh
        return text.format(**values) if values else text

    return local


t = local_catalogue(CATALOGUE)
t.__doc__ = "The message `key` in the current language, formatted with `values`."
