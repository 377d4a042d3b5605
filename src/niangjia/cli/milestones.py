"""chambers / founded / elections / firsts: the milestone reports, as tables or JSON."""

from typing import Annotated, Any

import typer
from niangjia_contracts import ChamberOrigin, Domain, FederationKind
from niangjia_contracts.names import BY_ENUM, name

from niangjia.cli import arguments
from niangjia.cli.common import console, table
from niangjia.cli.options import enum_option
from niangjia.cli.reading import Reading, reading
from niangjia.i18n import language, local_catalogue, t

_t = local_catalogue("milestones")  # catalogues/milestones.toml

FromOpt = Annotated[str, typer.Option("--from", help=_t("from"), callback=arguments.business_date)]
ToOpt = Annotated[str, typer.Option("--to", help=_t("to"), callback=arguments.business_date)]
LimitOpt = Annotated[int, typer.Option("--limit", min=0, max=10_000, help=_t("limit"))]


def _named(kind: type[Any], code: str | None) -> str:
    if code is None:
        return _t("not_recorded")
    return name(BY_ENUM[kind], code, language())


_BREAKDOWN: dict[str, tuple[str, type[Any] | None]] = {
    "by_domain": ("domain_col", Domain),
    "by_kind": ("kind_col", FederationKind),
    "by_year": ("year", None),
}


def _breakdown(result: dict[str, Any]) -> list[list[Any]]:
    """Rows (figure, value, count) of the answer's `by_*` maps, codes shown as names."""
    rows: list[list[Any]] = []
    for dim, (label, kind) in _BREAKDOWN.items():
        for code, count in result[dim].items():
            rows.append([_t(label), code if kind is None else _named(kind, code), count])
    return rows


def register(app: typer.Typer) -> None:
    @app.command("chambers", help=t("chambers.help"))
    @reading()
    def chambers(read: Reading, limit: LimitOpt = 1000) -> None:
        result = read.get("/chambers", limit=limit)
        rows: list[list[Any]] = [
            [_named(ChamberOrigin, None if code == "not_recorded" else code), n]
            for code, n in result["by_origin"].items()
        ]
        console.print(table(_t("chambers_title", total=result["total"]), [_t("origin"), _t("count")], rows))
        items = [
            [i["federation_id"], i["name"], i["region"], i["founded_on"], _named(ChamberOrigin, i["chamber_origin"])]
            for i in result["items"]
        ]
        headers = [_t("id"), _t("name"), _t("region"), _t("founded_on"), _t("origin")]
        if items:
            console.print(table("", headers, items))
        if limit and result["total"] > len(items):
            console.print(_t("chambers_more", count=len(items)))

    @app.command("founded", help=t("founded.help"))
    @reading()
    def founded(read: Reading, first: FromOpt, last: ToOpt) -> None:
        result = read.get("/founded", founded_from=first, founded_to=last)
        title = _t(
            "founded_title",
            first=result["founded_from"],
            last=result["founded_to"],
            total=result["total"],
            standing=result["standing"],
        )
        console.print(table(title, [_t("figure"), _t("value"), _t("count")], _breakdown(result)))

    @app.command("elections", help=t("elections.help"))
    @reading()
    def elections(read: Reading, first: FromOpt, last: ToOpt) -> None:
        result = read.get("/elections", elected_from=first, elected_to=last)
        title = _t("elections_title", first=result["elected_from"], last=result["elected_to"], total=result["total"])
        rows = [
            [i["federation_id"], i["name"], i["region"], _named(Domain, i["domain"]), i["leadership_elected_on"]]
            for i in result["items"]
        ]
        headers = [_t("id"), _t("name"), _t("region"), _t("domain_col"), _t("elected_on")]
        console.print(table(title, headers, rows))

    @app.command("firsts", help=t("firsts.help"))
    @reading()
    def firsts(
        read: Reading,
        domain: Annotated[Domain | None, enum_option("--domain", Domain, _t("domain"))] = None,
        kind: Annotated[FederationKind | None, enum_option("--kind", FederationKind, _t("kind"))] = None,
    ) -> None:
        result = read.get("/firsts", domain=domain, kind=kind)
        rows = [
            [
                _named(Domain, i["domain"]),
                _named(FederationKind, i["kind"]),
                i["federation_id"],
                i["name"],
                i["region"],
                i["founded_on"],
                _t("yes") if i["standing"] else _t("no"),
            ]
            for i in result["items"]
        ]
        headers = [
            _t("domain_col"),
            _t("kind_col"),
            _t("id"),
            _t("name"),
            _t("region"),
            _t("founded_on"),
            _t("standing"),
        ]
        console.print(table(_t("firsts_title"), headers, rows))
