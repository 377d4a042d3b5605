"""`GET /me`: who a token is and what it may see, so that a client (the dashboard) offers only what
the token may open instead of asking and being refused."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from niangjia_kit.apierrors import UNAUTHENTICATED_401
from niangjia_kit.auth import Permission, Principal, Role, authenticate
from pydantic import BaseModel, Field

from niangjia_projections.entrypoints.deps import query_route
from niangjia_projections.entrypoints.ledger import reads_ledger

router = APIRouter(tags=["tokens"])


class Me(BaseModel):
    """The caller's token as the service sees it (no secret: the token itself is never shown)."""

    token_id: str = Field(description="The token's id: the pseudonym its holder's events carry as their actor")
    role: Role
    scope: str | None = Field(description="The region path the token covers; null: every region")
    permissions: list[Permission] = Field(description="What the role may do, in a stable order")
    reads_ledger: bool = Field(description="Whether the token may read the ledger (`/ledger/...`)")


@query_route(
    router,
    "/me",
    "Who this token is: its role, region scope and permissions",
    responses={401: {"description": UNAUTHENTICATED_401}},
)
async def me(principal: Annotated[Principal, Depends(authenticate)]) -> Me:
    return Me(
        token_id=principal.token_id,
        role=principal.role,
        scope=principal.scope,
        permissions=[p for p in Permission if principal.can(p)],
        reads_ledger=reads_ledger(principal),
    )
