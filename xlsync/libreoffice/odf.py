"""ODF spreadsheets (.ods), the format of the Province's and many municipalities' LibreOffice.

xlsync writes every workbook as an xlsx package (XlsxWriter); an .ods target is that package
converted by headless LibreOffice in a private profile that recalculates every formula on load, so
the .ods holds the same live formulas, validation, protection and named cells, with the values
LibreOffice computed. The file is put in place in one step, as every workbook xlsync writes.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import XlsyncError
from xlsync.files.atomic import write_atomically
from xlsync.libreoffice.soffice import LibreOfficeMissing, convert, convert_all, install_hint, soffice

SUFFIX = ".ods"


def is_ods(path: str | Path) -> bool:
    return Path(path).suffix.lower() == SUFFIX


def require_libreoffice(path: str | Path) -> None:
    """Refuse an .ods target, before anything is written, where LibreOffice is not installed."""
    if soffice() is None:
        raise LibreOfficeMissing.of(messages.problem("ods_needs_libreoffice", str(path), hint=install_hint()))


def write_ods(path: str | Path, write_xlsx: Callable[[str], None], ready: Callable[[], Any] | None = None) -> None:
    """Write `path` (.ods): the xlsx package `write_xlsx` writes at the name it is given, converted
    (`ready`: as for `write_atomically`)."""
    with written_as_ods([Path(path)], ready) as (package,):
        write_xlsx(str(package))


@contextlib.contextmanager
def written_as_ods(targets: Sequence[Path], ready: Callable[[], Any] | None = None) -> Iterator[list[Path]]:
    """The xlsx packages to write for .ods targets; once written, all are converted in one LibreOffice
    run and each is put in place of its target in one step (none if the conversion fails); `ready` is
    called just before a target takes its name."""
    require_libreoffice(targets[0])
    with tempfile.TemporaryDirectory(prefix="xlsync-ods-") as folder:
        packages = [Path(folder) / f"{index}.xlsx" for index in range(len(targets))]
        yield packages
        try:
            converted = convert_all(packages, "ods", Path(folder) / "ods")
        except XlsyncError as exc:
            raise XlsyncError.of(messages.problem("ods_not_written", str(targets[0]), detail=str(exc))) from exc
        for source, target in zip(converted, targets, strict=True):
            write_atomically(target, lambda temporary, source=source: shutil.copyfile(source, temporary), ready)


@contextlib.contextmanager
def as_package(path: Path) -> Iterator[Path]:
    """The .ods file at `path` as LibreOffice converts it to an xlsx package, while the block runs: what a
    person made in an .ods district is found and carried from there (`workbook.keep`)."""
    require_libreoffice(path)
    with tempfile.TemporaryDirectory(prefix="xlsync-ods-") as folder:
        try:
            package = convert(path, "xlsx", folder)
        except XlsyncError as exc:
            raise XlsyncError.of(messages.problem("ods_not_read", str(path), detail=str(exc))) from exc
        yield package
