from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from niangjia_kit.auth import Role, TokenStore
from niangjia_relay.credentials import BrokerCredentials, public_key
from typer.testing import CliRunner

from niangjia.cli import build_app, main
from niangjia.i18n import set_language

runner = CliRunner()


def test_create_list_and_revoke_a_token(tmp_path: Path) -> None:
    set_language("en")
    try:
        app = build_app()
        created = runner.invoke(
            app,
            [
                "tokens",
                "create",
                "--role",
                "recorder",
                "--subject",
                "湖塘镇妇联·张敏",
                "--scope",
                "江苏省/常州市/武进区/湖塘镇",
                "--data-dir",
                str(tmp_path),
                "--json",
            ],
        )
        assert created.exit_code == 0, created.output
        issued = json.loads(created.output)
        principal = TokenStore(tmp_path / "tokens.json").authenticate(issued["token"])
        assert principal is not None and principal.role is Role.RECORDER
        assert principal.scope == "江苏省/常州市/武进区/湖塘镇"

        listed = runner.invoke(app, ["tokens", "list", "--data-dir", str(tmp_path), "--json"])
        assert [t["subject"] for t in json.loads(listed.output)] == ["湖塘镇妇联·张敏"]
        assert "sha256" not in listed.output

        revoked = runner.invoke(app, ["tokens", "revoke", issued["id"], "--data-dir", str(tmp_path)])
        assert revoked.exit_code == 0 and f"revoked {issued['id']}" in revoked.output
        assert TokenStore(tmp_path / "tokens.json").authenticate(issued["token"]) is None
        again = runner.invoke(app, ["tokens", "revoke", issued["id"], "--data-dir", str(tmp_path)])
        assert again.exit_code == 1
    finally:
        set_language("zh")


def test_a_bad_scope_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        build_app(),
        ["tokens", "create", "--role", "recorder", "--subject", "x", "--scope", "a//b", "--data-dir", str(tmp_path)],
    )
    assert result.exit_code != 0


def test_a_read_command_without_a_running_service_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NIANGJIA_PROJECTIONS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("NIANGJIA_TOKEN", "nj_x_y")
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--lang", "en", "counts", "--data-dir", str(tmp_path)])
        assert exit_info.value.code == 1
        assert "cannot reach http://127.0.0.1:9/counts" in capsys.readouterr().err
    finally:
        set_language("zh")


def test_an_integrator_token_comes_with_a_subscribe_only_nats_key_that_goes_with_it(tmp_path: Path) -> None:
    app = build_app()
    created = runner.invoke(
        app,
        ["tokens", "create", "--role", "integrator", "--subject", "市数据平台", "--data-dir", str(tmp_path), "--json"],
    )
    assert created.exit_code == 0, created.output
    issued = json.loads(created.stdout)
    key = Path(issued["nats_nkey_file"])
    assert key == tmp_path / "broker" / "integrators" / f"{issued['id']}.nk"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    broker = BrokerCredentials(tmp_path / "broker")
    users = {user.name: user for user in broker.users()}
    assert users[issued["id"]].nkey == public_key(key.read_text(encoding="ascii"))
    assert users["relay"].role == "relay"  # created with the first integrator, when missing
    conf = broker.users_path.read_text(encoding="utf-8")
    assert users[issued["id"]].nkey in conf and "deny" in conf
    assert "若 NATS 正在运行" in created.stderr  # no niangjia up running here: says how to reload

    revoked = runner.invoke(app, ["tokens", "revoke", issued["id"], "--data-dir", str(tmp_path)])
    assert revoked.exit_code == 0, revoked.output
    assert not key.exists()
    assert users[issued["id"]].nkey not in broker.users_path.read_text(encoding="utf-8")


def test_a_recorder_token_gets_no_nats_key(tmp_path: Path) -> None:
    created = runner.invoke(
        build_app(), ["tokens", "create", "--role", "recorder", "--subject", "x", "--data-dir", str(tmp_path), "--json"]
    )
    assert created.exit_code == 0, created.output
    assert json.loads(created.stdout)["nats_nkey_file"] is None
    assert not (tmp_path / "broker").exists()


def test_broker_init_creates_the_relay_key_once_and_the_cluster_routes(tmp_path: Path) -> None:
    set_language("en")
    try:
        app = build_app()
        first = runner.invoke(app, ["broker", "init", "--cluster", "--data-dir", str(tmp_path)])
        assert first.exit_code == 0, first.output
        broker = BrokerCredentials(tmp_path / "broker")
        seed = broker.relay_seed_path.read_text(encoding="ascii")
        assert stat.S_IMODE(broker.relay_seed_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(broker.cluster_path.stat().st_mode) == 0o600
        assert "the relay's NATS key" in first.output
        again = runner.invoke(app, ["broker", "init", "--data-dir", str(tmp_path)])
        assert again.exit_code == 0
        assert broker.relay_seed_path.read_text(encoding="ascii") == seed, "kept, never replaced"
        listed = runner.invoke(app, ["broker", "list", "--data-dir", str(tmp_path), "--json"])
        assert [user["role"] for user in json.loads(listed.stdout)] == ["relay"]
        shown = runner.invoke(app, ["broker", "list", "--data-dir", str(tmp_path)], env={"COLUMNS": "200"})
        assert "│ relay │ the relay │" in shown.output, shown.output  # the role by its name
    finally:
        set_language("zh")


def test_broker_init_writes_users_conf_again_when_its_permissions_changed_keeping_every_key(tmp_path: Path) -> None:
    """An upgrade that changes what the relay may publish: `broker init` renders users.conf anew
    from broker.json (same users, same keys, same dates); run again, it writes nothing."""
    broker = BrokerCredentials(tmp_path / "broker")
    assert broker.ensure_relay()
    broker.add_integrator("bank", "a bank's integrator")
    users = (tmp_path / "broker" / "broker.json").read_text(encoding="utf-8")
    current = broker.users_path.read_text(encoding="utf-8")
    assert '"niangjia-ledger.>"' in current
    broker.users_path.write_text(current.replace(', "niangjia-ledger.>"', ""), encoding="utf-8")  # an older release's
    assert broker.ensure_relay()
    assert broker.users_path.read_text(encoding="utf-8") == current
    assert (tmp_path / "broker" / "broker.json").read_text(encoding="utf-8") == users
    assert not broker.ensure_relay()
