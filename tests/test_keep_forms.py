"""A person's work survives whatever XML form the program that saved the district chose.

The standard lets a writer bind the spreadsheet namespace to a prefix (`<x:c>`), put a cell's
reference after its other attributes or leave it out, quote attributes with apostrophes and indent
`styles.xml`. A district saved in any of these forms keeps its person's formats, notes, cells and
view through every merge, is written as a file every XML parser opens, and its styles do not grow.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from test_keep import PROGRAMME, assert_well_formed, district, row_of, soste_merged, soste_return  # noqa: F401

from xlsync.cli import cli
from xlsync.partners.merge import merge
from xlsync.workbook.keep.moved_formulas import moved
from xlsync.workbook.keep.package import MAIN, column_index, is_regular, regular

WORKSHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")


def _prefixed(root: etree._Element, prefix: str) -> etree._Element:
    nsmap = {key: uri for key, uri in root.nsmap.items() if key and uri != MAIN}
    top = etree.Element(root.tag, dict(root.attrib), nsmap={prefix: MAIN, **nsmap})
    top.text = root.text
    stack = [(root, top)]
    while stack:
        old, new = stack.pop()
        for child in old:
            made = etree.SubElement(new, child.tag, dict(child.attrib))
            made.text, made.tail = child.text, child.tail
            stack.append((child, made))
    return top


def _reference_last(root: etree._Element, keep: bool) -> None:
    """Each row's and cell's reference moved last, or left out where it is implied (the next row,
    the next column)."""
    previous = (0, 0)
    for element in root.iter(f"{{{MAIN}}}row", f"{{{MAIN}}}c"):
        attributes = dict(element.attrib)
        reference = attributes.pop("r", None)
        if element.tag.endswith("}row"):
            place = (int(reference), 0)
            implied = place[0] == previous[0] + 1
        else:
            place = (previous[0], column_index(re.match(r"[A-Z]+", reference).group()) + 1)
            implied = place[1] == previous[1] + 1
        previous = place
        element.attrib.clear()
        for key, value in attributes.items():
            element.set(key, value)
        if keep or not implied:
            element.set("r", reference)


def reformed(path: Path, *, prefix: str = "", reference: str = "first", quotes: str = '"', indent: bool = False) -> None:
    """The district as another writer would have saved it, the same content."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if WORKSHEET.fullmatch(name):
            root = etree.fromstring(data)
            if reference != "first":
                _reference_last(root, keep=reference == "last")
            if prefix:
                root = _prefixed(root, prefix)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            if quotes == "'":
                data = re.sub(rb'(<(?:\w+:)?(?:c|row)\b[^>]*?) r="([^"]*)"', rb"\1 r='\2'", data)
            parts[name] = data
        elif name == "xl/styles.xml" and indent:
            root = etree.fromstring(data)
            etree.indent(root, space="  ")
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def cell_formats(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("xl/styles.xml"))
    return len(styles.find(f"{{{MAIN}}}cellXfs"))


FORMS = {
    "prefix x:": {"prefix": "x"},
    "prefix x:, references last, apostrophes, styles indented": {
        "prefix": "x", "reference": "last", "quotes": "'", "indent": True},
    "references left out": {"reference": "none"},
    "styles indented": {"indent": True},
}


@pytest.mark.parametrize("form", FORMS)
def test_a_persons_work_survives_every_form_the_standard_allows(district, tmp_path, form):  # noqa: F811
    ids = soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    b = row_of(evidence, ids["Incontro B"])
    evidence.cell(b, 3).fill = PatternFill("solid", fgColor="FFFFFF00")
    evidence.cell(b, 3).font = Font(bold=True, color="FFFF0000")
    evidence.cell(b, 1).comment = Comment("Verbale da chiedere", "Manager")
    evidence.cell(b, 16).value = "richiamare"
    evidence.freeze_panes = "D2"
    book.save(district)
    reformed(district, **FORMS[form])
    counts = []
    for step, member in enumerate(PROGRAMME.members[:3]):
        soste_return(tmp_path / f"r{step}", [f"Incontro {step}"], dt.datetime(2025, 2, 1 + step, 9), member=member)
        report = merge(district, [tmp_path / f"r{step}"])
        assert report.written
        assert_well_formed(district)
        counts.append(cell_formats(district))
        evidence = openpyxl.load_workbook(district)["Evidenze"]
        moved = row_of(evidence, ids["Incontro B"])
        cell = evidence.cell(moved, 3)
        assert (cell.value, cell.fill.fgColor.rgb, cell.font.b, cell.font.color.rgb) == (
            "Incontro B", "FFFFFF00", True, "FFFF0000")
        assert evidence.cell(moved, 1).comment.text == "Verbale da chiedere"
        assert evidence.cell(moved, 16).value == "richiamare"
        assert evidence.freeze_panes == "D2"
    assert counts[1:] == counts[:-1]  # the same formats are not appended again at every write


