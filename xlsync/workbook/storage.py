"""Keeping the district file safe: one writer at a time, never while it is open, a backup kept.

The district file is the only copy of a year's work. A merge takes an operating-system lock
(released by the system even if the merge is killed, so a stale lock never blocks the next one),
refuses while Excel or LibreOffice has the file open (their lock files), and keeps the previous
version beside the new one. The new version itself is written atomically by `writer.write_workbook`.
"""

from __future__ import annotations

import contextlib
import glob
import shutil
from collections.abc import Iterator
from pathlib import Path

import filelock

from xlsync import messages
from xlsync.errors import XlsyncError


class FileBusy(XlsyncError):
    """The district file is open in an office application or another merge is running."""


def backup_path(path: Path) -> Path:
    """Where the previous version of a district file is kept: 'distretto.backup.xlsx'."""
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def office_lock(path: Path) -> tuple[str, Path] | None:
    """The application that has the file open and its lock file, if any."""
    candidates = [
        ("LibreOffice", path.with_name(f".~lock.{path.name}#")),
        ("Excel", path.with_name(f"~${path.name}")),
        ("Excel", path.with_name(f"~${path.name[2:]}")),  # Excel drops two characters of long names
    ]
    for application, lock in candidates:
        if lock.exists():
            return application, lock
    return None


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the district file for one merge: refuse if it is open or another merge holds it."""
    found = office_lock(path)
    if found:
        application, lock = found
        raise FileBusy.of(messages.problem("locked_by_office", path.name, application=application, lock=lock.name))
    lock = filelock.FileLock(path.with_name(f".{path.name}.xlsync-lock"), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise FileBusy.of(messages.problem("merge_running", path.name)) from exc
    try:
        pattern = glob.escape(f".{path.stem}-") + "*" + glob.escape(path.suffix)
        for stale in path.parent.glob(pattern):  # left by a merge that was killed
            stale.unlink(missing_ok=True)
        yield
    finally:
        lock.release()


def keep_backup(path: Path) -> Path:
    """Copy the current file to its backup before it is replaced."""
    backup = backup_path(path)
    shutil.copy2(path, backup)
    return backup
