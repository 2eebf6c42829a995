"""An .xlsx package read part by part: its relationships, content types and XML (lxml).

A workbook file is a zip of parts (Office Open XML, ECMA-376 part 2): each part names the parts it
uses in its relationships file (`_rels/….rels`), and `[Content_Types].xml` says what each part is.
Carrying a part from one package to another means carrying the parts it names, under names free
in the other package, with the relationships pointing to the new names.

A worksheet part is read in the one form the keep pass reads as bytes. The evidence sheet of a
province's district is a hundred megabytes of XML: the pass finds a person's formats, cells and
views in it with byte patterns, which expect the form Excel, LibreOffice and xlsync write: the
spreadsheet namespace as the default one, every `<row>` and `<c>` with its `r` first, attributes in
double quotes. The standard allows more (any prefix for the namespace, `r` anywhere or left out,
single quotes), and some programs write it. A worksheet of a file saved since xlsync wrote it is
checked, and one not in the expected form is rewritten into it by a real XML parser, the same
content; a part that does not parse is refused by name (`IrregularPart`).
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WRITTEN_BY_XLSYNC = b"xlsync: "  # how the zip comment of every district xlsync writes begins

# Untrusted text never expands entities nor reaches the network.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def q(name: str, namespace: str = MAIN) -> str:
    """A qualified name for lxml: q('sheet') is '{main namespace}sheet'."""
    return f"{{{namespace}}}{name}"


@dataclass(frozen=True)
class Relationship:
    id: str
    kind: str  # the last word of its type: "worksheet", "drawing", "image", "hyperlink"…
    type: str  # the whole type
    target: str  # the part it points to, as a name in the package; or an external address
    external: bool


def rels_name(part: str) -> str:
    """The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def resolve(source: str, target: str) -> str:
    """A relationship's target as a part name (targets are relative to their source's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


class Package:
    """The parts of an .xlsx file, read when asked for."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        # xlsync's own writing is in the expected form, and no application keeps the zip comment
        self.checked: set[str] | None = None if self.zip.comment.startswith(WRITTEN_BY_XLSYNC) else set()
        self.rewritten: dict[str, bytes] = {}
        types = parse(self.zip.read("[Content_Types].xml"))
        self.defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(q("Default", CONTENT_TYPES))}
        self.overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType")
                          for o in types.iter(q("Override", CONTENT_TYPES))}

    def close(self) -> None:
        self.zip.close()

    def read(self, part: str) -> bytes:
        if part in self.rewritten:
            return self.rewritten[part]
        data = self.zip.read(part)
        if self.checked is None or part in self.checked or self.content_type(part)[0] != WORKSHEET:
            return data
        self.checked.add(part)
        if not is_regular(data):
            data = self.rewritten[part] = regular(part, data)
        return data

    def open(self, part: str) -> IO[bytes]:
        """The part as a stream, in the expected form."""
        if self.checked is None or self.content_type(part)[0] != WORKSHEET:
            return self.zip.open(part)
        return io.BytesIO(self.read(part))

    def has(self, part: str) -> bool:
        return part in self.names

    def content_type(self, part: str) -> tuple[str, bool]:
        """The part's content type, and whether it is stated for the part itself (not its extension)."""
        if part in self.overrides:
            return self.overrides[part], True
        return self.defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "application/octet-stream"), False

    def relationships(self, part: str) -> list[Relationship]:
        name = rels_name(part)
        if name not in self.names:
            return []
        found = []
        for rel in parse(self.read(name)).iter(q("Relationship", PACKAGE_REL)):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            kind = rel.get("Type", "")
            found.append(Relationship(rel.get("Id", ""), kind.rsplit("/", 1)[-1], kind,
                                      target if external else resolve(part, target), external))
        return found

    def workbook_part(self) -> str:
        for rel in self.relationships(""):
            if rel.kind == "officeDocument":
                return rel.target
        return "xl/workbook.xml"


