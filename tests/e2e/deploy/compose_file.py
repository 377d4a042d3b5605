"""Read the compose files as compose does: YAML with merge keys, `${VAR:-default}` from an env file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
SINGLE = DEPLOY / "docker-compose.yml"
CLUSTER = DEPLOY / "docker-compose.cluster.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"

NIANGJIA_SERVICES = {
    # compose command -> the settings class that command validates its environment with
    "niangjia-orgs": ("niangjia_orgs.bootstrap", "OrgsSettings"),
    "niangjia-activities": ("niangjia_activities.settings", "ActivitiesSettings"),
    "niangjia-projections": ("niangjia_projections.settings", "ProjectionsSettings"),
    "niangjia-relay": ("niangjia_relay.settings", "RelaySettings"),
}

_VARIABLE = re.compile(
    r"\$(?:\$|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """KEY=value lines, as compose reads an env file (comments and blank lines skipped)."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def variables(path: Path) -> set[str]:
    """Every `${NAME...}` the file interpolates."""
    return {
        m.group("name") or m.group("bare")
        for m in _VARIABLE.finditer(path.read_text(encoding="utf-8"))
        if m.group(0) != "$$"
    }


def interpolate(value: str, env: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg") or ""
        current = env.get(name)
        if op in (":-", "-"):
            return current if current or (op == "-" and current is not None) else arg
        if op in (":?", "?") and not current:
            raise ValueError(f"{name} is required: {arg}")
        return current or ""

    return _VARIABLE.sub(replace, value)


@dataclass(frozen=True)
class Mount:
    source: str
    target: str
    read_only: bool
    named_volume: bool


@dataclass(frozen=True)
class Service:
    name: str
    command: list[str]
    environment: dict[str, str]
    mounts: list[Mount]
    raw: dict[str, Any]

    @property
    def health_test(self) -> list[str]:
        test = self.raw["healthcheck"]["test"]
        assert isinstance(test, list)
        return [str(part) for part in test]


def services(path: Path, env: Mapping[str, str] | None = None) -> dict[str, Service]:
    """The services with their environment and mounts interpolated from `env` (default: .env.example)."""
    env = env_file() if env is None else env
    data = load(path)
    named = set(data.get("volumes") or {})
    result: dict[str, Service] = {}
    for name, raw in data["services"].items():
        environment = raw.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.partition("=")[::2] for item in environment)
        mounts = []
        for volume in raw.get("volumes") or []:
            parts = interpolate(str(volume), env).split(":")
            source, target = parts[0], parts[1]
            mounts.append(Mount(source, target, len(parts) > 2 and "ro" in parts[2].split(","), source in named))
        command = raw.get("command") or []
        result[name] = Service(
            name=name,
            command=[str(part) for part in (command if isinstance(command, list) else command.split())],
            environment={key: interpolate(str(value), env) for key, value in environment.items()},
            mounts=mounts,
            raw=raw,
        )
    return result


def niangjia_services(path: Path, env: Mapping[str, str] | None = None) -> dict[str, Service]:
    """Only the services that run a niangjia command (not EventStoreDB, NATS, the gateway, tools)."""
    return {
        name: service
        for name, service in services(path, env).items()
        if service.command and service.command[0] in NIANGJIA_SERVICES and "profiles" not in service.raw
    }
