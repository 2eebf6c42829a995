"""Keeping the district file safe: one writer at a time, never while it is open, earlier versions kept.

The district file is the only copy of a year's work. A merge takes an operating-system lock
(released by the system even if the merge is killed, so a stale lock never blocks the next one),
refuses while Excel or LibreOffice has the file open (their lock files), and keeps the last three
versions beside the new one, each copied whole before it takes its name, and only once the new
version is whole (`keeping_backup`). The new version itself is written atomically by
`atomic.write_atomically`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock

from xlsync import messages
from xlsync.errors import WorkbookError, XlsyncError


class FileBusy(XlsyncError):
    """The district file is open in an office application or another merge is running."""


KEPT_VERSIONS = 3
WRITABLE_SUFFIXES = (".xlsx", ".ods")  # what the writer writes: a district under another name would be ruined


def backup_path(path: Path, version: int = 1) -> Path:
    """Where an earlier version of a district file is kept: 'distretto.backup.xlsx' the previous one,
    'distretto.2.backup.xlsx' the one before, and so on."""
    number = "" if version == 1 else f".{version}"
    return path.with_name(f"{path.stem}{number}.backup{path.suffix}")


def backups(path: Path) -> list[Path]:
    return [backup_path(path, version) for version in range(1, KEPT_VERSIONS + 1)]


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
    """Hold the district file for one merge: refuse if it is open or another merge holds it (or it does
    not exist: no lock file is left beside a name mistyped)."""
    if not path.exists():
        raise messages.error("missing_file", str(path), cls=WorkbookError)
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
        for stale in _stale_temporaries(path):  # left by a merge that was killed
            stale.unlink(missing_ok=True)
        yield
    finally:
        lock.release()


def _stale_temporaries(path: Path) -> list[Path]:
    """The temporary files of this district's writes (".distretto-k3j2h1ab.xlsx", see
    `atomic.write_atomically`), not those of another file whose name starts the same way
    (".distretto-2025-k3j2h1ab.xlsx" is being written for "distretto-2025.xlsx")."""
    own = re.compile(re.escape(f".{path.stem}-") + r"[a-z0-9_]{8}" + re.escape(path.suffix) + r"|"
                     + re.escape(f".{path.name}.") + r"backup-[a-z0-9_]{8}")
    return [found for found in path.parent.iterdir() if own.fullmatch(found.name)]


def check_replaceable(path: Path) -> None:
    """Refuse, before anything else, a district file that xlsync may not replace."""
    if path.suffix.lower() not in WRITABLE_SUFFIXES:
        raise XlsyncError.of(messages.problem("district_not_xlsx", path.name, suffix=path.suffix or "senza estensione"))
    if not path.stat().st_mode & stat.S_IWUSR:  # marked read-only (even for an administrator)
        raise XlsyncError.of(messages.problem("read_only_file", path.name))


@contextlib.contextmanager
def keeping_backup(path: Path) -> Iterator[Callable[[], Path]]:
    """Before the district file is replaced: check that it can be, and copy it whole under a temporary
    name. The block is given the step that makes the copy the latest of the earlier versions, to take
    once the new file is whole, just before it takes the district's name: a block that fails before
    (a full disk, Ctrl+C) leaves the district and its earlier versions as they were."""
    check_replaceable(path)
    temporary = None
    try:  # from the moment the copy exists, whatever stops the block (Ctrl+C included) removes it
        try:
            fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.backup-", dir=path.parent)
        except PermissionError as exc:
            raise XlsyncError.of(messages.problem("read_only_folder", str(path.parent))) from exc
        os.close(fd)
        try:
            shutil.copy2(path, temporary)
            with open(temporary, "rb") as copy:
                os.fsync(copy.fileno())
        except OSError as exc:
            raise XlsyncError.of(messages.problem("backup_failed", path.name, detail=exc.strerror or str(exc))) from exc
        yield lambda: _keep(path, Path(temporary))
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _keep(path: Path, copy: Path) -> Path:
    versions = backups(path)
    for older, newer in zip(versions[:0:-1], versions[-2::-1], strict=True):  # 2 → 3, then 1 → 2
        if newer.exists():
            os.replace(newer, older)
    os.replace(copy, versions[0])
    return versions[0]
