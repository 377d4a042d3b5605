"""The orgs use cases over the in-memory store: guides and hosts are read, creates are idempotent,
a follow-up reads its stream once, envelopes carry the business date, the actor and the ids."""

from __future__ import annotations

from datetime import date

import pytest
from niangjia_contracts import FederationFounded, MicroHomeOpened, decode_recorded
from niangjia_eventstore import RecordedEvent
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.auth import Principal, Role
from niangjia_kit.commands import command_id_for
from niangjia_kit.errors import ApiError
from niangjia_kit.routes import CommandCall
from niangjia_kit.rules import InvalidRequest, NotFound, RuleViolation
from niangjia_orgs.application.orgs import Orgs
from niangjia_orgs.bootstrap import bootstrap
from niangjia_orgs.use_cases import dissolve_federation, found_federation, inspect_federation, open_micro_home
from niangjia_orgs.use_cases.dissolve_federation import DissolveFederationBody
from niangjia_orgs.use_cases.found_federation import FoundFederationBody
from niangjia_orgs.use_cases.inspect_federation import InspectFederationBody
from niangjia_orgs.use_cases.open_micro_home import OpenMicroHomeBody

D = date.fromisoformat
WUJIN = "江苏省/常州市/武进区"
pytestmark = pytest.mark.anyio

RECORDER = Principal(subject="recorder-1", role=Role.RECORDER, scope=WUJIN, token_id="t1")


