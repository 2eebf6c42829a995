"""What the written files hold besides their figures' formulas: the columns of `Evidenze`, its print
area, and the values stored for `Voci`'s formulas, in the district's, the agency's and a member's file."""

from __future__ import annotations

import openpyxl
import pytest
import python_calamine
from helpers import needs_libreoffice, recalculate
from openpyxl.utils import get_column_letter

from xlsync.agency.export import export
from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.partners.distribute import write_partner
from xlsync.partners.merge import merge
from xlsync.programme.toml_file import load
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_assessments_csv, read_district
from xlsync.workbook.sheets import evidence
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
ASIF = next(member for member in PROGRAMME.members if member.name == "ASIF CHIMELLI")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("files")
    district = folder / "distretto.xlsx"
    write_district(PROGRAMME, district, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), PROGRAMME))
    merge(district, [sample_path(SAMPLE_RETURNS)])
    agency = export(district, folder / "agenzia.xlsx").workbook
    own = [row for row in read_district(district).evidence if row.organisations == ASIF.name]
    member = folder / "asif.xlsx"
    write_partner(PROGRAMME, ASIF, member, own)
    return {"district": district, "agency": agency, "member": member, "member_rows": len(own)}


def columns(path) -> dict[str, tuple[float, bool]]:
    """Each column of `Evidenze`: its width and whether it has a style of its own."""
    sheet = openpyxl.load_workbook(path)[layout.EVIDENCE]
    return {get_column_letter(index): (int(dim.width), dim.style_id != 0)
            for dim in sheet.column_dimensions.values() for index in range(dim.min, dim.max + 1)}


def test_every_evidence_column_keeps_its_width_and_style(files):
    member = columns(files["member"])
    narrow = [evidence.PARTNER_WIDTHS[column.field] for column in layout.EVIDENCE_COLUMNS]
    assert member == {letter: (width, True) for letter, width in zip("ABCDEFGHI", [*narrow, 24], strict=True)}
    assert columns(files["district"])["A"] == (48, True) and columns(files["district"])["M"] == (18, True)  # ID


# A screen 1280 pixels wide, less LibreOffice's row headers, scroll bar and side bar (measured on its
# pictures), and the pixels LibreOffice draws a unit of column width with (Excel draws 7).
SCREEN, CHROME, PIXELS_PER_UNIT = 1280, 100, 10


def shown_width(sheet) -> float:
    """The pixels LibreOffice needs to show every column of the sheet, at the zoom it opens at."""
    units = sum(dim.width * (dim.max - dim.min + 1) for dim in sheet.column_dimensions.values() if not dim.hidden)
    return units * PIXELS_PER_UNIT * (sheet.sheet_view.zoomScale or 100) / 100


def test_a_member_opens_its_file_on_the_instructions_and_sees_every_column_of_evidenze(files):
    book = openpyxl.load_workbook(files["member"])
    assert book.active.title == layout.INSTRUCTIONS
    sheet = book[layout.EVIDENCE]
    assert sheet.sheet_view.zoomScale == 80
    assert sheet.cell(1, 9).value == layout.CHECK_HEADER and sheet.column_dimensions["I"].width > 0
    assert 1000 < shown_width(sheet) <= SCREEN - CHROME  # «Da completare» too, without scrolling
    assert shown_width(book[layout.INSTRUCTIONS]) <= SCREEN - CHROME  # the instructions' text is not cut
    assert shown_width(book[layout.SUMMARY]) <= SCREEN - CHROME  # their figures too, «Righe complete» the last
    # The rows of evidence written are as tall as their wrapped text.
    description = sheet.cell(2, 3)
    assert description.alignment.wrap_text and sheet.row_dimensions[2].height >= 30


@pytest.mark.parametrize("name", ["member", "district"])
def test_no_title_in_row_1_is_clipped(files, name):
    book = openpyxl.load_workbook(files[name])
    for title in ([layout.INSTRUCTIONS] if name == "member" else []) + [layout.SUMMARY]:
        sheet = book[title]
        font = sheet.cell(1, 1).font.sz
        assert font == 16 and sheet.row_dimensions[1].height >= 16 * 1.3, title  # the default 15 points clip it


def test_the_print_area_covers_the_rows_partners_add(files):
    evidence = len(read_district(files["district"]).evidence)
    for name, last_row in (("member", files["member_rows"] + layout.SPARE_EVIDENCE_ROWS + 1),
                           ("district", evidence + layout.SPARE_EVIDENCE_ROWS + 1), ("agency", evidence + 1)):
        area = openpyxl.load_workbook(files[name])[layout.EVIDENCE].print_area
        last_column = "I" if name == "member" else "H"  # a member's table ends with «Da completare»
        assert area == f"'{layout.EVIDENCE}'!$A$1:${last_column}${last_row}", name


def stored_units(path) -> dict[str, float]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(layout.LINES).to_python()
    return {cells[0]: cells[6] for cells in rows[1:] if cells[0]}


def test_a_manual_line_stores_the_units_its_formula_counts(files):
    """6.1.a is assessed by the manager, and documents are attached to it: `Registrate` counts them."""
    assert files["member_rows"] == 18
    for name in ("district", "agency", "member"):
        assert stored_units(files[name])["6.1.a"] == 1.0, name
        assert stored_units(files[name])["7.1.a"] == 0.0, name


@needs_libreoffice
def test_every_stored_unit_is_what_libreoffice_computes(files, tmp_path):
    names = ("district", "agency", "member")
    recalculated = recalculate([files[name] for name in names], tmp_path)
    for name, again in zip(names, recalculated, strict=True):
        assert stored_units(again) == stored_units(files[name]), name
