"""What a new organisation under a federation (one it is guided by, one that hosts it) reads before
the decision: its region in the caller's scope, and the federation's standing."""

from __future__ import annotations

from typing import TypeVar

from niangjia_kit.auth import check_scope
from niangjia_kit.commands import Prepare
from pydantic import BaseModel

from niangjia_orgs.application.orgs import OrgsCall

S = TypeVar("S")
C = TypeVar("C", bound=BaseModel)


def in_scope_with_standing(call: OrgsCall, region: str, federation_id: str | None, field: str) -> Prepare[S, C]:
    """The region in the caller's scope (403), and the standing of the federation `federation_id` (if
    any) in the command's `field` for the decider: a federation outside the caller's scope is as
    unknown to it as one that does not exist."""

    async def prepare(state: S, command: C) -> C:
        check_scope(call.principal, region)
        if federation_id is None:
            return command
        federation = await call.app.federations.visible(federation_id, call.principal)
        return command.model_copy(update={field: federation.standing})

    return prepare
