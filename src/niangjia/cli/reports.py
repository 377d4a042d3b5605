"""counts / campaign / audit / guided / dormant: the projections' reports as tables or JSON."""

from typing import Annotated, Any

import typer
from niangjia_contracts import enums
from niangjia_contracts.enums import CommunityRole, ErasureReason, LeavingReason, MemberRole
from niangjia_contracts.names import BY_ENUM, DORMANT_BY, EVENT_TYPES, FIELDS, REPORT_CODES, STATUSES, Names, name
from niangjia_contracts.texts import Texts

from niangjia.cli import arguments
from niangjia.cli.common import RegionDepthOpt, below, console, headers, table
from niangjia.cli.common import personal as personal_value
from niangjia.cli.formats import instant, money, percent
from niangjia.cli.reading import Reading, reading
from niangjia.errors import CliError
from niangjia.i18n import language, t

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
# the names of the values each dimension of /counts groups by
VALUE_NAMES: dict[str, Names] = {
    "by_domain": BY_ENUM[enums.Domain],
    "by_sector": {**BY_ENUM[enums.Sector], "none": REPORT_CODES["none"]},
    "by_kind": BY_ENUM[enums.FederationKind],
    "by_level": BY_ENUM[enums.Level],
    "by_status": STATUSES,
    "by_setting": {**BY_ENUM[enums.MicroHomeSetting], "none": REPORT_CODES["none"]},
    "by_group": {"park_and_market": REPORT_CODES["park_and_market"]},  # enums.DOMAIN_GROUPS; one's own as asked
    "recognised": BY_ENUM[enums.RecognitionLevel],
}


def _word(pair: tuple[str, str]) -> str:
    return pair[1] if language() == "en" else pair[0]


def _named(names: Names, code: str) -> str:
    return name(names, code, language())


def _campaign_row(label: str, theme: str, figures: dict[str, Any], lang: str) -> list[Any]:
    """A row of the campaign table: a quarter's figures, those outside the campaigns, or the year's
    total (which counts no organisers and no coverage: "–", as the dashboard shows it)."""
    counted = [figures["activities"], figures["people_served"], figures["volunteers"]]
    goods = money(figures["goods_value_yuan"], lang)
    if "organisers" not in figures:
        return [label, theme, *counted, goods, "–", "–"]
    return [label, theme, *counted, goods, figures["organisers"], percent(figures["effective_coverage"]["share"])]


