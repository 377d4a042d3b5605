"""find: federations and micro-homes by a part of their name, within the token's region, paged; and
executive members by a part of their name (`--type 执委`), for the readers allowed to see names (the
admin, and recorders of the member's region: the service refuses anyone else, a reporter above all)."""

import unicodedata
from typing import Annotated, Any

import typer
from niangjia_contracts.enums import MemberRole
from niangjia_contracts.names import BY_ENUM, name

from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, console, report, table
from niangjia.cli.reading import RegionOpt
from niangjia.errors import CliError
from niangjia.i18n import language, local_catalogue, t

_t = local_catalogue("find")  # catalogues/find.toml
TYPES = {"federation": "federation", "micro_home": "micro_home", "member": "member"}
TYPES.update({"妇联": "federation", "妇女微家": "micro_home", "微家": "micro_home", "执委": "member"})


def _members(result: dict[str, Any], text: str, limit: int) -> None:
    if not result["items"]:
        console.print(_t("member_none", name=text))
        return
    headers = [_t(k) for k in ("id", "member_name", "mobile", "role", "federation_id", "region", "appointed", "left")]
    roles = BY_ENUM[MemberRole]
    keys = ("member_id", "name", "mobile", "role", "federation_id", "region", "appointed_on", "left_on")
    rows = [[i[k] for k in keys] for i in result["items"]]
    for row in rows:
        row[3] = name(roles, row[3], language()) if row[3] else None
    console.print(table(_t("member_title", name=text, total=result["total"]), headers, rows))
    if result["total"] > result["count"]:
        console.print(_t("member_more", count=result["count"]))


def register(app: typer.Typer) -> None:
    @app.command("find", help=t("find.help"))
    def find(
        name: Annotated[str, typer.Argument(help=_t("name"), show_default=False)],
        org_type: Annotated[str | None, typer.Option("--type", help=_t("type"))] = None,
        region: RegionOpt = None,
        after: Annotated[str | None, typer.Option("--after", help=_t("after"))] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=500, help=_t("limit"))] = 50,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        text = unicodedata.normalize("NFC", name).strip()
        if not text:
            raise CliError(_t("empty"))
        if org_type is not None and org_type not in TYPES:
            raise CliError(_t("type"))
        kind = TYPES.get(org_type or "")
        if kind == "member":
            if after is not None:
                raise CliError(_t("member_after"))
            params = {"name": text, "region": region, "limit": min(limit, 200)}
            found = report(token, data_dir, "/members", params, as_json)
            if found is not None:
                _members(found, text, limit)
            return
        params = {"name": text, "type": kind, "region": region, "after": after, "limit": str(limit)}
        result = report(token, data_dir, "/organisations", params, as_json)
        if result is None:
            return
        if not result["items"]:
            console.print(_t("none", name=text))
            return
        headers = [_t(k) for k in ("id", "org_name", "org_type", "region", "opened", "ended")]
        rows = [
            [i["org_id"], i["name"], _t(i["org_type"]), i["region"], i["opened_on"], i.get("ended_on")]
            for i in result["items"]
        ]
        console.print(table(_t("title", name=text, total=result["total"]), headers, rows))
        if result.get("next_after"):
            flags = [f"--type {kind}" if kind else "", f"--region {region}" if region else ""]
            flags.append(f"--limit {limit}" if limit != 50 else "")
            command = " ".join(["niangjia find", text, *filter(None, flags), "--after", result["next_after"]])
            console.print(_t("more", command=command))
