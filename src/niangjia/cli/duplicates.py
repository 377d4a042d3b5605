"""A likely duplicate before a founding or an opening: a standing organisation of the same type with the
same name (Unicode NFC, any case, spaces around ignored) in the same region.

It is looked for with the projections' search by name (`GET /organisations`, as `niangjia find`);
when one stands, the command asks before recording, or with `--no-input` refuses in one line. When
the search cannot answer (the projections unreachable or behind), a warning says so and the command
goes on: the orgs service is the one that records, and it does not depend on the read models.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any

import typer

from niangjia.cli.common import errors
from niangjia.errors import CliError
from niangjia.i18n import t

if TYPE_CHECKING:
    from niangjia.client import Api

NoInputOpt = Annotated[bool, typer.Option("--no-input", help=t("dup.no_input.help"))]

_YES = frozenset({"y", "yes", "是", "是的", "对", "确定", "登记"})
_NO = frozenset({"", "n", "no", "否", "不", "不是", "取消"})
_NAME_QUERY_MAX = 100  # the longest text `GET /organisations` takes
_PAGES_MAX = 20


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).strip().casefold())


def likely_duplicates(client: Api, org_type: str, name: str, region: str, own_id: str | None) -> list[dict[str, Any]]:
    """The standing organisations of `org_type` named `name` in `region` (but `own_id`, a replay)."""
    wanted = _folded(name)
    params: dict[str, Any] = {"name": name.strip()[:_NAME_QUERY_MAX], "type": org_type, "region": region}
    found: list[dict[str, Any]] = []
    for _ in range(_PAGES_MAX):
        page = client.get("projections", "/organisations", {**params, "limit": "500"})
        found += [
            item
            for item in page["items"]
            if _folded(item["name"]) == wanted
            and item["region"] == region
            and item.get("ended_on") is None
            and item["org_id"] != own_id
        ]
        if not page.get("next_after"):
            break
        params["after"] = page["next_after"]
    return found


def _ask(question: str) -> bool:
    """Yes or no on the terminal (an empty answer or the end of input: no)."""
    while True:
        typer.echo(question + t("dup.prompt_suffix"), nl=False, err=True)
        line = sys.stdin.readline()
        if not line or not sys.stdin.isatty():  # the answer was not typed: end the question's line
            typer.echo("", err=True)
        if not line:
            return False
        answer = line.strip().casefold()
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        errors.print(t("dup.answer_yes_no"), markup=False, highlight=False)


def guard(client: Api, org_type: str, body: dict[str, Any], own_id: str | None, no_input: bool) -> None:
    """Ask before recording a likely duplicate; refuse it with `no_input`; raise if not to record."""
    try:
        same = likely_duplicates(client, org_type, str(body["name"]), str(body["region"]), own_id)
    except CliError as error:
        if error.status == 403:  # the token may not read there: the orgs service answers for itself
            return
        errors.print(t("dup.unchecked", reason=str(error).splitlines()[0]), markup=False, highlight=False)
        return
    if not same:
        return
    ids = "、".join(item["org_id"] for item in same[:5]) + ("…" if len(same) > 5 else "")
    what = t(f"dup.{org_type}", name=body["name"], region=body["region"], ids=ids)
    if no_input:
        raise CliError(t("dup.refused", what=what))
    if not _ask(t("dup.question", what=what)):
        raise CliError(t("dup.declined"))
