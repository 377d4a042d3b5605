"""Pledge a "one member, one deed" project (→ ProjectPledged)."""

from __future__ import annotations

from niangjia_contracts import EntityId
from niangjia_contracts.members import PledgeFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body
from pydantic import Field

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.project import PledgeProject, ProjectCommand, ProjectState


class PledgeProjectBody(PledgeFacts, Body):
    project_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )


async def handle(call: OrgsCall, body: PledgeProjectBody) -> CommandResult:
    orgs = call.app
    creation = orgs.projects.creation(call, "pledge_project", PledgeProject, body, "prj")

    async def prepare(state: ProjectState, command: ProjectCommand) -> ProjectCommand:
        """The member (unknown to a caller whose scope she lies beyond), her time on the committee,
        federation and region."""
        member = await orgs.members.visible(body.member_id, call.principal)  # beyond scope: unknown
        appointed = member.appointed
        if appointed is None:
            return command  # the decider refuses: no such member
        update = {"member": member.standing, "federation_id": appointed.federation_id, "region": appointed.region}
        return command.model_copy(update=update)

    return await orgs.projects.create(creation, prepare)
