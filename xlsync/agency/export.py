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
from xlsync.libreoffice.soffice import Conversion, LibreOfficeMissing, install_hint, soffice
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
    if pdf and soffice() is not None:
        # LibreOffice prints the self-evaluation while the agency's workbook is written.
        with tempfile.TemporaryDirectory(prefix="xlsync-pdf-") as folder:
            printable = Path(folder) / f"{output.stem}.xlsx"
            write_workbook(replace(content, print_only=True), printable)
            conversion = Conversion([printable], PDF_A, output.parent, timeout=180)
            try:
                result = write_workbook(content, output)
            except BaseException:
                conversion.cancel()
                raise
            printed = conversion.result()[0]
        archival = pdfa_level(printed)
        if archival != ("2", "B"):
            raise XlsyncError.of(messages.problem("not_pdfa", str(printed),
                                                  found="-".join(archival) or messages.both("none_found")))
        return ExportReport(output, printed, result)
    result = write_workbook(content, output)
    if pdf:
        raise messages.error("pdf_without_libreoffice", str(output), cls=LibreOfficeMissing, hint=install_hint())
    return ExportReport(output, None, result)


def pdfa_level(path: str | Path) -> tuple[str, ...]:
    """The PDF/A part and conformance a PDF declares in its XMP metadata (("2", "B")), or ().

    PDF/A keeps its metadata stream unfiltered, as text (ISO 19005-2, 6.6.2.1), so it is read from
    the file's bytes: a PDF whose metadata is compressed declares nothing that counts."""
    data = Path(path).read_bytes()
    found = [re.search(rb"pdfaid:%s(?:>|=\")\s*([^<\"\s]+)" % name, data) for name in (b"part", b"conformance")]
    return tuple(match.group(1).decode("ascii", "replace").upper() for match in found if match)
