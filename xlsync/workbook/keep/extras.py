"""What a person adds to «Evidenze» that is not a cell: their data validation and conditional formats
(a dropdown and colours on a column they added, say) are carried into the new sheet; merged cells,
pictures and charts on it are named, since xlsync writes the sheet anew and cannot place them (links
go with their rows: `row_marks.py`).

xlsync's own validation of the district's «Evidenze» is on the columns in `layout.EVIDENCE_VALIDATED`,
one column each from row 2; it sets no conditional format there. Anything else is the person's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from xlsync.vocabulary import layout
from xlsync.workbook.keep.package import Package, column_index, column_letters, q

_ELEMENT = {name: re.compile(rb"<%s\b(?:[^>]*/>|.*?</%s>)" % (name, name), re.S)
            for name in (b"dataValidation", b"conditionalFormatting")}
# Excel 2010's own kinds (a list drawn from another sheet, data bars…), in the sheet's extensions.
_EXTENDED = {"validation": re.compile(rb"<x14:dataValidation\b.*?<xm:sqref>([^<]*)</xm:sqref>", re.S),
             "format": re.compile(rb"<x14:conditionalFormatting\b.*?<xm:sqref>([^<]*)</xm:sqref>", re.S)}
_REFERENCE = {"merged": re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\sref="([^"]+)"')}
_ROOT = re.compile(rb"<(worksheet)\b[^>]*>")
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
_ANCHOR = re.compile(rb"<(?:\w+:)?(?:twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?(?:<(?:\w+:)?from>.*?"
                     rb"<(?:\w+:)?col>(\d+)</(?:\w+:)?col>.*?<(?:\w+:)?row>(\d+)</(?:\w+:)?row>|</(?:\w+:)?absoluteAnchor>)",
                     re.S)
# Where each goes in a worksheet: before the first of the elements the schema puts after it.
_AFTER_FORMATS = (b"dataValidations",)
_AFTER_VALIDATIONS = (b"hyperlinks", b"printOptions", b"pageMargins", b"pageSetup", b"headerFooter", b"rowBreaks",
                      b"colBreaks", b"customProperties", b"cellWatches", b"ignoredErrors", b"smartTags", b"drawing",
                      b"legacyDrawing", b"legacyDrawingHF", b"picture", b"oleObjects", b"controls",
                      b"webPublishItems", b"tableParts", b"extLst")


@dataclass(frozen=True)
class Extras:
    """The person's validation and conditional formats on «Evidenze» (XML, formats numbered as in the old
    file), and what on it cannot be carried: (cell or range, what)."""

    validations: tuple[bytes, ...] = ()
    formats: tuple[bytes, ...] = ()
    lost: tuple[tuple[str, str], ...] = ()
    last_row: int = 0  # the table's last row in the old file: a range down to it grows with the table

    def __bool__(self) -> bool:
        return bool(self.validations or self.formats)


def read_extras(package: Package, sheet: str, data: bytes) -> Extras:
    """What the person added to the sheet `sheet` (its bytes `data`) besides cells."""
    end = data.rfind(b"</sheetData>")
    tail = data[end:] if end >= 0 else b""
    extensions = tail.find(b"<extLst")
    tail, extended = (tail[:extensions], tail[extensions:]) if extensions >= 0 else (tail, b"")
    root = _ROOT.search(data)
    validations = []
    for element in _elements(b"dataValidation", tail, root):
        # a cell copied from xlsync's column into the person's takes xlsync's validation along: theirs is the rest
        person = [part for part in element.get("sqref", "").split() if not _own_validation(part)]
        if person:
            element.set("sqref", " ".join(person))
            validations.append(element)
    formats = tuple(_elements(b"conditionalFormatting", tail, root))
    lost = [(ref.decode(), what) for what, pattern in _REFERENCE.items() for ref in pattern.findall(tail)]
    lost += [(ref.decode(), what) for what, pattern in _EXTENDED.items() for ref in pattern.findall(extended)
             if not (what == "validation" and _own_validation(ref.decode()))]
    for rel in package.relationships(sheet):
        if rel.kind == "drawing" and package.has(rel.target):
            lost += [(_anchor_cell(anchor), "drawing") for anchor in _ANCHOR.finditer(package.read(rel.target))]
    return Extras(tuple(map(etree.tostring, validations)), tuple(map(etree.tostring, formats)), tuple(lost))


def _elements(name: bytes, tail: bytes, root) -> list:
    """The sheet's own elements `name` (those written without a prefix, as Excel, LibreOffice and
    XlsxWriter write them), parsed where the sheet's namespaces are declared."""
    if root is None:
        return []
    found = []
    for match in _ELEMENT[name].finditer(tail):
        try:
            found.append(etree.fromstring(root.group(0) + match.group(0) + b"</worksheet>")[0])
        except etree.XMLSyntaxError:
            continue
    return found


