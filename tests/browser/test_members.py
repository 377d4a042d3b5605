"""The members card in Debian's chromium, in Chinese and English, at desktop (1400 px) and phone
(390 px) width: the counts of members serving and of their projects for every reader; finding a
member by name shows her name to the admin and to a recorder of her county, never to a reporter,
whose page carries no member's name at all. Screenshots go to build/browser/."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from openpyxl import load_workbook

from tests.browser.conftest import DESK_ZH_PHONE_EN, WUJIN, Tokens
from tests.browser.page import BUILD, Watched, browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

MEMBERS_CSV = Path(__file__).resolve().parents[2] / "src" / "niangjia" / "demo" / "records" / "members.csv"
CASES = [(1400, "zh-CN"), (390, "zh-CN"), (1400, "en-GB"), (390, "en-GB")]


def _names() -> list[str]:
    with MEMBERS_CSV.open(encoding="utf-8") as rows:
        return [row["name"] for row in csv.DictReader(rows)]


def _open(view: Watched, stack: Stack, token: str, lang: str) -> None:
    view.page.goto(f"{stack.urls.projections}/#token={token}&region={quote(WUJIN)}&lang={lang}")
    view.ready()
    view.page.locator("#members-report strong").wait_for(timeout=30_000)


def _search(view: Watched, name: str) -> str:
    view.page.fill("#member-name", name)
    view.page.click("#member-form button")
    # the answer to this search: it names what was looked for, or says the token may not look
    view.page.wait_for_function(
        """(name) => (document.querySelector("#member-results")?.innerText || "").includes(name)
            || document.querySelector("[data-testid=member-refused]") !== null""",
        arg=name,
        timeout=30_000,
    )
    return str(view.page.inner_text("#member-results"))


def _card_shot(view: Watched, name: str) -> None:
    BUILD.mkdir(parents=True, exist_ok=True)
    view.page.locator("#members").screenshot(path=str(BUILD / f"{name}-card.png"))


def _serving(stack: Stack) -> int:
    answer = httpx.get(
        f"{stack.urls.projections}/members/report",
        params={"region": WUJIN},
        headers={"Authorization": f"Bearer {stack.token}"},
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["members"])


@pytest.mark.parametrize(("width", "locale"), CASES)
def test_the_admin_finds_a_member_by_name(dashboard_stack: Stack, tokens: Tokens, width: int, locale: str) -> None:
    lang = locale[:2]
    with browser_page(width, locale) as view:
        _open(view, dashboard_stack, tokens.admin, lang)
        report = view.page.inner_text("#members-report")
        serving = _serving(dashboard_stack)
        assert serving > 0
        if lang == "zh":
            assert (
                f"逐一任命的在任执委 {serving} 人" in report and "主席（主任）" in report and "巾帼创新创业" in report
            )
            assert "chair" not in report and "womens_entrepreneurship" not in report
        else:
            assert f"{serving} executive members serving, appointed one by one" in report and "chair" in report
        found = _search(view, "晓燕")
        assert "马晓燕" in found and "邱晓燕" in found and "13905190004" in found
        assert ("主席（主任）" if lang == "zh" else "chair") in found
        assert ("共 2 人" if lang == "zh" else ": 2") in found
        assert "executive_member" not in found
        assert view.overflow() == 0
        assert view.errors == []
        view.shot(f"{lang}-{width}-members-admin")
        _card_shot(view, f"{lang}-{width}-members-admin")
        assert view.hosts == {urlsplit(dashboard_stack.urls.projections).netloc}


@pytest.mark.parametrize(("width", "locale"), [(390, "zh-CN"), (1400, "en-GB")])
def test_a_reporter_sees_counts_and_no_name(dashboard_stack: Stack, tokens: Tokens, width: int, locale: str) -> None:
    lang = locale[:2]
    with browser_page(width, locale) as view:
        _open(view, dashboard_stack, tokens.wujin_reporter, lang)
        assert str(_serving(dashboard_stack)) in view.page.inner_text("#members-report")
        with view.page.expect_download(timeout=30_000) as download:
            view.page.click("[data-export=members-report]")
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert sheet is not None
        text = "\n".join(" ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))
        assert WUJIN in text and str(_serving(dashboard_stack)) in text  # the counts, stamped with her county
        assert [name for name in _names() if name in text] == []
        refused = _search(view, "晓燕")
        assert ("不能查看执委姓名" if lang == "zh" else "may not see members' names") in refused
        html = view.page.content()
        assert [name for name in _names() if name in html] == []
        assert view.overflow() == 0
        assert view.errors == []
        view.shot(f"{lang}-{width}-members-reporter")
        _card_shot(view, f"{lang}-{width}-members-reporter")


def test_a_recorder_of_the_county_finds_her_members(dashboard_stack: Stack, tokens: Tokens) -> None:
    with browser_page(390) as view:
        _open(view, dashboard_stack, tokens.wujin_recorder, "zh")
        assert "马晓燕" in _search(view, "晓燕")
        assert "没有姓名含“张三丰”的执委" in _search(view, "张三丰")
        assert view.overflow() == 0 and view.errors == []


@DESK_ZH_PHONE_EN
def test_a_members_audit_timeline_names_her_to_the_admin_only(
    dashboard_stack: Stack, tokens: Tokens, width: int, locale: str
) -> None:
    lang = locale[:2]
    for token, named in ((tokens.admin, True), (tokens.auditor, False)):
        with browser_page(width, locale) as view:
            view.timeline(dashboard_stack.urls.projections, token, "wj-m01", lang, "MemberAppointed", WUJIN)
            text = view.page.inner_text("#audit")
            shown = ("姓名：刘桂英" if lang == "zh" else "Name: 刘桂英") in text and "13905190001" in text
            assert shown is named, text
            assert "[object Object]" not in text and "ciphertext" not in text and "party_group_leader" not in text
            assert "MemberAppointed" not in text and ("任命执委" if lang == "zh" else "member appointed") in text
            assert lang == "zh" or not [mark for mark in "：，（）" if mark in text], text  # English punctuation
            assert view.overflow() == 0 and view.errors == []
            view.shot(f"{lang}-{width}-member-timeline-{'admin' if named else 'auditor'}")


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_the_admin_exports_the_chairs_directory_and_a_reporter_is_told_why_not(
    dashboard_stack: Stack, tokens: Tokens, locale: str
) -> None:
    lang, width = locale[:2], 390 if locale == "en-GB" else 1400  # the English page on a phone
    with browser_page(width, locale) as view:
        _open(view, dashboard_stack, tokens.admin, lang)
        with view.page.expect_download(timeout=30_000) as download:
            view.page.click("[data-testid=directory-export]")
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert sheet is not None
        rows = [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == (["妇委会主任通讯录"] if lang == "zh" else ["Chairs' contact directory"])
        header = next(row for row in rows if row[:1] == (["执委编号"] if lang == "zh" else ["member id"]))
        assert header[4:6] == (["姓名", "手机"] if lang == "zh" else ["name", "mobile"])
        assert [name for name in _names() if any(name in row for row in rows)]  # the chairs by name
        done = view.page.locator("[data-testid=directory-note]")
        done.filter(has_text="chairs-directory.xlsx").wait_for(timeout=30_000)  # said beside the button
        assert ("仅管理员" if lang == "zh" else "Only the admin") in view.page.inner_text("#members")  # the why stays
        assert view.overflow() == 0 and view.errors == []
    with browser_page(width, locale) as view:
        _open(view, dashboard_stack, tokens.wujin_reporter, lang)
        view.page.click("[data-testid=directory-export]")
        note = view.page.locator("[data-testid=directory-note].error")
        note.wait_for(timeout=30_000)
        assert ("不能导出通讯录" if lang == "zh" else "may not export the directory") in note.inner_text()


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_an_erased_members_timeline_says_erased_in_the_pages_language(
    dashboard_stack: Stack, tokens: Tokens, locale: str
) -> None:
    erasure = httpx.post(
        f"{dashboard_stack.urls.orgs}/members/wj-m40/erasure",
        json={"erased_on": "2025-03-25", "reason": "person_requested"},
        headers={"Authorization": f"Bearer {tokens.admin}", "Idempotency-Key": "browser-erase-wj-m40"},
        timeout=30,
    )
    assert erasure.status_code in (200, 201), erasure.text  # the same key: the second time, the first answer
    lang = locale[:2]
    with browser_page(1400, locale) as view:
        view.timeline(dashboard_stack.urls.projections, tokens.admin, "wj-m40", lang, "MemberErased")
        text = view.page.inner_text("#audit li.MemberAppointed")
        assert ("姓名：已删除" if lang == "zh" else "Name: erased") in text, text
        assert "13905190040" not in text and view.errors == []
