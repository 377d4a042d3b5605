"""Organisers' events written straight into a store, as the orgs service records them."""

from __future__ import annotations

from datetime import date

from niangjia_contracts import (
    DomainEvent,
    FederationDissolved,
    FederationFounded,
    MicroHomeClosed,
    MicroHomeOpened,
)
from niangjia_eventstore import NewEvent

from tests.support import samples
from tests.support.events import recorded_as_services_do

YONGCHUAN = "重庆市/永川区"
WUJIN = "江苏省/常州市/武进区"
D = date.fromisoformat


def business_date(event: DomainEvent) -> date:
    for name in ("founded_on", "opened_on", "dissolved_on", "closed_on"):
        value = getattr(event, name, None)
        if isinstance(value, date):
            return value
    return D("2024-01-01")


def new_event(event: DomainEvent, actor: str = "orgs-recorder") -> NewEvent:
    return recorded_as_services_do(event, actor, business_date(event))


def founded(federation_id: str, region: str = YONGCHUAN, on: str = "2024-01-10") -> FederationFounded:
    return samples.founded(
        federation_id=federation_id,
        name=f"{federation_id} 商会妇联",
        domain="chamber_of_commerce",
        region=region,
        founded_on=D(on),
    )


def dissolved(federation_id: str, on: str) -> FederationDissolved:
    return FederationDissolved(federation_id=federation_id, dissolved_on=D(on), reason="撤并")


def opened(micro_home_id: str, host: str, region: str = YONGCHUAN, on: str = "2024-03-01") -> MicroHomeOpened:
    return MicroHomeOpened.model_validate(
        {
            "micro_home_id": micro_home_id,
            "name": f"{micro_home_id} 妇女微家",
            "setting": "merchant",
            "region": region,
            "host_federation_id": host,
            "opened_on": D(on),
        }
    )


def closed(micro_home_id: str, on: str) -> MicroHomeClosed:
    return MicroHomeClosed(micro_home_id=micro_home_id, closed_on=D(on), reason="商户搬迁")