def test_the_expected_form_is_told_apart_and_reached_with_the_same_content():
    plain = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
             b'<c r="C1"><v>2</v></c></row><row r="3"><c r="B3"><v>5</v></c></row></sheetData></worksheet>')
    assert is_regular(plain) and regular("xl/worksheets/sheet1.xml", plain) is plain
    prefixed = plain.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?xml", b"<?xml").replace(
        b'xmlns="', b'xmlns:x="')
    implied = re.sub(rb' r="[A-Z]+1"', b"", plain.replace(b' r="C1"', b""))  # A1, then B1 for the second cell
    quoted = plain.replace(b'r="A1" t="s"', b"t='s' r='A1'")
    for form in (prefixed, implied, quoted):
        assert not is_regular(form)
        assert is_regular(regular("xl/worksheets/sheet1.xml", form))
    same = etree.tostring(etree.fromstring(regular("p", prefixed)), method="c14n")
    assert same == etree.tostring(etree.fromstring(plain), method="c14n")
    cells = re.findall(rb'<c r="(\w+)"', regular("p", implied))
    assert cells == [b"A1", b"B1", b"B3"]


def test_a_worksheet_that_is_not_xml_is_named_and_nothing_is_written(district, tmp_path):  # noqa: F811
    soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    book.save(district)  # saved by another program: its sheets are checked
    with zipfile.ZipFile(district) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    broken = next(name for name in parts if WORKSHEET.fullmatch(name) and b"<c " in parts[name])
    parts[broken] = parts[broken].replace(b"<c ", b"<c r='A1' ", 1)  # r twice: XML that does not parse
    with zipfile.ZipFile(district, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    before = district.read_bytes()
    soste_return(tmp_path / "r", ["Incontro Z"], dt.datetime(2025, 2, 1, 9), member=PROGRAMME.members[0])
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["merge", str(district), str(tmp_path / "r")])
    assert "Traceback" not in result.output and result.exit_code == 2, result.output
    assert district.read_bytes() == before


def test_a_format_already_in_the_new_styles_is_not_appended_again_when_the_old_ones_are_indented():
    from xlsync.workbook.keep.styles import StyleMerger

    styles = (f'<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font>'
              '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/>'
              '</borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>').encode()
    root = etree.fromstring(styles)
    etree.indent(root, space="    ")
    indented = etree.tostring(root)
    merger = StyleMerger(indented, styles)
    assert (merger.xf(1), merger.xf(0), merger.changed) == (1, 0, False)


def test_whole_rows_and_columns_move_as_a_spreadsheet_moves_them():
    assert moved("SUM(44:44)+$3:3+COUNTA(A:A)+Voci!7:7", 2) == "SUM(46:46)+$3:5+COUNTA(A:A)+Voci!7:7"
    assert moved("SUM(C:D)+B2", 0, 1) == "SUM(D:E)+C2"
    assert moved("SUM(D1048575)+Foglio!Nome", 2) == "SUM(#REF!)+Foglio!Nome"


REFERENCE = st.builds(lambda column, row, fixed: f"{fixed[0]}{column}{fixed[1]}{row}",
                      st.sampled_from(["A", "C", "N", "AB", "XF"]), st.integers(1, 5000),
                      st.sampled_from([("", ""), ("$", ""), ("", "$"), ("$", "$")]))
PIECE = st.one_of(REFERENCE, st.builds(lambda a, b: f"{a}:{b}", REFERENCE, REFERENCE),
                  st.builds(lambda a, b: f"{min(a, b)}:{max(a, b)}", st.integers(1, 5000), st.integers(1, 5000)),
                  st.sampled_from(['"C44"', "Riepilogo!C5", "'Dati B3'!A1:B2", "Tabella1[@Q1]", "PI()", "1.5"]))


