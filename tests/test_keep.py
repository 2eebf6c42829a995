"""What a person makes in the district workbook survives every write (xlsync.workbook.keep): sheets
they add, with every part those use, the names they define, the view of xlsync's sheets, the
formats and notes of evidence rows; what cannot be kept is named and refused unless forced."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlwings
from click.testing import CliRunner
from helpers import (
    assert_manager_edits,
    edit_in_libreoffice,
    examples,
    manager_edits,
    needs_libreoffice,
    recalculate,
    save_in_libreoffice_as_installed,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from PIL import Image as Picture

from xlsync.cli import cli
from xlsync.demo import CHANGED_PROGRAMME, SAMPLE_ASSESSMENTS, SAMPLE_PROGRAMME, sample_path
from xlsync.partners.distribute import partner_file_name, write_partner
from xlsync.partners.merge import merge
from xlsync.partners.sync import sync
from xlsync.partners.update import update
from xlsync.programme.model import Evidence
from xlsync.programme.toml_file import load
from xlsync.scoring.engine import score, shown
from xlsync.vocabulary import layout
from xlsync.workbook.keep import KeepRefused, plan
from xlsync.workbook.keep.moved_formulas import moved, moved_cell, shared_formulas, unshared
from xlsync.workbook.reader import read_assessments_csv, read_district
from xlsync.workbook.status import status
from xlsync.workbook.writer import WorkbookContent, WorkbookWriter, write_district, write_workbook

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
SOSTE = next(member for member in PROGRAMME.members if member.display_name == "Soste")
RED_BOLD = ("FFFF0000", True)


@pytest.fixture
def district(tmp_path) -> Path:
    path = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, path, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), PROGRAMME))
    return path


def soste_return(folder: Path, descriptions: list[str], saved: dt.datetime, member=SOSTE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / partner_file_name(PROGRAMME, member)
    rows = [Evidence(code="3.1.a", date=dt.date(2024, 3, 1 + i), description=text) for i, text in enumerate(descriptions)]
    write_partner(PROGRAMME, member, path, rows, saved=saved)
    return path


def soste_merged(district: Path, tmp_path: Path) -> dict[str, str]:
    """Soste's first return, «Incontro A» and «Incontro B», merged: each row's ID by its description."""
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    return {row.description: row.row_id for row in read_district(district).evidence}


def assert_well_formed(path: Path) -> None:
    """Every XML part of the file parses (applications refuse a file with one that does not)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                etree.fromstring(archive.read(name))


def row_of(sheet, row_id: str) -> int:
    """The row of the evidence row with this ID."""
    column = [cell.value for cell in sheet[1]].index("ID") + 1
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == row_id)


def add_my_sheet(district: Path, tmp_path: Path) -> None:
    """The issue's sheet `Mio`, as a person makes it with openpyxl, with one of each thing a sheet holds."""
    book = openpyxl.load_workbook(district)
    mine = book.create_sheet("Mio")
    mine["B1"] = "=COUNTA(Evidenze!A:A)"
    mine["C1"] = "=REALIZZAZIONE_PROGRAMMA*100"
    mine["A2"] = 5
    mine["A2"].font = Font(bold=True, color="FFFF0000")
    mine["A3"] = "da chiamare"
    mine["A3"].fill = PatternFill("solid", fgColor="FFFFFF00")
    mine["A4"] = "Verbali"
    mine["A4"].comment = Comment("Chiedere i verbali a Soste", "Manager")
    mine["A5"] = "sito"
    mine["A5"].hyperlink = "https://www.trentinofamiglia.it/"
    mine.merge_cells("D1:E2")
    mine["D1"] = "unite"
    mine.column_dimensions["A"].width = 30
    for row, value in enumerate((3, 7, 2), start=7):
        mine[f"A{row}"] = value
    chart = BarChart()
    chart.add_data(Reference(mine, min_col=1, min_row=7, max_row=9))
    mine.add_chart(chart, "G2")
    picture = tmp_path / "logo.png"
    Picture.new("RGB", (4, 3), (200, 30, 30)).save(picture)
    mine.add_image(Image(str(picture)), "G20")
    choice = DataValidation(type="list", formula1='"sì,no"')
    mine.add_data_validation(choice)
    choice.add("F1")
    mine.conditional_formatting.add("A7:A9", CellIsRule(operator="greaterThan", formula=["4"],
                                                        fill=PatternFill("solid", bgColor="FFC7CE")))
    mine.page_setup.orientation = "landscape"
    mine.print_area = "A1:E9"
    book.defined_names["MIO_TOTALE"] = DefinedName("MIO_TOTALE", attr_text="Mio!$A$7:$A$9")
    book.create_sheet("Primo", 0)["A1"] = "in testa"  # a sheet of the person's before xlsync's first
    book.save(district)


def parts_of(path: Path, folder: str, holding: bytes = b"") -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        found = (archive.read(name) for name in archive.namelist() if name.startswith(folder) and "_rels" not in name)
        return sorted(data for data in found if holding in data)


