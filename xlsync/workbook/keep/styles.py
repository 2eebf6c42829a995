"""Cell styles carried from one workbook to another: the old file's formats appended to the new one's.

A cell names its format by number (`s="7"`), an index into `cellXfs` of `styles.xml`; a format
names its font, fill, border and number format by number too, and a conditional format names a
differential format (`dxfId`). Each format the person's cells use is appended to the new file's
lists, with the numbers it names remapped, once.
"""

from __future__ import annotations

import copy

from lxml import etree

from xlsync.workbook.keep.package import MAIN, parse, q, serialise

_FIRST_CUSTOM_NUMBER_FORMAT = 164  # below it the number formats are built in and need no definition
# Where each list goes in styles.xml (the schema fixes the order).
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
          "colors", "extLst")


class StyleMerger:
    """Appends the old workbook's formats to the new one's `styles.xml`, on demand."""

    def __init__(self, old: bytes | None, new: bytes):
        self.new = parse(new)
        self.old = parse(old) if old else None
        self.xfs: dict[int, int] = {}
        self.dxfs: dict[int, int] = {}
        self.parts: dict[tuple[str, int], int] = {}
        self.number_formats: dict[int, int] = {}
        self.changed = False
        # What the old file's formats name and its styles.xml does not hold ((list, number), in order):
        # each takes the new file's default (0) only when the write is forced (`keep.finish`).
        self.missing: dict[tuple[str, int], None] = {}

    def xf(self, old: int) -> int:
        """The number in the new file of the old file's cell format `old`."""
        if old in self.xfs:
            return self.xfs[old]
        source = self._items("cellXfs", self.old)
        if old >= len(source):
            self.xfs[old] = self._missing("cellXfs", old)
            return 0
        xf = _own(copy.deepcopy(source[old]))
        for attribute, kind in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            if xf.get(attribute) is not None:
                xf.set(attribute, str(self._part(kind, int(xf.get(attribute)))))
        if xf.get("numFmtId") is not None:
            xf.set("numFmtId", str(self._number_format(int(xf.get("numFmtId")))))
        xf.set("xfId", "0")  # the named cell styles stay the new file's
        self.xfs[old] = self._append("cellXfs", xf)
        return self.xfs[old]

    def dxf(self, old: int) -> int:
        """The number in the new file of the old file's differential format (conditional formats, tables)."""
        if old not in self.dxfs:
            source = self._items("dxfs", self.old)
            self.dxfs[old] = (self._append("dxfs", _own(copy.deepcopy(source[old]))) if old < len(source)
                              else self._missing("dxfs", old))
        return self.dxfs[old]

    def result(self) -> bytes:
        return serialise(self.new)

    def _part(self, kind: str, old: int) -> int:
        key = (kind, old)
        if key not in self.parts:
            source = self._items(kind, self.old)
            self.parts[key] = (self._append(kind, _own(copy.deepcopy(source[old]))) if old < len(source)
                               else self._missing(kind, old))
        return self.parts[key]

    def _number_format(self, old: int) -> int:
        if old < _FIRST_CUSTOM_NUMBER_FORMAT:
            return old
        if old not in self.number_formats:
            code = next((f.get("formatCode") for f in self._items("numFmts", self.old) if f.get("numFmtId") == str(old)),
                        None)
            if code is None:
                self.number_formats[old] = self._missing("numFmts", old)
                return 0
            existing = {f.get("formatCode"): int(f.get("numFmtId")) for f in self._items("numFmts", self.new)}
            if code in existing:
                self.number_formats[old] = existing[code]
            else:
                number = max([_FIRST_CUSTOM_NUMBER_FORMAT - 1, *existing.values()]) + 1
                element = etree.Element(q("numFmt"), numFmtId=str(number), formatCode=code)
                self._append("numFmts", element)
                self.number_formats[old] = number
        return self.number_formats[old]

    def _missing(self, kind: str, old: int) -> int:
        """A format the old file names but does not hold (0, the first of each list, is the default even
        where a file leaves it out)."""
        if old:
            self.missing[(kind, old)] = None
        return 0

    def _items(self, kind: str, root) -> list:
        if root is None:
            return []
        found = root.find(q(kind))
        return [] if found is None else [item for item in found if isinstance(item.tag, str)]

    def _append(self, kind: str, element) -> int:
        """Append to a list of styles.xml (made if missing, in its place) and return its index; an
        element the list already holds is not added again (a format carried at every write)."""
        container = self.new.find(q(kind))
        if container is not None and kind != "numFmts":
            same = _canonical(element)
            items = [item for item in container if isinstance(item.tag, str)]
            found = next((index for index, item in enumerate(items) if _canonical(item) == same), None)
            if found is not None:
                return found
        self.changed = True
        if container is None:
            container = etree.Element(q(kind))
            later = [self.new.find(q(name)) for name in _ORDER[_ORDER.index(kind) + 1:]]
            following = next((item for item in later if item is not None), None)
            if following is None:
                self.new.append(container)
            else:
                following.addprevious(container)
        container.append(element)
        count = len([item for item in container if isinstance(item.tag, str)])
        container.set("count", str(count))
        return count - 1


def _canonical(element) -> bytes:
    """An element's XML whatever the indentation around and inside it (an application that writes
    `styles.xml` indented puts whitespace between the elements, which is no part of the format)."""
    element = copy.deepcopy(element)
    element.tail = None
    for item in element.iter():
        if item.text is not None and not item.text.strip():
            item.text = None
        if item is not element and item.tail is not None and not item.tail.strip():
            item.tail = None
    return etree.tostring(element, method="c14n")


def _own(element):
    """An element as the new file may hold it: only the spreadsheet namespace (another application's
    extensions name namespaces the new file does not declare ignorable)."""
    for item in list(element.iter()):
        if not isinstance(item.tag, str) or not item.tag.startswith(f"{{{MAIN}}}"):
            if item is not element and item.getparent() is not None:
                item.getparent().remove(item)
            continue
        for attribute in list(item.attrib):
            if attribute.startswith("{"):
                del item.attrib[attribute]
    etree.cleanup_namespaces(element)
    return element
