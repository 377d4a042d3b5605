"""Service settings from `NIANGJIA_`-prefixed environment variables, validated at start."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

STORE_SCHEMES = ("sqlite://", "esdb://", "esdb+discover://", "memory://")


class ServiceSettings(BaseSettings):
    """What every service needs. Subclasses set their own default port."""

    model_config = SettingsConfigDict(env_prefix="NIANGJIA_", extra="ignore", validate_default=True)

    data_dir: Path = Field(default=Path("data"), description="Where the store, tokens and read models live")
    store_url: str = Field(
        default="",
        description="sqlite:///path/events.db (default: <data_dir>/events.db), esdb://host:2113?Tls=false",
    )
    tokens_file: Path | None = Field(default=None, description="Default: <data_dir>/tokens.json")
    host: str = "127.0.0.1"
    port: int = Field(default=8700, ge=1, le=65535)
    log_level: str = "INFO"
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=16 * 1024 * 1024)

    @field_validator("store_url")
    @classmethod
    def _known_store(cls, value: str) -> str:
        if value and not value.startswith(STORE_SCHEMES):
            raise ValueError(f"unknown store kind in {value!r}: use one of {', '.join(STORE_SCHEMES)}")
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
        lines.append(f"{name}: {item['msg']}")
    return "invalid configuration:\n  " + "\n  ".join(lines)