@settings(max_examples=examples(200), deadline=None)
@given(pieces=st.lists(PIECE, min_size=1, max_size=5), rows=st.integers(-3000, 3000))
def test_a_formula_moved_and_moved_back_is_the_same(pieces, rows):
    formula = "=" + "+".join(f"SUM({piece})" for piece in pieces)
    there = moved(formula, rows)
    if "#REF!" not in there:
        assert moved(there, -rows) == formula
        assert "Riepilogo!C5" in there or "Riepilogo!C5" not in formula  # another sheet's stays


def test_validation_and_colours_down_to_the_last_row_grow_with_the_evidence(district, tmp_path):  # noqa: F811
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    last = evidence.max_row
    evidence["N1"] = "Stato"
    choice = DataValidation(type="list", formula1='"ok,da vedere"')
    evidence.add_data_validation(choice)
    choice.add(f"N2:N{last}")
    fixed = DataValidation(type="whole", operator="greaterThan", formula1="0")
    evidence.add_data_validation(fixed)
    fixed.add("P2:P60")  # not down to the last row: the person chose where it ends
    evidence.conditional_formatting.add(f"N2:N{last}", CellIsRule(operator="equal", formula=['"da vedere"'],
                                                                   fill=PatternFill("solid", bgColor="FFC7CE")))
    book.save(district)
    for step, member in enumerate(PROGRAMME.members[:2]):
        soste_return(tmp_path / f"r{step}", [f"Incontro {step}a", f"Incontro {step}b"], dt.datetime(2025, 2, 1 + step, 9),
                     member=member)
        merge(district, [tmp_path / f"r{step}"])
        evidence = openpyxl.load_workbook(district)["Evidenze"]
        assert evidence.max_row == last + 2 * (step + 1)
        ranges = sorted(str(v.sqref) for v in evidence.data_validations.dataValidation if v.type in ("list", "whole")
                        and str(v.sqref)[0] in "NP")
        assert ranges == [f"N2:N{evidence.max_row}", "P2:P60"]
        assert [str(rules.sqref) for rules in evidence.conditional_formatting] == [f"N2:N{evidence.max_row}"]


