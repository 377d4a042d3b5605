from __future__ import annotations

import ast
from pathlib import Path

import pytest

from niangjia import messages
from niangjia.i18n import CATALOGUE, detect, set_language, t


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        (None, {}, "zh"),
        ("en", {}, "en"),
        ("zh", {"NIANGJIA_LANG": "en"}, "zh"),
        (None, {"NIANGJIA_LANG": "en"}, "en"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "C.UTF-8"}, "zh"),
    ],
)
def test_the_language_comes_from_the_flag_then_the_variable_then_the_locale(
    flag: str | None, env: dict[str, str], expected: str
) -> None:
    assert detect(flag, env) == expected


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    import string

    for key, (zh, en) in CATALOGUE.items():
        assert zh and en, key
        names = {f[1] for f in string.Formatter().parse(zh) if f[1]}
        assert names == {f[1] for f in string.Formatter().parse(en) if f[1]}, key


def test_messages_follow_the_language() -> None:
    try:
        set_language("en")
        assert t("up.stopped", seconds=1.25) == "all stopped (1.2s)"
        set_language("zh")
        assert t("up.stopped", seconds=1.25).startswith("已全部停止")
    finally:
        set_language("zh")


def test_the_catalogues_parts_share_no_key() -> None:
    from niangjia.argument_messages import ARGUMENT_MESSAGES
    from niangjia.help_messages import HELP_MESSAGES
    from niangjia.operator_messages import OPERATOR_MESSAGES
    from niangjia.recording_messages import RECORDING_MESSAGES

    catalogue = ast.parse(Path(messages.__file__).read_text(encoding="utf-8"))
    own = next(node for node in ast.walk(catalogue) if isinstance(node, ast.Dict))
    parts = [ARGUMENT_MESSAGES, HELP_MESSAGES, OPERATOR_MESSAGES, RECORDING_MESSAGES]
    keys = [key for part in parts for key in part]
    keys += [str(key.value) for key in own.keys if isinstance(key, ast.Constant)]
    assert len(keys) == len(set(keys))
    assert set(keys) <= set(CATALOGUE)