def register(app: typer.Typer) -> None:
    @app.command("counts", help=t("counts.help"))
    @reading()
    def counts(
        read: Reading,
        group_by: Annotated[str | None, typer.Option("--group-by", help=t("counts.group_by"))] = None,
        region_depth: RegionDepthOpt = 1,
    ) -> None:
        # by_region only as deep as the table shows it (every depth of the country is megabytes)
        result = read.get("/counts", group_by=group_by, region_depth=region_depth)
        for key in ("federations", "micro_homes"):
            part = result[key]
            rows: list[list[Any]] = [
                [t("counts.total"), "", part["total"]],
                [t("counts.ended"), "", result["ended"][key]],
                [t("counts.ever_founded"), "", result["ever_founded"][key]],
            ]
            for dim, values in part.items():
                if not isinstance(values, dict) or set(values) == {"none"}:
                    continue  # nothing recorded in it (a federation's setting)
                if dim == "by_region":
                    rows.extend([_word(DIMENSION_NAMES[dim]), place, n] for place, n in _by_region(read.region, values))
                elif dim in DIMENSION_NAMES:
                    names = VALUE_NAMES.get(dim, {})
                    rows.extend([_word(DIMENSION_NAMES[dim]), _named(names, value), n] for value, n in values.items())
            title = t("counts.title", kind=t("counts." + key), region=read.region or t("counts.everywhere"))
            console.print(table(title, [t("counts.dimension"), t("counts.value"), t("counts.count")], rows))

    @app.command("campaign", help=t("campaign.help"))
    @reading()
    def campaign(
        read: Reading,
        year: Annotated[int, typer.Argument(min=1900, max=2999, help=t("option.year"))],
        quarter: Annotated[str | None, typer.Argument(help=t("option.quarter"))] = None,
    ) -> None:
        if quarter is not None:
            q = quarter.upper().removeprefix("Q")
            if q not in ("1", "2", "3", "4"):
                raise CliError(t("error.quarter"))
            path = f"/campaigns/{year}/Q{q}"
        else:
            path = f"/campaigns/{year}"
        result = read.get(path)
        quarters = result["quarters"] if quarter is None else [result]
        columns = headers(
            ["季度", "主题", "活动", "受益人次", "志愿者", "爱心物资", "组织单位", "有效覆盖"],
            ["quarter", "theme", "activities", "people served", "volunteers", "goods", "organisers", "coverage"],
        )
        lang = language()
        themes = BY_ENUM[enums.Campaign]
        rows = [_campaign_row(f"Q{r['quarter']}", _named(themes, r["theme"]), r, lang) for r in quarters]
        if quarter is None:
            rows.append(_campaign_row(t("campaign.outside"), "", result["outside_campaigns"], lang))
            rows.append(_campaign_row(t("campaign.year_row"), "", result["total"], lang))  # as the dashboard: 全年
            title = t("campaign.year_title", year=year)
        else:
            title = t("campaign.title", year=year, quarter=result["quarter"])
        shown = table(f"{title} · {read.region or t('counts.everywhere')}", columns, rows)
        if quarter is None:
            shown.caption = t("campaign.distinct_note")  # why the year has no organisers of its own
        console.print(shown)

    @app.command("audit", help=t("audit.help"))
    @reading(region=False)
    def audit(
        read: Reading,
        entity_id: Annotated[str, typer.Argument(help=t("option.entity_id"), callback=arguments.entity_id)],
    ) -> None:
        result = read.get(f"/audit/entities/{entity_id}")
        columns = headers(
            ["位置", "事件", "发生日期", "记录时间", "记录人", "内容"],
            ["position", "event", "occurred on", "recorded at", "actor", "details"],
        )
        rows = [
            [
                item["position"],
                _named(EVENT_TYPES, item["event_type"]),
                item["occurred_on"],
                instant(item["recorded_at"], language()),
                item["actor"],
                _details(item.get("data"), item.get("personal"), entity_id),
            ]
            for item in result["items"]
        ]
        console.print(table(t("audit.title", id=entity_id), columns, rows))

    @app.command("guided", help=t("guided.help"))
    @reading(region=False)
    def guided(
        read: Reading,
        federation_id: Annotated[str, typer.Argument(help=t("option.federation_id"), callback=arguments.entity_id)],
    ) -> None:
        from rich.tree import Tree

        result = read.get(f"/federations/{federation_id}/guided")

        def grow(branch: Tree, node: dict[str, Any]) -> None:
            for kid in node.get("children", []):
                mark = "⌂ " if kid["type"] == "micro_home" else ""
                status = _named(STATUSES, kid["status"])
                grow(branch.add(f"{mark}{kid['name']} [dim]{kid['id']} · {status}[/dim]"), kid)

        root = Tree(
            f"[bold]{result['name']}[/bold] [dim]{result['id']}[/dim] (1+{result['direct']['federations'] + result['direct']['micro_homes']})"
        )
        grow(root, result)
        console.print(root)

    @app.command("dormant", help=t("dormant.help"))
    @reading()
    def dormant(
        read: Reading,
        since: Annotated[
            str | None, typer.Option("--since", help="YYYY-MM-DD", callback=arguments.business_date)
        ] = None,
        after: Annotated[int | None, typer.Option("--after", min=0, help=t("dormant.after"))] = None,
    ) -> None:
        result = read.get("/dormant", since=since, after=after)
        columns = headers(
            ["编号", "名称", "休眠依据", "地区", "成立（开设）日期", "最近活动", "最近跟踪"],
            ["id", "name", "dormant by", "region", "opened", "last activity", "last inspection"],
        )
        rows = [  # why first after the name, as the dashboard orders it (in the exports' words)
            [
                i["org_id"],
                i["name"],
                _named(DORMANT_BY, i["dormant_by"]),
                i["region"],
                i["opened_on"],
                i.get("last_activity_on") or "–",
                i.get("last_inspected_on") or "–",
            ]
            for i in result["items"]
        ]
        console.print(table(f"{t('dormant.help')} ({result['total']})", columns, rows))
        if result.get("next_after") is not None:  # a page of many: say so, and how to read on
            console.print(t("dormant.more", shown=len(rows), total=result["total"], after=result["next_after"]))


