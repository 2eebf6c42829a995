"""Limits on untrusted files, checked before any parser sees them.

Partner files come by e-mail from anyone. Before python-calamine opens one, this module looks at
its bytes: a zip (xlsx, xlsm, ods) has every member inflated here, within a budget, to learn its
true size (a header can lie about it), so a zip bomb is refused in bounded time and memory; an
encrypted workbook, a CSV, an empty file are recognised and named. XML is never parsed here.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from . import messages
from .errors import Problem

MAX_FILE_BYTES = 100 * 1024 * 1024  # a return is a few hundred kilobytes
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part of a zip, inflated: ~1 million short rows, ~400 MB to read
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts, inflated
MAX_MEMBERS = 5000

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .xls and of encrypted workbooks
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1024 * 1024


def problem_with(path: Path) -> Problem | None:
    """Why the file must not be opened, or None when it may be."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        return messages.problem("empty_file", name)
    if size > MAX_FILE_BYTES:
        return messages.problem("too_big", name, size=_mib(size), limit=_mib(MAX_FILE_BYTES))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(_OLE):
            handle.seek(0)
            if _ENCRYPTED in handle.read(min(size, 4 * 1024 * 1024)):
                return messages.problem("password", name)
            return None  # an old .xls: calamine reads it, and it is not compressed
    if head.startswith(_ZIP):
        return _zip_problem(path)
    if path.suffix.lower() in (".csv", ".txt") or _looks_like_text(path):
        return messages.problem("csv", name)
    return None  # calamine says what it is not


def _zip_problem(path: Path) -> Problem | None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                return messages.problem("zip_bomb", name, detail=(f"{len(members)} parti", f"{len(members)} parts"))
            total = 0
            with path.open("rb") as raw:
                for member in members:
                    if member.file_size > MAX_MEMBER_BYTES:
                        return messages.problem("zip_bomb", name, detail=f"{member.filename}: {_mib(member.file_size)}")
                    inflated = _inflated_size(raw, member)
                    if inflated is None or inflated != member.file_size:
                        return messages.problem("zip_bomb", name, detail=(f"{member.filename}: dimensione dichiarata falsa",
                                                                          f"{member.filename}: false declared size"))
                    total += inflated
                    if total > MAX_TOTAL_BYTES:
                        return messages.problem("zip_bomb", name, detail=(f"più di {_mib(MAX_TOTAL_BYTES)} in tutto",
                                                                          f"over {_mib(MAX_TOTAL_BYTES)} in all"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error, zlib.error) as exc:
        return messages.problem("unreadable", name, detail=(f"zip danneggiato: {exc}", f"damaged zip: {exc}"))
    return None


def _inflated_size(raw, member: zipfile.ZipInfo) -> int | None:
    """The true size of a member's data, inflating at most one byte past what it declares."""
    raw.seek(member.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != _ZIP:
        return None
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(member.header_offset + 30 + name_length + extra_length)
    budget = member.file_size + 1
    left = member.compress_size
    if member.compress_type == zipfile.ZIP_STORED:
        return member.compress_size
    if member.compress_type != zipfile.ZIP_DEFLATED:
        return None  # office files use deflate; anything else is refused
    inflater = zlib.decompressobj(-15)
    produced = 0
    while left > 0 and produced < budget:
        chunk = raw.read(min(_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        data = inflater.decompress(chunk, budget - produced)
        produced += len(data)
        while inflater.unconsumed_tail and produced < budget:
            data = inflater.decompress(inflater.unconsumed_tail, budget - produced)
            if not data:
                break
            produced += len(data)
    return produced


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
