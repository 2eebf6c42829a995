"""On evidence rows, the person's formats and notes travel with the row's ID.

A merge may move a row (rows are kept in the order of their returns), update it from a newer
return, or take it away; what the person did to the row goes wherever its ID goes. Formats are
found by what they look like, whatever application saved the file: a fill, a border, or a font
bold, italic, underlined, struck out or coloured is the person's (xlsync writes evidence rows
plain). A file xlsync wrote itself, with no format carried, says so in its zip comment
(`MARK_PLAIN`): its hundreds of thousands of rows are not searched.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from xlsync.workbook.keep.links import Link, read_links
from xlsync.workbook.keep.moved_formulas import moved_cell, shared_formulas, unshared
from xlsync.workbook.keep.package import Package, column_index, column_letters, parse, q, rels_name, resolve, serialise
from xlsync.workbook.keep.views import sheet_head

MARK_PLAIN = b"xlsync: evidence rows plain"  # the zip comment of a district whose rows and filters are xlsync's
MARK_FORMATTED = b"xlsync: evidence rows formatted"
_PLAIN_FILLS = {None, "none", "gray125"}
_PLAIN_COLOURS = {("rgb", "FF000000"), ("theme", "1"), ("indexed", "8"), ("indexed", "64"), ("auto", "1"),
                  ("auto", "true")}
_CELL_REFERENCE = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"')
_DIMENSION_REF = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FORMULA = re.compile(rb"<f[\s>/]")  # the sheet is in the expected form: <xm:f> of an extension is no cell formula
_FILLED = re.compile(rb"<(?:\w+:)?(?:v|f|is)[\s>]")


@dataclass(frozen=True)
class RowMarks:
    """What the person put on the rows of a table, by what each row is (an evidence row's ID, a row
    of «Scarti»), and what sits on no row."""

    formats: dict[Any, dict[int, int]] = field(default_factory=dict)  # row → {0-based column: the old file's format}
    # row → [(column, author, text, its rich text: the note's <text> element as written, or None when plain)]
    notes: dict[Any, list[tuple[int, str, str, bytes | None]]] = field(default_factory=dict)
    cells: dict[Any, dict[int, bytes]] = field(default_factory=dict)  # row → {column: a cell beside the table (XML)}
    looks: dict[Any, bytes] = field(default_factory=dict)  # row → its hiding, height and outline (attributes)
    off_rows: tuple[tuple[str, str], ...] = ()  # (cell, what): a note or a cell on a row that is none of the table's
    last: int | None = None  # the table's last column (0-based) in the old sheet
    links: dict[Any, dict[int, Link]] = field(default_factory=dict)  # row → {column: a link on a cell}

    def __bool__(self) -> bool:
        return bool(self.formats or self.notes or self.cells or self.looks or self.links)

    def __or__(self, other: RowMarks) -> RowMarks:
        """Both marks (`other`'s on a row both mark)."""
        return RowMarks({**self.formats, **other.formats}, {**self.notes, **other.notes},
                        {**self.cells, **other.cells}, {**self.looks, **other.looks}, links={**self.links, **other.links})

    @property
    def in_sheet(self) -> bool:
        """Something to put into the new sheet's rows."""
        return bool(self.formats or self.cells or self.looks or self.links)


def read_marks(package: Package, sheet: str, row_ids: Callable[[], Mapping[int, Hashable]],
               styles: bytes | None, data: Lazy | None = None, first_added: int | None = None,
               row_looks: bool = True) -> RowMarks:
    """The formats, notes and cells beside the table on the rows of an old sheet of xlsync's (part
    `sheet`); `row_ids()`: what each row is (an evidence row's ID; asked only when something is found:
    a district has many rows); `data`: the sheet's bytes, when read already; `first_added`: the first
    column of the table a person may have added (their formulas there are theirs); `row_looks`: whether
    the rows' heights and hiding are the person's (xlsync sets none on evidence rows)."""
    notes: dict[Hashable, list[tuple[int, str, str, bytes | None]]] = {}
    off_rows = []
    for rel in package.relationships(sheet):
        if rel.kind == "comments" and package.has(rel.target):
            for row, column, author, text, rich in _comments(package.read(rel.target)):
                ids = row_ids()
                if row in ids:
                    notes.setdefault(ids[row], []).append((column, author, text, rich))
                else:
                    off_rows.append((f"{column_letters(column)}{row}", "note"))
    formats: dict[Hashable, dict[int, int]] = {}
    cells: dict[Hashable, dict[int, bytes]] = {}
    looks: dict[Hashable, bytes] = {}
    links: dict[Hashable, dict[int, Link]] = {}
    last = _table_last_column(package, sheet)
    if package.zip.comment != MARK_PLAIN:  # saved by an application since xlsync wrote it, or formatted
        data = data or Lazy(lambda: package.read(sheet))
        personal = _personal_formats(styles) if styles else set()
        if personal:
            numbers = b"|".join(b"%d" % n for n in sorted(personal))
            pattern = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"(?: t="\w+")? s="(' + numbers + rb')"')
            for match in pattern.finditer(data()):
                row, ids = int(match.group(2)), row_ids()
                if row in ids:
                    formats.setdefault(ids[row], {})[column_index(match.group(1))] = int(match.group(3))
        shared = None
        for row, column, xml, what in _person_cells(package, sheet, data, last, first_added):
            ids = row_ids()
            if row not in ids:  # a formula filled down an added column below the rows is the column's: not kept
                if what != "formula":
                    off_rows.append((f"{column_letters(column)}{row}", what))
                continue
            if what == "value":  # a row's value in an added column: its data, which the reader reads
                continue
            if b't="shared"' in xml:
                shared = shared if shared is not None else shared_formulas(data())
                xml = unshared(xml, shared, row, column)
            cells.setdefault(ids[row], {})[column] = xml
        for match in _ROW_TAG.finditer(data() if row_looks else b""):
            look = _look(match.group(2))
            if look:
                ids = row_ids()
                if int(match.group(1)) in ids:
                    looks[ids[int(match.group(1))]] = look
        for row, column, link in read_links(package, sheet, data()):
            ids = row_ids()
            if row in ids:
                links.setdefault(ids[row], {})[column] = link
            else:
                off_rows.append((f"{column_letters(column)}{row}", "link"))
    return RowMarks(formats, notes, cells, looks, tuple(off_rows), last, links)


_ROW_TAG = re.compile(rb'<(?:\w+:)?row r="(\d+)"([^>]*)>')
_ROW_ATTRIBUTE = re.compile(rb'\s(hidden|ht|customHeight|outlineLevel|collapsed)="([^"]*)"')


def _look(attributes: bytes) -> bytes:
    """A row's hiding, height and outline as attributes, when the person set any (else b"")."""
    found = dict(_ROW_ATTRIBUTE.findall(attributes))
    hidden = found.get(b"hidden") in (b"1", b"true")
    high = found.get(b"customHeight") in (b"1", b"true") and b"ht" in found
    level = found.get(b"outlineLevel", b"0") not in (b"0", b"")
    if not (hidden or high or level):
        return b""
    look = b' hidden="1"' if hidden else b""
    look += b' ht="%s" customHeight="1"' % found[b"ht"] if high else b""
    look += b' outlineLevel="%s"' % found[b"outlineLevel"] if level else b""
    return look + (b' collapsed="1"' if found.get(b"collapsed") in (b"1", b"true") else b"")


class Lazy:
    """A sheet's bytes, read once when first needed."""

    def __init__(self, read):
        self.read, self.data = read, None

    def __call__(self) -> bytes:
        if self.data is None:
            self.data = self.read()
        return self.data


def _person_cells(package: Package, sheet: str, data: Lazy, last: int | None,
                  first_added: int | None) -> list[tuple[int, int, bytes, str]]:
    """The person's cells on the rows of a table (its `last` column): (row, column, the cell's XML, what):
    in the columns they added to it (from `first_added`, or right of it with a header) the formulas and
    the values, and cells with a value right of it in columns with no header."""
    found = []
    if last is not None and first_added is not None and first_added <= last:
        for row, column, xml in _cells(data(), range(first_added, last + 1)):
            if row > 1 and _FILLED.search(xml):
                found.append((row, column, xml, "formula" if _FORMULA.search(xml) else "value"))
    with package.open(sheet) as stream:
        head = sheet_head(stream) or b""
    dimension = _DIMENSION_REF.search(head)
    if last is None or dimension is None or dimension.group(3) is None or column_index(dimension.group(3)) <= last:
        return found  # nothing right of the table (the quick look: the sheet says where its cells end)
    headed = set()
    for row, column, xml in _cells(data(), range(last + 1, column_index(dimension.group(3)) + 1)):
        if not _FILLED.search(xml):
            continue
        if row == 1:
            headed.add(column)  # a column with a header is the table's (the reader reads it)
        elif column not in headed:
            found.append((row, column, xml, "cell"))
        else:  # a column the person added with its header (not in the table's range)
            found.append((row, column, xml, "formula" if _FORMULA.search(xml) else "value"))
    return found


def _cells(data: bytes, columns: range) -> list[tuple[int, int, bytes]]:
    """The cells of `data` in `columns`: (row, column, the cell's XML)."""
    letters = b"|".join(_letters(column) for column in columns)
    pattern = re.compile(rb'<(?:\w+:)?c r="(' + letters + rb')(\d+)"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)', re.S)
    return [(int(m.group(2)), column_index(m.group(1)), m.group(0)) for m in pattern.finditer(data)]


def _table_last_column(package: Package, sheet: str) -> int | None:
    for rel in package.relationships(sheet):
        if rel.kind == "table" and package.has(rel.target):
            ref = parse(package.read(rel.target)).get("ref", "")
            match = re.fullmatch(r"\$?[A-Z]+\$?\d+:\$?([A-Z]+)\$?\d+", ref)
            if match:
                return column_index(match.group(1).encode())
    return None


def put_cells(path: str, cells: Mapping[int, Mapping[int, int | bytes]], looks: Mapping[int, bytes]) -> None:
    """Give cells of the new sheet (the file at `path`) a format, or put a cell there:
    {1-based row: {0-based column: a format number, or a cell's XML}}; and give rows a look:
    {1-based row: attributes}."""
    with open(path, "rb") as handle:
        data = handle.read()
    pieces, cursor = [], 0
    for number in sorted({*cells, *looks}):
        start = data.find(b'<row r="%d"' % number, cursor)
        if start < 0:
            continue
        end = data.find(b"</row>", start)
        row = _row_with(data[start:end], number, cells.get(number, {}))
        tag = len(b'<row r="%d"' % number)
        if looks.get(number):  # the person's height and hiding, in place of the row's own
            close = row.find(b">")
            row = row[:tag] + looks[number] + _ROW_ATTRIBUTE.sub(b"", row[tag:close]) + row[close:]
        pieces += [data[cursor:start], row]
        cursor = end
    pieces.append(data[cursor:])
    data = _wide_enough(b"".join(pieces), max((c for row in cells.values() for c, v in row.items()
                                               if isinstance(v, bytes)), default=None))
    depth = max((int(level) for look in looks.values() for level in re.findall(rb'outlineLevel="(\d+)"', look)), default=0)
    if depth:  # grouped rows: the sheet says how deep, for the outline's buttons
        data = re.sub(rb"<((?:\w+:)?sheetFormatPr\b[^>]*?)\s*/>",
                      lambda m: b"<" + re.sub(rb'\soutlineLevelRow="\d+"', b"", m.group(1)) + b' outlineLevelRow="%d"/>'
                      % depth, data, count=1)
    with open(path, "wb") as handle:
        handle.write(data)


def _wide_enough(data: bytes, column: int | None) -> bytes:
    """The sheet with its dimension reaching `column` (0-based), where cells were put beyond it: the
    next write finds them by that dimension (`_person_cells`), as applications do."""
    match = _DIMENSION_REF.search(data) if column is not None else None
    if match is None:
        return data
    first_column, first_row, last_column, last_row = match.groups()
    if last_column is None:
        last_column, last_row = first_column, first_row
    if column_index(last_column) >= column:
        return data
    ref = b"%s%s:%s%s" % (first_column, first_row, _letters(column), last_row)
    return data[:match.start(1)] + ref + data[match.end(4) if match.group(4) else match.end(2):]


def _row_with(row: bytes, number: int, cells: Mapping[int, int | bytes]) -> bytes:
    """A <row> (without its end tag) whose cells in `cells` have those formats (empty cells are made)
    or are those cells."""
    for column, style in sorted(cells.items()):
        ref = b"%s%d" % (_letters(column), number)
        found = row.find(b'<c r="%s"' % ref)
        if isinstance(style, bytes):  # a whole cell, at its new row, its formula moved with it
            was = re.search(rb'\sr="[A-Z]+(\d+)"', style)
            cell = re.sub(rb'(\sr=")[A-Z]+\d+(")', lambda m, ref=ref: m.group(1) + ref + m.group(2),
                          style, count=1)
            cell = moved_cell(cell, number - int(was.group(1))) if was else cell
            if found >= 0:  # in place of what xlsync wrote there (the value of the person's formula)
                tag_end = row.find(b">", found)
                end = tag_end + 1 if row[tag_end - 1:tag_end] == b"/" else row.find(b"</c>", found) + len(b"</c>")
                row = row[:found] + cell + row[end:]
                continue
            at = next((m.start() for m in _CELL_REFERENCE.finditer(row) if column_index(m.group(1)) > column), len(row))
            row = row[:at] + cell + row[at:]
            continue
        if found >= 0:
            tag_end = row.find(b">", found)
            rest = re.sub(rb'\ss="\d+"', b"", row[found + len(b'<c r="%s"' % ref):tag_end])
            # the format right after the reference, as every application writes it (and `read_marks` finds it)
            row = row[:found] + b'<c r="%s" s="%d"' % (ref, style) + rest + row[tag_end:]
            continue
        at = next((m.start() for m in _CELL_REFERENCE.finditer(row) if column_index(m.group(1)) > column), len(row))
        row = row[:at] + b'<c r="%s" s="%d"/>' % (ref, style) + row[at:]
    return row


def _personal_formats(styles: bytes) -> set[int]:
    root = parse(styles)
    lists = {name: [item for item in (root.find(q(name)) if root.find(q(name)) is not None else [])
                    if isinstance(item.tag, str)] for name in ("fonts", "fills", "borders", "cellXfs")}
    personal = set()
    for index, xf in enumerate(lists["cellXfs"]):
        font, fill, border = (_item(lists[name], xf.get(attribute)) for name, attribute in
                              (("fonts", "fontId"), ("fills", "fillId"), ("borders", "borderId")))
        if _marked_font(font) or _marked_fill(fill) or _marked_border(border):
            personal.add(index)
    return personal


def _item(items: list, index: str | None):
    return items[int(index)] if index is not None and index.isdigit() and int(index) < len(items) else None


def _marked_font(font) -> bool:
    if font is None:
        return False
    for child in font:
        name = etree_name(child)
        if name in ("b", "i", "u", "strike") and child.get("val", "1") not in ("0", "false", "none"):
            return True
        if name == "color" and not any((key, value) in _PLAIN_COLOURS for key, value in child.attrib.items()):
            return True
    return False


def _marked_fill(fill) -> bool:
    if fill is None:
        return False
    pattern = fill.find(q("patternFill"))
    if pattern is None:
        return len(fill) > 0  # a gradient
    return pattern.get("patternType") not in _PLAIN_FILLS


def _marked_border(border) -> bool:
    return border is not None and any(side.get("style") not in (None, "none") for side in border)


def etree_name(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _comments(data: bytes) -> list[tuple[int, int, str, str, bytes | None]]:
    """Each note: its row and column, author, text, and its <text> element when it is rich text (runs,
    each with its font), to be carried as it is."""
    root = parse(data)
    authors = [author.text or "" for author in root.iter(q("author"))]
    found = []
    for comment in root.iter(q("comment")):
        match = re.fullmatch(r"([A-Z]{1,3})(\d+)", comment.get("ref", ""))
        if match is None:
            continue
        text = "".join(t.text or "" for t in comment.iter(q("t")))
        index = int(comment.get("authorId", "0"))
        author = authors[index] if index < len(authors) else ""
        rich = comment.find(q("text"))
        rich = etree.tostring(rich, with_tail=False) if rich is not None and rich.find(q("r")) is not None else None
        found.append((int(match.group(2)), column_index(match.group(1).encode()), author, text, rich))
    return found


def put_rich_notes(parts, sheet: str, notes: Mapping[int, list[tuple[int, str, str, bytes | None]]]) -> None:
    """The rich text of the person's notes (`notes` by the new row) in place of the plain text the notes
    of sheet part `sheet` were written with (XlsxWriter writes only plain text); notes joined on one cell
    keep each its runs, a line apart."""
    cells: dict[str, list[tuple[str, bytes | None]]] = {}
    for row, items in notes.items():
        for column, _author, text, rich in items:
            cells.setdefault(f"{column_letters(column)}{row}", []).append((text, rich))
    cells = {ref: texts for ref, texts in cells.items() if any(rich for _, rich in texts)}
    if not cells:
        return
    target = next(resolve(sheet, rel.get("Target", "")) for rel in parse(parts.read(rels_name(sheet)))
                  if rel.get("Type", "").endswith("/comments"))
    root = parse(parts.read(target))
    for comment in root.iter(q("comment")):
        if comment.get("ref") in cells:
            runs = []
            for index, (text, rich) in enumerate(cells[comment.get("ref")]):
                if index:
                    runs.append(_run("\n"))
                runs += [copy.deepcopy(r) for r in parse(rich).iter(q("r"))] if rich else [_run(text)]
            old = comment.find(q("text"))
            new = etree.Element(q("text"))
            new.extend(runs)
            comment.replace(old, new)
    parts.write(target, serialise(root))


def _run(text: str):
    run = etree.Element(q("r"))
    t = etree.SubElement(run, q("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _letters(column: int) -> bytes:
    return column_letters(column).encode()