def column_index(letters: str | bytes) -> int:
    """The 0-based column a cell reference's letters name ("A" is 0)."""
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def column_letters(column: int) -> str:
    """The letters of the 0-based `column` (0 is "A")."""
    text, column = "", column + 1
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def free_name(part: str, taken: set[str]) -> str:
    """A name for `part` no other part has: the same folder and kind, the next free number
    (xl/worksheets/sheet3.xml → xl/worksheets/sheet14.xml)."""
    folder, base = posixpath.split(part)
    stem, extension = posixpath.splitext(base)
    stem = re.sub(r"\d+$", "", stem) or "part"
    number = 1
    while True:
        candidate = posixpath.join(folder, f"{stem}{number}{extension}")
        if candidate not in taken:
            taken.add(candidate)
            return candidate
        number += 1


_ROOT = re.compile(rb"<(?:(\w+):)?worksheet\b([^>]*)>")
_PREFIXED_MAIN = re.compile(rb'xmlns:\w+=["\']' + re.escape(MAIN.encode()))
_MAIN_URI = MAIN.encode()
_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)$")


class IrregularPart(Exception):
    """A part of the workbook that is not well-formed XML."""

    def __init__(self, part: str, detail: str):
        super().__init__(part, detail)
        self.part, self.detail = part, detail


def is_regular(data: bytes) -> bool:
    """Whether the byte patterns of the keep pass read this worksheet as an XML parser would."""
    root = _ROOT.search(data, 0, 8192)
    if root is None or root.group(1) or _PREFIXED_MAIN.search(root.group(2)):
        return False
    return (data.count(b"<c ") == data.count(b'<c r="') and b"<c>" not in data
            and data.count(b"<row ") == data.count(b'<row r="') and b"<row>" not in data
            and b"='" not in root.group(2) and data.find(b"='", root.end()) < 0  # the declaration may use them
            and data.find(_MAIN_URI, root.end()) < 0)  # no element binds the namespace again, to a prefix


def regular(part: str, data: bytes) -> bytes:
    """The worksheet in the expected form, its content unchanged."""
    if is_regular(data):
        return data
    try:
        root = parse(data)
    except etree.XMLSyntaxError as exc:
        raise IrregularPart(part, str(exc)) from exc
    if root.nsmap.get(None) != MAIN or any(uri == MAIN for prefix, uri in root.nsmap.items() if prefix):
        root = _rebound(root)
    _references_first(root)
    return serialise(root)


def _rebound(root: etree._Element) -> etree._Element:
    """A copy of the tree with the spreadsheet namespace as the default one; every other namespace
    keeps its prefix (markup compatibility names them: `mc:Ignorable="x14ac"`)."""
    nsmap = {prefix: uri for prefix, uri in root.nsmap.items() if prefix and uri != MAIN}
    top = etree.Element(root.tag, dict(root.attrib), nsmap={None: MAIN, **nsmap})
    top.text = root.text
    stack = [(root, top)]
    while stack:
        old, new = stack.pop()
        for child in old:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                new.append(copy.copy(child))
                continue
            declared = {prefix: uri for prefix, uri in child.nsmap.items()
                        if prefix and uri != MAIN and old.nsmap.get(prefix) != uri}
            made = etree.SubElement(new, child.tag, dict(child.attrib), nsmap=declared or None)
            made.text, made.tail = child.text, child.tail
            stack.append((child, made))
    return top


def _references_first(root: etree._Element) -> None:
    """Every row and cell with its reference, as its first attribute (a missing one is implied by
    the previous row or cell, as the standard says)."""
    row_number = 0
    for row in root.iter(q("row")):
        row_number = int(row.get("r") or row_number + 1)
        _first(row, "r", str(row_number))
        column = -1
        for cell in row.iter(q("c")):
            found = _REFERENCE.match(cell.get("r") or "")
            column = column_index(found.group(1)) if found else column + 1
            _first(cell, "r", f"{column_letters(column)}{row_number}")


def _first(element: etree._Element, name: str, value: str) -> None:
    attributes = [(key, val) for key, val in element.attrib.items() if key != name]
    if element.attrib.keys()[:1] == [name] and element.get(name) == value:
        return
    element.attrib.clear()
    element.set(name, value)
    for key, val in attributes:
        element.set(key, val)
