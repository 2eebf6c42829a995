"""The district workbook is the manager's: what a person adds survives every write.

xlsync owns, in the district workbook, its sheets' content (the cells it writes, its tables and
their formulas' values, the charts, validation and protection it sets), its defined names, its
stamp and its ledgers. Everything else belongs to the person who works in the file. A write over
an existing district does not regenerate that: xlsync writes its own package as always, and before
the new file is put in place (`writer.write_atomically`) this pass carries the person's parts of
the old package into it, byte for byte (`carry`): sheets a person added with every part they use,
the names they defined; in xlsync's own sheets, the person's view of them (`views.py`) and, on
evidence rows, the formats and notes that travel with each row's ID (`rows.py`).

What the pass cannot keep is found first (`plan`), before anything is written; the write then
refuses unless forced.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from xlsync import messages
from xlsync.errors import Problem, XlsyncError
from xlsync.workbook import layout
from xlsync.workbook.keep.cells import carry_sheet, carry_table, has_formulas
from xlsync.workbook.keep.filters import put_filters, read_filters
from xlsync.workbook.keep.package import (
    CONTENT_TYPES,
    OFFICE_REL,
    PACKAGE_REL,
    Package,
    free_name,
    parse,
    q,
    relative,
    rels_name,
    resolve,
    serialise,
)
from xlsync.workbook.keep.rows import MARK_FORMATTED, MARK_PLAIN, RowMarks, put_cells, read_marks
from xlsync.workbook.keep.styles import StyleMerger
from xlsync.workbook.keep.views import SheetView, apply_view, read_views, sheet_head, view_of
from xlsync.workbook.values import fold

_OFF_ROW = {"note": ("una nota", "a note"), "cell": ("una cella accanto alla tabella", "a cell beside the table")}
# Parts a person's sheet may use that point at workbook-wide parts the pass does not carry.
_NOT_CARRIED = {"pivotTable": ("una tabella pivot", "a pivot table"),
                "slicer": ("un filtro dati (slicer)", "a slicer"),
                "timeline": ("una sequenza temporale", "a timeline")}


__all__ = ["MARK_FORMATTED", "MARK_PLAIN", "Kept", "KeepRefused", "finish", "plan", "write_notes"]


class KeepRefused(XlsyncError):
    """A write would lose some of what a person made in the district workbook."""


@dataclass(frozen=True)
class PersonSheet:
    name: str
    part: str  # in the old package
    kind: str  # "worksheet" or "chartsheet"
    state: str | None  # "hidden", "veryHidden" or None


@dataclass(frozen=True)
class Kept:
    """What belongs to the person in an existing district workbook, found before a write."""

    source: Path
    sheets: tuple[PersonSheet, ...] = ()
    names: tuple[tuple[str, str | None, bytes], ...] = ()  # defined names: name, the sheet it is local to, XML
    views: dict[str, SheetView] = field(default_factory=dict)  # xlsync's sheets as the person arranged them
    marks: RowMarks = field(default_factory=RowMarks)  # formats and notes on evidence rows, by ID
    filters: dict[str, list[bytes]] = field(default_factory=dict)  # the criteria of filters on xlsync's tables
    lost: tuple[Problem, ...] = ()  # what the write cannot keep

    @property
    def empty(self) -> bool:
        return not (self.sheets or self.names or self.views or self.marks or self.filters)


def plan(path: str | Path, own_sheets: Iterable[str], ids: Callable[[], Mapping[int, str]],
         force: bool = False) -> Kept | None:
    """What of the district file at `path` is the person's, to carry into its next version.

    `own_sheets`: the sheets xlsync writes; `ids()`: the ID of each evidence row by its row in the
    file (as the reader found them; asked for only when needed). None when there is nothing to carry from (no file, or not an
    .xlsx package: an .ods district is converted at the edges). Raises `KeepRefused` naming what
    cannot be kept, unless `force`.
    """
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return None
    package = Package(path)
    try:
        kept = _plan(package, {fold(name) for name in own_sheets}, ids)
    finally:
        package.close()
    if kept.lost and not force:
        head = messages.problem("keep_refused", path.name, count=len(kept.lost))
        raise KeepRefused(str(head), kept.lost)
    return kept


def _plan(package: Package, own: set[str], ids: Callable[[], Mapping[int, str]]) -> Kept:
    workbook = package.workbook_part()
    root = parse(package.read(workbook))
    targets = {rel.id: rel for rel in package.relationships(workbook)}
    sheets, positions, lost = [], {}, []
    where = package.path.name
    for index, sheet in enumerate(root.iter(q("sheet"))):
        name = sheet.get("name", "")
        rel = targets.get(sheet.get(q("id", OFFICE_REL)))
        positions[str(index)] = name
        if fold(name) in own or rel is None:
            continue
        sheets.append(PersonSheet(name, rel.target, rel.kind, sheet.get("state")))
        for part in _closure(package, rel.target):
            for used in package.relationships(part):
                if used.kind in _NOT_CARRIED:
                    lost.append(messages.problem("keep_not_carried", f"{where} › {name}", part=_NOT_CARRIED[used.kind]))
    person = {sheet.name for sheet in sheets}
    names = []
    for element in root.iter(q("definedName")):
        local = positions.get(element.get("localSheetId")) if element.get("localSheetId") is not None else None
        name = element.get("name", "")
        if local is not None and local not in person:
            continue  # a name of one of xlsync's sheets: xlsync's, or the application's (filters)
        if local is None and (name.startswith("_xlnm.") or name.startswith("__Anonymous_Sheet_DB__")):
            continue
        names.append((name, local, etree.tostring(element, with_tail=False)))
    views = read_views(package, root, targets, own)
    lost += [messages.problem("keep_unprotected", f"{where} › {name}") for name in _unprotected(package, root, targets, own)]
    evidence = next((targets.get(sheet.get(q("id", OFFICE_REL))) for sheet in root.iter(q("sheet"))
                     if fold(sheet.get("name", "")) == fold(layout.EVIDENCE)), None)
    marks = RowMarks()
    if evidence is not None and package.has(evidence.target):
        styles = _styles_part(package)
        marks = read_marks(package, evidence.target, ids, package.read(styles) if styles else None)
        lost += [messages.problem("keep_off_row", f"{where} › {layout.EVIDENCE} › {cell}", cell=cell,
                                  thing=_OFF_ROW[what]) for cell, what in marks.off_rows]
    filters = read_filters(package) if package.zip.comment != MARK_PLAIN else {}
    return Kept(package.path, tuple(sheets), tuple(names), views, marks, filters, tuple(lost))


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


def finish(kept: Kept, parts, rows: Mapping[str, int]) -> None:
    """Carry the person's parts of `kept.source` into the package being written (`parts`: its parts by
    name, `read` and `write`), before xlsync's hidden stamp (last). `rows`: the new row of each
    evidence row's ID."""
    if kept.views:
        put_views(kept, parts)
    if kept.filters:
        put_filters(parts, kept.filters)
    if kept.sheets or kept.names or kept.marks.formats or kept.marks.cells:
        with contextlib.closing(Package(kept.source)) as old:
            carrier = _Carrier(old, parts)
            carrier.carry(kept, layout.META)
            if kept.marks.formats or kept.marks.cells:
                put_cells(parts.files[_sheet_part(parts, layout.EVIDENCE)], _row_cells(kept.marks, rows, carrier))
            if carrier.styles.changed:
                parts.write("xl/styles.xml", carrier.styles.result())


