from __future__ import annotations

import string
import tomllib
from pathlib import Path

import pytest

from niangjia import i18n
from niangjia.i18n import CATALOGUE_FILES, CATALOGUES, catalogue, detect, set_language, shared_catalogue, t


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


def every_catalogue() -> list[str]:
    return sorted(path.stem for path in CATALOGUES.glob("*.toml"))


@pytest.mark.parametrize("name", every_catalogue())
def test_every_message_has_both_languages_with_the_same_placeholders(name: str) -> None:
    for key, (zh, en) in catalogue(name).items():
        assert zh and en, key
        names = {f[1] for f in string.Formatter().parse(zh) if f[1]}
        plain = i18n._PLURAL.sub("", en)  # an English plural's choice names a placeholder shown beside it
        assert names == {f[1] for f in string.Formatter().parse(plain) if f[1]}, key
        assert {m.group(1) for m in i18n._PLURAL.finditer(en)} <= names, key


def test_messages_follow_the_language() -> None:
    try:
        set_language("en")
        assert t("up.stopped", seconds=1.25) == "all stopped (1.2s)"
        set_language("zh")
        assert t("up.stopped", seconds=1.25).startswith("已全部停止")
    finally:
        set_language("zh")


def test_the_shared_catalogues_share_no_key_and_every_file_is_read() -> None:
    keys = [key for name in CATALOGUE_FILES for key in catalogue(name)]
    assert len(keys) == len(set(keys)) == len(shared_catalogue())
    assert {"cli", "find", "keys", "members"} <= set(every_catalogue())


def test_a_key_given_twice_in_a_catalogue_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "twice.toml").write_text('"a" = ["甲", "a"]\n"a" = ["乙", "b"]\n', encoding="utf-8")
    (tmp_path / "odd.toml").write_text('"a" = ["甲"]\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path)
    try:
        with pytest.raises(tomllib.TOMLDecodeError):
            catalogue("twice")
        with pytest.raises(i18n.CatalogueError, match="must be"):
            catalogue("odd")
    finally:
        catalogue.cache_clear()


def test_an_english_count_takes_the_singular_when_it_is_one() -> None:
    set_language("en")
    try:
        assert t("verify.ok", events=1, checkpoints=2, uncovered="1") == (
            "verified: 1 event, 2 checkpoints; 1 newer event not yet in the ledger"
        )
        assert t("verify.ok", events="1,000", checkpoints=0, uncovered=0).startswith(
            "verified: 1,000 events, 0 checkpoints"
        )
    finally:
        set_language("zh")
    assert (
        t("verify.ok", events=1, checkpoints=1, uncovered=0) == "校验通过：1 个事件，1 个检查点；0 个新事件尚未签入账本"
    )
