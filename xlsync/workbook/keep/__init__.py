"""The district workbook is the manager's: what a person adds survives every write.

xlsync owns, in the district workbook, its sheets' content (the cells it writes, its tables and
their formulas' values, the charts, validation and protection it sets), its defined names, its
stamp and its ledgers. Everything else belongs to the person who works in the file. A write over
an existing district does not regenerate that: xlsync writes its own package as always, and before
the new file is put in place (`atomic.write_atomically`) this pass carries the person's parts of
the old package into it, byte for byte (`finish`): sheets a person added with every part they use
and the names they defined (`carry.py`); in xlsync's own sheets, the person's view of them
(`views.py`), the criteria of their filters (`filters.py`), their validation and conditional formats
on «Evidenze» (`extras.py`) and, on evidence rows, the formats, notes, links and cells that travel
with each row's ID (`row_marks.py`, `links.py`; where each goes: `placing.py`; formulas moved with their
rows: `moved_formulas.py`). An .ods district goes through the same
pass: LibreOffice converts it to a package first, and the package written is converted back.

What the pass cannot keep is found first (`plan`), before anything is written; the write then
refuses unless forced. What a carried cell names and the old file does not hold (a shared string, a
format) is found as it is carried (`finish`), and refuses the write the same way before the new file
takes the district's name: never an empty text or a default format in its place unless forced.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from xlsync import messages
from xlsync.errors import Problem, WorkbookError, XlsyncError
from xlsync.programme.model import Evidence, Reject
from xlsync.vocabulary import layout
from xlsync.vocabulary.values import fold
from xlsync.workbook.keep.carry import NOT_CARRIED, Carrier, styles_part
from xlsync.workbook.keep.extras import Extras, last_row, moved_extras, put_extras, read_extras
from xlsync.workbook.keep.filters import column_formulas, put_filters, read_column_formulas, read_filters
from xlsync.workbook.keep.links import put_links
from xlsync.workbook.keep.moved_formulas import without_formula
from xlsync.workbook.keep.package import OFFICE_REL, IrregularPart, Package, parse, q, rels_name, resolve, serialise
from xlsync.workbook.keep.person_sheets import carry_sheet, free_table_name, has_formulas, table_name
from xlsync.workbook.keep.placing import Columns, Unnamed, content, marked_rows, moved_marks, rejects_column
from xlsync.workbook.keep.row_marks import MARK_FORMATTED, MARK_PLAIN, Lazy, RowMarks, put_cells, put_rich_notes, read_marks
from xlsync.workbook.keep.views import SheetView, moved_view, put_views, read_views

_ON_EVIDENCE = {"merged": ("celle unite", "merged cells"),
                "drawing": ("un'immagine, un grafico o una forma", "a picture, a chart or a shape"),
                "validation": ("una convalida dei dati (di Excel 2010 e successivi)", "a data validation (Excel 2010 and later)"),
                "format": ("una formattazione condizionale (di Excel 2010 e successivi)",
                           "a conditional format (Excel 2010 and later)")}
_OFF_ROW = {"note": ("una nota", "a note"), "cell": ("una cella accanto alla tabella", "a cell beside the table"),
            "value": ("un valore in una colonna aggiunta alla tabella", "a value in a column added to the table"),
            "link": ("un collegamento", "a link")}


__all__ = ["MARK_FORMATTED", "MARK_PLAIN", "Columns", "Kept", "KeepRefused", "RowMarks", "Unnamed", "finish",
           "moved", "place", "plan", "write_notes"]


class KeepRefused(XlsyncError):
    """A write would lose some of what a person made in the district workbook."""


@dataclass(frozen=True)
class PersonSheet:
    name: str
    part: str  # in the old package
    kind: str  # "worksheet" or "chartsheet"
    state: str | None  # "hidden", "veryHidden" or None
    after: str | None  # the sheet of xlsync it followed (None: it was the first)


@dataclass(frozen=True)
class Kept:
    """What belongs to the person in an existing district workbook, found before a write."""

    source: Path
    name: str  # the district's file name, as messages show it
    sheets: tuple[PersonSheet, ...] = ()
    names: tuple[tuple[str, str | None, bytes], ...] = ()  # defined names: name, the sheet it is local to, XML
    views: dict[str, SheetView] = field(default_factory=dict)  # xlsync's sheets as the person arranged them
    marks: RowMarks = field(default_factory=RowMarks)  # formats and notes on evidence rows, by ID
    filters: dict[str, list[bytes]] = field(default_factory=dict)  # the criteria of filters on xlsync's tables
    formulas: dict[str, dict[str, str]] = field(default_factory=dict)  # calculated columns of xlsync's tables
    lost: tuple[Problem, ...] = ()  # what the write cannot keep
    rejects: RowMarks = field(default_factory=RowMarks)  # on the rows of «Scarti», by the row (a `Reject`)
    extras: Extras = field(default_factory=Extras)  # validation and conditional formats on «Evidenze»
    hidden: dict[str, str] = field(default_factory=dict)  # xlsync's sheets the person hid (folded name → state)
    force: bool = False  # written even losing what cannot be kept (the write was forced)

    @property
    def empty(self) -> bool:
        return not (self.sheets or self.names or self.views or self.marks or self.filters or self.rejects
                    or self.extras or self.hidden or self.formulas)


def plan(path: str | Path, own_sheets: Iterable[str], ids: Callable[[], Mapping[int, str]],
         force: bool = False, name: str | None = None,
         rejects: Callable[[], Mapping[int, Reject]] = dict, renamed: Mapping[str, str] | None = None) -> Kept | None:
    """What of the district file at `path` is the person's, to carry into its next version.

    `own_sheets`: the sheets xlsync writes; `ids()`: the ID of each evidence row by its row in the
    file, `rejects()`: each row of «Scarti» by its row (as the reader found them; asked for only when
    needed); `name`: the file's name in messages
    (an .ods district is planned on its xlsx conversion, `writer.write_workbook`); `renamed`: xlsync's
    sheets a person renamed, their name → xlsync's (xlsync's, never carried as the person's). None when there is
    nothing to carry from (no file, or not an .xlsx package). Raises `KeepRefused` naming what cannot
    be kept, unless `force`.
    """
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return None
    package = Package(path)
    try:
        kept = _plan(package, {fold(name) for name in own_sheets}, ids, rejects, name or path.name, renamed or {})
    except IrregularPart as exc:
        raise messages.error("keep_part_unreadable", name or path.name, cls=WorkbookError,
                             part=exc.part, detail=exc.detail) from exc
    finally:
        package.close()
    _refuse(kept.name, kept.lost, force)
    return replace(kept, force=force)


def _refuse(name: str, lost: Sequence[Problem], force: bool) -> None:
    if lost and not force:
        raise messages.error("keep_refused", name, cls=KeepRefused, problems=tuple(lost), count=len(lost))


def _plan(package: Package, own: set[str], ids: Callable[[], Mapping[int, str]],
          rejects: Callable[[], Mapping[int, Reject]], where: str, renamed: Mapping[str, str]) -> Kept:
    root = parse(package.read(package.workbook_part()))
    for sheet in root.iter(q("sheet")):  # xlsync's sheets a person renamed are xlsync's, as if named so
        if sheet.get("name") in renamed:
            sheet.set("name", renamed[sheet.get("name")])
    targets = {rel.id: rel for rel in package.relationships(package.workbook_part())}
    sheets, lost = _person_sheets(package, root, targets, own, where)
    lost += [messages.problem("keep_unprotected", f"{where} › {name}") for name in _unprotected(package, root, targets, own)]
    styles = package.read(part) if (part := styles_part(package)) else None
    marks, extras = {}, Extras()
    for sheet, keys in ((layout.EVIDENCE, ids), (layout.REJECTS, rejects)):
        part = next((targets.get(s.get(q("id", OFFICE_REL))) for s in root.iter(q("sheet"))
                     if fold(s.get("name", "")) == fold(sheet)), None)
        if part is None or not package.has(part.target):
            continue
        data = Lazy(lambda part=part: package.read(part.target))
        if any(rel.kind == "threadedComment" for rel in package.relationships(part.target)):
            lost.append(messages.problem("keep_threaded", f"{where} › {sheet}"))
        added = len(layout.DISTRICT_EVIDENCE_COLUMNS) if sheet == layout.EVIDENCE else None
        marks[sheet] = read_marks(package, part.target, keys, styles, data, added, row_looks=sheet == layout.EVIDENCE)
        lost += [messages.problem("keep_off_row", f"{where} › {sheet} › {cell}", cell=cell, thing=_OFF_ROW[what])
                 for cell, what in marks[sheet].off_rows]
        if sheet == layout.EVIDENCE and package.zip.comment != MARK_PLAIN:
            extras = read_extras(package, part.target, data())
            if extras:
                extras = replace(extras, last_row=last_row(data()))
            lost += [messages.problem("keep_on_evidence", " › ".join(filter(None, (where, sheet, ref))),
                                      thing=_ON_EVIDENCE[what]) for ref, what in extras.lost]
    filters = read_filters(package) if package.zip.comment != MARK_PLAIN else {}
    formulas = read_column_formulas(package) if package.zip.comment != MARK_PLAIN else {}
    return Kept(package.path, where, tuple(sheets), _person_names(root, {sheet.name for sheet in sheets}),
                read_views(package, root, targets, own), marks.get(layout.EVIDENCE, RowMarks()), filters, formulas,
                tuple(lost), marks.get(layout.REJECTS, RowMarks()), extras,
                {fold(sheet.get("name", "")): sheet.get("state") for sheet in root.iter(q("sheet"))
                 if sheet.get("state") in ("hidden", "veryHidden") and fold(sheet.get("name", "")) in own
                 and fold(sheet.get("name", "")) != fold(layout.META)})



def _person_sheets(package: Package, workbook, targets, own: set[str], file: str) -> tuple[list[PersonSheet], list[Problem]]:
    """The sheets that are not xlsync's, and what in them cannot be carried."""
    sheets, lost, after = [], [], None
    for sheet in workbook.iter(q("sheet")):
        name, rel = sheet.get("name", ""), targets.get(sheet.get(q("id", OFFICE_REL)))
        if fold(name) in own:
            after = name
        if fold(name) in own or rel is None:
            continue
        sheets.append(PersonSheet(name, rel.target, rel.kind, sheet.get("state"), after))
        for part in _closure(package, rel.target):
            for used in package.relationships(part):
                if used.kind in NOT_CARRIED:
                    lost.append(messages.problem("keep_not_carried", f"{file} › {name}", part=NOT_CARRIED[used.kind]))
            table = table_name(package.read(part)) if package.content_type(part)[0].endswith(".table+xml") else None
            if table and fold(table) in own:  # xlsync's tables are named as its sheets
                lost.append(messages.problem("keep_table_name", f"{file} › {name}", table=table,
                                             new=free_table_name(table, own)))
    return sheets, lost


