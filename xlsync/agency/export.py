"""The agency's delivery: one consolidated workbook per district, and its self-evaluation as PDF."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from xlsync import messages
from xlsync.libreoffice.soffice import LibreOfficeMissing, convert, install_hint, soffice
from xlsync.scoring.engine import ProgrammeResult
from xlsync.workbook.reader import read_district
from xlsync.workbook.writer import WorkbookContent, write_workbook


@dataclass(frozen=True)
class ExportReport:
    workbook: Path
    pdf: Path | None
    result: ProgrammeResult


def export(district: str | Path, output: str | Path, pdf: bool = False, now: dt.datetime | None = None) -> ExportReport:
    """Write the agency's workbook for a district (and the PDF of its self-evaluation, through LibreOffice)."""
    current = read_district(district)
    output = Path(output)
    content = WorkbookContent(
        current.programme, current.evidence, dict(current.assessments), submissions=current.submissions,
        rejects=current.rejects, history=current.history(current.programme), agency=True,
        produced=(now or dt.datetime.now()).replace(microsecond=0))
    result = write_workbook(content, output)
    printed = None
    if pdf and soffice() is None:
        raise messages.error("pdf_without_libreoffice", str(output), cls=LibreOfficeMissing, hint=install_hint())
    if pdf:
        with tempfile.TemporaryDirectory(prefix="xlsync-pdf-") as folder:
            printable = Path(folder) / f"{output.stem}.xlsx"
            write_workbook(replace(content, print_only=True), printable)
            printed = convert(printable, "pdf", output.parent)
    return ExportReport(output, printed, result)
