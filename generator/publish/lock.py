"""One publish at a time per ledger: an advisory lock on `<ledger>.lock`, waited on for a bounded time."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.publish.errors import PublishError


class LockBusy(PublishError):
    """Another run holds the ledger; this one gave up waiting (exit 1: nothing is wrong, work is left)."""

    code = 1


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".lock")


@contextmanager
def hold(ledger: Path, wait: float, poll: float = 0.05) -> Iterator[None]:
    """Hold the ledger's lock for the block; the kernel drops it if the process dies."""
    path = lock_path(ledger)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PublishError(f"cannot create the lock file {path}: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(fd)
                    raise LockBusy(
                        f"another herald run{holder} holds {path}; gave up after waiting {wait:g} s"
                    ) from None
                time.sleep(poll)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            # Who holds the lock is only a hint for a waiting run (a full disk may refuse it); flock is the lock.
            pass
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
