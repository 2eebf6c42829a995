"""The agency's PDF is PDF/A-2b: it says so in its metadata and has what PDF/A requires of a file
(an output intent, every font embedded, no encryption, an identifier). No PDF/A validator installs
from PyPI or Debian (veraPDF does not), so these are checked here with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import needs_libreoffice
from pypdf import PdfReader

from xlsync.agency import export as agency_export
from xlsync.demo import SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.errors import XlsyncError
from xlsync.partners.merge import merge
from xlsync.programme.toml_file import load
from xlsync.workbook.writer import write_district


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("distretto") / "distretto.xlsx"
    write_district(load(sample_path(SAMPLE_PROGRAMME)), path)
    merge(path, [sample_path(SAMPLE_RETURNS)])
    return path


@pytest.fixture(scope="module")
def pdf(district, tmp_path_factory) -> Path:
    return agency_export.export(district, tmp_path_factory.mktemp("agenzia") / "agenzia.xlsx", pdf=True).pdf


def fonts(reader: PdfReader) -> list[dict]:
    """Every font the pages use, with the descendants of composite fonts."""
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            found.append(font)
            found += [descendant.get_object() for descendant in font.get("/DescendantFonts", [])]
    return found


@needs_libreoffice
def test_the_pdf_declares_pdfa_2b(pdf):
    assert agency_export.pdfa_level(pdf) == ("2", "B")
    assert re.match(rb"%PDF-1\.[4-7]", pdf.read_bytes()[:8])  # PDF/A-2 is PDF 1.7 at most


@needs_libreoffice
def test_the_pdf_has_what_pdfa_requires(pdf):
    reader = PdfReader(pdf)
    assert "/Encrypt" not in reader.trailer and len(reader.trailer["/ID"]) == 2
    intents = [intent.get_object() for intent in reader.trailer["/Root"]["/OutputIntents"]]
    assert [intent["/S"] for intent in intents] == ["/GTS_PDFA1"]
    assert intents[0]["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"  # an ICC profile
    embedded = [font for font in fonts(reader) if "/FontDescriptor" in font]
    assert embedded, "the pages use fonts"
    for font in embedded:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Distretto Family Audit Alta Valsugana" in text and "65,4%" in text


@needs_libreoffice
def test_a_pdf_that_is_not_pdfa_is_refused(district, tmp_path, monkeypatch):
    monkeypatch.setattr(agency_export, "PDF_A", "pdf")  # what a LibreOffice without the option writes
    with pytest.raises(XlsyncError) as caught:
        agency_export.export(district, tmp_path / "agenzia.xlsx", pdf=True)
    assert str(caught.value) == (f"{tmp_path / 'agenzia.pdf'}: LibreOffice ha scritto un PDF che non si dichiara PDF/A-2b "
                                 f"(PDF/A trovato: nessuno): aggiornare LibreOffice alla versione 7.4 o più recente e "
                                 f"ripetere l'esportazione")