def assert_my_sheet(district: Path) -> None:
    assert_well_formed(district)
    book = openpyxl.load_workbook(district)
    assert book.sheetnames == ["Primo", "Istruzioni", "Evidenze", "Riepilogo", "Indicatori", "Voci", "Scarti", "Conflitti",
                               "Invii", "Programma", "Aderenti", "Attori", "Metodo", "xlsync", "Mio"]  # where the person put them
    assert book["Primo"]["A1"].value == "in testa"
    mine = book["Mio"]
    assert mine["B1"].value == "=COUNTA(Evidenze!A:A)"
    assert mine["C1"].value == "=REALIZZAZIONE_PROGRAMMA*100"
    assert (mine["A2"].value, mine["A2"].font.color.rgb, mine["A2"].font.b) == (5, *RED_BOLD)
    assert (mine["A3"].value, mine["A3"].fill.fgColor.rgb) == ("da chiamare", "FFFFFF00")
    assert (mine["A4"].comment.text, mine["A4"].comment.author) == ("Chiedere i verbali a Soste", "Manager")
    assert mine["A5"].hyperlink.target == "https://www.trentinofamiglia.it/"
    assert [str(r) for r in mine.merged_cells.ranges] == ["D1:E2"]
    assert mine["D1"].value == "unite"
    assert mine.column_dimensions["A"].width == 30
    assert [v.sqref for v in mine.data_validations.dataValidation] == ["F1"]
    assert mine.data_validations.dataValidation[0].formula1 == '"sì,no"'
    (rule,) = [r for rules in mine.conditional_formatting for r in rules.rules]
    assert (rule.operator, rule.formula, rule.dxf.fill.bgColor.rgb) == ("greaterThan", ["4"], "00FFC7CE")
    assert mine.page_setup.orientation == "landscape"
    assert mine.print_area == "'Mio'!$A$1:$E$9"
    assert book.defined_names["MIO_TOTALE"].attr_text == "Mio!$A$7:$A$9"
    assert len(mine._charts) == 1 and len(mine._images) == 1
    assert book.active.title == "Riepilogo"  # the person's sheet is not selected with xlsync's
    # xlsync's own names and sheets are xlsync's, once
    assert sorted(book.defined_names) == ["AGGREGAZIONE", "ESITO", "MIO_TOTALE", "QUOTA_COFINANZIAMENTO",
                                                "REALIZZAZIONE_ESATTA", "REALIZZAZIONE_PROGRAMMA", "SOGLIA"]


def test_a_sheet_a_person_added_survives_merge_sync_and_update_whole(district, tmp_path):
    add_my_sheet(district, tmp_path)
    charts, media = parts_of(district, "xl/charts/", b"Mio"), parts_of(district, "xl/media/")
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 10, 9))
    assert merge(district, [tmp_path / "v1"]).written
    assert_my_sheet(district)
    # the chart and the picture are the same parts, byte for byte (xlsync's own chart beside them)
    assert len(charts) == 1 and parts_of(district, "xl/charts/", b"Mio") == charts
    assert len(media) == 1 and parts_of(district, "xl/media/") == media
    soste_return(tmp_path / "v2", ["Incontro A", "Incontro B", "Incontro C"], dt.datetime(2025, 1, 11, 9))
    assert sync(district, tmp_path / "v2").merge.written
    assert_my_sheet(district)
    assert update(district, load(sample_path(CHANGED_PROGRAMME))).written
    assert_my_sheet(district)
    assert [e.description for e in read_district(district).evidence if e.partner == "Soste"] == [
        "Incontro A", "Incontro B", "Incontro C"]


def stored_values(path: Path, sheet: str, cells: list[tuple[int, int]]) -> list:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [rows[r][c] for r, c in cells]


@needs_libreoffice
def test_the_persons_formulas_compute_the_new_values_in_libreoffice(district, tmp_path):
    add_my_sheet(district, tmp_path)
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    with zipfile.ZipFile(district) as archive:
        assert b'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml")  # Excel computes them on opening
    (again,) = recalculate([district], tmp_path / "lo")
    rows = len(read_district(district).evidence)
    assert stored_values(again, "Mio", [(0, 1), (0, 2), (1, 0)]) == [
        rows + 1, pytest.approx(shown(status(district).value) * 100), 5]


@needs_libreoffice
def test_a_sheet_and_a_row_typed_in_libreoffice_survive_a_merge(district, tmp_path):
    ids = soste_merged(district, tmp_path)
    b = row_of(openpyxl.load_workbook(district)["Evidenze"], ids["Incontro B"])
    edited = edit_in_libreoffice(district, tmp_path / "a-mano.xlsx", manager_edits(b, "Incontro B"))
    district.write_bytes(edited.read_bytes())
    # another member's row comes first now: Soste's rows move down one
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    assert merge(district, [tmp_path / "v2"]).written
    assert_well_formed(district)
    book = openpyxl.load_workbook(district)
    moved = row_of(book["Evidenze"], ids["Incontro B"])
    assert moved == b + 1
    assert_manager_edits(book, moved, "Incontro B", openpyxl.load_workbook(edited)["Evidenze"].column_dimensions["C"].width)
    rows = len(read_district(district).evidence)
    # the values LibreOffice shows: forced to compute everything, and as installed (it computes on opening
    # only the formulas with no stored value: the person's lost theirs, computed on the old file's numbers)
    for opened in (recalculate([district], tmp_path / "lo")[0], save_in_libreoffice_as_installed(district, tmp_path / "lo2")):
        assert stored_values(opened, "Mio", [(0, 1), (0, 2)]) == [rows + 1, pytest.approx(shown(status(district).value) * 100)]


@needs_libreoffice
def test_a_district_saved_by_libreoffice_as_it_was_is_never_refused(district, tmp_path):
    from xlsync.demo import CORRECTED, SAMPLE_RETURNS

    merge(district, [sample_path(SAMPLE_RETURNS)])
    saved = edit_in_libreoffice(district, tmp_path / "salvato.xlsx", [])  # opened and saved, nothing changed
    district.write_bytes(saved.read_bytes())
    report = merge(district, [sample_path(SAMPLE_RETURNS) / CORRECTED])  # replaces a member's rows of «Scarti»
    assert report.written
    assert_well_formed(district)


