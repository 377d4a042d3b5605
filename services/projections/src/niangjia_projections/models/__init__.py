"""The read models, each named after the questions it answers."""

from __future__ import annotations

from functools import partial

from niangjia_contracts import EVENT_TYPES, decode_event

from niangjia_projections.models.activities import ActivitiesProjection
from niangjia_projections.models.audit import AuditProjection
from niangjia_projections.models.organisations import OrganisationsProjection
from niangjia_projections.models.trusted import trusting
from niangjia_projections.runner import Decoder, Projection


def all_projections() -> list[Projection]:
    return [OrganisationsProjection(), ActivitiesProjection(), AuditProjection()]


def contracts_decoder() -> Decoder:
    """Decodes payloads with the contracts' classes and upcasters (fully validated); its `trusted()`
    form, for rebuilds, builds the same objects from canonical stored bytes without validating."""
    return Decoder(
        decode_event,
        frozenset(EVENT_TYPES),
        trusted_payload=trusting(decode_event, EVENT_TYPES),
        trusted_fields=partial(trusting, decode_event, EVENT_TYPES),
    )


MODEL_NAMES = ("organisations", "activities", "audit")

__all__ = [
    "MODEL_NAMES",
    "ActivitiesProjection",
    "AuditProjection",
    "OrganisationsProjection",
    "all_projections",
    "contracts_decoder",
]
