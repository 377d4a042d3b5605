"""The projections service's settings (NIANGJIA_ environment variables)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from niangjia_kit.settings import ServiceSettings
from pydantic import Field

ReportThreads = Annotated[int, Field(ge=1, le=64)]
"""How many reports of one lane are computed at once (see `entrypoints.deps.on_read_models`)."""


class ProjectionsSettings(ServiceSettings):
    port: int = Field(default=8703, ge=1, le=65535)
    read_models_dir: Path | None = Field(default=None, description="Default: <data_dir>/read-models")
    projection_batch_size: int = Field(default=1000, ge=1, le=100_000)
    consistency_wait_seconds: float = Field(
        default=5.0, ge=0, le=60, description="How long a query with ?min_position= waits for the read models"
    )
    ledger: bool = Field(default=True, description="Run the ledger: tail the store, sign checkpoints, serve proofs")
    ledger_key_file: Path | None = Field(
        default=None, description="The ledger's Ed25519 private key (PEM), e.g. a secret; default <data_dir>/ledger.key"
    )
    ledger_log_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._:/-]{1,200}$")
    ledger_interval: float = Field(
        default=1.0, gt=0, le=60, description="Seconds between checkpoints while events arrive"
    )
    integrity_interval: float = Field(
        default=3600.0,
        gt=0,
        le=7 * 86400,
        description="Seconds between integrity checks of the store (every event compared with its checksum)",
    )
    wide_report_threads: ReportThreads = Field(
        default=1,
        description="How many reports over more than one county are computed at once; the others wait their "
        "turn (their work holds the interpreter: two at once take longer than one after the other)",
    )
    county_report_threads: ReportThreads = Field(
        default=1, description="The same for the reports over a county or a town: they never wait for the wider ones"
    )
    quick_report_threads: ReportThreads = Field(
        default=2,
        description="How many reports read from the kept sums are computed at once (a few milliseconds each, "
        "mostly holding the interpreter: sixteen at once got half the answers of two); they wait for "
        "neither lane above",
    )
    shared_answers_bytes: int = Field(
        default=64 * 2**20,
        ge=0,
        le=2**34,
        description="How many bytes the reports' answers kept for the next reader who asks the same may hold "
        "together; they are kept while the read models stand still (0: keep none)",
    )
    integrity_share: float = Field(
        default=0.25,
        gt=0,
        le=1,
        description="The part of the time an integrity check may work; it rests between pages for the rest, "
        "so that reports stay quick while a large store is read back",
    )
    orgs_url: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="The orgs service, for the operator's page (its /health)"
    )
    activities_url: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="The activities service, for the operator's page"
    )
    relay_url: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="The relay, for the operator's page (its state)"
    )

    @property
    def read_models_path(self) -> Path:
        return self.read_models_dir or self.data_dir / "read-models"
