"""find: federations and micro-homes by a part of their name, within the token's region, paged.

Members are not found by name: their names are sealed personal data, not searchable by design."""

import unicodedata
from typing import Annotated

import typer

from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, api, console, print_json, table
from niangjia.cli.reports import RegionOpt
from niangjia.errors import CliError
from niangjia.i18n import language, t

MESSAGES: dict[str, tuple[str, str]] = {
    "name": ("名称中的一部分（不区分全角半角组合、大小写）", "A part of the name (any Unicode form, any case)"),
    "type": ("只找妇联（federation）或妇女微家（micro_home）", "Only federations or only micro-homes"),
    "after": ("从这个编号之后继续（翻页）", "Continue after this id (next page)"),
    "limit": ("每页条数", "Rows per page"),
    "title": ("名称含“{name}”的组织：共 {total} 个", "Organisations whose name contains “{name}”: {total}"),
    "none": ("没有名称含“{name}”的组织", "No organisation's name contains “{name}”"),
    "more": ("还有更多：{command}", "More: {command}"),
    "empty": ("请给出要查找的名称", "Give a name to look for"),
    "id": ("编号", "id"),
    "org_name": ("名称", "name"),
    "org_type": ("类型", "type"),
    "region": ("地区", "region"),
    "opened": ("成立日期", "founded"),
    "ended": ("撤销/关闭日期", "ended"),
    "federation": ("妇联", "federation"),
    "micro_home": ("妇女微家", "micro-home"),
}


def _t(key: str, **values: object) -> str:
    zh, en = MESSAGES[key]
    return (en if language() == "en" else zh).format(**values)


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
        if org_type is not None and org_type not in ("federation", "micro_home", "妇联", "妇女微家"):
            raise CliError(_t("type"))
        kind = {"妇联": "federation", "妇女微家": "micro_home"}.get(org_type or "", org_type)
        params = {"name": text, "type": kind, "region": region, "after": after, "limit": str(limit)}
        with api(token, data_dir) as client:
            result = client.get("projections", "/organisations", params)
        if as_json:
            print_json(result)
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
