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
    assert reader.metadata.title == "Distretto Family Audit Alta Valsugana — Programma di lavoro 2024"
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


def test_the_pdfa_level_is_read_from_the_metadata_as_text(tmp_path):
    """PDF/A keeps its metadata unfiltered: what it declares is read from the file's bytes."""
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
           b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>b</pdfaid:conformance></rdf:Description></rdf:RDF>"
           b"</x:xmpmeta>")
    declared = tmp_path / "dichiarato.pdf"
    declared.write_bytes(b"%%PDF-1.7\n1 0 obj\n<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n%s\nendstream\nendobj\n"
                         % (len(xmp), xmp))
    assert agency_export.pdfa_level(declared) == ("2", "B")
    attribute = tmp_path / "attributo.pdf"
    attribute.write_bytes(b'%PDF-1.7\n<rdf:Description pdfaid:part="3" pdfaid:conformance="A"/>')
    assert agency_export.pdfa_level(attribute) == ("3", "A")
    compressed = tmp_path / "compresso.pdf"  # not PDF/A: its metadata says nothing readable
    compressed.write_bytes(b"%PDF-1.7\n1 0 obj\n<</Type/Metadata/Filter/FlateDecode/Length 9>>\nstream\nx\x9c\x03\x00"
                           b"\x00\x00\x00\x01\nendstream\nendobj\n")
    assert agency_export.pdfa_level(compressed) == ()


@needs_libreoffice
def test_an_export_whose_workbook_cannot_be_written_leaves_no_pdf(district, tmp_path, monkeypatch):
    """LibreOffice prints while the agency's workbook is written: when the writing fails, it is stopped
    and nothing it wrote is left."""
    written = []

    def full_disk(content, path):
        written.append(path)
        if not content.print_only:
            raise OSError(28, "No space left on device")
        return real(content, path)

    started = []

    class Watched(agency_export.Conversion):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    real = agency_export.write_workbook
    monkeypatch.setattr(agency_export, "write_workbook", full_disk)
    monkeypatch.setattr(agency_export, "Conversion", Watched)
    with pytest.raises(OSError):
        agency_export.export(district, tmp_path / "agenzia.xlsx", pdf=True)
    assert len(written) == 2 and len(started) == 1
    assert started[0].wait().returncode != 0  # stopped, not left to finish
    assert sorted(path.name for path in tmp_path.iterdir()) == []
