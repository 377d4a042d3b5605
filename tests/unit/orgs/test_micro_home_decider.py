"""The MicroHome decider: every rule of opening, recognising and closing."""

from __future__ import annotations

from datetime import date

import pytest
from niangjia_contracts import MicroHomeClosed, MicroHomeOpened, MicroHomeRecognised
from niangjia_kit.rules import NotFound
from niangjia_kit.testing import given_for, maker, recorded
from niangjia_orgs.domain.micro_home import (
    CloseMicroHome,
    MicroHomeCommand,
    OpenMicroHome,
    RecogniseMicroHome,
    decider,
)
from niangjia_orgs.domain.standing import Standing

from tests.unit.orgs.dates import TODAY, refused_as_in_the_future

D = date.fromisoformat
HOST = Standing(started_on=D("2022-05-01"))


given = given_for(decider)


open_ = maker(
    OpenMicroHome,
    micro_home_id="m1",
    name="星河COCOcity妇女微家",
    setting="merchant",
    region="江苏省/常州市/武进区/湖塘镇",
    host_federation_id="cococity",
    opened_on=D("2023-05-20"),
    theme="商圈带微家",
    host=HOST,
    today=TODAY,
)


opened = recorded(MicroHomeOpened, open_, read={"host", "today"})


def closed(on: str = "2024-01-31") -> MicroHomeClosed:
    return MicroHomeClosed(micro_home_id="m1", closed_on=D(on), reason="商户搬迁")


def recognise(on: str) -> RecogniseMicroHome:
    return RecogniseMicroHome(micro_home_id="m1", today=TODAY, recognised_on=D(on), level="city", title="市级示范微家")


def close(on: str) -> CloseMicroHome:
    return CloseMicroHome(micro_home_id="m1", today=TODAY, closed_on=D(on), reason="商户搬迁")


def test_opening_records_the_micro_home() -> None:
    given([]).when(open_()).then([opened()])


def test_a_micro_home_is_never_opened_twice() -> None:
    given([opened()]).when(open_(name="又一个")).then_raises("micro_home_already_opened")


def test_the_host_federation_must_exist() -> None:
    given([]).when(open_(host=Standing())).then_raises("host_federation_unknown")


def test_the_host_federation_must_be_founded_by_the_opening_date() -> None:
    given([]).when(open_(host=Standing(started_on=D("2023-05-21")))).then_raises("host_federation_not_open")


def test_the_host_federation_must_not_be_dissolved_on_the_opening_date() -> None:
    host = Standing(started_on=D("2022-05-01"), ended_on=D("2023-05-20"))
    given([]).when(open_(host=host)).then_raises("host_federation_not_open")
    later = Standing(started_on=D("2022-05-01"), ended_on=D("2023-05-21"))
    given([]).when(open_(host=later)).then([opened()])


def test_a_recognition_is_recorded() -> None:
    given([opened()]).when(recognise("2023-12-01")).then(
        [MicroHomeRecognised(micro_home_id="m1", recognised_on=D("2023-12-01"), level="city", title="市级示范微家")]
    )


def test_a_closure_is_recorded() -> None:
    given([opened()]).when(close("2024-01-31")).then([closed()])


@pytest.mark.parametrize("command", [recognise("2023-12-01"), close("2023-12-01")])
def test_nothing_happens_to_a_micro_home_never_opened(command: MicroHomeCommand) -> None:
    assert isinstance(given([]).when(command).then_raises("micro_home_not_found"), NotFound)


@pytest.mark.parametrize("command", [recognise("2023-05-19"), close("2023-05-19")])
def test_nothing_happens_before_the_opening_date(command: MicroHomeCommand) -> None:
    given([opened()]).when(command).then_raises("before_opening")


def test_a_closed_micro_home_is_not_recognised() -> None:
    given([opened(), closed()]).when(recognise("2024-02-01")).then_raises("micro_home_closed")


def test_a_micro_home_is_not_closed_twice() -> None:
    given([opened(), closed()]).when(close("2024-02-01")).then_raises("micro_home_already_closed")


def test_no_opening_date_is_later_than_today() -> None:
    refused_as_in_the_future(given([]).when(open_(opened_on=D("2025-01-02"))), "opened_on")


@pytest.mark.parametrize("command", [recognise("2025-01-02"), close("2025-01-02")])
def test_no_follow_up_is_dated_later_than_today(command: MicroHomeCommand) -> None:
    given([opened()]).when(command).then_raises("invalid_request")


def test_a_host_hosts_only_inside_its_own_region() -> None:
    same_town = Standing(started_on=D("2022-05-01"), region="江苏省/常州市/武进区/湖塘镇")
    given([]).when(open_(host=same_town)).then([opened(host=same_town)])
    elsewhere = Standing(started_on=D("2022-05-01"), region="重庆市/永川区")
    error = given([]).when(open_(host=elsewhere)).then_raises("reference_out_of_region")
    assert error.status == 409 and error.details["host_federation_id"] == "cococity"
