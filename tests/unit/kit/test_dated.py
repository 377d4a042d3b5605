"""The business date of an organisation's event is the date its facts name (`dated_by`)."""

from __future__ import annotations

from datetime import date

import pytest
from niangjia_contracts import CareActivityRetracted, DomainEvent
from niangjia_contracts.catalogue import EVENT_CLASSES
from niangjia_kit.decider import dated_by_facts

ORGS_EVENTS = [cls for cls in EVENT_CLASSES if cls.source == "orgs"]


@pytest.mark.parametrize("cls", ORGS_EVENTS, ids=lambda cls: cls.event_type)
def test_every_orgs_event_names_a_required_date_of_its_own(cls: type[DomainEvent]) -> None:
    field: str | None = getattr(cls, "dated_by", None)
    assert field is not None
    info = cls.model_fields[field]
    assert info.is_required()
    assert info.annotation is date


def test_the_date_is_read_from_the_named_field() -> None:
    from niangjia_contracts import MicroHomeClosed

    closed = MicroHomeClosed(micro_home_id="m1", closed_on=date(2024, 3, 1), reason="moved")
    assert dated_by_facts(closed, None) == date(2024, 3, 1)


def test_an_event_that_names_no_date_is_refused() -> None:
    retracted = CareActivityRetracted.model_construct(activity_id="a1", reason="duplicate")
    with pytest.raises(TypeError, match="CareActivityRetracted"):
        dated_by_facts(retracted, None)
