"""Record that a "one member, one deed" project reached its target (→ ProjectCompleted)."""

from __future__ import annotations

from niangjia_contracts.members import CompletionFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.project import CompleteProject


class CompleteProjectBody(CompletionFacts, Body):
    pass


async def handle(call: OrgsCall, project_id: str, body: CompleteProjectBody) -> CommandResult:
    return await call.app.projects.follow_up(call, "complete_project", CompleteProject, project_id, body)
