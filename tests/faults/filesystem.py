"""A real small filesystem for fault tests: a tmpfs mounted by the test (root only), filled to the
last byte on demand, and a read-only bind mount of one file. Everything is unmounted on leaving."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

MOUNT = shutil.which("mount")
UMOUNT = shutil.which("umount")


def why_not_mountable() -> str | None:
    """None when this process can mount a tmpfs; else why not (the reason a test skips with)."""
    if os.geteuid() != 0:
        return "making a small filesystem needs root (mount -t tmpfs)"
    if MOUNT is None or UMOUNT is None:
        return "mount/umount are not installed"
    return None


def _run(*argv: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {done.stderr.strip()}")


@contextlib.contextmanager
def small_filesystem(where: Path, size_mib: int) -> Iterator[Path]:
    """A tmpfs of `size_mib` MiB mounted at `where`; unmounted (lazily if still busy) on leaving."""
    reason = why_not_mountable()
    if reason is not None:
        pytest.skip(reason)
    where.mkdir(parents=True, exist_ok=True)
    try:
        _run("mount", "-t", "tmpfs", "-o", f"size={size_mib}m,mode=0755", "tmpfs", str(where))
    except RuntimeError as error:
        pytest.skip(f"cannot mount a tmpfs here: {error}")
    try:
        yield where
    finally:
        unmount(where)


def unmount(where: Path) -> None:
    done = subprocess.run(["umount", str(where)], capture_output=True, timeout=30)
    if done.returncode != 0:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


class Filler:
    """Takes every free byte of a filesystem with one file, and gives it back."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "filler.bin"

    def fill(self) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 16, 1 << 10, 1):  # big steps, then the last bytes one at a time
                chunk = b"\0" * size
                try:
                    while True:
                        os.write(fd, chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
        finally:
            os.close(fd)
        assert os.statvfs(self.path.parent).f_bavail == 0

    def free(self) -> None:
        self.path.unlink(missing_ok=True)


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """`path` read-only for everyone, root included (a read-only bind mount over it)."""
    reason = why_not_mountable()
    if reason is not None:
        pytest.skip(reason)
    try:
        _run("mount", "--bind", str(path), str(path))
    except RuntimeError as error:
        pytest.skip(f"cannot bind-mount a file here: {error}")
    try:
        _run("mount", "-o", "remount,ro,bind", str(path))
        yield
    finally:
        unmount(path)
