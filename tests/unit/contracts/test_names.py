"""Every code has a Chinese and an English name; a name parses back to its code; the dashboard agrees."""

from __future__ import annotations

import enum
from pathlib import Path

import niangjia_contracts.enums
import niangjia_contracts.members
import pytest
from niangjia_contracts.catalogue import EVENT_TYPES as EVENT_CLASSES
from niangjia_contracts.enums import Campaign, Domain, Level
from niangjia_contracts.names import BY_ENUM, EVENT_TYPES, ROLES, Ambiguous, choices, name_of, parse_name

ROOT = Path(__file__).resolve().parents[3]


def _enums() -> list[type[enum.StrEnum]]:
    found = []
    for module in (niangjia_contracts.enums, niangjia_contracts.members):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, enum.StrEnum) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_code_of_every_list_has_both_names() -> None:
    for kind in _enums():
        assert kind in BY_ENUM, f"{kind.__name__} has no names"
        assert set(BY_ENUM[kind]) == {m.value for m in kind}, kind.__name__
        for zh, en in BY_ENUM[kind].values():
            assert zh and en


def test_every_event_type_and_role_has_a_name() -> None:
    from niangjia_kit.tokens import Role

    assert set(EVENT_TYPES) == set(EVENT_CLASSES)
    assert set(ROLES) == {role.value for role in Role}


@pytest.mark.parametrize("kind", _enums(), ids=lambda k: k.__name__)
def test_a_name_or_a_code_parses_back_to_its_code(kind: type[enum.StrEnum]) -> None:
    for member in kind:
        assert parse_name(kind, member.value) is member
        assert parse_name(kind, name_of(member, "zh")) is member
        assert parse_name(kind, name_of(member, "en").upper()) is member


def test_names_within_a_list_are_distinct() -> None:
    for kind in _enums():
        for language in ("zh", "en"):
            assert len(set(choices(kind, language))) == len(kind), (kind.__name__, language)


def test_full_width_and_spacing_do_not_matter_and_a_stranger_is_refused() -> None:
    assert parse_name(Domain, " 非公企业 ") is Domain.NON_PUBLIC_ENTERPRISE
    assert parse_name(Level, "镇(街道)") is Level.TOWN  # ASCII brackets for the full-width ones
    with pytest.raises(ValueError, match="外星企业"):
        parse_name(Domain, "外星企业")


def test_the_start_of_one_code_or_name_alone_is_read_as_it() -> None:
    assert parse_name(Campaign, "summer") is Campaign.SUMMER_COOLING
    assert parse_name(Campaign, "夏") is Campaign.SUMMER_COOLING
    assert parse_name(Domain, "Talent") is Domain.TALENT_APARTMENT
    with pytest.raises(Ambiguous) as several:
        parse_name(Domain, "industr")
    assert set(several.value.candidates) == {
        Domain.INDUSTRIAL_PARK,
        Domain.INDUSTRY_CHAIN,
        Domain.INDUSTRY_ASSOCIATION,
    }
    with pytest.raises(Ambiguous):
        parse_name(Domain, "商")  # 商会, 商圈街区
    for short in ("t", ""):  # one letter is too little
        with pytest.raises(ValueError, match=f"^{short}$"):
            parse_name(Domain, short)


def test_every_field_of_every_list_of_facts_has_a_name() -> None:
    # (the dashboard is served these names, as the exports write them: dashboard/test_glossary.py)
    from niangjia_contracts import events, members
    from niangjia_contracts.names import FIELDS
    from pydantic import BaseModel

    for module in (events, members):
        for label, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseModel) and label.endswith("Facts"):
                assert set(value.model_fields) <= set(FIELDS), label


def test_every_table_of_the_names_file_is_a_list_the_code_knows() -> None:
    import tomllib

    from niangjia_contracts.names import ENUMS, NAMES_FILE

    tables = set(tomllib.loads(NAMES_FILE.read_text(encoding="utf-8")))
    assert tables == {kind.__name__ for kind in ENUMS} | {
        "statuses",
        "report_codes",
        "dormant_by",
        "roles",
        "event_types",
        "fields",
    }
