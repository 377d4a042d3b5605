"""counts / campaign / audit / guided / dormant: the projections' reports as tables or JSON."""

import json
from typing import Annotated, Any

import typer

from niangjia.cli import arguments
from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, api, console, print_json, table
from niangjia.client import CliError
from niangjia.i18n import language, t

RegionOpt = Annotated[str | None, typer.Option("--region", help=t("region.help"), callback=arguments.region)]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help=t("as_of.help"), callback=arguments.business_date)]
KnownAtOpt = Annotated[str | None, typer.Option("--known-at", help=t("known_at.help"), callback=arguments.instant)]

DIMENSION_NAMES = {
    "by_domain": ("领域", "domain"),
    "by_sector": ("类别", "sector"),
    "by_kind": ("组织形式", "kind"),
    "by_level": ("层级", "level"),
    "by_status": ("状态", "status"),
    "by_group": ("分组", "group"),
    "by_setting": ("场所", "setting"),
    "by_region": ("地区", "region"),
    "recognised": ("示范点", "recognised"),
}
THEMES = {
    "spring_warmth": ("春送温暖", "spring: warmth"),
    "summer_cooling": ("夏送清凉", "summer: cooling"),
    "autumn_health": ("秋送健康", "autumn: health"),
    "winter_skills": ("冬送技能", "winter: skills"),
}


def _word(pair: tuple[str, str]) -> str:
    return pair[1] if language() == "en" else pair[0]


