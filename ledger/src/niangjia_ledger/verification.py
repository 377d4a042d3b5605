"""The result of the last verification of a log, kept beside its ledger file for the auditor's view.

`niangjia verify` writes it after every run (passed or failed) into the data folder it verified, as
`ledger-verification.json`; the projections service serves it with the latest checkpoint
(`GET /ledger/status`) and the dashboard shows both. Written whole to a temporary file and renamed, so
a reader never sees half of one.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from niangjia_ledger.audit import Report

VERIFICATION_FILE = "ledger-verification.json"


def verification_record(report: Report, at: datetime, *, witnesses: int = 0) -> dict[str, Any]:
    finding = report.finding
    return {
        "verified_at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "ok": report.ok,
        "events": report.events,
        "ledger_size": report.ledger_size,
        "checkpoints": report.checkpoints,
        "witness_checkpoints": witnesses,
        "uncovered": report.uncovered,
        "finding": None
        if finding is None
        else {"kind": finding.kind.value, "position": finding.position, "detail": finding.detail},
    }


def record_verification(folder: Path, record: dict[str, Any]) -> Path:
    """Write `record` as the folder's last verification; OSError when the folder is not writable."""
    path = folder / VERIFICATION_FILE
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def last_verification(folder: Path) -> dict[str, Any] | None:
    """The folder's last verification record; None when there is none (or it cannot be read as one)."""
    try:
        value = json.loads((folder / VERIFICATION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
