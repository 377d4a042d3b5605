"""found / open / record / correct: one command each, sent to the orgs or activities API; their
options are the contracts' fields (`niangjia.cli.options`)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from niangjia_contracts import FederationKind, Level
from niangjia_contracts.events import CareActivityFacts, FederationFacts, MicroHomeFacts

from niangjia.cli import arguments, duplicates
from niangjia.cli.options import options_from
from niangjia.cli.sending import Send, sending
from niangjia.i18n import t

if TYPE_CHECKING:
    from niangjia.client import Api

IdOpt = Annotated[str | None, typer.Option("--id", help=t("option.id"), callback=arguments.entity_id)]


def founding(org_type: str, id_field: str, path: str, done: str) -> Callable[..., None]:
    """The command that founds a federation or opens a micro-home (`body`: the facts' options),
    asking first about a likely duplicate (`niangjia.cli.duplicates`)."""

    @sending
    def command(
        body: dict[str, Any], send: Send, entity_id: IdOpt = None, no_input: duplicates.NoInputOpt = False
    ) -> None:
        def guard(client: "Api") -> None:
            duplicates.guard(client, org_type, body, entity_id, no_input)

        send("orgs", path, {id_field: entity_id, **body}, done=done, before=guard)

    return command


def register(app: typer.Typer) -> None:
    app.command("found", help=t("found.help"))(
        options_from(
            FederationFacts,
            flags={"host_organisation": "--host"},
            helps={"region": t("region.help")},
            defaults={"kind": FederationKind.FEDERATION, "level": Level.VILLAGE},
        )(founding("federation", "federation_id", "/federations", "done.found"))
    )
    app.command("open", help=t("open.help"))(
        options_from(
            MicroHomeFacts,
            flags={"host_federation_id": "--host-federation"},
            helps={"region": t("region.help")},
        )(founding("micro_home", "micro_home_id", "/micro-homes", "done.open"))
    )

    @app.command("record", help=t("record.help"))
    @options_from(
        CareActivityFacts,
        exclude={"activity_id", "organiser_kind", "region"},
        flags={"organiser_id": "--organiser", "goods_value_yuan": "--goods-value"},
        helps={"organiser_id": t("option.organiser")},
        defaults={"volunteers": 0, "goods_value_yuan": "0.00"},
    )
    @sending
    def record(body: dict[str, Any], send: Send, activity_id: IdOpt = None) -> None:
        send("activities", "/care-activities", {"activity_id": activity_id, **body}, done="done.record")

    @app.command("correct", help=t("correct.help"))
    @options_from(
        CareActivityFacts,
        exclude={"activity_id", "organiser_id", "organiser_kind", "region"},
        flags={"goods_value_yuan": "--goods-value"},
        optional=True,
    )
    @sending
    def correct(
        body: dict[str, Any],
        send: Send,
        activity_id: Annotated[str, typer.Argument(help=t("option.activity_id"), callback=arguments.entity_id)],
        reason: Annotated[str, typer.Option("--reason", help=t("option.reason"), callback=arguments.text)],
    ) -> None:
        path = f"/care-activities/{activity_id}/corrections"
        send("activities", path, {**body, "reason": reason}, done="done.correct")
