"""What the CLI writes to a pipe or a file: a message stays on one line (Rich would break it at 80
columns), and a table still shows every character of its cells."""

from __future__ import annotations

import io

from niangjia.cli.common import _Console, table

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
