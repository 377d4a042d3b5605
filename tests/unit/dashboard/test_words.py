"""The dashboard cards' words: one JSON file per language, with the same keys and the same
placeholders in each, served to the cards as one script."""

from __future__ import annotations

import json
import re

import pytest
from niangjia_projections.dashboard.routes import LANGUAGES, STATIC, WORDS, words_script

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _words(lang: str) -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads((WORDS / f"{lang}.json").read_text(encoding="utf-8"))
    return loaded


def test_every_language_has_every_card_and_key() -> None:
    zh, en = (_words(lang) for lang in LANGUAGES)
    assert zh.keys() == en.keys()
    for card in zh:
        assert zh[card].keys() == en[card].keys(), card


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_is_empty_and_each_names_the_placeholders_of_the_other_language(lang: str) -> None:
    own, other = _words(lang), _words("en" if lang == "zh" else "zh")
    for card, texts in own.items():
        for key, text in texts.items():
            assert text.strip(), (card, key)
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(other[card][key])), (card, key)


def test_the_script_gives_each_card_its_words_in_both_languages() -> None:
    script = words_script().decode()
    prefix = "window.NJ_WORDS = "
    assert script.startswith(prefix) and script.endswith(";\n")
    served = json.loads(script[len(prefix) : -2])
    assert served["members"]["zh"] == _words("zh")["members"]
    assert served["milestones"]["en"] == _words("en")["milestones"]


def test_every_card_that_reads_words_finds_its_own() -> None:
    cards = set(_words("zh"))
    asked = {
        card
        for path in STATIC.glob("*.js")
        for card in re.findall(r"window\.NJ_WORDS\.(\w+)", path.read_text(encoding="utf-8"))
    }
    assert asked and asked <= cards
