"""appoint / change-role / leave / erase / pledge / complete / members / directory: the people of a
federation through the orgs and projections APIs, with the same scopes, idempotency and errors.

A member's name and number go to the orgs service, which seals them before anything is stored;
the CLI itself keeps nothing."""

from typing import Annotated, Any

import typer
from niangjia_contracts import CommunityRole
from niangjia_contracts.members import (
    AppointmentFacts,
    CompletionFacts,
    ErasureFacts,
    LeavingFacts,
    PledgeFacts,
    RoleChangeFacts,
)

from niangjia.cli import arguments
from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, api, console, print_json, table
from niangjia.cli.options import options_from
from niangjia.cli.records import DATE, IdOpt, KeyOpt, _send
from niangjia.cli.reports import AsOfOpt, KnownAtOpt, RegionOpt
from niangjia.i18n import language

MESSAGES: dict[str, tuple[str, str]] = {
    "appoint": ("任命一名执委（姓名、手机号加密保存）", "Appoint an executive member (name and number stored sealed)"),
    "change_role": ("变更执委的职务、三长身份或任期", "Change a member's role, community roles or term"),
    "leave": ("登记执委离任", "Record that a member left the committee"),
    "erase": (
        "删除执委的个人信息（销毁其密钥，仅限管理员）",
        "Erase a member's personal data (destroys her key; admin)",
    ),
    "pledge": ("登记“一执委一实事”项目", 'Pledge a "one member, one deed" project'),
    "complete": ("登记项目完成", "Record that a project reached its target"),
    "members": ("执委人数（按职务、层级、地区）及其项目", "Members by role, level and region, and their projects"),
    "directory": ("妇委会主任通讯录", "The chairs' contact directory"),
    "community": ("三长身份（可重复）", "A community role (repeatable)"),
    "members_title": ("执委", "Executive members"),
    "projects_title": ("一执委一实事", "One member, one deed"),
}


def _t(key: str) -> str:
    zh, en = MESSAGES[key]
    return en if language() == "en" else zh


CommunityOpt = Annotated[list[CommunityRole] | None, typer.Option("--community-role", help=_t("community"))]
Member = Annotated[str, typer.Argument(help="member id", callback=arguments.entity_id)]


def _roles(community: list[CommunityRole] | None) -> list[str]:
    return [r.value for r in community or []]


def register(app: typer.Typer) -> None:
    _register_commands(app)
    _register_reports(app)


def _register_commands(app: typer.Typer) -> None:
    @app.command("appoint", help=_t("appoint"))
    @options_from(
        AppointmentFacts,
        exclude={"community_roles"},
        flags={"federation_id": "--federation"},
        helps={"appointed_on": DATE, "term_ends_on": DATE},
    )
    def appoint(
        body: dict[str, Any],
        name: Annotated[str, typer.Option("--name", callback=arguments.text)],
        mobile: Annotated[str | None, typer.Option("--mobile")] = None,
        employer: Annotated[str | None, typer.Option("--employer")] = None,
        title: Annotated[str | None, typer.Option("--title")] = None,
        community: CommunityOpt = None,
        member_id: IdOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        personal = {
            k: v for k, v in {"name": name, "mobile": mobile, "employer": employer, "title": title}.items() if v
        }
        fields = {**body, "member_id": member_id, "community_roles": _roles(community), "personal": personal}
        _send("orgs", "/members", fields, key, token, data_dir, as_json)

    @app.command("change-role", help=_t("change_role"))
    @options_from(RoleChangeFacts, exclude={"community_roles"}, helps={"changed_on": DATE, "term_ends_on": DATE})
    def change_role(
        body: dict[str, Any],
        member_id: Member,
        community: CommunityOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        fields = {**body, "community_roles": _roles(community)}
        _send("orgs", f"/members/{member_id}/role", fields, key, token, data_dir, as_json)

    @app.command("leave", help=_t("leave"))
    @options_from(LeavingFacts, helps={"left_on": DATE})
    def leave(
        body: dict[str, Any],
        member_id: Member,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        _send("orgs", f"/members/{member_id}/leaving", body, key, token, data_dir, as_json)

    @app.command("erase", help=_t("erase"))
    @options_from(ErasureFacts, helps={"erased_on": DATE})
    def erase(
        body: dict[str, Any],
        member_id: Member,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        _send("orgs", f"/members/{member_id}/erasure", body, key, token, data_dir, as_json)

    @app.command("pledge", help=_t("pledge"))
    @options_from(PledgeFacts, flags={"member_id": "--member"}, helps={"pledged_on": DATE})
    def pledge(
        body: dict[str, Any],
        project_id: IdOpt = None,
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        _send("orgs", "/projects", {**body, "project_id": project_id}, key, token, data_dir, as_json)

    @app.command("complete", help=_t("complete"))
    @options_from(CompletionFacts, helps={"completed_on": DATE})
    def complete(
        body: dict[str, Any],
        project_id: Annotated[str, typer.Argument(help="project id", callback=arguments.entity_id)],
        key: KeyOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        _send("orgs", f"/projects/{project_id}/completion", body, key, token, data_dir, as_json)


def _register_reports(app: typer.Typer) -> None:
    @app.command("members", help=_t("members"))
    def members(
        region: RegionOpt = None,
        as_of: AsOfOpt = None,
        known_at: KnownAtOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        with api(token, data_dir) as client:
            result = client.get(
                "projections", "/members/report", {"region": region, "as_of": as_of, "known_at": known_at}
            )
        if as_json:
            print_json(result)
            return
        rows: list[list[Any]] = [["total", "", result["members"]]]
        for dim in ("by_role", "by_level", "by_region", "by_community_role"):
            rows += [[dim, value, count] for value, count in result[dim].items()]
        console.print(table(_t("members_title"), ["", "", "#"], rows))
        projects = result["projects"]
        lines = [[area, v["pledged"], v["completed"]] for area, v in projects["by_service_area"].items()]
        lines.append(["total", projects["projects"] - projects["completed"], projects["completed"]])
        console.print(table(_t("projects_title"), ["service_area", "pledged", "completed"], lines))

    @app.command("directory", help=_t("directory"))
    def directory(
        region: RegionOpt = None,
        as_of: AsOfOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        with api(token, data_dir) as client:
            result = client.get("projections", "/members/directory", {"region": region, "as_of": as_of})
        if as_json:
            print_json(result)
            return
        columns = ["member_id", "region", "name", "mobile", "employer", "title"]
        rows = [[item[c] for c in columns] for item in result["items"]]
        console.print(table(_t("directory"), columns, rows))
