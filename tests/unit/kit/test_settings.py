"""Settings come from the environment and a wrong one is refused at start, naming the variable."""

from collections.abc import Callable
from pathlib import Path

import pytest
from niangjia_kit.settings import NatsUrl, ServiceSettings, check_nats_url, check_store_url, settings_error_message
from pydantic import BaseModel, ValidationError


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("NIANGJIA_"):
            monkeypatch.delenv(name)


def error_for(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        ServiceSettings()
    return settings_error_message(caught.value)


def test_every_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NIANGJIA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NIANGJIA_STORE_URL", "esdb://eventstore:2113?Tls=false")
    monkeypatch.setenv("NIANGJIA_TOKENS_FILE", "/run/niangjia/tokens.json")
    monkeypatch.setenv("NIANGJIA_HOST", "0.0.0.0")
    monkeypatch.setenv("NIANGJIA_PORT", "8702")
    monkeypatch.setenv("NIANGJIA_LOG_LEVEL", "debug")
    monkeypatch.setenv("NIANGJIA_MAX_BODY_BYTES", "131072")
    settings = ServiceSettings()
    assert settings.data_dir == tmp_path
    assert settings.store == "esdb://eventstore:2113?Tls=false"
    assert settings.tokens_path == Path("/run/niangjia/tokens.json")
    assert (settings.host, settings.port, settings.log_level, settings.max_body_bytes) == (
        "0.0.0.0",
        8702,
        "DEBUG",
        131072,
    )


def test_defaults_put_the_store_and_tokens_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NIANGJIA_DATA_DIR", str(tmp_path))
    settings = ServiceSettings()
    assert settings.store == f"sqlite:///{tmp_path.resolve() / 'events.db'}"
    assert settings.tokens_path == tmp_path / "tokens.json"


GOOD_URLS: dict[Callable[[str], str], list[str]] = {
    check_store_url: [  # every kind the store factory opens
        "sqlite:///data/events.db",
        "sqlite:////var/lib/niangjia/events.db?synchronous=NORMAL",
        "esdb://eventstore:2113?Tls=false",
        "esdb://admin:changeit@node1:2113,node2:2113,node3:2113?Tls=true",
        "esdb+discover://cluster.example.org:2113",
        "esdb://[::1]:2113?tls=false",
        "memory://",
    ],
    check_nats_url: [
        "nats://nats:4222",
        "nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222",
        "tls://user:pw@broker",
        "nats://127.0.0.1:4222/",
    ],
}


@pytest.mark.parametrize(
    ("check", "url"), [pytest.param(check, url, id=url) for check, urls in GOOD_URLS.items() for url in urls]
)
def test_good_store_and_nats_urls_are_accepted_as_they_are(check: Callable[[str], str], url: str) -> None:
    assert check(url) == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgres://db/events", "unknown store kind"),
        ("events.db", "unknown store kind"),
        ("sqlite://host/events.db", "names a host"),
        ("sqlite:///", "needs a file path"),
        ("sqlite:///:memory:", "needs a file path"),
        ("sqlite:///data/events.db?journal=off", "unknown sqlite URL options"),
        ("sqlite:///data/events.db?synchronous=SOMETIMES", "synchronous="),
        ("esdb://", "names no host"),
        ("esdb://?Tls=false", "names no host"),
        ("esdb://eventstore:21x3", "bad port"),
        ("esdb://eventstore:99999", "bad port"),
        ("esdb://node1:2113,:2113", "malformed host"),
        ("esdb://eventstore:2113?Tls=maybe", "use true or false"),
        ("memory://somewhere", "takes nothing"),
    ],
)
def test_a_wrong_store_url_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch, url: str, reason: str) -> None:
    message = error_for(monkeypatch, NIANGJIA_STORE_URL=url)
    assert message.startswith("invalid configuration:")
    assert "NIANGJIA_STORE_URL: " in message
    assert reason in message


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"NIANGJIA_PORT": "http"}, "NIANGJIA_PORT"),
        ({"NIANGJIA_PORT": "70000"}, "NIANGJIA_PORT"),
        ({"NIANGJIA_LOG_LEVEL": "LOUD"}, "NIANGJIA_LOG_LEVEL"),
        ({"NIANGJIA_MAX_BODY_BYTES": "10"}, "NIANGJIA_MAX_BODY_BYTES"),
        ({"NIANGJIA_HOST": ""}, "NIANGJIA_HOST"),
    ],
)
def test_each_wrong_setting_is_named(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str) -> None:
    assert f"{variable}: " in error_for(monkeypatch, **env)


def test_several_wrong_settings_are_all_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    message = error_for(monkeypatch, NIANGJIA_PORT="0", NIANGJIA_STORE_URL="mysql://x")
    assert "NIANGJIA_PORT: " in message
    assert "NIANGJIA_STORE_URL: unknown store kind" in message
    assert "Value error" not in message


def test_a_data_dir_that_is_a_file_and_a_tokens_file_that_is_a_directory_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    assert "NIANGJIA_DATA_DIR: " in error_for(monkeypatch, NIANGJIA_DATA_DIR=str(tmp_path / "file"))
    monkeypatch.delenv("NIANGJIA_DATA_DIR")
    assert "NIANGJIA_TOKENS_FILE: " in error_for(monkeypatch, NIANGJIA_TOKENS_FILE=str(tmp_path))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "is required"),
        ("nats:4222", "must start with"),
        ("http://nats:4222", "must start with"),
        ("nats://:4222", "malformed host"),
        ("nats://nats:port", "bad port"),
        ("nats://a:4222,,nats://b:4222", "is required"),
        ("nats://nats:4222/stream?x=1", "no path or query"),
    ],
)
def test_a_wrong_nats_url_is_refused(url: str, reason: str) -> None:
    class Relay(BaseModel):
        nats_url: NatsUrl

    with pytest.raises(ValidationError, match=reason):
        Relay(nats_url=url)