def test_a_column_the_person_filled_with_one_formula_fills_the_rows_a_merge_adds(district, tmp_path):  # noqa: F811
    soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    evidence = book["Evidenze"]
    (table,) = evidence.tables.values()
    last, column = evidence.max_row, evidence.max_column + 1
    letter = openpyxl.utils.get_column_letter(column)
    evidence.cell(1, column).value = "Doppio"
    for row in range(2, last + 1):
        evidence.cell(row, column).value = f"=LEN(C{row})*2"
    book.save(district)
    with zipfile.ZipFile(district) as archive:  # the table takes the column in, as Excel does when one types beside it
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in parts if n.startswith("xl/tables/") and f'name="{table.name}"'.encode() in parts[n])
    root = etree.fromstring(parts[name])
    root.set("ref", f"A1:{letter}{last}")
    root.find(f"{{{MAIN}}}autoFilter").set("ref", f"A1:{letter}{last}")
    columns = root.find(f"{{{MAIN}}}tableColumns")
    added = etree.SubElement(columns, f"{{{MAIN}}}tableColumn", id=str(len(columns) + 1), name="Doppio")
    etree.SubElement(added, f"{{{MAIN}}}calculatedColumnFormula").text = "LEN(C2)*2"
    columns.set("count", str(len(columns)))
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(district, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    for step, member in enumerate(PROGRAMME.members[:2]):
        soste_return(tmp_path / f"r{step}", [f"Incontro {step}a", f"Incontro {step}b"], dt.datetime(2025, 2, 1 + step, 9),
                     member=member)
        merge(district, [tmp_path / f"r{step}"])
        assert_well_formed(district)
        evidence = openpyxl.load_workbook(district)["Evidenze"]
        assert evidence.max_row == last + 2 * (step + 1)
        assert [evidence.cell(row, column).value for row in range(2, evidence.max_row + 1)] == [
            f"=LEN(C{row})*2" for row in range(2, evidence.max_row + 1)]
        (table,) = evidence.tables.values()
        (formula,) = [c.calculatedColumnFormula for c in table.tableColumns if c.name == "Doppio"]
        assert formula.attr_text == "LEN(C2)*2"


THREADED = (b'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            b'<threadedComment ref="C2" dT="2024-05-01T10:00:00.00" personId="{A1B2C3D4-0000-0000-0000-000000000001}" '
            b'id="{A1B2C3D4-0000-0000-0000-000000000002}"><text>Chi ha il verbale?</text></threadedComment>'
            b'</ThreadedComments>')


def with_threaded_comment(path: Path, sheet_name: str) -> None:
    """A thread of Excel 365 on the sheet, as Excel stores it: its own part, named by the sheet."""
    from xlsync.workbook.keep.package import OFFICE_REL, Package, rels_name

    package = Package(path)
    workbook = etree.fromstring(package.read(package.workbook_part()))
    targets = {rel.id: rel.target for rel in package.relationships(package.workbook_part())}
    sheet = next(targets[s.get(f"{{{OFFICE_REL}}}id")] for s in workbook.iter(f"{{{MAIN}}}sheet")
                 if s.get("name") == sheet_name)
    package.close()
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rels = rels_name(sheet)
    relationship = (b'<Relationship Id="rIdThread" Type="http://schemas.microsoft.com/office/2017/10/relationships/'
                    b'threadedComment" Target="../threadedComments/threadedComment1.xml"/>')
    parts[rels] = (parts[rels].replace(b"</Relationships>", relationship + b"</Relationships>") if rels in parts else
                   b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                   b'openxmlformats.org/package/2006/relationships">' + relationship + b"</Relationships>")
    parts["xl/threadedComments/threadedComment1.xml"] = THREADED
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/threadedComments/threadedComment1.xml" '
        b'ContentType="application/vnd.ms-excel.threadedcomments+xml"/></Types>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("sheet", ["Evidenze", "Mio"])
def test_excel_365_threads_are_named_and_the_write_refused_unless_forced(district, tmp_path, sheet):  # noqa: F811
    from xlsync.workbook.keep import KeepRefused

    soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    book.create_sheet("Mio")["A1"] = "i miei conti"
    book["Mio"]["A1"].comment = Comment("una nota", "Manager")
    book.save(district)
    with_threaded_comment(district, sheet)
    before = district.read_bytes()
    soste_return(tmp_path / "r", ["Incontro Z"], dt.datetime(2025, 2, 1, 9), member=PROGRAMME.members[0])
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "r"])
    (problem,) = refused.value.problems
    assert str(problem).startswith(f"distretto.xlsx › {sheet}: ")
    assert "commenti in thread di Excel 365" in str(problem)
    assert district.read_bytes() == before
    merge(district, [tmp_path / "r"], force=True)
    assert_well_formed(district)
    with zipfile.ZipFile(district) as archive:
        assert not [name for name in archive.namelist() if "threadedComment" in name]
        assert not [name for name in archive.namelist() if name.endswith(".rels")
                    and b"threadedComment" in archive.read(name)]
    kept = openpyxl.load_workbook(district)
    assert (kept["Mio"]["A1"].value, kept["Mio"]["A1"].comment.text) == ("i miei conti", "una nota")


def test_a_view_without_xlsyncs_frozen_rows_names_no_pane_that_is_gone(district, tmp_path):  # noqa: F811
    soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    assert book["Evidenze"].freeze_panes == "B2"  # xlsync's: the header and the first column stay in sight
    book["Evidenze"].freeze_panes = None
    book.save(district)
    soste_return(tmp_path / "r", ["Incontro Z"], dt.datetime(2025, 2, 1, 9), member=PROGRAMME.members[0])
    merge(district, [tmp_path / "r"])
    from xlsync.workbook.keep.package import Package

    package = Package(district)
    sheet = next(rel.target for rel in package.relationships(package.workbook_part()) if rel.target.endswith("sheet2.xml"))
    view = etree.fromstring(package.read(sheet)).find(f"{{{MAIN}}}sheetViews/{{{MAIN}}}sheetView")
    package.close()
    assert view.find(f"{{{MAIN}}}pane") is None
    assert [s.get("pane") for s in view.iter(f"{{{MAIN}}}selection") if s.get("pane") not in (None, "topLeft")] == []