def register(app: typer.Typer) -> None:
    @app.command("counts", help=t("counts.help"))
    def counts(
        region: RegionOpt = None,
        as_of: AsOfOpt = None,
        known_at: KnownAtOpt = None,
        group_by: Annotated[str | None, typer.Option("--group-by")] = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        params = {"region": region, "as_of": as_of, "known_at": known_at, "group_by": group_by}
        with api(token, data_dir) as client:
            result = client.get("projections", "/counts", params)
        if as_json:
            print_json(result)
            return
        for key in ("federations", "micro_homes"):
            part = result[key]
            rows: list[list[Any]] = [
                [t("counts.total"), "", part["total"]],
                ["ended", "", result["ended"][key]],
                ["ever founded", "", result["ever_founded"][key]],
            ]
            for dim, values in part.items():
                if isinstance(values, dict) and dim in DIMENSION_NAMES and dim != "by_region":
                    rows.extend([_word(DIMENSION_NAMES[dim]), value, n] for value, n in values.items())
            title = f"{t('counts.' + key)} · {t('counts.title', region=region or '')}"
            console.print(table(title, [t("counts.dimension"), t("counts.value"), t("counts.count")], rows))

    @app.command("campaign", help=t("campaign.help"))
    def campaign(
        year: Annotated[int, typer.Argument(min=1900, max=2999)],
        quarter: Annotated[str | None, typer.Argument(help="Q1..Q4")] = None,
        region: RegionOpt = None,
        as_of: AsOfOpt = None,
        known_at: KnownAtOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        params = {"region": region, "as_of": as_of, "known_at": known_at}
        if quarter is not None:
            q = quarter.upper().removeprefix("Q")
            if q not in ("1", "2", "3", "4"):
                raise CliError(t("error.quarter"))
            path = f"/campaigns/{year}/Q{q}"
        else:
            path = f"/campaigns/{year}"
        with api(token, data_dir) as client:
            result = client.get("projections", path, params)
        if as_json:
            print_json(result)
            return
        quarters = result["quarters"] if quarter is None else [result]
        en = language() == "en"
        headers = (
            ["quarter", "theme", "activities", "people served", "volunteers", "goods (yuan)", "organisers", "coverage"]
            if en
            else ["季度", "主题", "活动", "受益人次", "志愿者", "爱心物资（元）", "组织单位", "有效覆盖"]
        )
        rows = [
            [
                f"Q{r['quarter']}",
                _word(THEMES.get(r["theme"], (r["theme"], r["theme"]))),
                r["activities"],
                r["people_served"],
                r["volunteers"],
                r["goods_value_yuan"],
                r["organisers"],
                r["effective_coverage"]["share"],
            ]
            for r in quarters
        ]
        if quarter is None:
            out = result["outside_campaigns"]
            rows.append(
                [
                    "outside campaigns",
                    "",
                    out["activities"],
                    out["people_served"],
                    out["volunteers"],
                    out["goods_value_yuan"],
                    out["organisers"],
                    out["effective_coverage"]["share"],
                ]
            )
            total = result["total"]
            rows.append(
                [
                    t("counts.total"),
                    "",
                    total["activities"],
                    total["people_served"],
                    total["volunteers"],
                    total["goods_value_yuan"],
                    "",
                    "",
                ]
            )
            title = t("campaign.year_title", year=year)
        else:
            title = t("campaign.title", year=year, quarter=result["quarter"])
        console.print(table(f"{title} {region or ''}", headers, rows))

    @app.command("audit", help=t("audit.help"))
    def audit(
        entity_id: Annotated[str, typer.Argument(callback=arguments.entity_id)],
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        with api(token, data_dir) as client:
            result = client.get("projections", f"/audit/entities/{entity_id}")
        if as_json:
            print_json(result)
            return
        en = language() == "en"
        headers = (
            ["position", "event", "occurred on", "recorded at", "actor", "details"]
            if en
            else ["位置", "事件", "发生日期", "记录时间", "记录人", "内容"]
        )
        rows = [
            [
                item["position"],
                item["event_type"],
                item["occurred_on"],
                str(item["recorded_at"])[:19],
                item["actor"],
                _details(item.get("data")),
            ]
            for item in result["items"]
        ]
        console.print(table(t("audit.title", id=entity_id), headers, rows))

    @app.command("guided", help=t("guided.help"))
    def guided(
        federation_id: Annotated[str, typer.Argument(callback=arguments.entity_id)],
        as_of: AsOfOpt = None,
        known_at: KnownAtOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        from rich.tree import Tree

        with api(token, data_dir) as client:
            result = client.get(
                "projections", f"/federations/{federation_id}/guided", {"as_of": as_of, "known_at": known_at}
            )
        if as_json:
            print_json(result)
            return

        def grow(branch: Tree, node: dict[str, Any]) -> None:
            for kid in node.get("children", []):
                mark = "⌂ " if kid["type"] == "micro_home" else ""
                grow(branch.add(f"{mark}{kid['name']} [dim]{kid['id']} · {kid['status']}[/dim]"), kid)

        root = Tree(
            f"[bold]{result['name']}[/bold] [dim]{result['id']}[/dim] (1+{result['direct']['federations'] + result['direct']['micro_homes']})"
        )
        grow(root, result)
        console.print(root)

    @app.command("dormant", help=t("dormant.help"))
    def dormant(
        since: Annotated[
            str | None, typer.Option("--since", help="YYYY-MM-DD", callback=arguments.business_date)
        ] = None,
        region: RegionOpt = None,
        as_of: AsOfOpt = None,
        known_at: KnownAtOpt = None,
        token: TokenOpt = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        with api(token, data_dir) as client:
            params = {"since": since, "region": region, "as_of": as_of, "known_at": known_at}
            result = client.get("projections", "/dormant", params)
        if as_json:
            print_json(result)
            return
        headers = ["id", "name", "region", "opened", "last activity", "last inspection", "dormant by"]
        rows = [
            [
                i["org_id"],
                i["name"],
                i["region"],
                i["opened_on"],
                i.get("last_activity_on"),
                i.get("last_inspected_on"),
                i["dormant_by"],
            ]
            for i in result["items"]
        ]
        console.print(table(f"{t('dormant.help')} ({result['total']})", headers, rows))


def _details(data: Any) -> str:
    if not isinstance(data, dict):
        return str(data)
    keep = {k: v for k, v in data.items() if v is not None and not k.endswith("_id")}
    text = json.dumps(keep, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "…"
