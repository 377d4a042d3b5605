"""The names the service writes in its exports are the names the dashboard shows: the dashboard is
served them (names.js, from the glossary), in Chinese and in English, and every value of the
contracts' enumerations has a name."""

from __future__ import annotations

import enum
import json

import niangjia_contracts.enums as enums
import pytest
from niangjia_projections.dashboard.routes import STATIC, names_script
from niangjia_projections.glossary import CODES


def _labels(lang: str) -> dict[str, str]:
    """The codes' names the dashboard is served (names.js)."""
    script = names_script().decode()
    labels = script[script.index("window.NJ_LABELS = ") + len("window.NJ_LABELS = ") : script.index(";\n")]
    found: dict[str, dict[str, str]] = json.loads(labels)
    return found[lang]


@pytest.mark.parametrize(("lang", "index"), [("zh", 0), ("en", 1)])
def test_the_dashboard_and_the_exports_name_codes_alike(lang: str, index: int) -> None:
    labels = _labels(lang)
    assert len(labels) > 50
    assert {code: name for code, name in labels.items() if code in CODES and CODES[code][index] != name} == {}
    own = sorted(code for code in labels if code not in CODES)
    assert own == ["admin", "auditor", "integrator", "recognition.city", "recognition.county", "recognition.national",
                   "recognition.provincial", "recognition.town", "recorder", "reporter"]  # fmt: skip


def test_the_page_takes_the_names_from_the_service() -> None:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert page.index("/dashboard/static/names.js") < page.index("/dashboard/static/app.js")
    assert "NJ_LABELS = {" not in (STATIC / "i18n.js").read_text(encoding="utf-8")  # no second copy to drift


def test_every_enumerated_value_has_a_name() -> None:
    kinds: list[type[enum.Enum]] = [
        kind for kind in vars(enums).values() if isinstance(kind, type) and issubclass(kind, enum.Enum)
    ]
    values = {str(member.value) for kind in kinds for member in kind}
    assert values and sorted(values - CODES.keys()) == []
