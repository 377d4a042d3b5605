"""found / open / record / correct: one command each, sent to the orgs or activities API; their
options are the contracts' fields (`niangjia.cli.options`)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from niangjia_contracts import FederationKind, Level
from niangjia_contracts.events import CareActivityFacts, FederationFacts, MicroHomeFacts

from niangjia.cli import arguments, duplicates
from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, api, console, print_json
from niangjia.cli.options import options_from
from niangjia.i18n import t

if TYPE_CHECKING:
    from niangjia.client import Api

KeyOpt = Annotated[str | None, typer.Option("--idempotency-key", help=t("option.idempotency_key"))]
DATE = "YYYY-MM-DD"
IdOpt = Annotated[str | None, typer.Option("--id", help=t("option.id"), callback=arguments.entity_id)]


def send(
    service: str,
    path: str,
    body: dict[str, Any],
    key: str | None,
    token: str | None,
    data_dir: Any,
    as_json: bool,
    done: str,
    before: "Callable[[Api], None] | None" = None,
) -> None:
    """POST one command (after `before`, which may refuse it); print what happened (`done`, a
    catalogue key) or the answer as JSON."""
    with api(token, data_dir) as client:
        if before is not None:
            before(client)
        answer = client.post(service, path, body, idempotency_key=key)
    if as_json:
        print_json(answer)
    else:
        console.print(t(done, id=answer["id"]) + t("done.where", position=answer["position"]))


def founding(org_type: str, id_field: str, path: str, done: str) -> Callable[..., None]:
    """The command that founds a federation or opens a micro-home (`body`: the facts' options),
    asking first about a likely duplicate (`niangjia.cli.duplicates`)."""

    def command(
        body: dict[str, Any],
        entity_id: IdOpt = None,
        key: KeyOpt = None,
        no_input: duplicates.NoInputOpt = False,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        def guard(client: "Api") -> None:
            duplicates.guard(client, org_type, body, entity_id, no_input)

        send("orgs", path, {id_field: entity_id, **body}, key, token, data_dir, as_json, done=done, before=guard)

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
    def record(
        body: dict[str, Any],
        activity_id: IdOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        body = {"activity_id": activity_id, **body}
        send("activities", "/care-activities", body, key, token, data_dir, as_json, done="done.record")

    @app.command("correct", help=t("correct.help"))
    @options_from(
        CareActivityFacts,
        exclude={"activity_id", "organiser_id", "organiser_kind", "region"},
        flags={"goods_value_yuan": "--goods-value"},
        optional=True,
    )
    def correct(
        body: dict[str, Any],
        activity_id: Annotated[str, typer.Argument(help=t("option.activity_id"), callback=arguments.entity_id)],
        reason: Annotated[str, typer.Option("--reason", help=t("option.reason"), callback=arguments.text)],
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        path = f"/care-activities/{activity_id}/corrections"
        send("activities", path, {**body, "reason": reason}, key, token, data_dir, as_json, done="done.correct")
