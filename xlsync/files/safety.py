"""Limits on untrusted files, checked before any parser sees them.

Partner files come by e-mail from anyone. Before python-calamine opens one, this module looks at
its bytes: a zip (xlsx, xlsm, ods) must declare parts of bounded size, and python-calamine refuses
to inflate a part beyond what it declares (a zip bomb with a lying header is stopped there, see
tests/test_hostile.py), so reading takes bounded time and memory; an encrypted workbook, a CSV, an
empty file are recognised and named. XML is never parsed here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from xlsync import messages
from xlsync.errors import Problem


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    member_bytes: int  # one part of a zip, inflated
    total_bytes: int  # all parts, inflated
    members: int = 5000
    text: bool = False  # a plain-text file is expected (a published programme), not a CSV by mistake


MiB = 1024 * 1024
# A partner's return is a few hundred kilobytes; 64 MiB of sheet is about a million short rows.
RETURN = Limits(file_bytes=100 * MiB, member_bytes=64 * MiB, total_bytes=256 * MiB)
# The district file is xlsync's own and grows with the province: 200,000 rows are ~150 MiB of sheet.
DISTRICT = Limits(file_bytes=1024 * MiB, member_bytes=2048 * MiB, total_bytes=4096 * MiB)
# A published programme (text, PDF, DOCX) is tens of pages.
DOCUMENT = Limits(file_bytes=50 * MiB, member_bytes=64 * MiB, total_bytes=256 * MiB, text=True)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .xls and of encrypted workbooks
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def problem_with(path: Path, limits: Limits = RETURN) -> Problem | None:
    """Why the file must not be opened, or None when it may be."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        return messages.problem("empty_file", name)
    if size > limits.file_bytes:
        return messages.problem("too_big", name, size=_mib(size), limit=_mib(limits.file_bytes))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(_OLE):
            handle.seek(0)
            if _ENCRYPTED in handle.read(min(size, 4 * 1024 * 1024)):
                return messages.problem("password", name)
            return None  # an old .xls: calamine reads it, and it is not compressed
    if head.startswith(_ZIP):
        return _zip_problem(path, limits)
    if not limits.text and path.suffix.lower() == ".toml":
        return messages.problem("programme_file_not_workbook", name, name=name)
    if not limits.text and (path.suffix.lower() in (".csv", ".txt") or _looks_like_text(path)):
        return messages.problem("csv", name)
    return None  # calamine says what it is not


def _zip_problem(path: Path, limits: Limits) -> Problem | None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return messages.problem("unreadable", name, detail=(f"zip danneggiato: {exc}", f"damaged zip: {exc}"))
    if len(members) > limits.members:
        return messages.problem("zip_bomb", name, detail=(f"{len(members)} parti", f"{len(members)} parts"))
    for member in members:
        if member.file_size > limits.member_bytes:
            return messages.problem("zip_bomb", name, detail=f"{member.filename}: {_mib(member.file_size)}")
    total = sum(member.file_size for member in members)
    if total > limits.total_bytes:
        return messages.problem("zip_bomb", name, detail=(f"{_mib(total)} in tutto", f"{_mib(total)} in all"))
    return None


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"
