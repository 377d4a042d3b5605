"""Tokens are stored hashed, roles grant permissions, scopes are segment-wise."""

import json
import stat
from pathlib import Path

import pytest
from niangjia_kit.auth import Permission, Role, TokenStore


def test_issued_tokens_authenticate_and_are_stored_hashed(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    entry, token = store.issue("wj-recorder", Role.RECORDER, "江苏省/常州市/武进区")
    principal = store.authenticate(token)
    assert principal is not None
    assert principal.subject == "wj-recorder"
    assert principal.can(Permission.RECORD)
    assert not principal.can(Permission.AUDIT)
    assert principal.covers("江苏省/常州市/武进区/湖塘镇")
    assert not principal.covers("浙江省/温州市/乐清市")
    text = (tmp_path / "tokens.json").read_text(encoding="utf-8")
    assert token.split("_", 2)[2] not in text
    assert json.loads(text)["tokens"][0]["sha256"] == entry.digest
    assert stat.S_IMODE((tmp_path / "tokens.json").stat().st_mode) == 0o600


def test_wrong_secret_unknown_id_and_revoked_tokens_fail(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    entry, token = store.issue("auditor", Role.AUDITOR)
    assert store.authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert store.authenticate("nj_ffffffffffff_secret") is None
    assert store.authenticate("garbage") is None
    assert store.revoke(entry.token_id)
    assert store.authenticate(token) is None
    assert not store.revoke(entry.token_id)


def test_a_second_reader_sees_new_tokens_without_restart(tmp_path: Path) -> None:
    reader = TokenStore(tmp_path / "tokens.json")
    assert reader.authenticate("nj_x_y") is None
    _, token = TokenStore(tmp_path / "tokens.json").issue("admin", Role.ADMIN)
    principal = reader.authenticate(token)
    assert principal is not None and principal.role is Role.ADMIN


def test_a_bad_scope_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="segment"):
        TokenStore(tmp_path / "tokens.json").issue("x", Role.RECORDER, "江苏省//武进区")
