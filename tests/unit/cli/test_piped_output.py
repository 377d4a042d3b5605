"""What the CLI writes to a pipe or a file: a message stays on one line (Rich would break it at 80
columns), a table shows every character of its cells, one line a row; in a terminal, a table's
headers are not broken inside a word while their words fit side by side."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len

from niangjia.cli import common
from niangjia.cli.common import PIPED_WIDTH, _Console, table

LONG = "已登记成立：" + "湖塘镇某产业园区非公企业妇联" * 6 + "（日志位置 12345）"


def _piped() -> tuple[_Console, io.StringIO]:
    out = io.StringIO()
    return _Console(file=out, width=80), out


def test_a_long_message_written_to_a_pipe_stays_on_one_line() -> None:
    console, out = _piped()
    console.print(LONG)
    assert out.getvalue() == LONG + "\n"


def test_a_table_written_to_a_pipe_keeps_every_character_of_its_cells() -> None:
    console, out = _piped()
    console.print(table("标题", ["名称", "数量"], [[LONG, 3]]))
    first_cells = [line.split("│")[1].strip() for line in out.getvalue().splitlines() if line.startswith("│")]
    assert len(first_cells) > 1  # wrapped within its column
    assert "".join(first_cells) == LONG
    assert "…" not in out.getvalue()


def test_the_command_lines_tables_keep_one_line_a_row_in_a_pipe_unless_columns_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = io.StringIO()
    console = _Console(file=out, width=80, piped_width=PIPED_WIDTH)
    console.print(table("标题", ["名称", "数量"], [[LONG, 3]]))
    rows = [line for line in out.getvalue().splitlines() if line.startswith("│")]
    assert len(rows) == 1 and LONG in rows[0]
    monkeypatch.setenv("COLUMNS", "80")
    out.truncate(0)
    console.print(table("标题", ["名称", "数量"], [[LONG, 3]]))
    assert len([line for line in out.getvalue().splitlines() if line.startswith("│")]) > 1


@pytest.mark.parametrize("width", [100, 120])
def test_in_a_terminal_wide_enough_for_the_header_words_no_header_breaks_inside_a_word(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    headers = ["quarter", "theme", "activities", "people served", "volunteers", "goods", "organisers", "coverage"]
    out = io.StringIO()
    terminal = _Console(file=out, width=width, force_terminal=True, color_system=None)
    monkeypatch.setattr(common, "console", terminal)
    terminal.print(table("2024", headers, [["Q1", "Spring festival care for left-behind", 1234, 56789, 1, 2, 3, "4%"]]))
    header_lines = [line for line in out.getvalue().splitlines() if line.startswith("┃")]
    words = {word for line in header_lines for cell in line.split("┃") for word in cell.split()}
    assert {word for header in headers for word in header.split()} <= words


def test_in_an_80_column_terminal_short_words_stay_whole_and_nothing_is_cropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = ["id", "subject", "role", "scope", "created", "revoked"]
    rows = [
        [
            "8aacc2bede99",
            "Hutang town women's federation recorder",
            "recorder",
            "江苏省/常州市/武进区/湖塘镇",
            "2026-12-05 20:05:46 China time (UTC+8)",
            "",
        ],
        ["c65e108e81f3", "admin", "administrator", "everywhere", "2026-12-05 20:05:47 China time (UTC+8)", ""],
    ]
    out = io.StringIO()
    terminal = _Console(file=out, width=80, force_terminal=True, color_system=None)
    monkeypatch.setattr(common, "console", terminal)
    terminal.print(table("Tokens", headers, rows))
    lines = out.getvalue().splitlines()
    assert all(cell_len(line) <= 80 for line in lines) and lines[-1].endswith("┘")  # not cropped
    words = {word for line in lines for cell in line.replace("┃", "│").split("│") for word in cell.split()}
    assert {"subject", "revoked", "administrator", "recorder", "everywhere", "2026-12-05", "20:05:46"} <= words