def _person_names(workbook, person: set[str]) -> tuple[tuple[str, str | None, bytes], ...]:
    """The defined names that are not xlsync's nor the application's: name, the sheet it is local to, XML."""
    positions = {str(index): sheet.get("name", "") for index, sheet in enumerate(workbook.iter(q("sheet")))}
    names = []
    for element in workbook.iter(q("definedName")):
        local = positions.get(element.get("localSheetId")) if element.get("localSheetId") is not None else None
        name = element.get("name", "")
        if local is not None and local not in person:
            continue  # a name of one of xlsync's sheets: xlsync's, or the application's (filters)
        if local is None and (name.startswith("_xlnm.") or name.startswith("__Anonymous_Sheet_DB__")):
            continue
        names.append((name, local, etree.tostring(element, with_tail=False)))
    return tuple(names)


_PROTECTED = re.compile(rb'<(?:\w+:)?sheetProtection\b(?![^>]*\ssheet="(?:0|false)")')


def _unprotected(package: Package, workbook, targets, own: set[str]) -> list[str]:
    """xlsync's sheets someone took the protection off (to type in them: what they typed is not kept)."""
    found = []
    for sheet in workbook.iter(q("sheet")):
        name = sheet.get("name", "")
        rel = targets.get(sheet.get(q("id", OFFICE_REL)))
        if fold(name) not in own or fold(name) == fold(layout.EVIDENCE) or rel is None or rel.kind != "worksheet":
            continue
        if package.has(rel.target) and not _PROTECTED.search(package.read(rel.target)):
            found.append(name)
    return found