def _row_cells(marks: RowMarks, rows: Mapping[str, int], carrier: _Carrier) -> dict[int, dict[int, int | bytes]]:
    """What goes on each new evidence row: formats (numbers in the new file) and cells beside the table."""
    found: dict[int, dict[int, int | bytes]] = {}
    for row_id, formats in marks.formats.items():
        if row_id in rows:
            found.setdefault(rows[row_id], {}).update({c: carrier.styles.xf(s) for c, s in formats.items()})
    for row_id, cells in marks.cells.items():
        if row_id in rows:
            found.setdefault(rows[row_id], {}).update(
                {c: carry_sheet(xml, carrier.styles, carrier.shared_string) for c, xml in cells.items()})
    return found


def write_notes(kept: Kept, sheet, rows: Mapping[str, int]) -> None:
    """The person's notes on evidence rows, on the rows their IDs have now (XlsxWriter's `sheet`)."""
    for row_id, notes in kept.marks.notes.items():
        if row_id in rows:
            for column, author, text in notes:
                sheet.write_comment(rows[row_id] - 1, column, text, {"author": author} if author else {})


def _sheet_part(parts, name: str) -> str:
    workbook = parse(parts.read("xl/workbook.xml"))
    targets = {rel.get("Id"): rel.get("Target") for rel in parse(parts.read("xl/_rels/workbook.xml.rels"))}
    sheet = next(s for s in workbook.iter(q("sheet")) if s.get("name") == name)
    return resolve("xl/workbook.xml", targets[sheet.get(q("id", OFFICE_REL))])


