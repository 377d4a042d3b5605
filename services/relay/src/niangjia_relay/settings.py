"""The relay's settings: `NIANGJIA_`-prefixed environment variables, validated at start."""

from __future__ import annotations

from pathlib import Path

from niangjia_kit.settings import NatsUrl, ServiceSettings
from pydantic import Field

TWO_HOURS = 2 * 3600.0


class RelaySettings(ServiceSettings):
    """Where to read (the event store), where to publish (NATS JetStream) and how."""

    port: int = Field(default=8704, ge=1, le=65535)
    nats_url: NatsUrl = Field(default="nats://127.0.0.1:4222", description="One or more NATS servers, comma-separated")
    nats_nkey_file: Path | None = Field(
        default=None,
        description="The relay's NATS NKEY seed file (niangjia broker init writes it); checked when the relay starts",
    )
    stream_name: str = Field(default="NIANGJIA_EVENTS", pattern=r"^[A-Za-z0-9_-]{1,64}$")
    ledger_stream_name: str = Field(
        default="NIANGJIA_LEDGER",
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="The stream of the ledger's signed checkpoints (same replicas, window and size limit)",
    )
    stream_replicas: int = Field(default=1, ge=1, le=5, description="3 on a NATS cluster")
    stream_max_bytes: int = Field(default=-1, ge=-1, description="-1: no limit (the store keeps everything anyway)")
    duplicate_window_seconds: float = Field(
        default=TWO_HOURS,
        ge=120.0,
        le=7 * 24 * 3600.0,
        description="JetStream drops a repeated event id within this window; longer than any outage",
    )
    max_in_flight: int = Field(default=1024, ge=1, le=65536, description="Publishes awaiting their ack at once")
    publish_timeout: float = Field(default=5.0, gt=0.0, le=120.0, description="Seconds to wait for one ack")
    page_size: int = Field(default=500, ge=1, le=10_000, description="Events read from the store at a time")
    ledger_file: Path | None = Field(
        default=None,
        description="The ledger file whose checkpoints the relay publishes (read-only); default <data_dir>/ledger.db",
    )
    reconnect_wait: float = Field(default=0.5, gt=0.0, le=60.0, description="Seconds between NATS reconnects")

    @property
    def ledger_path(self) -> Path:
        return self.ledger_file or self.data_dir / "ledger.db"
