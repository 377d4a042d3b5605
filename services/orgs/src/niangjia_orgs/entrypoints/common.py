"""What every orgs route shares: the service, the command call, and the documented responses."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from niangjia_kit.entrypoints import CommandAnswer, answer
from niangjia_kit.routes import CommandCall, Responses, command_call, container, errors
from niangjia_kit.routes import created as kit_created

from niangjia_orgs.application.orgs import Orgs

__all__ = ["ERRORS", "CommandAnswer", "OrgsDep", "RecordCall", "answer", "created"]

OrgsDep = Annotated[Orgs, Depends(container)]
"""The orgs service, as `bootstrap` built it."""

RecordCall = Annotated[CommandCall[Orgs], Depends(command_call("orgs", Orgs))]
"""A command from a principal allowed to record (recorder or admin), with the service."""

ERRORS = errors(
    forbidden="The role may not do this, or the region is outside the token's scope",
    not_found="No such federation or micro-home",
    conflict="The history forbids this command (a stable `code` says which rule)",
    invalid="The request is invalid: each field and the reason",
)


def created(description: str, id_parameter: str, *operations: str) -> Responses:
    """The responses of a route that founds or opens an organisation, with links to `operations`."""
    return kit_created(ERRORS, description, id_parameter, *operations)