def put_views(kept: Kept, parts) -> None:
    """xlsync's sheets in the new package get the view the person gave them."""
    workbook = parse(parts.read("xl/workbook.xml"))
    targets = {rel.get("Id"): rel.get("Target") for rel in parse(parts.read("xl/_rels/workbook.xml.rels"))}
    for sheet in workbook.iter(q("sheet")):
        view = kept.views.get(fold(sheet.get("name", "")))
        target = targets.get(sheet.get(q("id", OFFICE_REL)))
        if view is None or target is None:
            continue
        path = parts.files[resolve("xl/workbook.xml", target)]
        with open(path, "rb") as stream:
            head = sheet_head(stream)
        if head is None or view_of(head) == view:  # as xlsync writes it: nothing to do (the quick path)
            continue
        changed = apply_view(head, view)
        if changed != head:
            replace_head(path, len(head), changed)


def replace_head(path: str, old_length: int, head: bytes) -> None:
    """Put `head` in place of the first `old_length` bytes of the file (the cells after it may be
    hundreds of megabytes: copied in large blocks)."""
    with open(path, "rb") as source, open(f"{path}.head", "wb") as target:
        target.write(head)
        source.seek(old_length)
        shutil.copyfileobj(source, target, 1 << 22)
    os.replace(f"{path}.head", path)