def test_formats_and_notes_on_evidence_rows_travel_with_their_id(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    ids = {row.description: row.row_id for row in read_district(district).evidence}
    b = row_of(evidence, ids["Incontro B"])
    evidence.cell(b, 3).fill = PatternFill("solid", fgColor="FFFFFF00")
    evidence.cell(b, 3).font = Font(bold=True, color="FFFF0000")
    evidence.cell(b, 1).comment = Comment("Verbale da chiedere", "Manager")
    evidence.cell(b, 15).fill = PatternFill("solid", fgColor="FF00B050")  # an empty cell beside the table, coloured
    evidence.cell(b, 16).value = "richiamare"  # a cell beside the table, in a column with no header
    evidence.cell(b, 17).value = f'=C{b}&"!"'
    evidence.column_dimensions["C"].width = 66
    evidence.column_dimensions.group("F", "G", outline_level=1, hidden=True)
    a = row_of(evidence, ids["Incontro A"])
    evidence.row_dimensions[a].hidden = True
    evidence.row_dimensions[a].outline_level = 1
    evidence.row_dimensions[b].height = 40
    evidence.freeze_panes = "D2"
    evidence.sheet_view.zoomScale = 80
    book.save(district)
    # another member's rows come first now, and Soste's second row is changed in place
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    soste_return(tmp_path / "v2", ["Incontro A", "Incontro B, rivisto"], dt.datetime(2025, 1, 11, 9))
    merge(district, [tmp_path / "v2"])
    assert [row.row_id for row in read_district(district).evidence if row.partner == "Soste"] == [
        ids["Incontro A"], ids["Incontro B"]]
    assert_well_formed(district)
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    moved = row_of(evidence, ids["Incontro B"])
    assert moved == b + 1
    cell = evidence.cell(moved, 3)
    assert (cell.value, cell.fill.fgColor.rgb, cell.font.b, cell.font.color.rgb) == (
        "Incontro B, rivisto", "FFFFFF00", True, "FFFF0000")
    assert (evidence.cell(moved, 1).comment.text, evidence.cell(moved, 1).comment.author) == (
        "Verbale da chiedere", "Manager")
    assert evidence.cell(moved, 15).fill.fgColor.rgb == "FF00B050"
    # the formula follows its row
    assert (evidence.cell(moved, 16).value, evidence.cell(moved, 17).value) == ("richiamare", f'=C{moved}&"!"')
    assert [(r, c) for r in range(2, evidence.max_row + 1) for c in (16, 17) if evidence.cell(r, c).value] == [
        (moved, 16), (moved, 17)]
    coloured = [(r, c) for r in range(2, evidence.max_row + 1) for c in range(1, 16)
                if evidence.cell(r, c).fill.fill_type == "solid"]
    assert coloured == [(moved, 3), (moved, 15)]
    assert [(r, c) for r in range(2, evidence.max_row + 1) for c in range(1, 16) if evidence.cell(r, c).comment] == [
        (moved, 1)]
    assert (evidence.column_dimensions["C"].width, evidence.freeze_panes, evidence.sheet_view.zoomScale) == (66, "D2", 80)
    grouped = evidence.column_dimensions["F"]
    assert (grouped.min, grouped.max, grouped.outline_level, grouped.hidden) == (6, 7, 1, True)
    assert evidence.sheet_format.outlineLevelCol == 1
    rows = evidence.row_dimensions
    assert [(r, rows[r].hidden, rows[r].outline_level, rows[r].height) for r in range(2, evidence.max_row + 1)
            if rows[r].hidden or rows[r].outline_level or rows[r].height] == [(a + 1, True, 1, None), (moved, False, 0, 40)]
    assert evidence.sheet_format.outlineLevelRow == 1
    assert evidence.column_dimensions["B"].number_format == "dd/mm/yyyy"  # xlsync's column formats stay
    soste_return(tmp_path / "v3", ["Incontro Y"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[1])
    merge(district, [tmp_path / "v3"])  # the write after: what it carried is found again
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    moved = row_of(evidence, ids["Incontro B"])
    assert (evidence.cell(moved, 3).fill.fgColor.rgb, evidence.cell(moved, 1).comment.text) == (
        "FFFFFF00", "Verbale da chiedere")
    assert (evidence.cell(moved, 16).value, evidence.cell(moved, 17).value) == ("richiamare", f'=C{moved}&"!"')


def test_a_row_the_manager_typed_keeps_its_formats_and_note_when_it_gets_its_id(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    typed = evidence.max_row + 1 if evidence.cell(evidence.max_row, 1).value else 3
    for column, value in enumerate(("3.1.a", dt.datetime(2024, 6, 3), "Riga del manager", 1), 1):
        evidence.cell(typed, column).value = value
        evidence.cell(typed, column).fill = PatternFill("solid", fgColor="FFFFFF00")
    evidence.cell(typed, 3).comment = Comment("da verificare", "Manager")
    book.save(district)
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    for folder in ("v2", "v3"):  # when the row gets its ID, and after
        if folder == "v3":
            soste_return(tmp_path / "v3", ["Incontro Y"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[1])
        assert merge(district, [tmp_path / folder]).written
        (mine,) = [row for row in read_district(district).evidence if row.description == "Riga del manager"]
        assert mine.row_id.startswith("M-")
        evidence = openpyxl.load_workbook(district)["Evidenze"]
        assert [evidence.cell(mine.row, c).fill.fgColor.rgb for c in range(1, 5)] == ["FFFFFF00"] * 4
        assert evidence.cell(mine.row, 3).comment.text == "da verificare"
        assert [(r, c) for r in range(2, evidence.max_row + 1) for c in range(1, 14)
                if evidence.cell(r, c).fill.fill_type == "solid"] == [(mine.row, c) for c in range(1, 5)]


def test_validation_conditional_formats_and_links_on_evidenze_are_kept_merges_and_pictures_named(district, tmp_path):
    from xlsync.workbook.keep.extras import read_extras
    from xlsync.workbook.keep.package import Package

    ids = soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    assert not evidence.conditional_formatting and len(evidence.data_validations.dataValidation) == 4
    package = Package(district)
    sheet = "xl/worksheets/sheet2.xml"  # Evidenze, after Istruzioni
    assert b"<dataValidations count=\"4\">" in package.read(sheet)
    extras = read_extras(package, sheet, package.read(sheet))
    assert (extras.validations, extras.formats, extras.lost) == ((), (), ())  # xlsync's own validation is xlsync's
    package.close()
    evidence["N1"] = "Stato"  # a column the manager adds, with a dropdown and colours
    choice = DataValidation(type="list", formula1='"ok,da vedere"')
    evidence.add_data_validation(choice)
    choice.add("N2:N60")
    copied = DataValidation(type="whole", operator="greaterThan", formula1="0")  # as a copied cell takes it along
    evidence.add_data_validation(copied)
    copied.add("D2:D351")
    copied.add("P2")
    evidence.conditional_formatting.add("N2:N60", CellIsRule(operator="equal", formula=['"da vedere"'],
                                                             fill=PatternFill("solid", bgColor="FFC7CE")))
    b = row_of(evidence, ids["Incontro B"])
    evidence[f"C{b}"].hyperlink = "https://www.trentinofamiglia.it/verbale?n=3&a=1"  # as Excel makes a typed address
    evidence["H1"].hyperlink = "https://www.trentinofamiglia.it/"  # on the header: on no row
    evidence.merge_cells("O2:P2")
    picture = tmp_path / "logo.png"
    Picture.new("RGB", (4, 3), (200, 30, 30)).save(picture)
    evidence.add_image(Image(str(picture)), "R5")
    book.save(district)
    before = district.read_bytes()
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "v2"])
    assert sorted(str(p).split(": ")[0] for p in refused.value.problems) == [
        "distretto.xlsx › Evidenze › H1", "distretto.xlsx › Evidenze › O2:P2", "distretto.xlsx › Evidenze › R5"]
    assert "un'immagine, un grafico o una forma sul foglio «Evidenze»" in str(refused.value.problems)
    assert "un collegamento su una riga senza evidenza" in str(refused.value.problems)
    assert district.read_bytes() == before
    merge(district, [tmp_path / "v2"], force=True)
    for folder in ("v3", None):  # carried, then found again and carried by the next write
        assert_well_formed(district)
        evidence = openpyxl.load_workbook(district)["Evidenze"]
        mine = [v for v in evidence.data_validations.dataValidation if str(v.sqref) == "N2:N60"]
        assert [(v.type, v.formula1) for v in mine] == [("list", '"ok,da vedere"')]
        assert [(str(v.sqref), v.type) for v in evidence.data_validations.dataValidation if v.type == "whole"] == [
            ("P2", "whole")]  # the part on xlsync's column is xlsync's
        assert len(evidence.data_validations.dataValidation) == 6
        (rule,) = [r for rules in evidence.conditional_formatting for r in rules.rules]
        assert (str(next(iter(evidence.conditional_formatting)).sqref), rule.formula, rule.dxf.fill.bgColor.rgb) == (
            "N2:N60", ['"da vedere"'], "00FFC7CE")
        assert (evidence.merged_cells.ranges, evidence["H1"].hyperlink, evidence._images) == (set(), None, [])
        linked = [(cell.coordinate, cell.hyperlink.target) for row in evidence.iter_rows() for cell in row if cell.hyperlink]
        assert linked == [(f"C{row_of(evidence, ids['Incontro B'])}", "https://www.trentinofamiglia.it/verbale?n=3&a=1")]
        if folder:
            soste_return(tmp_path / folder, ["Incontro Y"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[1])
            merge(district, [tmp_path / folder])


def test_a_formula_moves_with_its_row_as_a_spreadsheet_moves_it():
    assert moved('=C44*2+$D$44+Riepilogo!C5+SUM(C2:C44)+LOG10(4)&"C44"+D:D', -1) == (
        '=C43*2+$D$44+Riepilogo!C5+SUM(C1:C43)+LOG10(4)&"C44"+D:D')
    assert moved_cell(b'<c r="O44"><f>C44&amp;"!"</f><v>x</v></c>', 2) == b'<c r="O44"><f>C46&amp;"!"</f><v>x</v></c>'
    # a range on another sheet stays whole; a sheet's name, a table's column and a string are no references
    assert moved("Foglio1!D44:D45+D44:D45+VLOOKUP(A5,Voci!A2:D200,2,0)", 3) == (
        "Foglio1!D44:D45+D47:D48+VLOOKUP(A8,Voci!A2:D200,2,0)")
    assert moved("'Foglio A1'!A:A+'Dati 2024 B3'!Nome+Tabella1[@Q1]+Evidenze[[#This Row],[Q1]]+\"B3\"", 3) == (
        "'Foglio A1'!A:A+'Dati 2024 B3'!Nome+Tabella1[@Q1]+Evidenze[[#This Row],[Q1]]+\"B3\"")
    assert (moved("D2+$D$2", -5), moved("XFD3", 0, 1)) == ("#REF!+$D$2", "#REF!")  # off the sheet, as a spreadsheet says
    sheet = (b'<c r="N2" s="1"><f t="shared" ref="N2:N9" si="0">D2*2+Voci!A2</f><v>2</v></c>'
             b'<c r="N3"><f t="shared" si="0"/><v>4</v></c>')
    assert unshared(b'<c r="N3"><f t="shared" si="0"/><v>4</v></c>', shared_formulas(sheet), 3, 13) == (
        b'<c r="N3"><f>D3*2+Voci!A3</f><v>4</v></c>')  # Excel's formula filled down, written out for its cell
    after_an_empty_cell = b'<c r="E5" s="3"/><c r="F5"><f t="shared" ref="F5:F9" si="0">D5*2</f><v>1</v></c>'
    assert shared_formulas(after_an_empty_cell) == {b"0": (5, 5, "D5*2")}


@needs_libreoffice
def test_the_persons_formulas_on_evidence_rows_move_with_them_and_compute_right(district, tmp_path):
    ids = soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    evidence["N1"] = "Doppio"  # a column the manager adds, computed; and a formula beside the table
    for description in ("Incontro A", "Incontro B"):
        row = row_of(evidence, ids[description])
        evidence.cell(row, 4).value = 3 if description == "Incontro B" else 2
        evidence[f"N{row}"] = f"=D{row}*2"
        evidence[f"P{row}"] = f'=C{row}&"!"'
    book.save(district)
    first = PROGRAMME.members[0]
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=first)  # Soste's rows move down
    assert merge(district, [tmp_path / "v2"]).written
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    rows = {description: row_of(evidence, ids[description]) for description in ("Incontro A", "Incontro B")}
    assert [(evidence[f"N{r}"].value, evidence[f"P{r}"].value) for r in rows.values()] == [
        (f"=D{r}*2", f'=C{r}&"!"') for r in rows.values()]
    (again,) = recalculate([district], tmp_path / "lo")
    stored = python_calamine.CalamineWorkbook.from_path(str(again)).get_sheet_by_name("Evidenze").to_python()
    assert [(stored[r - 1][13], stored[r - 1][15]) for r in rows.values()] == [(4.0, "Incontro A!"), (6.0, "Incontro B!")]
    with zipfile.ZipFile(district) as archive:
        assert b'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml")
    soste_return(tmp_path / "v3", ["Incontro Y"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[1])
    assert merge(district, [tmp_path / "v3"]).written  # the next write finds them again, in the table now
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    moved_on = [row_of(evidence, ids[description]) for description in ("Incontro A", "Incontro B")]
    assert moved_on == [r + 1 for r in rows.values()]
    assert [(evidence[f"N{r}"].value, evidence[f"P{r}"].value) for r in moved_on] == [
        (f"=D{r}*2", f'=C{r}&"!"') for r in moved_on]


def test_a_formula_filled_down_an_added_column_is_kept_on_the_rows_and_a_value_below_them_is_named(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    evidence["N1"] = "Doppio"
    for row in range(2, 60):  # as Excel fills a calculated column: below the rows of evidence too
        evidence[f"N{row}"] = f"=D{row}*2"
    book.save(district)
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    assert merge(district, [tmp_path / "v2"]).written
    current = read_district(district)
    assert [row.description for row in current.evidence] == ["Incontro X", "Incontro A"]  # no rows of formulas only
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    assert [evidence[f"N{r}"].value for r in (2, 3, 4)] == [None, "=D3*2", None]  # on its row, which moved
    evidence_book = openpyxl.load_workbook(district)
    evidence_book["Evidenze"]["N5"] = "appunto"  # a value in the added column, on no row of evidence
    evidence_book.save(district)
    soste_return(tmp_path / "v3", ["Incontro Y"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[1])
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "v3"])
    assert [str(p).split(": ")[:2] for p in refused.value.problems] == [
        ["distretto.xlsx › Evidenze › N5", "un valore in una colonna aggiunta alla tabella su una riga senza evidenza "
                                           "(o sull'intestazione)"]]


def test_what_is_on_a_column_goes_where_the_column_goes_when_the_person_inserted_one(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    evidence.insert_cols(4)  # «Categoria» between Descrizione and Quantità
    evidence["D1"] = "Categoria"
    evidence["D2"] = "incontri"
    evidence["E2"].fill = PatternFill("solid", fgColor="FFFFFF00")  # Quantità, now in E
    evidence["E2"].comment = Comment("quante?", "Manager")
    evidence["D2"].font = Font(bold=True, color="FFFF0000")
    book.save(district)
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    assert merge(district, [tmp_path / "v2"]).written
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    headers = [cell.value for cell in evidence[1]]
    quantity, category = headers.index("Quantità") + 1, headers.index("Categoria") + 1
    assert (quantity, category) == (4, 14)  # xlsync's columns where they belong, the person's after them
    assert (evidence.cell(3, quantity).fill.fgColor.rgb, evidence.cell(3, quantity).comment.text) == ("FFFFFF00", "quante?")
    assert (evidence.cell(3, category).value, evidence.cell(3, category).font.b) == ("incontri", True)


def test_sheets_of_xlsync_the_person_hid_stay_hidden(district, tmp_path):
    book = openpyxl.load_workbook(district)
    book["Programma"].sheet_state = "hidden"
    book["Istruzioni"].sheet_state = "hidden"
    book.save(district)
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    assert merge(district, [tmp_path / "v1"]).written
    book = openpyxl.load_workbook(district)
    assert {sheet.title: sheet.sheet_state for sheet in book.worksheets if sheet.sheet_state != "visible"} == {
        "Istruzioni": "hidden", "Programma": "hidden", "xlsync": "hidden"}
    assert book.active.title == "Riepilogo"


def test_validation_as_excel_2010_writes_it_is_told_apart(district, tmp_path):
    """Excel keeps a list drawn from another sheet in the sheet's extensions (x14): xlsync's own dropdown
    saved so is xlsync's; a person's is named, as it cannot be carried."""
    extension = ('<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" '
                 'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
                 'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation '
                 'type="list"><x14:formula1><xm:f>Voci!$J$2:$J$71</xm:f></x14:formula1><xm:sqref>{}</xm:sqref>'
                 '</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>')

    def saved_with(sqref: str) -> Path:
        edited = tmp_path / f"{sqref.replace(':', '')}.xlsx"
        with zipfile.ZipFile(district) as source, zipfile.ZipFile(edited, "w") as target:
            for name in source.namelist():
                data = source.read(name)
                if name == "xl/worksheets/sheet2.xml":  # Evidenze
                    data = data.replace(b"</worksheet>", extension.format(sqref).encode())
                target.writestr(name, data)
        return edited

    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    own = saved_with("A2:A351")
    assert merge(own, [tmp_path / "v1"]).written
    person = saved_with("N2:N60")
    with pytest.raises(KeepRefused) as refused:
        merge(person, [tmp_path / "v1"])
    assert [str(p).split(": ")[:2] for p in refused.value.problems] == [
        ["N2N60.xlsx › Evidenze › N2:N60", "una convalida dei dati (di Excel 2010 e successivi) sul foglio «Evidenze», "
                                           "che xlsync riscrive a ogni comando"]]


@needs_libreoffice
def test_a_column_inserted_in_libreoffice_takes_its_width_along_and_nothing_of_xlsyncs_validation(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    edited = edit_in_libreoffice(district, tmp_path / "a-mano.xlsx", [
        {"sheet": "Evidenze", "insert_column": 3}, {"sheet": "Evidenze", "cell": "D1", "string": "Categoria"},
        {"sheet": "Evidenze", "cell": "D2", "string": "incontri", "bold": True, "color": 0xFF0000},
        {"sheet": "Evidenze", "column": 3, "width": 9000}])
    district.write_bytes(edited.read_bytes())
    widths = openpyxl.load_workbook(edited)["Evidenze"].column_dimensions
    category, quantity = widths["D"].width, widths["E"].width
    assert abs(category - quantity) > 5
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    assert merge(district, [tmp_path / "v2"]).written
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    headers = [cell.value for cell in evidence[1]]
    assert headers.index("Categoria") == 13 and (evidence["N3"].value, evidence["N3"].font.b) == ("incontri", True)
    validated = sorted(str(v.sqref).split(":")[0].rstrip("0123456789") for v in evidence.data_validations.dataValidation)
    assert validated == ["A", "B", "D", "E"]  # xlsync's, where its columns are: none moved onto another
    widths = evidence.column_dimensions
    assert (widths["D"].width, widths["N"].width) == (pytest.approx(quantity, abs=0.5), pytest.approx(category, abs=0.5))


def test_a_sheet_with_a_pivot_table_is_named_and_the_write_refused(district, tmp_path):
    add_my_sheet(district, tmp_path)
    edited = tmp_path / "pivot.xlsx"
    with zipfile.ZipFile(district) as source, zipfile.ZipFile(edited, "w") as target:
        sheet = next(name for name in source.namelist() if source.read(name).find(b"COUNTA(Evidenze") > 0)
        rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
        for name in source.namelist():
            data = source.read(name)
            if name == rels:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdP" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/pivotTable" Target="../pivotTables/pivotTable1.xml"/>'
                                    b"</Relationships>")
            target.writestr(name, data)
        target.writestr("xl/pivotTables/pivotTable1.xml", b"<pivotTableDefinition/>")
    district.write_bytes(edited.read_bytes())
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "v1"])
    assert [str(p) for p in refused.value.problems] == [
        "distretto.xlsx › Mio: il foglio contiene una tabella pivot, che xlsync non sa conservare quando riscrive il "
        "file: spostare il foglio in un'altra cartella di lavoro"]
    assert district.read_bytes() == edited.read_bytes()
    merge(district, [tmp_path / "v1"], force=True)  # the sheet is kept, without its pivot table
    assert_my_sheet(district)
    assert not parts_of(district, "xl/pivotTables/") and b"pivotTable" not in b"".join(parts_of(district, "xl/"))
    merge(district, [soste_return(tmp_path / "v2", ["Incontro B"], dt.datetime(2025, 1, 11, 9)).parent])  # not again


def test_what_sits_on_no_evidence_row_is_named_and_the_write_refused_unless_forced(district, tmp_path):
    book = openpyxl.load_workbook(district)
    book["Evidenze"]["C1"].comment = Comment("Scrivere per esteso", "Manager")
    book["Evidenze"]["P40"] = "appunto"
    book.save(district)
    before = district.read_bytes()
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    result = CliRunner().invoke(cli, ["merge", str(district), str(tmp_path / "v1")])
    assert result.exit_code == 2  # nothing done
    assert result.output.splitlines() == [
        "Errore: distretto.xlsx: il file non si può scrivere senza perdere cose fatte a mano (2, elencate qui "
        "sotto); il file non è stato modificato: sistemarle come indicato, oppure ripetere il comando con --force "
        "per scriverlo comunque perdendole",
        "  - distretto.xlsx › Evidenze › C1: una nota su una riga senza evidenza (o sull'intestazione): xlsync riscrive "
        "il foglio e non sa dove metterla: spostarla su una riga di evidenza, darle un'intestazione nella riga 1 se è "
        "una colonna, o spostarla in un altro foglio",
        "  - distretto.xlsx › Evidenze › P40: una cella accanto alla tabella su una riga senza evidenza (o "
        "sull'intestazione): xlsync riscrive il foglio e non sa dove metterla: spostarla su una riga di evidenza, "
        "darle un'intestazione nella riga 1 se è una colonna, o spostarla in un altro foglio",
    ]
    assert district.read_bytes() == before
    assert sorted(path.name for path in district.parent.iterdir() if "backup" in path.name) == []  # none made
    result = CliRunner().invoke(cli, ["merge", str(district), str(tmp_path / "v1"), "--force"])
    assert result.exit_code == 0, result.output
    assert (district.parent / "distretto.backup.xlsx").read_bytes() == before
    evidence = openpyxl.load_workbook(district)["Evidenze"]
    assert (evidence["C1"].comment, evidence["P40"].value) == (None, None)
    assert [e.description for e in read_district(district).evidence] == ["Incontro A"]


CELL_VALUES = st.one_of(st.integers(-10**6, 10**6), st.text("abcàè XYZ,;'\"<&>", min_size=1, max_size=12),
                        st.sampled_from(["=1+2", "=SUM(A1:A3)", "=COUNTA(Evidenze!A:A)", "=REALIZZAZIONE_PROGRAMMA"]))
PERSON_CELLS = st.dictionaries(st.tuples(st.sampled_from(["Mio", "Conti 2"]), st.integers(1, 30), st.integers(1, 8)),
                               st.tuples(CELL_VALUES, st.booleans()), min_size=1, max_size=8)
COMMANDS = st.lists(st.tuples(st.sampled_from(["merge", "sync", "update"]),
                              st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=4, unique=True)),
                    min_size=1, max_size=3)


@settings(max_examples=examples(6), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=PERSON_CELLS, coloured=st.sets(st.sampled_from(["A", "B", "C"]), max_size=2),
       width=st.integers(5, 80), commands=COMMANDS)
def test_random_edits_outside_xlsyncs_parts_survive_any_commands(district, tmp_path_factory, cells, coloured, width,
                                                                 commands):
    folder = tmp_path_factory.mktemp("giro")
    path = folder / "distretto.xlsx"
    path.write_bytes(district.read_bytes())
    soste_return(folder / "0", ["A", "B", "C"], dt.datetime(2025, 1, 1, 9))
    merge(path, [folder / "0"])
    ids = {row.description: row.row_id for row in read_district(path).evidence}
    book = openpyxl.load_workbook(path)
    for (sheet, row, column), (value, bold) in cells.items():
        target = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
        target.cell(row, column).value = value
        target.cell(row, column).font = Font(bold=bold)
    evidence = book["Evidenze"]
    for text in coloured:
        evidence.cell(row_of(evidence, ids[text]), 3).fill = PatternFill("solid", fgColor="FF92D050")
    book["Riepilogo"].column_dimensions["C"].width = width
    book.save(path)
    for step, (command, texts) in enumerate(commands, start=1):
        saved = dt.datetime(2025, 1, 1 + step, 9)
        if command == "merge":
            merge(path, [soste_return(folder / str(step), texts, saved)])
        elif command == "sync":
            sync(path, soste_return(folder / str(step), texts, saved).parent)
        else:
            update(path, load(sample_path(CHANGED_PROGRAMME if step % 2 else SAMPLE_PROGRAMME)))
    assert_well_formed(path)
    book = openpyxl.load_workbook(path)
    for (sheet, row, column), (value, bold) in cells.items():
        cell = book[sheet].cell(row, column)
        assert (cell.value, bool(cell.font.b)) == (value, bold), (sheet, row, column)
    evidence = book["Evidenze"]
    present = {row.row_id for row in read_district(path).evidence}
    for text in coloured:
        if ids[text] in present:  # a row the member deleted takes its colour with it
            assert evidence.cell(row_of(evidence, ids[text]), 3).fill.fgColor.rgb == "FF92D050"
    fills = sum(1 for r in range(2, evidence.max_row + 1) if evidence.cell(r, 3).fill.fill_type == "solid")
    assert fills == len({ids[text] for text in coloured} & present)
    assert book["Riepilogo"].column_dimensions["C"].width == width


def test_a_sheet_as_excel_writes_it_is_carried_with_its_strings_and_formats(tmp_path):
    """xlwings' add-in template is a file Excel made: its sheet `_xlwings.conf` (shared strings, Excel's
    styles and extensions) stands for a person's sheet, `Sheet1` for xlsync's."""
    template = Path(xlwings.__file__).with_name("quickstart.xlsm")
    kept = plan(template, ["Sheet1"], dict, force=True)  # its Sheet1 has no protection, as xlsync's sheets have
    assert [sheet.name for sheet in kept.sheets] == ["_xlwings.conf"]
    district = tmp_path / "distretto.xlsx"
    WorkbookWriter(WorkbookContent(PROGRAMME), score(PROGRAMME, [], {}), str(district), kept=kept).write()
    before, after = openpyxl.load_workbook(template)["_xlwings.conf"], openpyxl.load_workbook(district)["_xlwings.conf"]
    def cells(sheet):  # the cells the sheet holds (a missing one shows the workbook's default font)
        return [(c.coordinate, c.value, c.font.b, c.font.sz) for row in sheet.iter_rows() for c in row if c.value is not None]

    assert len(cells(before)) == 18 and cells(after) == cells(before)
    assert after["A13"].value == "Instructions:" and after["A13"].font.b
    assert after.column_dimensions["A"].width == before.column_dimensions["A"].width
    values = python_calamine.CalamineWorkbook.from_path(str(district)).get_sheet_by_name("_xlwings.conf").to_python()
    assert values[6][:2] == ["Debug UDFs", False]
    with zipfile.ZipFile(district) as archive:
        sheet = next(archive.read(n) for n in archive.namelist() if b"_xlwings.conf" not in archive.read(n)
                     and b"Interpreter_Win" in archive.read(n) and n.startswith("xl/worksheets/"))
    assert b'mc:Ignorable="x14ac xr xr2 xr3"' in sheet and b' t="s"' not in sheet  # Excel's extensions, its own text


def test_an_ods_district_is_never_given_the_carried_parts_of_a_package(tmp_path):
    ods = tmp_path / "distretto.ods"
    ods.write_bytes(b"PK\x03\x04 an OpenDocument file")
    assert plan(ods, ["Evidenze"], dict) is None


def test_a_filter_on_the_evidence_table_keeps_its_criteria(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    book = openpyxl.load_workbook(district)
    table = book["Evidenze"].tables["Evidenze"]
    table.autoFilter.add_filter_column(2, ["Incontro B"])
    book.save(district)
    for step in (2, 3):  # kept at every write
        soste_return(tmp_path / f"v{step}", ["Incontro A", "Incontro B", f"Incontro {step}"],
                     dt.datetime(2025, 1, 10 + step, 9))
        merge(district, [tmp_path / f"v{step}"])
        table = openpyxl.load_workbook(district)["Evidenze"].tables["Evidenze"]
        (column,) = table.autoFilter.filterColumn
        assert (column.colId, column.filters.filter, table.ref) == (2, ["Incontro B"], "A1:M304")  # 3 rows, 300 spare


def test_a_sheet_of_xlsync_unprotected_to_type_in_is_named(district, tmp_path):
    book = openpyxl.load_workbook(district)
    book["Metodo"].protection.sheet = False
    book["Metodo"]["F3"] = "la mia nota"
    book.save(district)
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "v1"])
    assert [str(p) for p in refused.value.problems] == [
        "distretto.xlsx › Metodo: la protezione del foglio è stata tolta: xlsync riscrive questo foglio, e ciò che vi "
        "è stato scritto a mano non si conserva: copiare ciò che serve in un foglio nuovo, poi ripetere il comando con "
        "--force"]
    assert merge(district, [tmp_path / "v1"], force=True).written
    metodo = openpyxl.load_workbook(district)["Metodo"]
    assert (metodo.protection.sheet, metodo["F3"].value) == (True, None)