def _closure(package: Package, part: str) -> list[str]:
    """The part and every part it uses, directly or not."""
    found, todo = [], [part]
    while todo:
        item = todo.pop()
        if item in found or not package.has(item):
            continue
        found.append(item)
        todo += [rel.target for rel in package.relationships(item) if not rel.external]
    return found


def moved(kept: Kept, columns: Columns) -> Kept:
    """What the person made on «Evidenze» that lies on its columns, where `columns` puts them."""
    views = dict(kept.views)
    if fold(layout.EVIDENCE) in views:
        views[fold(layout.EVIDENCE)] = moved_view(views[fold(layout.EVIDENCE)], columns)
    return replace(kept, views=views, extras=moved_extras(kept.extras, columns))


def place(kept: Kept, evidence: Sequence[Evidence], old: Sequence[Evidence], rejects: Sequence[Reject],
          force: bool, columns: Columns) -> dict[str, RowMarks]:
    """Where what the person put on rows goes in the new file: by sheet, by the row's new number. An
    evidence row's goes with its ID (a row typed without one, with the row it was in `old`), in
    «Evidenze» or, when the row leaves for «Scarti», onto the row that keeps it there (each column where
    «Scarti» holds it: the ID's and added columns' on «Motivo», which names them); a row of «Scarti»
    keeps its own. A marked row that goes nowhere is named, and the write refused unless `force`.
    `columns`: where each column of the old «Evidenze» is in the new one."""
    rows: dict[Any, int] = {}
    if kept.marks:
        unnamed = {row.row: content(row) for row in old if not row.row_id and row.row}
        for number, row in enumerate(evidence, 2):
            if row.row_id:
                rows[row.row_id] = number
            if row.row in unnamed and unnamed[row.row] == content(row):
                rows.setdefault(Unnamed(row.row), number)
    leaving, at = {}, {}
    for number, reject in enumerate(rejects, 2):
        at.setdefault(reject, number)
        if reject.row_id:
            leaving[reject.row_id] = number
    marks = kept.marks
    gone = [key for key in marked_rows(marks) if key not in rows and key not in leaving]
    lost = [messages.problem("keep_row_gone", f"{kept.name} › {layout.EVIDENCE}", row_id=key) for key in gone]
    lost += [messages.problem("keep_reject_gone", f"{kept.name} › {layout.REJECTS} › riga {key.row}")
             for key in marked_rows(kept.rejects) if key not in at]
    _refuse(kept.name, lost, force)
    leaving_marks = RowMarks(marks.formats, marks.notes, {  # cells beside the table, as values: no formula there
        key: {c: without_formula(xml) for c, xml in cells.items() if columns(c) > columns.last}
        for key, cells in marks.cells.items()}, marks.looks, links=marks.links)
    moved_in = moved_marks(leaving_marks, leaving.get, lambda column: rejects_column(columns(column), columns.last))
    stayed = moved_marks(kept.rejects, at.get, lambda column: column)
    return {layout.EVIDENCE: moved_marks(kept.marks, rows.get, columns), layout.REJECTS: stayed | moved_in}


