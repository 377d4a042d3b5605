"""Where things are: the data folder, the services' ports and URLs, the caller's token."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_PORT = 8701
DEFAULT_NATS_PORT = 4222
DEFAULT_NATS_MONITOR_PORT = 8222
HOST = "127.0.0.1"


def data_dir(value: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return (value or Path(env.get("NIANGJIA_DATA_DIR") or "data")).resolve()


@dataclass(frozen=True, slots=True)
class Ports:
    """orgs, activities, projections and the relay on consecutive ports; NATS on its own two."""

    base: int = DEFAULT_BASE_PORT
    nats: int = DEFAULT_NATS_PORT
    nats_monitor: int = DEFAULT_NATS_MONITOR_PORT

    @classmethod
    def from_base(cls, base: int | None) -> Ports:
        """The default ports, or with `base` given, every port derived from it (nats at base+5)."""
        if base is None or base == DEFAULT_BASE_PORT:
            return cls()
        return cls(base=base, nats=base + 5, nats_monitor=base + 6)

    @property
    def orgs(self) -> int:
        return self.base

    @property
    def activities(self) -> int:
        return self.base + 1

    @property
    def projections(self) -> int:
        return self.base + 2

    @property
    def relay(self) -> int:
        return self.base + 3


@dataclass(frozen=True, slots=True)
class Urls:
    orgs: str
    activities: str
    projections: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Urls:
        """NIANGJIA_ORGS_URL etc., else the default ports (or NIANGJIA_BASE_PORT) on 127.0.0.1."""
        env = os.environ if environ is None else environ
        base = int(env.get("NIANGJIA_BASE_PORT") or DEFAULT_BASE_PORT)
        ports = Ports.from_base(base)
        return cls(
            orgs=env.get("NIANGJIA_ORGS_URL") or f"http://{HOST}:{ports.orgs}",
            activities=env.get("NIANGJIA_ACTIVITIES_URL") or f"http://{HOST}:{ports.activities}",
            projections=env.get("NIANGJIA_PROJECTIONS_URL") or f"http://{HOST}:{ports.projections}",
        )

    @classmethod
    def local(cls, ports: Ports) -> Urls:
        return cls(
            orgs=f"http://{HOST}:{ports.orgs}",
            activities=f"http://{HOST}:{ports.activities}",
            projections=f"http://{HOST}:{ports.projections}",
        )


def admin_token_path(folder: Path) -> Path:
    return folder / "admin.token"


def tokens_path(folder: Path, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    override = env.get("NIANGJIA_TOKENS_FILE")
    return Path(override) if override else folder / "tokens.json"


def broker_path(folder: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The NATS credentials (niangjia_relay.credentials): `broker/` beside the tokens file."""
    return tokens_path(folder, environ).parent / "broker"


def token(explicit: str | None, folder: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """--token, else NIANGJIA_TOKEN, else the admin token `niangjia up` wrote, else None."""
    env = os.environ if environ is None else environ
    if explicit:
        return explicit
    if env.get("NIANGJIA_TOKEN"):
        return env["NIANGJIA_TOKEN"]
    path = admin_token_path(folder)
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