class CountingStore(InMemoryEventStore):
    """The memory store, counting the streams it is asked to read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str] = []

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        self.reads.append(stream_id)
        return await super().read_stream(stream_id, from_version)


@pytest.fixture
def store() -> CountingStore:
    return CountingStore()


@pytest.fixture
def orgs(store: CountingStore) -> Orgs:
    """The orgs service over `store`, on 2025-01-01."""
    return bootstrap(store, today=lambda: D("2025-01-01"))


def call(orgs: Orgs, key: str | None = None, principal: Principal = RECORDER) -> CommandCall[Orgs]:
    return CommandCall(principal, orgs, "orgs", key, None)


def found(federation_id: str, guided_by: str | None = None, on: str = "2023-03-08") -> FoundFederationBody:
    return FoundFederationBody(
        federation_id=federation_id,
        name=f"{federation_id} 妇联",
        kind="federation",
        domain="industrial_park" if guided_by is None else "non_public_enterprise",
        level="town",
        region=WUJIN,
        host_organisation="园区",
        guided_by=guided_by,
        founded_on=D(on),
        women_members=10,
    )


def home(host: str = "park", region: str = WUJIN) -> OpenMicroHomeBody:
    return OpenMicroHomeBody(
        micro_home_id="home",
        name="楼道微家",
        setting="stairwell",
        region=region,
        host_federation_id=host,
        opened_on=D("2023-05-01"),
    )


async def test_a_guided_federation_is_founded_when_its_guide_is_open_and_refused_otherwise(orgs: Orgs) -> None:
    with pytest.raises(RuleViolation, match="has not been founded"):
        await found_federation.handle(call(orgs), found("ent", guided_by="park"))
    await found_federation.handle(call(orgs), found("park", on="2022-01-01"))
    result = await found_federation.handle(call(orgs), found("ent", guided_by="park"))
    assert (result.stream_id, result.stream_version) == ("federation-ent", 0)
    dissolution = DissolveFederationBody(dissolved_on=D("2023-06-01"), reason="合并")
    await dissolve_federation.handle(call(orgs), "park", dissolution)
    with pytest.raises(RuleViolation) as refused:
        await found_federation.handle(call(orgs), found("ent2", guided_by="park", on="2023-06-01"))
    assert refused.value.code == "guiding_federation_not_open"


async def test_a_retried_create_answers_as_the_first_time_and_a_new_command_on_the_same_id_is_refused(
    orgs: Orgs, store: CountingStore
) -> None:
    first = await found_federation.handle(call(orgs, key="k1"), found("park"))
    again = await found_federation.handle(call(orgs, key="k1"), found("park"))
    assert (again.stream_version, again.position, again.event_ids) == (
        first.stream_version,
        first.position,
        first.event_ids,
    )
    with pytest.raises(RuleViolation) as twice:
        await found_federation.handle(call(orgs), found("park"))
    assert twice.value.code == "federation_already_founded"
    assert await store.last_position() == 1


async def test_the_envelope_carries_the_business_date_actor_and_command(orgs: Orgs, store: CountingStore) -> None:
    await found_federation.handle(call(orgs), found("park"))
    opened = await open_micro_home.handle(call(orgs, key="open-1"), home())
    [recorded] = await store.read_stream(opened.stream_id)
    record = decode_recorded(recorded)
    assert isinstance(record.event, MicroHomeOpened)
    assert record.envelope.occurred_on == D("2023-05-01")
    assert record.envelope.actor == "t1"  # the token id: a pseudonym, not the subject
    assert record.envelope.command_id == command_id_for("recorder-1", "open_micro_home", "open-1")
    assert record.envelope.event_id == opened.event_ids[0]
    [park] = await store.read_stream("federation-park")
    assert isinstance(decode_recorded(park).event, FederationFounded)


async def test_a_micro_home_needs_a_host_that_exists(orgs: Orgs) -> None:
    with pytest.raises(RuleViolation) as refused:
        await open_micro_home.handle(call(orgs), home(host="nobody"))
    assert refused.value.code == "host_federation_unknown"


async def test_a_follow_up_reads_its_stream_once(orgs: Orgs, store: CountingStore) -> None:
    await found_federation.handle(call(orgs), found("park"))
    store.reads.clear()
    inspection = InspectFederationBody(inspected_on=D("2024-01-01"), finding="active")
    result = await inspect_federation.handle(call(orgs), "park", inspection)
    assert result.stream_version == 1
    assert store.reads == ["federation-park"]


async def test_a_follow_up_needs_a_known_organisation_in_the_callers_scope_and_appends_nothing_otherwise(
    orgs: Orgs, store: CountingStore
) -> None:
    await found_federation.handle(call(orgs), found("park"))
    inspection = InspectFederationBody(inspected_on=D("2024-01-01"), finding="active")
    with pytest.raises(NotFound) as unknown:
        await inspect_federation.handle(call(orgs), "nobody", inspection)
    assert unknown.value.code == "federation_not_found"
    elsewhere = Principal(subject="yueqing", role=Role.RECORDER, scope="浙江省/温州市/乐清市", token_id="t2")
    with pytest.raises(NotFound) as outside:  # beyond the caller's scope: as unknown, not 403
        await inspect_federation.handle(call(orgs, principal=elsewhere), "park", inspection)
    assert (outside.value.code, str(outside.value)) == (
        "federation_not_found",
        str(unknown.value).replace("nobody", "park"),
    )
    with pytest.raises(ApiError) as outside_create:
        await open_micro_home.handle(call(orgs, principal=elsewhere), home())
    assert outside_create.value.status == 403
    assert await store.last_position() == 1  # the founding only


async def test_dates_later_than_the_services_today_are_refused_with_a_422(orgs: Orgs, store: CountingStore) -> None:
    with pytest.raises(InvalidRequest) as late:
        await found_federation.handle(call(orgs), found("park", on="2025-01-02"))
    assert (late.value.status, late.value.code) == (422, "invalid_request")
    assert await store.last_position() == 0


def test_a_region_is_checked_against_the_official_divisions_and_normalised_to_nfc() -> None:
    import unicodedata

    from pydantic import ValidationError

    with pytest.raises(ValidationError) as partial:
        home(region="江苏省/常州市/武进/湖塘镇")
    assert partial.value.errors()[0]["ctx"]["suggestion"] == "江苏省/常州市/武进区/湖塘镇"
    with pytest.raises(ValidationError):
        home(region="江苏省/常州市/武进区／湖塘镇")
    decomposed = unicodedata.normalize("NFD", "重庆市/永川区/來苏镇")
    assert home(region=decomposed).region == unicodedata.normalize("NFC", decomposed)


async def test_a_host_in_another_region_is_refused_and_nothing_is_appended(orgs: Orgs, store: CountingStore) -> None:
    yongchuan = Principal(subject="recorder-2", role=Role.RECORDER, scope="重庆市/永川区", token_id="t2")
    admin = Principal(subject="admin", role=Role.ADMIN, scope=None, token_id="t3")
    await found_federation.handle(call(orgs, principal=yongchuan), found_in("yc", "重庆市/永川区"))
    # to a caller who may see it, the host is known and in the wrong region
    with pytest.raises(RuleViolation) as refused:
        await open_micro_home.handle(call(orgs, principal=admin), home(host="yc"))
    assert refused.value.code == "reference_out_of_region"
    with pytest.raises(RuleViolation) as guided:
        await found_federation.handle(call(orgs, principal=admin), found("ent", guided_by="yc"))
    assert guided.value.code == "reference_out_of_region"
    # to a recorder scoped elsewhere it is as unknown as a host that does not exist
    with pytest.raises(RuleViolation) as hidden:
        await open_micro_home.handle(call(orgs), home(host="yc"))
    with pytest.raises(RuleViolation) as unknown:
        await open_micro_home.handle(call(orgs), home(host="nobody"))
    assert hidden.value.code == unknown.value.code == "host_federation_unknown"
    assert await store.last_position() == 1


def found_in(federation_id: str, region: str) -> FoundFederationBody:
    return found(federation_id).model_copy(update={"region": region})