def scarti_row(sheet, row_id: str) -> int:
    """The row of «Scarti» that keeps the evidence row with this ID (its Motivo names the ID)."""
    return next(r for r in range(2, sheet.max_row + 1) if f"ID {row_id}" in str(sheet.cell(r, 5).value))


def test_a_row_a_newer_return_removes_takes_its_formats_and_notes_to_scarti_and_keeps_them_there(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B", "Incontro C"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    ids = {row.description: row.row_id for row in read_district(district).evidence}
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    c = row_of(evidence, ids["Incontro C"])
    evidence.cell(c, 3).fill = PatternFill("solid", fgColor="FFFFFF00")  # Descrizione
    evidence.cell(c, 3).comment = Comment("Verbale da chiedere", "Manager")
    evidence.cell(c, len(layout.DISTRICT_EVIDENCE_COLUMNS)).font = Font(bold=True, color="FFFF0000")  # ID
    evidence.cell(c, len(layout.DISTRICT_EVIDENCE_COLUMNS) + 2).value = "richiamare"  # beside the table
    book.save(district)
    soste_return(tmp_path / "v2", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 11, 9))  # C is removed
    merge(district, [tmp_path / "v2"])
    assert [row.description for row in read_district(district).evidence] == ["Incontro A", "Incontro B"]

    def assert_in_scarti():
        assert_well_formed(district)
        book = openpyxl.load_workbook(district)
        evidence, scarti = book["Evidenze"], book["Scarti"]
        assert not any(evidence.cell(r, c).fill.fill_type == "solid" or evidence.cell(r, c).comment
                       for r in range(2, evidence.max_row + 1) for c in range(1, 20))
        row = scarti_row(scarti, ids["Incontro C"])
        description = layout.REJECT_HEADERS.index("Descrizione") + 1
        assert scarti.cell(row, description).value == "Incontro C"
        assert scarti.cell(row, description).fill.fgColor.rgb == "FFFFFF00"
        assert (scarti.cell(row, description).comment.text, scarti.cell(row, description).comment.author) == (
            "Verbale da chiedere", "Manager")
        assert (scarti.cell(row, 5).font.color.rgb, scarti.cell(row, 5).font.b) == RED_BOLD  # Motivo names the ID
        beside = len(layout.REJECT_HEADERS) + 2  # as far from the table
        assert scarti.cell(row, beside).value == "richiamare"
        marked = [(r, c) for r in range(2, scarti.max_row + 1) for c in range(1, beside + 1)
                  if scarti.cell(r, c).fill.fill_type == "solid" or scarti.cell(r, c).comment
                  or scarti.cell(r, c).font.b or (c == beside and scarti.cell(r, c).value)]
        assert marked == [(row, 5), (row, description), (row, beside)]

    assert_in_scarti()
    # the next writes keep it there: another member's return comes, the programme changes
    soste_return(tmp_path / "v3", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    merge(district, [tmp_path / "v3"])
    assert_in_scarti()
    update(district, load(sample_path(CHANGED_PROGRAMME)))
    assert_in_scarti()


def test_a_row_the_programme_change_moves_to_scarti_takes_its_note(district, tmp_path):
    changed = load(sample_path(CHANGED_PROGRAMME))
    dropped = {line.code for line in PROGRAMME.lines} - {line.code for line in changed.lines}
    code = sorted(dropped)[0]
    folder = tmp_path / "v1"
    folder.mkdir()
    write_partner(PROGRAMME, SOSTE, folder / partner_file_name(PROGRAMME, SOSTE),
                  [Evidence(code=code, date=dt.date(2024, 3, 1), description="Sparisce")], saved=dt.datetime(2025, 1, 10, 9))
    merge(district, [folder])
    (gone,) = [row for row in read_district(district).evidence if row.description == "Sparisce"]
    book = openpyxl.load_workbook(district)
    book["Evidenze"].cell(row_of(book["Evidenze"], gone.row_id), 1).comment = Comment("voce tolta?", "Manager")
    book["Evidenze"].cell(row_of(book["Evidenze"], gone.row_id), 13).comment = Comment("ID da controllare", "Manager")
    book.save(district)
    update(district, changed)
    scarti = openpyxl.load_workbook(district)["Scarti"]
    (row,) = [r for r in range(2, scarti.max_row + 1) if scarti.cell(r, 8).value == "Sparisce"]
    assert scarti.cell(row, 5).value.startswith("la sua voce non esiste più")
    assert f"(ID {gone.row_id})" in scarti.cell(row, 5).value  # the note on the ID goes where the ID is named
    assert (scarti.cell(row, 6).comment.text, scarti.cell(row, 5).comment.text) == ("voce tolta?", "ID da controllare")


def test_a_formatted_row_that_leaves_for_no_row_of_scarti_is_named_and_the_write_refused_unless_forced(district, tmp_path):
    soste_return(tmp_path / "v1", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 10, 9))
    merge(district, [tmp_path / "v1"])
    current = read_district(district)
    ids = {row.description: row.row_id for row in current.evidence}
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    evidence.cell(row_of(evidence, ids["Incontro B"]), 3).fill = PatternFill("solid", fgColor="FFFFFF00")
    book.save(district)
    current = read_district(district)
    before = district.read_bytes()
    content = WorkbookContent(PROGRAMME, [row for row in current.evidence if row.description != "Incontro B"],
                              submissions=current.submissions, rejects=current.rejects, keep_from=current)
    with pytest.raises(KeepRefused) as refused:
        write_workbook(content, district)
    assert [problem.text() for problem in refused.value.problems] == [
        f"distretto.xlsx › Evidenze: la riga {ids['Incontro B']} lascia la tabella (tolta da un invio più recente o "
        "spostata in «Scarti»): i formati, le note o le celle accanto messi su di essa non si conserverebbero: "
        "copiare altrove ciò che serve, poi ripetere il comando con --force"]
    assert district.read_bytes() == before
    write_workbook(replace(content, force=True), district)
    assert [row.description for row in read_district(district).evidence] == ["Incontro A"]
