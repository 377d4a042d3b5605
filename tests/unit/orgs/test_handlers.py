"""The orgs handlers over the in-memory store: guides and hosts are read, creates are idempotent,
envelopes carry the business date, the actor and the ids."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from niangjia_contracts import FederationFounded, MicroHomeOpened, decode_recorded
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.commands import CommandContext
from niangjia_kit.rules import RuleViolation
from niangjia_orgs.application.handlers import OrgsHandlers
from niangjia_orgs.domain.federation import DissolveFederation, FoundFederation
from niangjia_orgs.domain.micro_home import OpenMicroHome

D = date.fromisoformat


def context(command_id: uuid.UUID | None = None) -> CommandContext:
    command_id = command_id or uuid.uuid4()
    return CommandContext(actor="recorder-1", command_id=command_id, correlation_id=command_id, source="orgs")


def found(federation_id: str, guided_by: str | None = None, on: str = "2023-03-08") -> FoundFederation:
    return FoundFederation(
        federation_id=federation_id,
        name=f"{federation_id} 妇联",
        kind="federation",
        domain="industrial_park" if guided_by is None else "non_public_enterprise",
        level="town",
        region="江苏省/常州市/武进区",
        host_organisation="园区",
        guided_by=guided_by,
        founded_on=D(on),
        women_members=10,
    )


def test_a_guided_federation_is_founded_when_its_guide_is_open_and_refused_otherwise() -> None:
    async def scenario() -> None:
        store = InMemoryEventStore()
        orgs = OrgsHandlers(store)
        with pytest.raises(RuleViolation, match="has not been founded"):
            await orgs.found_federation(found("ent", guided_by="park"), context())
        await orgs.found_federation(found("park", on="2022-01-01"), context())
        result = await orgs.found_federation(found("ent", guided_by="park"), context())
        assert (result.stream_id, result.stream_version) == ("federation-ent", 0)
        await orgs.act_on_federation(
            DissolveFederation(federation_id="park", dissolved_on=D("2023-06-01"), reason="合并"), context()
        )
        with pytest.raises(RuleViolation) as refused:
            await orgs.found_federation(found("ent2", guided_by="park", on="2023-06-01"), context())
        assert refused.value.code == "guiding_federation_not_open"

    asyncio.run(scenario())


def test_a_retried_create_answers_as_the_first_time_and_a_new_command_on_the_same_id_is_refused() -> None:
    async def scenario() -> None:
        store = InMemoryEventStore()
        orgs = OrgsHandlers(store)
        ctx = context()
        first = await orgs.found_federation(found("park"), ctx)
        again = await orgs.found_federation(found("park"), ctx)
        assert (again.stream_version, again.position, again.event_ids) == (
            first.stream_version,
            first.position,
            first.event_ids,
        )
        with pytest.raises(RuleViolation) as twice:
            await orgs.found_federation(found("park"), context())
        assert twice.value.code == "federation_already_founded"
        assert await store.last_position() == 1

    asyncio.run(scenario())


def test_the_envelope_carries_the_business_date_actor_and_command() -> None:
    async def scenario() -> None:
        store = InMemoryEventStore()
        orgs = OrgsHandlers(store)
        await orgs.found_federation(found("park"), context())
        ctx = context()
        opened = await orgs.open_micro_home(
            OpenMicroHome(
                micro_home_id="home",
                name="楼道微家",
                setting="stairwell",
                region="江苏省/常州市/武进区",
                host_federation_id="park",
                opened_on=D("2023-05-01"),
            ),
            ctx,
        )
        [recorded] = await store.read_stream(opened.stream_id)
        record = decode_recorded(recorded)
        assert isinstance(record.event, MicroHomeOpened)
        assert record.envelope.occurred_on == D("2023-05-01")
        assert record.envelope.actor == "recorder-1"
        assert record.envelope.command_id == ctx.command_id
        assert record.envelope.event_id == opened.event_ids[0]
        [park] = await store.read_stream("federation-park")
        assert isinstance(decode_recorded(park).event, FederationFounded)

    asyncio.run(scenario())


def test_a_micro_home_needs_a_host_that_exists() -> None:
    async def scenario() -> None:
        orgs = OrgsHandlers(InMemoryEventStore())
        with pytest.raises(RuleViolation) as refused:
            await orgs.open_micro_home(
                OpenMicroHome(
                    micro_home_id="home",
                    name="微家",
                    setting="online",
                    region="江苏省",
                    host_federation_id="nobody",
                    opened_on=D("2023-05-01"),
                ),
                context(),
            )
        assert refused.value.code == "host_federation_unknown"

    asyncio.run(scenario())
