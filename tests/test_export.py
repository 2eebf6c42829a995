"""The agency's pages: the self-evaluation readable on paper, a full cover with the place to sign,
threshold lines and visible 0% bars in the charts, names whole."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from helpers import needs_libreoffice

from xlsync.agency.export import export
from xlsync.agency.rollup import rollup
from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_EVIDENCE, SAMPLE_PROGRAMME, sample_path
from xlsync.libreoffice.soffice import convert
from xlsync.programme.toml_file import load
from xlsync.scoring import formulas
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_assessments_csv, read_evidence_csv
from xlsync.workbook.sheets.fitting import fitted_widths
from xlsync.workbook.writer import PRINT_FONT, write_district

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) is not installed: it measures the printed text")


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    programme = load(sample_path(SAMPLE_PROGRAMME))
    path = folder / "distretto.xlsx"
    write_district(programme, path, read_evidence_csv(sample_path(SAMPLE_EVIDENCE)),
                   read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    return path


def charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return [package.read(name).decode() for name in sorted(package.namelist())
                if name.startswith("xl/charts/chart")]


def test_the_cover_has_the_areas_against_the_threshold_and_a_place_to_sign(district, tmp_path):
    output = export(district, tmp_path / "agenzia.xlsx", now=dt.datetime(2025, 2, 28, 12, 0)).workbook
    cover = openpyxl.load_workbook(output)["Copertina"]
    rows = [[cell.value for cell in cells] for cells in cover.iter_rows(max_col=3)]
    header = rows.index(["Area", "Realizzazione", "Soglia"])
    assert rows[header + 1] == ["1. Networking", formulas.area_value(f"$A${header + 2}"), "=SOGLIA"]
    assert [row for row in rows if row[0] in ("Luogo e data", "Il Manager territoriale", "Firma")] == [
        ["Luogo e data", None, None], ["Il Manager territoriale", "Marianna Mocellini", None], ["Firma", None, None]]
    assert cover["B" + str(rows.index(["Firma", None, None]) + 1)].border.bottom.style == "thin"  # the line to sign on
    areas, actions = charts(output)
    for chart in (areas, actions):
        assert "<c:barChart>" in chart and "<c:lineChart>" in chart  # the bars, and the threshold's line
        assert '<c:showVal val="1"/>' in chart  # every value written: a 0% bar shows "0%"
        assert 'prstDash val="dash"' in chart
    assert "<c:v>Soglia 80%</c:v>" in areas or "Soglia 80%" in areas


def test_the_self_evaluation_is_a_compact_table_sized_to_its_content(district, tmp_path):
    output = export(district, tmp_path / "agenzia.xlsx").workbook
    sheet = openpyxl.load_workbook(output)["Scheda di autovalutazione"]
    assert [cell.value for cell in sheet[1]] == list(layout.SELF_EVALUATION_HEADERS)
    widths = {header: sheet.column_dimensions[chr(65 + index)].width - 0.7109375  # XlsxWriter's padding
              for index, header in enumerate(layout.SELF_EVALUATION_HEADERS)}
    assert sum(widths.values()) <= 109 + 2 * 8  # A4 landscape at 100% when printed, and room for each filter button
    for header, width in widths.items():  # no header runs into the next: its longest word fits, in bold
        assert width >= max(len(word) for word in header.split()) * 0.75, header  # 9 pt bold: 0,8 units a letter
    assert widths["Codice"] < 10 and widths["Conta"] < 9  # short values, narrow columns
    assert min(widths["Cosa manca"], widths["Note del Manager"], widths["Azione"]) >= 16  # sentences, not words
    assert {sheet.cell(row, column).font.sz for row in range(1, 30) for column in range(1, 9)} == {9}
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.sheet_properties.pageSetUpPr.fitToPage,
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == ("landscape", 9, True, None, 0)  # width: 1
    assert sheet.print_title_rows == "$1:$1"  # the headers on every page


def test_widths_follow_the_content():
    headers = ("Codice", "Testo lungo", "Nota")
    rows = [("1.1", "parola " * 60, ""), ("1.2", "breve", "")]
    codes, text, note = fitted_widths(headers, rows, page=60)
    assert codes == 6 and note == 4  # their header's word, in bold
    assert 40 <= text <= 60 - codes - note  # the rest goes where it shortens the table (words wrap whole)
    assert fitted_widths(headers, [("1.1", "poche parole", "")], page=60)[1] < 16  # no room taken for nothing


@needs_libreoffice
@needs_poppler
def test_the_printed_self_evaluation_is_short_and_at_least_9_points(district, tmp_path):
    """29 actions on at most 4 pages after the cover, measured in the PDF at 9 pt (against the same font
    printed at 100% on this machine), no header running into the next."""
    pdf = export(district, tmp_path / "agenzia.xlsx", pdf=True).pdf
    reference = tmp_path / "riferimento.xlsx"
    book = xlsxwriter.Workbook(reference)
    book.add_worksheet().write(0, 0, "Monitoraggio", book.add_format({"font_name": PRINT_FONT, "font_size": 9}))
    book.close()
    at_full_size = _word_heights(convert(reference, "pdf", tmp_path / "riferimento"), "Monitoraggio", 1)
    printed = _word_heights(pdf, "Monitoraggio", 2)
    assert printed and at_full_size
    size = 9 * printed[0] / at_full_size[0]
    assert size >= 8.95, f"the self-evaluation prints at {size:.1f} pt"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 5  # the cover, and the self-evaluation of 29 actions on at most four pages
    words = _words(pdf, 2)
    top = min(y for _, _, y, _ in words)
    header = sorted((x0, x1, word) for x0, x1, y, word in words if y < top + 1)
    assert [word for *_, word in header] == " ".join(layout.SELF_EVALUATION_HEADERS).split()
    starts = [len(" ".join(layout.SELF_EVALUATION_HEADERS[:index]).split())
              for index in range(1, len(layout.SELF_EVALUATION_HEADERS))]
    for start in starts:  # between one header's last word and the next header's first, a column's padding
        assert header[start][0] - header[start - 1][1] > 4, (header[start - 1][2], header[start][2])


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) of every word on a page."""
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(float(x0), float(x1), float(y0), word) for x0, y0, x1, word in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', text)]


def _word_heights(pdf: Path, word: str, page: int) -> list[float]:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [float(y2) - float(y1) for y1, y2 in
            re.findall(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}</word>', text)]


def test_the_rollup_chart_has_the_threshold_and_names_are_whole(district, tmp_path):
    output = tmp_path / "panoramica.xlsx"
    rollup([district], output)
    (chart,) = charts(output)
    assert "<c:barChart>" in chart and "<c:lineChart>" in chart and '<c:showVal val="1"/>' in chart
    sheet = openpyxl.load_workbook(output)["Distretti"]
    assert sheet["A4"].value == "Distretto Family Audit Alta Valsugana" and sheet["A4"].alignment.wrap_text
