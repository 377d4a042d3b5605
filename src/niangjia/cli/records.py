"""found / open / record / correct: one command each, sent to the orgs or activities API."""

from typing import Annotated, Any

import typer
from niangjia_contracts import Campaign, Domain, FederationKind, Level, MicroHomeSetting, ServiceArea

from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, api, console, print_json
from niangjia.i18n import t

KeyOpt = Annotated[str | None, typer.Option("--idempotency-key", help="Idempotency-Key: a retry records nothing new")]
IdOpt = Annotated[str | None, typer.Option("--id", help="The entity id (default: derived by the service)")]


def _send(
    service: str, path: str, body: dict[str, Any], key: str | None, token: str | None, data_dir: Any, as_json: bool
) -> None:
    with api(token, data_dir) as client:
        answer = client.post(service, path, body, idempotency_key=key)
    if as_json:
        print_json(answer)
    else:
        console.print(
            t(
                "recorded",
                id=answer["id"],
                stream=answer["stream_id"],
                version=answer["stream_version"],
                position=answer["position"],
            )
        )


def register(app: typer.Typer) -> None:
    @app.command("found", help=t("found.help"))
    def found(
        name: Annotated[str, typer.Option("--name")],
        domain: Annotated[Domain, typer.Option("--domain")],
        region: Annotated[str, typer.Option("--region", help=t("region.help"))],
        host: Annotated[str, typer.Option("--host", help="host organisation")],
        founded_on: Annotated[str, typer.Option("--founded-on", help="YYYY-MM-DD")],
        women_members: Annotated[int, typer.Option("--women-members")],
        kind: Annotated[FederationKind, typer.Option("--kind")] = FederationKind.FEDERATION,
        level: Annotated[Level, typer.Option("--level")] = Level.VILLAGE,
        executive_members: Annotated[int, typer.Option("--executive-members")] = 0,
        organisations_covered: Annotated[int, typer.Option("--organisations-covered")] = 1,
        guided_by: Annotated[str | None, typer.Option("--guided-by")] = None,
        leadership_elected_on: Annotated[str | None, typer.Option("--leadership-elected-on")] = None,
        federation_id: IdOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        body = {
            "federation_id": federation_id,
            "name": name,
            "kind": kind.value,
            "domain": domain.value,
            "level": level.value,
            "region": region,
            "host_organisation": host,
            "guided_by": guided_by,
            "founded_on": founded_on,
            "women_members": women_members,
            "executive_members": executive_members,
            "organisations_covered": organisations_covered,
            "leadership_elected_on": leadership_elected_on,
        }
        _send("orgs", "/federations", body, key, token, data_dir, as_json)

    @app.command("open", help=t("open.help"))
    def open_home(
        name: Annotated[str, typer.Option("--name")],
        setting: Annotated[MicroHomeSetting, typer.Option("--setting")],
        region: Annotated[str, typer.Option("--region", help=t("region.help"))],
        host_federation: Annotated[str, typer.Option("--host-federation")],
        opened_on: Annotated[str, typer.Option("--opened-on", help="YYYY-MM-DD")],
        theme: Annotated[str | None, typer.Option("--theme")] = None,
        members: Annotated[int, typer.Option("--members")] = 0,
        micro_home_id: IdOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        body = {
            "micro_home_id": micro_home_id,
            "name": name,
            "setting": setting.value,
            "region": region,
            "host_federation_id": host_federation,
            "opened_on": opened_on,
            "theme": theme,
            "members": members,
        }
        _send("orgs", "/micro-homes", body, key, token, data_dir, as_json)

    @app.command("record", help=t("record.help"))
    def record(
        organiser: Annotated[str, typer.Option("--organiser", help="federation or micro-home id")],
        held_on: Annotated[str, typer.Option("--held-on", help="YYYY-MM-DD")],
        title: Annotated[str, typer.Option("--title")],
        people_served: Annotated[int, typer.Option("--people-served")],
        volunteers: Annotated[int, typer.Option("--volunteers")] = 0,
        goods_value: Annotated[str, typer.Option("--goods-value", help="yuan, e.g. 1200.00")] = "0.00",
        campaign: Annotated[Campaign | None, typer.Option("--campaign")] = None,
        service_area: Annotated[ServiceArea | None, typer.Option("--service-area")] = None,
        location: Annotated[str | None, typer.Option("--location")] = None,
        activity_id: IdOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        body = {
            "activity_id": activity_id,
            "organiser_id": organiser,
            "held_on": held_on,
            "title": title,
            "campaign": campaign.value if campaign else None,
            "service_area": service_area.value if service_area else None,
            "people_served": people_served,
            "volunteers": volunteers,
            "goods_value_yuan": goods_value,
            "location": location,
        }
        _send("activities", "/care-activities", body, key, token, data_dir, as_json)

    @app.command("correct", help=t("correct.help"))
    def correct(
        activity_id: Annotated[str, typer.Argument(help="activity id")],
        reason: Annotated[str, typer.Option("--reason")],
        held_on: Annotated[str | None, typer.Option("--held-on")] = None,
        title: Annotated[str | None, typer.Option("--title")] = None,
        people_served: Annotated[int | None, typer.Option("--people-served")] = None,
        volunteers: Annotated[int | None, typer.Option("--volunteers")] = None,
        goods_value: Annotated[str | None, typer.Option("--goods-value")] = None,
        campaign: Annotated[Campaign | None, typer.Option("--campaign")] = None,
        service_area: Annotated[ServiceArea | None, typer.Option("--service-area")] = None,
        location: Annotated[str | None, typer.Option("--location")] = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        body: dict[str, Any] = {
            "held_on": held_on,
            "title": title,
            "people_served": people_served,
            "volunteers": volunteers,
            "goods_value_yuan": goods_value,
            "campaign": campaign.value if campaign else None,
            "service_area": service_area.value if service_area else None,
            "location": location,
            "reason": reason,
        }
        _send("activities", f"/care-activities/{activity_id}/corrections", body, key, token, data_dir, as_json)
