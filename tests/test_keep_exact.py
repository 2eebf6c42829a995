"""What the keep pass carries is carried exactly, or named and the write refused: a note's rich text
keeps its runs, and a cell that names a shared string or a format the file does not hold is never
written as an empty text or the default format unless the write is forced."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.comments import Comment
from test_keep import PROGRAMME, assert_well_formed, district, row_of, soste_merged, soste_return  # noqa: F401

from xlsync.partners.merge import merge
from xlsync.workbook.keep import KeepRefused
from xlsync.workbook.keep.package import MAIN
from xlsync.workbook.keep.row_marks import put_rich_notes
from xlsync.workbook.reader import read_district

RICH = (f'<text xmlns="{MAIN}"><r><rPr><b/><sz val="9"/><color rgb="FFFF0000"/><rFont val="Tahoma"/></rPr>'
        '<t>Manager:</t></r><r><rPr><i/><sz val="9"/><rFont val="Tahoma"/></rPr>'
        '<t xml:space="preserve">\nVerbale da chiedere</t></r></text>')


def rewritten(path: Path, change) -> None:
    """The file with each part `change(name, data)` returns instead of its own."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, change(info.filename, data))


def shape(element) -> list:
    """An element as its tags, attributes and texts, whatever prefixes and declarations its XML uses."""
    return [(e.tag, sorted(e.attrib.items()), e.text) for e in element.iter()]


def evidence_notes(path: Path) -> dict[str, etree._Element]:
    """The <text> of each note on «Evidenze», by its cell."""
    with zipfile.ZipFile(path) as archive:
        book = openpyxl.load_workbook(path)
        index = book.sheetnames.index("Evidenze")
        sheet = etree.fromstring(archive.read("xl/workbook.xml")).findall(f".//{{{MAIN}}}sheet")[index]
        rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        part = "xl/" + next(r.get("Target") for r in rels if r.get("Id") == rid).removeprefix("/xl/")
        sheet_rels = etree.fromstring(archive.read(part.replace("worksheets/", "worksheets/_rels/") + ".rels"))
        target = next(r.get("Target") for r in sheet_rels if r.get("Type").endswith("/comments"))
        comments = etree.fromstring(archive.read("xl/" + target.removeprefix("../").removeprefix("/xl/")))
    return {c.get("ref"): c.find(f"{{{MAIN}}}text") for c in comments.iter(f"{{{MAIN}}}comment")}


def test_a_notes_rich_text_travels_with_its_row_run_for_run(district, tmp_path):  # noqa: F811
    ids = soste_merged(district, tmp_path)
    book = openpyxl.load_workbook(district)
    b = row_of(book["Evidenze"], ids["Incontro B"])
    book["Evidenze"].cell(b, 3).comment = Comment("Verbale da chiedere", "Manager")
    book.save(district)
    rewritten(district, lambda name, data: re.sub(rb"<text>.*?</text>", RICH.replace(f' xmlns="{MAIN}"', "").encode(),
                                                  data) if name.startswith("xl/comments/") else data)
    assert shape(evidence_notes(district)[f"C{b}"]) == shape(etree.fromstring(RICH))
    # another member's row comes first now: Soste's rows move one down
    soste_return(tmp_path / "v2", ["Incontro X"], dt.datetime(2025, 1, 9, 9), member=PROGRAMME.members[0])
    soste_return(tmp_path / "v2", ["Incontro A", "Incontro B"], dt.datetime(2025, 1, 11, 9))
    for _ in range(2):  # and again: what was carried is found and carried the same
        merge(district, [tmp_path / "v2"])
        assert_well_formed(district)
        moved = row_of(openpyxl.load_workbook(district)["Evidenze"], ids["Incontro B"])
        assert moved == b + 1
        notes = evidence_notes(district)
        assert list(notes) == [f"C{moved}"]
        assert shape(notes[f"C{moved}"]) == shape(etree.fromstring(RICH))
        assert openpyxl.load_workbook(district)["Evidenze"].cell(moved, 3).comment.text == "Manager:\nVerbale da chiedere"


def test_two_notes_landing_on_one_cell_keep_each_its_runs():
    """A plain note and a rich one joined on one cell: the plain one a run, the rich one its runs."""
    class Parts:
        files = {"xl/worksheets/sheet2.xml": "", "xl/worksheets/_rels/sheet2.xml.rels": "", "xl/comments1.xml": ""}
        data = {"xl/worksheets/_rels/sheet2.xml.rels": (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1"'
            b' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"'
            b' Target="../comments1.xml"/></Relationships>'),
            "xl/comments1.xml": (f'<comments xmlns="{MAIN}"><authors><author/></authors><commentList>'
                                 '<comment ref="A2" authorId="0"><text><t>Uno\nDue</t></text></comment>'
                                 '</commentList></comments>').encode()}

        def read(self, name):
            return self.data[name]

        def write(self, name, data):
            self.data[name] = data

    parts = Parts()
    put_rich_notes(parts, "xl/worksheets/sheet2.xml", {2: [(0, "", "Uno", None), (0, "", "Due", RICH.encode())]})
    text = etree.fromstring(parts.data["xl/comments1.xml"]).find(f".//{{{MAIN}}}text")
    runs = ["".join(t.text for t in run.iter(f"{{{MAIN}}}t")) for run in text]
    assert runs == ["Uno", "\n", "Manager:", "\nVerbale da chiedere"]
    assert [run.find(f"{{{MAIN}}}rPr") is not None for run in text] == [False, False, True, True]


