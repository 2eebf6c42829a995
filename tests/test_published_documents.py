"""The published programme as the agency lays it out: A4 PDFs and DOCX with the actions and
projects in tables (ruled or not, cells on several lines, tables running over page breaks with
their header row repeated, running heads and page numbers, a landscape annex). Every rendering of
the bundled sample imports to exactly the bundled programme, and what to check names its place."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import published_corpus as corpus
import pytest
from click.testing import CliRunner
from helpers import needs_libreoffice
from test_published import SAMPLE, SEED

from xlsync.cli import cli
from xlsync.errors import ProgrammeError
from xlsync.libreoffice.soffice import convert
from xlsync.programme.model import Indicator, RuleKind
from xlsync.programme.published import Document, import_text, programme_file_text, read_document
from xlsync.programme.toml_file import load

SEED_CHECKS = ["progettualità n.3", "progettualità n.7", "progettualità n.8", "progettualità n.9",
               "progettualità n.10", "area 6", "area 7", "area 8"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[Path, int, Document]]:
    """The sample as a ruled PDF with a landscape annex, and as a borderless one, each with the
    number of its tables that run over a page break, and as read (made once: a PDF of the sample
    takes seconds to write and to read)."""
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for layout in ("landscape", "borderless"):
        path = folder / f"programma-{layout}.pdf"
        split = corpus.pdf(path, SEED, layout)
        made[layout] = (path, split, read_document(path))
    return made


@pytest.mark.parametrize("layout", ["landscape", "borderless"])
def test_every_pdf_layout_of_the_sample_gives_the_bundled_programme(pdfs, layout):
    path, split_tables, document = pdfs[layout]
    assert split_tables >= 2  # tables do run over page breaks
    assert "Pag. " not in document.text and "Trentino Famiglia - Programma di lavoro" not in document.text
    imported = import_text(document, path.name)
    assert imported.programme == SAMPLE
    places = [check.where for check in imported.checks]
    assert [place.split(" (")[0] for place in places] == SEED_CHECKS
    # the projects' rows "AZIONE V.A.M.T. Percentuale/i" (or "Indicatore/i" when there is none), the areas' headings
    assert all(place.startswith(f"{name} (pag. ") for place, name in zip(places, SEED_CHECKS, strict=True))
    assert all((", tabella riga " in place) == (index < 5) for index, place in enumerate(places))


def test_a_pdf_page_s_characters_read_directly_are_pdfplumber_s(pdfs, monkeypatch):
    """The characters converted directly (`pdfchars.lean`), as pdfplumber converts them, and the same
    document read: pdfplumber's own conversion runs once a page, for the first character; each
    table's cells (`pdfchars.table_texts`) as pdfplumber extracts them."""
    import pdfplumber
    from pdfminer.layout import LTChar

    from xlsync.programme.published import documents
    from xlsync.programme.published.pdfchars import lean, table_texts

    for path, _, document in pdfs.values():
        with pdfplumber.open(path) as direct, pdfplumber.open(path) as plain:
            for page, same in zip(direct.pages, plain.pages, strict=True):
                converted = []
                original = page.process_object
                page.process_object = lambda obj, original=original, converted=converted: (
                    converted.append(isinstance(obj, LTChar)) or original(obj))
                lean(page)
                assert page.chars == same.chars
                assert converted.count(True) == 1 < len(page.chars)
                assert [table_texts(table) for table in page.find_tables()] == [
                    table.extract() for table in same.find_tables()]
        monkeypatch.setattr(documents, "lean", lambda page: None)
        assert read_document(path) == document
        monkeypatch.undo()


@pytest.mark.parametrize("layout", corpus.LAYOUTS)
def test_every_docx_layout_of_the_sample_gives_the_bundled_programme(tmp_path, layout):
    path = tmp_path / "programma.docx"
    corpus.docx(path, SEED, layout, seed=7)
    imported = import_text(read_document(path), path.name)
    assert imported.programme == SAMPLE
    assert [check.where for check in imported.checks][:2] == ["progettualità n.3 (tabella 13, riga 7)",
                                                              "progettualità n.7 (tabella 18, riga 10)"]


@needs_libreoffice
def test_a_docx_laid_out_by_libreoffice_writer_gives_the_bundled_programme(tmp_path):
    """Another producer's PDF: LibreOffice Writer's own line breaks, fonts and rows broken across
    pages (a label cell going on at the top of the next page)."""
    source = corpus.docx(tmp_path / "programma.docx", SEED, "bordered", seed=5)
    path = convert(source, "pdf", tmp_path)
    imported = import_text(read_document(path), path.name)
    assert imported.programme == SAMPLE
    assert [check.where.split(" (")[0] for check in imported.checks] == SEED_CHECKS


def test_a_docx_cell_on_several_lines_stays_one_cell(tmp_path):
    path = tmp_path / "programma.docx"
    corpus.docx(path, SEED, "bordered", seed=3)
    import docx

    cells = [cell for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells]
    assert sum(len(cell.paragraphs) > 1 for cell in cells) > 20  # the rendering does break cells
    assert "20% per ogni organizzazione aderente che ha co-progettato durante l'anno con la presenza del Manager " \
           "territoriale. Evidenze: elenco, progetto e organizzazioni coinvolte." in read_document(path).text


def test_import_of_a_pdf_in_one_command(pdfs, tmp_path):
    path, _, _ = pdfs["borderless"]
    output = tmp_path / "programma.toml"
    result = CliRunner().invoke(cli, ["import", str(path), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2].startswith("  - progettualità n.3 (pag. ")
    assert load(output) == SAMPLE


# -- import never writes a file that new refuses ----------------------------------------------------

def refused_by_new():
    """The sample's reading with one indicator counted per unit and no unit: `new` refuses it."""
    imported = import_text(SEED, "programma.txt")
    broken = Indicator("2.2.a", "Incontri", "20% per ogni incontro", RuleKind.PER_UNIT, ())
    actions = tuple(dataclasses.replace(action, indicators=(broken,)) if action.code == "2.2" else action
                    for action in imported.programme.actions)
    return dataclasses.replace(imported, programme=dataclasses.replace(imported.programme, actions=actions))


def test_the_file_import_would_write_passes_the_checks_of_new():
    with pytest.raises(ProgrammeError) as refused:
        programme_file_text(refused_by_new(), "programma.txt")
    assert str(refused.value).splitlines() == [
        "programma.txt: il programma letto dal documento non passa i controlli di «xlsync nuovo»: nessun file scritto: "
        "correggere nel documento i punti indicati sotto, o scrivere quelle voci a mano nel file di programma",
        "  - programma.txt › azione 2.2 › indicatore 2.2.a: voce 2.2.a: percentuale mancante o non positiva: indicare "
        'ad es. percentuale = "20%"']


def test_import_writes_nothing_that_new_refuses(tmp_path, monkeypatch):
    import xlsync.programme.published

    monkeypatch.setattr(xlsync.programme.published, "import_text", lambda *_: refused_by_new())
    output = tmp_path / "programma.toml"
    result = CliRunner().invoke(cli, ["import", str(Path(__file__).parent.parent / "samples" /
                                                   "programma-2024-alta-valsugana.txt"), "-o", str(output)])
    assert result.exit_code == 2
    assert "non passa i controlli di «xlsync nuovo»: nessun file scritto" in result.output
    assert not output.exists()
