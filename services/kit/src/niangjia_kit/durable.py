"""Making a write durable: fsync a file, or the directory that holds a rename."""

from __future__ import annotations

import os
from pathlib import Path


def fsync(path: Path | str) -> None:
    """Flush `path` (a file, or a directory after a rename or link inside it) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
