"""The names the service writes in its exports are the names the dashboard shows: every code the
dashboard names has the same name in the service's glossary, in Chinese and in English, and every
value of the glossary's enumerations has a name."""

from __future__ import annotations

import enum
import re

import niangjia_contracts.enums as enums
import pytest
from niangjia_projections.dashboard.routes import STATIC
from niangjia_projections.glossary import CODES

SHARED_EXCEPT = {
    "recognition.national",
    "recognition.provincial",
    "recognition.city",
    "recognition.county",
    "recognition.town",
}


def _labels(lang: str) -> dict[str, str]:
    script = (STATIC / "i18n.js").read_text(encoding="utf-8")
    block = script[script.index("window.NJ_LABELS") :]
    body = block[block.index(f"  {lang}: {{") : block.index("\n  }", block.index(f"  {lang}: {{"))]
    return dict(re.findall(r'"?([A-Za-z_.]+)"?: "([^"]*)"', body))


@pytest.mark.parametrize(("lang", "index"), [("zh", 0), ("en", 1)])
def test_the_dashboard_and_the_exports_name_codes_alike(lang: str, index: int) -> None:
    labels = _labels(lang)
    assert len(labels) > 50
    differ = {
        code: (name, CODES[code][index])
        for code, name in labels.items()
        if code not in SHARED_EXCEPT and code in CODES and CODES[code][index] != name
    }
    assert differ == {}
    missing = [code for code in labels if code not in CODES and code not in SHARED_EXCEPT]
    assert len(missing) <= 8, missing  # the roles of tokens, which no report holds


def test_every_enumerated_value_has_a_name() -> None:
    kinds: list[type[enum.Enum]] = [
        kind for kind in vars(enums).values() if isinstance(kind, type) and issubclass(kind, enum.Enum)
    ]
    values = {str(member.value) for kind in kinds for member in kind}
    assert values and sorted(values - CODES.keys()) == []