# the codes an event's facts may carry, by field
FIELD_VALUES: dict[str, Names] = {
    "kind": BY_ENUM[enums.FederationKind],
    "domain": BY_ENUM[enums.Domain],
    "sector": VALUE_NAMES["by_sector"],
    "level": BY_ENUM[enums.Level],
    "setting": BY_ENUM[enums.MicroHomeSetting],
    "campaign": BY_ENUM[enums.Campaign],
    "service_area": BY_ENUM[enums.ServiceArea],
    "chamber_origin": BY_ENUM[enums.ChamberOrigin],
    "finding": BY_ENUM[enums.InspectionFinding],
    "organiser_kind": BY_ENUM[enums.OrganiserKind],
    "role": BY_ENUM[MemberRole],
    "community_roles": BY_ENUM[CommunityRole],
    "reason": Texts(lambda: {**BY_ENUM[LeavingReason], **BY_ENUM[ErasureReason]}),  # else free text, as it is
}


def _value(field: str, value: Any) -> str:
    if field == "goods_value_yuan":
        return money(value, language())
    if field == "corrected_fields" and isinstance(value, list):
        return (", " if language() == "en" else "、").join(_named(FIELDS, str(v)) for v in value)
    if isinstance(value, list):
        return (", " if language() == "en" else "、").join(_value(field, v) for v in value)
    return _named(FIELD_VALUES[field], str(value)) if field in FIELD_VALUES else str(value)


def _by_region(region: str | None, rolled_up: dict[str, int]) -> list[tuple[str, int]]:
    """The rows of `/counts`' `by_region` (each region with everything below it) by their path below
    the report's region; the region's own row, which is the total, becomes what is recorded at its
    own level (its total less the regions just below it), so that the rows one level down add up."""
    rows = [(below(region, path), n) for path, n in rolled_up.items() if path != (region or "")]
    if region and region in rolled_up:
        children = sum(
            n for path, n in rolled_up.items() if path.startswith(region + "/") and "/" not in path[len(region) + 1 :]
        )
        if rolled_up[region] - children:
            rows.insert(0, (below(region, region), rolled_up[region] - children))
    return rows


def _details(data: Any, personal: Any = None, entity_id: str | None = None) -> str:
    """An event's facts as `field: value` in the user's language, every one (the entity's own id left
    out: it is the row; the ids of those it names kept, the organiser of an activity, the host of a
    micro-home); a member's sealed data only as the service opened it for this reader (her name and
    mobile), else nothing of it."""
    if not isinstance(data, dict):
        return str(data)
    colon = ": " if language() == "en" else "："
    person = personal if isinstance(personal, dict) else {}
    shown = [
        t(f"audit.{key}", value=personal_value(person[part]))
        for key, part in (("person", "name"), ("mobile", "mobile"))
        if person.get(part)
    ]
    shown += [
        f"{_named(FIELDS, field)}{colon}{_value(field, value)}"
        for field, value in data.items()
        if value is not None and value != entity_id and field not in ("schema_version", "personal")
    ]
    return ("; " if language() == "en" else "；").join(shown)  # whole: the table wraps it
