"""What `GET /micro-homes/{id}` and `GET /federations/{id}` show of a state: open, or ended with its day
and reason."""

from __future__ import annotations

from datetime import date

from niangjia_contracts import MicroHomeClosed, MicroHomeOpened
from niangjia_orgs.domain.micro_home import decider
from niangjia_orgs.entrypoints.views import micro_home_view

OPENED = MicroHomeOpened(
    micro_home_id="m1",
    name="星河COCOcity妇女微家",
    setting="merchant",
    region="江苏省/常州市/武进区/湖塘镇",
    host_federation_id="cococity",
    opened_on=date(2023, 5, 20),
)
CLOSED = MicroHomeClosed(micro_home_id="m1", closed_on=date(2024, 6, 30), reason="the market moved")


def test_an_open_micro_home_shows_no_end() -> None:
    view = micro_home_view(decider.fold([OPENED]), "micro_home-m1", 1)
    assert (view.status, view.closed_on, view.closure_reason) == ("open", None, None)
    assert (view.id, view.name, view.stream_version) == ("m1", "星河COCOcity妇女微家", 1)


def test_a_closed_micro_home_shows_its_day_and_reason() -> None:
    view = micro_home_view(decider.fold([OPENED, CLOSED]), "micro_home-m1", 2)
    assert (view.status, view.closed_on, view.closure_reason) == ("closed", date(2024, 6, 30), "the market moved")