def finish(kept: Kept, parts, placed: Mapping[str, RowMarks]) -> None:
    """Carry the person's parts of `kept.source` into the package being written (`parts`: its parts by
    name, `read` and `write`), before xlsync's hidden stamp (last). `placed`: what goes on rows (`place`)."""
    if kept.hidden:
        _hide(parts, kept.hidden)
    if kept.views:
        put_views(kept.views, parts)
    if kept.filters:
        put_filters(parts, kept.filters)
    for sheet, marks in placed.items():
        if marks.notes:
            put_rich_notes(parts, _sheet_part(parts, sheet), marks.notes)
    on_rows = {sheet: marks for sheet, marks in placed.items() if marks.in_sheet}
    calculated = column_formulas(parts, kept.formulas, _table_sheets(parts)) if kept.formulas else {}
    if kept.sheets or kept.names or on_rows or kept.extras or calculated:
        with contextlib.closing(Package(kept.source)) as old:
            carrier = Carrier(old, parts)
            carrier.carry(kept, layout.META)
            for sheet in {*on_rows, *calculated}:
                marks = on_rows.get(sheet, RowMarks())
                carrier.where = f"{kept.name} › {sheet}"
                cells = _row_cells(marks, carrier)
                for row, formulas in calculated.get(sheet, {}).items():  # a cell the person filled stays theirs
                    cells[row] = {**formulas, **cells.get(row, {})} if not any(
                        isinstance(cells.get(row, {}).get(c), int) for c in formulas) else _formatted(formulas, cells[row])
                put_cells(parts.files[_sheet_part(parts, sheet)], cells, marks.looks)
                put_links(parts, _sheet_part(parts, sheet), marks.links)
                if calculated.get(sheet) or any(has_formulas(xml) for cells in marks.cells.values() for xml in cells.values()):
                    carrier.recalculate_on_load()
            if kept.extras:
                put_extras(parts.files[_sheet_part(parts, layout.EVIDENCE)], kept.extras, carrier.styles.dxf)
            if carrier.styles.changed:
                parts.write("xl/styles.xml", carrier.styles.result())
            _refuse(kept.name, carrier.lost(kept.name), kept.force)


