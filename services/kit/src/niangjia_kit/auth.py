"""Bearer tokens, roles and region scopes on every route (DESIGN principle 11).

The tokens file, roles and principals are `niangjia_kit.tokens` (the command line uses them without
the web framework); this module turns them into FastAPI dependencies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from niangjia_kit.errors import ApiError
from niangjia_kit.tokens import (
    ROLE_PERMISSIONS,
    Permission,
    Principal,
    Role,
    TokenEntry,
    TokenFileError,
    TokenStore,
)

__all__ = [
    "ROLE_PERMISSIONS",
    "Admin",
    "Auditor",
    "Integrator",
    "Permission",
    "Principal",
    "Recorder",
    "Reporter",
    "Role",
    "TokenEntry",
    "TokenFileError",
    "TokenStore",
    "authenticate",
    "authorize",
    "check_scope",
    "require",
]

# -- FastAPI dependencies ---------------------------------------------------------------------

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


async def authenticate(request: Request) -> Principal:
    """The caller's principal, from `Authorization: Bearer <token>`; 401 otherwise.

    A coroutine (as is the role check below) so that FastAPI runs it on the event loop rather than
    sending it to its thread pool: the work is a stat of the tokens file and one hash."""
    tokens: TokenStore = request.app.state.tokens
    given = request.headers.getlist("authorization")
    if len(given) > 1:  # which one is meant? (a server would read the first, a proxy maybe the last)
        raise ApiError(401, "ambiguous_token", "give one Authorization header, not several", headers=_CHALLENGE)
    scheme, _, token = (given[0] if given else "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", "a bearer token is required", headers=_CHALLENGE)
    principal = tokens.authenticate(token.strip())
    if principal is None:
        raise ApiError(401, "invalid_token", "the token is unknown or revoked", headers=_CHALLENGE)
    request.state.principal = principal
    return principal


async def authorize(request: Request, permission: Permission) -> Principal:
    """The caller's principal if its role grants `permission`: 401 without a valid token, 403 otherwise."""
    principal = await authenticate(request)
    if not principal.can(permission):
        raise ApiError(
            403,
            "forbidden",
            f"role {principal.role.value} may not {permission.value}",
            role=principal.role.value,
        )
    return principal


def require(permission: Permission) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that lets through only principals whose role grants `permission`.

    One dependency, not a chain: FastAPI's cost per request grows with each dependency it solves."""

    async def check(request: Request) -> Principal:
        return await authorize(request, permission)

    return check


def check_scope(principal: Principal, region: str) -> None:
    """403 unless the principal's region scope covers `region`."""
    if not principal.covers(region):
        raise ApiError(
            403,
            "out_of_scope",
            f"token scope {principal.scope} does not cover region {region}",
            scope=principal.scope,
            region=region,
        )


Recorder = Annotated[Principal, Depends(require(Permission.RECORD))]
Reporter = Annotated[Principal, Depends(require(Permission.REPORT))]
Auditor = Annotated[Principal, Depends(require(Permission.AUDIT))]
Integrator = Annotated[Principal, Depends(require(Permission.FEED))]
Admin = Annotated[Principal, Depends(require(Permission.ADMIN))]