def _anchor_cell(anchor: re.Match) -> str:
    """The cell a picture or chart is drawn from ("" when it is placed by its position only)."""
    if anchor.group(1) is None:
        return ""
    return f"{column_letters(int(anchor.group(1)))}{int(anchor.group(2)) + 1}"


def moved_extras(extras: Extras, columns) -> Extras:
    """The person's validation and conditional formats on the columns where `columns` (0-based old →
    new) puts theirs; what then lies on a column xlsync validates is xlsync's."""
    def moved(element, own) -> bool:
        parts = []
        for part in element.get("sqref", "").split():
            match = _RANGE.fullmatch(part)
            if match is None:
                continue
            first, last = columns(column_index(match.group(1))), columns(column_index(match.group(3) or match.group(1)))
            part = f"{column_letters(first)}{match.group(2)}"
            if match.group(3):
                part += f":{column_letters(last)}{match.group(4)}"
            if not own(part):
                parts.append(part)
        element.set("sqref", " ".join(parts))
        return bool(parts)
    validations = [e for e in map(etree.fromstring, extras.validations) if moved(e, _own_validation)]
    formats = [e for e in map(etree.fromstring, extras.formats) if moved(e, lambda part: False)]
    return Extras(tuple(map(etree.tostring, validations)), tuple(map(etree.tostring, formats)), extras.lost,
                  extras.last_row)


def last_row(sheet: bytes) -> int:
    """The last row of a sheet, as its dimension says (xlsync's «Evidenze» holds its table only)."""
    dimension = _DIMENSION.search(sheet, 0, 4096)
    return int(dimension.group(1) or 1) if dimension else 0


def grown(extras: Extras, last_row: int) -> Extras:
    """The person's ranges that run from the table's first rows down to its last row, run down to
    `last_row`, the new last row, as a spreadsheet table grows what is set on its columns."""
    def grow(xml: bytes) -> bytes:
        element = etree.fromstring(xml)
        parts = []
        for part in element.get("sqref", "").split():
            match = _RANGE.fullmatch(part)
            if match and match.group(3) and int(match.group(2)) <= 2 and int(match.group(4)) == extras.last_row:
                part = f"{match.group(1)}{match.group(2)}:{match.group(3)}{last_row}"
            parts.append(part)
        element.set("sqref", " ".join(parts))
        return etree.tostring(element)
    if not extras.last_row or not last_row or last_row == extras.last_row:
        return extras
    return Extras(tuple(map(grow, extras.validations)), tuple(map(grow, extras.formats)), extras.lost, last_row)



def _own_validation(sqref: str) -> bool:
    """A validation xlsync writes: one of its columns, from row 2."""
    ranges = [_RANGE.fullmatch(part) for part in sqref.split()]
    if not ranges or any(r is None for r in ranges):
        return False
    columns = {(r.group(1), r.group(3) or r.group(1)) for r in ranges}
    if len(columns) != 1:
        return False
    first, last = columns.pop()
    return first == last and column_index(first) in layout.EVIDENCE_VALIDATED and all(int(r.group(2)) >= 2 for r in ranges)



def put_extras(path: str, extras: Extras, dxf) -> None:
    """Add the person's validation and conditional formats to the new sheet (the file at `path`);
    `dxf(n)`: the new number of the old file's differential format n."""
    with open(path, "rb") as handle:
        data = handle.read()
    extras = grown(extras, last_row(data))
    if extras.formats:
        formats = []
        for xml in extras.formats:
            element = etree.fromstring(xml)
            for rule in element.iter(q("cfRule")):
                if rule.get("dxfId") is not None:
                    rule.set("dxfId", str(dxf(int(rule.get("dxfId")))))
            formats.append(etree.tostring(element))
        data = _insert(data, b"".join(formats), _AFTER_FORMATS + _AFTER_VALIDATIONS)
    if extras.validations:
        block = re.search(rb'<dataValidations count="(\d+)">', data)
        added = b"".join(extras.validations)
        if block:
            count = int(block.group(1)) + len(extras.validations)
            data = data[:block.start()] + b'<dataValidations count="%d">' % count + added + data[block.end():]
        else:
            data = _insert(data, b'<dataValidations count="%d">%s</dataValidations>' % (len(extras.validations), added),
                           _AFTER_VALIDATIONS)
    with open(path, "wb") as handle:
        handle.write(data)


def _insert(data: bytes, xml: bytes, before: tuple[bytes, ...]) -> bytes:
    end = data.rfind(b"</sheetData>")
    places = [found for name in before if (found := data.find(b"<" + name, end)) >= 0]
    at = min(places) if places else data.rfind(b"</worksheet>")
    return data[:at] + xml + data[at:]