class _Carrier:
    def __init__(self, old: Package, parts):
        self.old, self.parts = old, parts
        self.taken = set(parts.files)
        self.styles = StyleMerger(old.read(_styles_part(old)) if _styles_part(old) else None, parts.read("xl/styles.xml"))
        self.types = parse(parts.read("[Content_Types].xml"))
        self.workbook = parse(parts.read("xl/workbook.xml"))
        self.workbook_rels = parse(parts.read("xl/_rels/workbook.xml.rels"))
        self.renamed: dict[str, str] = {}
        self.formulas = False
        self._strings: list[bytes] | None = None
        self.next_table = 1 + sum(1 for name in self.taken if name.startswith("xl/tables/"))

    def carry(self, kept: Kept, meta_sheet: str) -> None:
        if not kept.sheets and not kept.names:
            return
        sheets = self.workbook.find(q("sheets"))
        entries = list(sheets)
        at = next((i for i, e in enumerate(entries) if e.get("name") == meta_sheet), len(entries))
        next_id = 1 + max((int(e.get("sheetId", 0)) for e in entries), default=0)
        for offset, sheet in enumerate(kept.sheets):
            part = self._carry_part(sheet.part)
            rel_id = self._relate(part, sheet.kind)
            element = etree.Element(q("sheet"), name=sheet.name, sheetId=str(next_id + offset))
            if sheet.state:
                element.set("state", sheet.state)
            element.set(q("id", OFFICE_REL), rel_id)
            sheets.insert(at + offset, element)
        self._names(kept, at)
        if self.formulas:  # the person's formulas computed again on opening, against the new values
            calc = self.workbook.find(q("calcPr"))
            if calc is None:
                calc = etree.SubElement(self.workbook, q("calcPr"))
            calc.set("fullCalcOnLoad", "1")
        self.parts.write("xl/workbook.xml", serialise(self.workbook))
        self.parts.write("xl/_rels/workbook.xml.rels", serialise(self.workbook_rels))
        self.parts.write("[Content_Types].xml", serialise(self.types))

    def _carry_part(self, part: str) -> str:
        """Copy a part and everything it uses under free names; return its new name."""
        if part in self.renamed:
            return self.renamed[part]
        new = self.renamed[part] = free_name(part, self.taken)
        content_type, own_type = self.old.content_type(part)
        data = self.old.read(part)
        if content_type.endswith((".worksheet+xml", ".chartsheet+xml")):
            self.formulas |= has_formulas(data)
            data = carry_sheet(data, self.styles, self.shared_string)
        elif content_type.endswith(".table+xml"):
            data = carry_table(data, self.styles, self._table_id())
        self.parts.write(new, data)
        self._declare(new, content_type, own_type)
        rels = self.old.relationships(part)
        if rels:
            root = parse(self.old.read(rels_name(part)))
            for element, rel in zip(root.iter(q("Relationship", PACKAGE_REL)), rels, strict=True):
                if not rel.external and self.old.has(rel.target):
                    element.set("Target", relative(new, self._carry_part(rel.target)))
            self.parts.write(rels_name(new), serialise(root))
        return new

    def _table_id(self) -> int:
        self.next_table += 1
        return self.next_table

    def _relate(self, part: str, kind: str) -> str:
        taken = {rel.get("Id") for rel in self.workbook_rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        etree.SubElement(self.workbook_rels, q("Relationship", PACKAGE_REL), Id=f"rId{number}",
                         Type=f"{OFFICE_REL}/{kind}", Target=relative("xl/workbook.xml", part))
        return f"rId{number}"

    def _declare(self, part: str, content_type: str, own_type: bool) -> None:
        extension = part.rsplit(".", 1)[-1].lower()
        defaults = {d.get("Extension", "").lower() for d in self.types.iter(q("Default", CONTENT_TYPES))}
        if own_type:
            etree.SubElement(self.types, q("Override", CONTENT_TYPES), PartName=f"/{part}", ContentType=content_type)
        elif extension not in defaults:
            self.types.insert(0, etree.Element(q("Default", CONTENT_TYPES), Extension=extension, ContentType=content_type))

    def _names(self, kept: Kept, at: int) -> None:
        """The person's defined names, after the local ones of xlsync's sheets moved by the insertion."""
        defined = self.workbook.find(q("definedNames"))
        if defined is None:
            if not kept.names:
                return
            defined = etree.Element(q("definedNames"))
            self.workbook.find(q("sheets")).addnext(defined)
        for element in defined:
            local = element.get("localSheetId")
            if local is not None and int(local) >= at:
                element.set("localSheetId", str(int(local) + len(kept.sheets)))
        existing = {(e.get("name", "").casefold(), e.get("localSheetId")) for e in defined}
        index = {sheet.name: at + i for i, sheet in enumerate(kept.sheets)}
        for name, local, xml in kept.names:
            element = parse(xml)
            if local is not None:
                element.set("localSheetId", str(index[local]))
            if (name.casefold(), element.get("localSheetId")) in existing:
                continue  # xlsync defines it: xlsync's
            self.formulas = True
            defined.append(element)

    def shared_string(self, index: int) -> bytes:
        if self._strings is None:
            self._strings = _shared_strings(self.old)
        return self._strings[index] if index < len(self._strings) else b"<t></t>"


def _styles_part(package: Package) -> str | None:
    rels = package.relationships(package.workbook_part())
    return next((rel.target for rel in rels if rel.kind == "styles" and package.has(rel.target)), None)


def _shared_strings(package: Package) -> list[bytes]:
    rels = package.relationships(package.workbook_part())
    part = next((rel.target for rel in rels if rel.kind == "sharedStrings" and package.has(rel.target)), None)
    if part is None:
        return []
    root = parse(package.read(part))
    return [b"".join(etree.tostring(child, with_tail=False) for child in item) for item in root if isinstance(item.tag, str)]
