"""An .xlsx package read part by part: its relationships, content types and XML (lxml).

A workbook file is a zip of parts (Office Open XML, ECMA-376 part 2): each part names the parts it
uses in its relationships file (`_rels/….rels`), and `[Content_Types].xml` says what each part is.
Carrying a part from one package to another means carrying the parts it names, under names free
in the other package, with the relationships pointing to the new names.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

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
        types = parse(self.read("[Content_Types].xml"))
        self.defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(q("Default", CONTENT_TYPES))}
        self.overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType")
                          for o in types.iter(q("Override", CONTENT_TYPES))}

    def close(self) -> None:
        self.zip.close()

    def read(self, part: str) -> bytes:
        return self.zip.read(part)

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
