"""The read models, each named after the questions it answers, each in its folder with its schema,
its projection (how events change it) and the queries against it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from niangjia_contracts import EVENT_TYPES, decode_event

from niangjia_projections.models.activities.projection import ActivitiesProjection
from niangjia_projections.models.audit.projection import AuditProjection
from niangjia_projections.models.members.projection import MembersProjection
from niangjia_projections.models.organisations.projection import OrganisationsProjection
from niangjia_projections.rebuild.hints import ReadModel
from niangjia_projections.rebuild.trusted import TrustingDecoder, trusting

MODEL_NAMES = ("organisations", "activities", "audit", "members")


def all_projections() -> list[ReadModel]:
    return [OrganisationsProjection(), ActivitiesProjection(), AuditProjection(), MembersProjection()]


def select(names: Sequence[str] | None) -> list[ReadModel]:
    """The read models named (every one when `names` is empty); ValueError names an unknown one."""
    projections = all_projections()
    if not names:
        return projections
    known = {p.name: p for p in projections}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown read model {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def contracts_decoder() -> TrustingDecoder:
    """Decodes payloads with the contracts' classes and upcasters (fully validated); its `trusted()`
    form, for rebuilds, builds the same objects from canonical stored bytes without validating."""
    return TrustingDecoder(
        decode_event,
        frozenset(EVENT_TYPES),
        trusted_payload=trusting(decode_event, EVENT_TYPES),
        trusted_fields=partial(trusting, decode_event, EVENT_TYPES),
    )


__all__ = [
    "MODEL_NAMES",
    "ActivitiesProjection",
    "AuditProjection",
    "MembersProjection",
    "OrganisationsProjection",
    "all_projections",
    "contracts_decoder",
    "select",
]