def _row_cells(marks: RowMarks, carrier: Carrier) -> dict[int, dict[int, int | bytes]]:
    """What goes on each row (`marks` by the new row): formats (numbers in the new file) and cells beside
    the table."""
    found: dict[int, dict[int, int | bytes]] = {}
    for row, formats in marks.formats.items():
        found.setdefault(row, {}).update({c: carrier.styles.xf(s) for c, s in formats.items()})
    for row, cells in marks.cells.items():
        found.setdefault(row, {}).update(
            {c: carry_sheet(xml, carrier.styles, carrier.shared_string, keep_values=True) for c, xml in cells.items()})
    return found


def write_notes(placed: Mapping[str, RowMarks], sheets: Mapping[str, Any]) -> None:
    """The person's notes on rows, where `place` put them (XlsxWriter's `sheets` by name); two landing
    on one cell become one."""
    for sheet, marks in placed.items():
        cells: dict[tuple[int, int], tuple[str, list[str]]] = {}
        for row, notes in marks.notes.items():
            for column, author, text, _rich in notes:
                cells.setdefault((row - 1, column), (author, []))[1].append(text)
        for (row, column), (author, texts) in cells.items():
            sheets[sheet].write_comment(row, column, "\n".join(texts), {"author": author} if author else {})


def _hide(parts, hidden: Mapping[str, str]) -> None:
    """Hide again xlsync's sheets the person hid (not the one the file opens on)."""
    workbook = parse(parts.read("xl/workbook.xml"))
    view = workbook.find(f"{q('bookViews')}/{q('workbookView')}")
    active = int(view.get("activeTab", "0")) if view is not None else 0
    for index, sheet in enumerate(workbook.iter(q("sheet"))):
        state = hidden.get(fold(sheet.get("name", "")))
        if state and index != active:
            sheet.set("state", state)
    parts.write("xl/workbook.xml", serialise(workbook))


def _formatted(formulas: dict[int, bytes], cells: dict[int, int | bytes]) -> dict[int, int | bytes]:
    """A row's cells: the person's, and the calculated columns' formulas in the cells they only formatted."""
    out = {**formulas, **cells}
    for column, xml in formulas.items():
        if isinstance(cells.get(column), int):
            out[column] = xml.replace(b"><f>", b' s="%d"><f>' % cells[column], 1)
    return out


def _table_sheets(parts) -> Callable[[str], str]:
    """The sheet (its name) each table part of the new package is on."""
    workbook = parse(parts.read("xl/workbook.xml"))
    targets = {rel.get("Id"): rel.get("Target") for rel in parse(parts.read("xl/_rels/workbook.xml.rels"))}
    on = {}
    for sheet in workbook.iter(q("sheet")):
        part = resolve("xl/workbook.xml", targets[sheet.get(q("id", OFFICE_REL))])
        if rels_name(part) in parts.files:
            for rel in parse(parts.read(rels_name(part))):
                if rel.get("Type", "").endswith("/table"):
                    on[resolve(part, rel.get("Target", ""))] = sheet.get("name", "")
    return on.__getitem__


def _sheet_part(parts, name: str) -> str:
    workbook = parse(parts.read("xl/workbook.xml"))
    targets = {rel.get("Id"): rel.get("Target") for rel in parse(parts.read("xl/_rels/workbook.xml.rels"))}
    sheet = next(s for s in workbook.iter(q("sheet")) if s.get("name") == name)
    return resolve("xl/workbook.xml", targets[sheet.get(q("id", OFFICE_REL))])


