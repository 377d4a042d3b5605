"""Service settings from `NIANGJIA_`-prefixed environment variables, validated at start.

Every wrong value is refused when the settings are built, with a message naming the variable
(`settings_error_message`), so a service exits at once instead of failing on its first request.
`check_store_url` and `check_nats_url` (and the `NatsUrl` type) are the same checks for services
that add their own URL settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qsl, urlsplit

from niangjia_eventstore.factory import parse_sqlite_url
from niangjia_eventstore.sqlite import SYNCHRONOUS_MODES
from pydantic import AfterValidator, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

STORE_SCHEMES = ("sqlite://", "esdb://", "esdb+discover://", "memory://")
NATS_SCHEMES = ("nats", "tls", "ws", "wss")
SQLITE_SYNCHRONOUS = SYNCHRONOUS_MODES
_BOOLEAN_WORDS = ("true", "false")


def check_store_url(value: str) -> str:
    """`value` if it names a store the factory can open; ValueError saying what is wrong otherwise."""
    if not value:
        return value  # the default: <data_dir>/events.db
    if not value.startswith(STORE_SCHEMES):
        raise ValueError(f"unknown store kind in {value!r}: use one of {', '.join(STORE_SCHEMES)}")
    scheme = value.partition("://")[0]
    if scheme == "sqlite":
        parse_sqlite_url(value)
    elif scheme in ("esdb", "esdb+discover"):
        _check_esdb_url(value)
    elif value != "memory://":
        raise ValueError(f"memory store URL takes nothing after the scheme, got {value!r}")
    return value


def _check_esdb_url(value: str) -> None:
    parts = urlsplit(value)
    hosts = parts.netloc.rpartition("@")[2]
    if not hosts:
        raise ValueError(f"EventStoreDB URL {value!r} names no host, e.g. esdb://eventstore:2113?Tls=false")
    for host in hosts.split(","):
        _check_host_port(host, value, "EventStoreDB")
    for key, option in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in ("tls", "tlsverifycert") and option.lower() not in _BOOLEAN_WORDS:
            raise ValueError(f"{key}={option!r} in {value!r}: use true or false")


def _check_host_port(host: str, url: str, what: str) -> None:
    if host.startswith("["):  # [::1]:2113
        name, _, rest = host[1:].partition("]")
        colon, port = rest[:1], rest[1:]
        if rest and colon != ":":
            name = ""
    else:
        name, colon, port = host.partition(":")
    if not name or any(c.isspace() or c in "/?#" for c in name):
        raise ValueError(f"{what} URL {url!r} has an empty or malformed host {host!r}")
    if colon and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise ValueError(f"{what} URL {url!r} has a bad port {port!r}: use a number from 1 to 65535")


def check_nats_url(value: str) -> str:
    """`value` if every comma-separated server is `nats://host[:port]` (or tls/ws/wss); ValueError otherwise."""
    servers = [server.strip() for server in value.split(",")]
    if not value.strip() or not all(servers):
        raise ValueError("a NATS URL is required, e.g. nats://nats:4222 (several: nats://a:4222,nats://b:4222)")
    for server in servers:
        scheme, separator, rest = server.partition("://")
        if not separator or scheme.lower() not in NATS_SCHEMES:
            raise ValueError(f"NATS URL {server!r} must start with one of {', '.join(s + '://' for s in NATS_SCHEMES)}")
        parts = urlsplit(server)
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"NATS URL {server!r} takes no path or query")
        _check_host_port(rest.partition("/")[0].rpartition("@")[2], server, "NATS")
    return value


NatsUrl = Annotated[str, AfterValidator(check_nats_url)]
"""A validated NATS server URL (or a comma-separated list of them), for services that publish."""


class ServiceSettings(BaseSettings):
    """What every service needs. Subclasses set their own default port."""

    model_config = SettingsConfigDict(env_prefix="NIANGJIA_", extra="ignore", validate_default=True)

    data_dir: Path = Field(default=Path("data"), description="Where the store, tokens and read models live")
    store_url: str = Field(
        default="",
        description="sqlite:///path/events.db (default: <data_dir>/events.db), esdb://host:2113?Tls=false",
    )
    tokens_file: Path | None = Field(default=None, description="Default: <data_dir>/tokens.json")
    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8700, ge=1, le=65535)
    log_level: str = "INFO"
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=16 * 1024 * 1024)

    @field_validator("store_url")
    @classmethod
    def _known_store(cls, value: str) -> str:
        return check_store_url(value.strip())

    @field_validator("data_dir")
    @classmethod
    def _usable_data_dir(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{str(value)!r} exists and is not a directory")
        return value

    @field_validator("tokens_file")
    @classmethod
    def _tokens_file_not_a_directory(cls, value: Path | None) -> Path | None:
        if value is not None and value.is_dir():
            raise ValueError(f"{str(value)!r} is a directory; name the tokens file inside it, e.g. tokens.json")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    @property
    def store(self) -> str:
        return self.store_url or f"sqlite:///{(self.data_dir / 'events.db').resolve()}"

    @property
    def tokens_path(self) -> Path:
        return self.tokens_file or self.data_dir / "tokens.json"


def settings_error_message(error: ValidationError, prefix: str = "NIANGJIA_") -> str:
    """One line per wrong setting, naming the environment variable."""
    lines = []
    for item in error.errors():
        name = prefix + "_".join(str(p) for p in item["loc"]).upper()
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(lines)
