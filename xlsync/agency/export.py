"""The agency's delivery: one consolidated workbook per district, and its self-evaluation as PDF/A.

Italian public administrations keep documents as PDF/A (AgID's guidelines on document keeping):
the PDF is PDF/A-2b, and is checked to say so before it is reported written.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from xlsync import messages
from xlsync.errors import XlsyncError
from xlsync.libreoffice.soffice import LibreOfficeMissing, convert, install_hint, soffice
from xlsync.scoring.engine import ProgrammeResult
from xlsync.workbook.reader import read_district
from xlsync.workbook.writer import WorkbookContent, write_workbook

# LibreOffice's PDF export of a spreadsheet, as PDF/A-2b (SelectPdfVersion 2).
PDF_A = 'pdf:calc_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


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
            printed = convert(printable, PDF_A, output.parent)
        archival = pdfa_level(printed)
        if archival != ("2", "B"):
            raise XlsyncError.of(messages.problem("not_pdfa", str(printed), found="-".join(archival) or "nessuno"))
    return ExportReport(output, printed, result)


def pdfa_level(path: str | Path) -> tuple[str, ...]:
    """The PDF/A part and conformance a PDF declares in its XMP metadata (("2", "B")), or ()."""
    from pypdf import PdfReader  # only when a PDF is written: every command would pay for the import

    metadata = PdfReader(path).trailer["/Root"].get("/Metadata")
    if metadata is None:
        return ()
    text = metadata.get_object().get_data().decode("utf-8", errors="replace")
    found = [re.search(rf"pdfaid:{name}(?:>|=\")\s*([^<\"\s]+)", text) for name in ("part", "conformance")]
    return tuple(match.group(1).upper() for match in found if match)
