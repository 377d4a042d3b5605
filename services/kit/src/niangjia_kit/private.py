"""The data folder is its owner's alone: files 0600, folders 0700.

Every entrypoint that writes into the data folder (`niangjia up` and its supervisor, each service,
the projections' rebuild, the CLI) calls `keep_private(folder)` first: the process's umask becomes
0o077, so whatever it or its children create (the event store and its -wal/-shm, read models,
ledger files, logs, keys, broker credentials, the NATS store) is created private; and what an
earlier version left readable to the group or others is tightened in place.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
OPEN_BITS = stat.S_IRWXG | stat.S_IRWXO

log = logging.getLogger(__name__)


def keep_private(folder: Path) -> int:
    """Set the umask to 0o077 and remove the group and other bits of `folder` and everything in it
    (symbolic links are not followed; files of another owner are left alone). Returns how many
    paths were tightened."""
    os.umask(PRIVATE_UMASK)
    if not folder.exists():
        return 0
    tightened = 0
    uid = os.getuid()
    for path in [folder, *_walk(folder)]:
        try:
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode) or info.st_uid != uid or not info.st_mode & OPEN_BITS:
                continue
            path.chmod(stat.S_IMODE(info.st_mode) & ~OPEN_BITS)
            tightened += 1
        except OSError as error:  # vanished meanwhile, or not ours to change
            log.warning("could not make %s private: %s", path, error)
    return tightened


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root)
        found.extend(base / name for name in dirs)
        found.extend(base / name for name in files)
    return found


def open_paths(folder: Path) -> list[str]:
    """The paths under `folder` (itself included) that its group or others may use: what
    `keep_private` removes, for checks and tests."""
    out = []
    for path in [folder, *_walk(folder)]:
        info = path.lstat()
        if not stat.S_ISLNK(info.st_mode) and info.st_mode & OPEN_BITS:
            out.append(f"{oct(stat.S_IMODE(info.st_mode))} {path}")
    return out
