"""The activities service's settings (NIANGJIA_ environment variables)."""

from __future__ import annotations

from pathlib import Path

from niangjia_kit.settings import ServiceSettings
from pydantic import Field


class ActivitiesSettings(ServiceSettings):
    port: int = Field(default=8702, ge=1, le=65535)
    registry_file: Path | None = Field(
        default=None, description="The organiser registry's SQLite file (default: <data_dir>/activities-registry.db)"
    )
    organiser_wait_seconds: float = Field(
        default=1.5,
        ge=0,
        le=10,
        description="How long a command waits for the organiser registry to catch up with the store",
    )

    @property
    def registry_path(self) -> Path:
        return self.registry_file or self.data_dir / "activities-registry.db"
