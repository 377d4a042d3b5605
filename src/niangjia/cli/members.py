"""appoint / change-role / leave / erase / pledge / complete / members / directory: the people of a
federation through the orgs and projections APIs, with the same scopes, idempotency and errors.

A member's name and number go to the orgs service, which seals them before anything is stored;
the CLI itself keeps nothing."""

from collections.abc import Callable
from typing import Annotated, Any

import typer
from niangjia_contracts.enums import CommunityRole, Level, MemberRole, ProjectStatus, ServiceArea
from niangjia_contracts.members import (
    AppointmentFacts,
    CompletionFacts,
    ErasureFacts,
    LeavingFacts,
    PledgeFacts,
    RoleChangeFacts,
)
from niangjia_contracts.names import BY_ENUM, FIELDS, Names, name
from pydantic import BaseModel

from niangjia.cli import arguments
from niangjia.cli.common import RegionDepthOpt, below, console, personal, table
from niangjia.cli.options import enum_option, options_from, sentence
from niangjia.cli.reading import Reading, reading
from niangjia.cli.records import IdOpt
from niangjia.cli.sending import Send, sending
from niangjia.i18n import language, local_catalogue, t

# the values the members report groups by, with their names (by_region is a path, shown as it is)
MEMBER_DIMENSIONS: dict[str, Names] = {
    "by_role": BY_ENUM[MemberRole],
    "by_level": BY_ENUM[Level],
    "by_region": {},
    "by_community_role": BY_ENUM[CommunityRole],
}


_t = local_catalogue("members")  # catalogues/members.toml


CommunityOpt = Annotated[list[CommunityRole] | None, enum_option("--community-role", CommunityRole, _t("community"))]
Member = Annotated[str, typer.Argument(help=t("option.member_id"), metavar="member_id", callback=arguments.entity_id)]


Project = Annotated[
    str, typer.Argument(help=t("option.project_id"), metavar="project_id", callback=arguments.entity_id)
]


def step(facts: type[BaseModel], argument: Any, path: str, done: str) -> Callable[..., None]:
    """A command that records one step of a member or a project (`argument`, its id, goes into
    `path`): its options are the facts' fields."""

    def command(body: dict[str, Any], send: Send, entity_id: str) -> None:
        send("orgs", path.format(entity_id), body, done=done)

    command.__annotations__["entity_id"] = argument  # the member's or the project's id, as an argument
    return options_from(facts)(sending(command))


def _sealed(field: str) -> str:
    """A personal field's option help: its name, stored sealed (encrypted with the member's own key)."""
    return sentence(t("members.sealed", field=t(f"members.directory.{field}")))


def _roles(community: list[CommunityRole] | None) -> list[str]:
    return [r.value for r in community or []]


def register(app: typer.Typer) -> None:
    _register_commands(app)
    _register_reports(app)


def _register_commands(app: typer.Typer) -> None:
    @app.command("appoint", help=t("members.appoint.help"))
    @options_from(
        AppointmentFacts,
        exclude={"community_roles"},
        flags={"federation_id": "--federation"},
    )
    @sending
    def appoint(
        body: dict[str, Any],
        send: Send,
        name: Annotated[str, typer.Option("--name", help=_sealed("name"), callback=arguments.text)],
        mobile: Annotated[str | None, typer.Option("--mobile", help=_sealed("mobile"))] = None,
        employer: Annotated[str | None, typer.Option("--employer", help=_sealed("employer"))] = None,
        title: Annotated[str | None, typer.Option("--title", help=_sealed("title"))] = None,
        community: CommunityOpt = None,
        member_id: IdOpt = None,
    ) -> None:
        personal = {
            k: v
            for k, v in {"name": name, "mobile": mobile, "employer": employer, "title": title}.items()
            if v is not None
        }
        fields = {**body, "member_id": member_id, "community_roles": _roles(community), "personal": personal}
        send("orgs", "/members", fields, done="done.appoint")

    @app.command("change-role", help=t("members.change_role.help"))
    @options_from(RoleChangeFacts, exclude={"community_roles"})
    @sending
    def change_role(body: dict[str, Any], send: Send, member_id: Member, community: CommunityOpt = None) -> None:
        fields = {**body, "community_roles": _roles(community)}
        send("orgs", f"/members/{member_id}/role", fields, done="done.change_role")

    app.command("leave", help=t("members.leave.help"))(step(LeavingFacts, Member, "/members/{}/leaving", "done.leave"))
    app.command("erase", help=t("members.erase.help"))(step(ErasureFacts, Member, "/members/{}/erasure", "done.erase"))

    @app.command("pledge", help=t("members.pledge.help"))
    @options_from(PledgeFacts, flags={"member_id": "--member"})
    @sending
    def pledge(body: dict[str, Any], send: Send, project_id: IdOpt = None) -> None:
        send("orgs", "/projects", {**body, "project_id": project_id}, done="done.pledge")

    app.command("complete", help=t("members.complete.help"))(
        step(CompletionFacts, Project, "/projects/{}/completion", "done.complete")
    )


def _register_reports(app: typer.Typer) -> None:
    @app.command("members", help=t("members.members.help"))
    @reading()
    def members(read: Reading, region_depth: RegionDepthOpt = 1) -> None:
        result = read.get("/members/report", region_depth=region_depth)  # by region as the counts are
        lang = language()
        rows: list[list[Any]] = [[t("counts.total"), "", result["members"]]]
        for dim, names in MEMBER_DIMENSIONS.items():
            label = t(f"members.{dim}")
            for value, count in result[dim].items():
                shown = below(read.region, value) if dim == "by_region" else name(names, value, lang)
                rows.append([label, shown, count])
        title = f"{_t('members_title')} · {read.region or t('counts.everywhere')}"
        console.print(table(title, [t("counts.dimension"), t("counts.value"), t("counts.count")], rows))
        projects = result["projects"]
        areas = BY_ENUM[ServiceArea]
        lines = [
            [name(areas, area, lang), v["pledged"], v["completed"]] for area, v in projects["by_service_area"].items()
        ]
        lines.append([t("counts.total"), projects["projects"] - projects["completed"], projects["completed"]])
        headers = [name(FIELDS, "service_area", lang), name(BY_ENUM[ProjectStatus], "pledged", lang)]
        headers.append(name(BY_ENUM[ProjectStatus], "completed", lang))
        console.print(table(_t("projects_title"), headers, lines))

    @app.command("directory", help=t("members.directory.help"))
    @reading(known_at=False)
    def directory(read: Reading) -> None:
        result = read.get("/members/directory")
        columns = ["member_id", "region", "name", "mobile", "employer", "title"]
        rows = [[personal(item[c]) for c in columns] for item in result["items"]]
        headers = [t(f"members.directory.{c}") for c in columns]
        console.print(table(t("members.directory.help"), headers, rows))
