"""inspect / recognise / recognise-home / dissolve / close / retract: what happens to an organisation or
an activity after it is recorded, one command each, made from a table."""

from dataclasses import dataclass
from typing import Annotated, Any

import typer
from niangjia_contracts.events import ClosureFacts, DissolutionFacts, InspectionFacts, RecognitionFacts
from pydantic import BaseModel

from niangjia.cli import arguments
from niangjia.cli.options import options_from
from niangjia.cli.sending import Send, sending
from niangjia.i18n import t


@dataclass(frozen=True)
class FollowUp:
    command: str
    service: str
    path: str  # with {id}
    facts: type[BaseModel]
    subject: str  # the catalogue key of what the argument is: a federation, a micro-home


FOLLOW_UPS = [
    FollowUp("inspect", "orgs", "/federations/{id}/inspections", InspectionFacts, "option.federation_id"),
    FollowUp("recognise", "orgs", "/federations/{id}/recognitions", RecognitionFacts, "option.federation_id"),
    FollowUp("recognise-home", "orgs", "/micro-homes/{id}/recognitions", RecognitionFacts, "option.micro_home_id"),
    FollowUp("dissolve", "orgs", "/federations/{id}/dissolution", DissolutionFacts, "option.federation_id"),
    FollowUp("close", "orgs", "/micro-homes/{id}/closure", ClosureFacts, "option.micro_home_id"),
]


def _command(spec: FollowUp) -> Any:
    @options_from(spec.facts)
    @sending
    def run(
        body: dict[str, Any],
        send: Send,
        entity_id: Annotated[
            str, typer.Argument(help=t(spec.subject), show_default=False, callback=arguments.entity_id)
        ],
    ) -> None:
        send(spec.service, spec.path.format(id=entity_id), body, done=f"done.{spec.command}")

    return run


def register(app: typer.Typer) -> None:
    for spec in FOLLOW_UPS:
        app.command(spec.command, help=t(f"{spec.command}.help"))(_command(spec))

    @app.command("retract", help=t("retract.help"))
    @sending
    def retract(
        send: Send,
        activity_id: Annotated[str, typer.Argument(help=t("option.activity_id"), callback=arguments.entity_id)],
        reason: Annotated[str, typer.Option("--reason", help=t("option.retract_reason"), callback=arguments.text)],
    ) -> None:
        path = f"/care-activities/{activity_id}/retraction"
        send("activities", path, {"reason": reason}, done="done.retract")