def with_my_sheet(district: Path) -> None:  # noqa: F811
    book = openpyxl.load_workbook(district)
    mine = book.create_sheet("Mio")
    mine["A1"] = "da chiamare"
    mine["A2"] = 5
    mine["A2"].number_format = '0.000" kg"'
    book.save(district)


def sheet_of(archive: zipfile.ZipFile, holding: bytes) -> str:
    return next(name for name in archive.namelist() if name.startswith("xl/worksheets/sheet") and holding in archive.read(name))


def test_a_cell_naming_a_shared_string_the_file_lacks_is_named_and_the_write_refused(district, tmp_path):  # noqa: F811
    with_my_sheet(district)
    with zipfile.ZipFile(district) as archive:
        mine = sheet_of(archive, b"da chiamare")
    rewritten(district, lambda name, data: re.sub(rb'<c r="A1"[^>]*>.*?</c>', b'<c r="A1" t="s"><v>999</v></c>', data)
              if name == mine else data)
    before = district.read_bytes()
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "v1"])
    assert [str(p) for p in refused.value.problems] == [
        "distretto.xlsx › Mio › A1: la cella rimanda al testo condiviso n. 999, che il file non ha: il suo testo "
        "manca: aprire il file in Excel o LibreOffice, controllare la cella e salvarlo, poi ripetere il comando; "
        "con --force la cella è scritta vuota"]
    assert district.read_bytes() == before
    assert sorted(path.name for path in district.parent.iterdir() if path.name.startswith((".", "distretto"))) == [
        ".distretto.xlsx.xlsync-lock", "distretto.xlsx"]  # no backup, no temporary file left
    assert read_district(district).evidence == ()
    merge(district, [tmp_path / "v1"], force=True)
    assert_well_formed(district)
    mine = openpyxl.load_workbook(district)["Mio"]
    assert (mine["A1"].value, mine["A2"].value, mine["A2"].number_format) == ("", 5, '0.000" kg"')  # an empty text


def test_a_cell_format_or_number_format_the_file_lacks_is_named_and_the_write_refused(district, tmp_path):  # noqa: F811
    with_my_sheet(district)
    with zipfile.ZipFile(district) as archive:
        mine = sheet_of(archive, b"da chiamare")
        styles = archive.read("xl/styles.xml")
    number = re.search(rb'<numFmt numFmtId="(\d+)" formatCode="0.000&quot; kg&quot;"/>', styles)
    cell_formats = len(etree.fromstring(styles).find(f"{{{MAIN}}}cellXfs"))

    def broken(name: str, data: bytes) -> bytes:
        if name == "xl/styles.xml":  # the number format's definition left out
            return data.replace(number.group(0), b"")
        if name == mine:  # and A1 names a cell format past the last one
            return re.sub(rb'(<c r="A1"[^>]*?)(?: s="\d+")?([ >/])', rb'\1 s="%d"\2' % (cell_formats + 5), data, count=1)
        return data

    rewritten(district, broken)
    before = district.read_bytes()
    soste_return(tmp_path / "v1", ["Incontro A"], dt.datetime(2025, 1, 10, 9))
    with pytest.raises(KeepRefused) as refused:
        merge(district, [tmp_path / "v1"])
    fix = ("aprire il file in Excel o LibreOffice e salvarlo, poi ripetere il comando; con --force quelle celle prendono "
           "il formato predefinito")
    assert sorted(str(p) for p in refused.value.problems) == [
        f"distretto.xlsx: delle celle usano il formato di cella n. {cell_formats + 5}, che il file non definisce: {fix}",
        f"distretto.xlsx: delle celle usano il formato numerico n. {int(number.group(1))}, che il file non definisce: "
        f"{fix}"]
    assert refused.value.text("en").splitlines()[0] == (
        "distretto.xlsx: the workbook cannot be written without losing things made by hand (2, listed below); the file "
        "was not changed: fix them as shown, or run the command again with --force to write it anyway, losing them")
    assert refused.value.text("en").splitlines()[1].startswith("  - distretto.xlsx: some cells use ")
    assert district.read_bytes() == before
    merge(district, [tmp_path / "v1"], force=True)
    assert_well_formed(district)
    mine = openpyxl.load_workbook(district)["Mio"]
    assert (mine["A1"].value, mine["A2"].value, mine["A2"].number_format) == ("da chiamare", 5, "General")
