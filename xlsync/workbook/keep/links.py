"""Links on the cells of xlsync's tables: they travel with their rows (`rows.RowMarks`), as formats
and notes do. A link names an address outside the workbook (through a relationship of the sheet) or a
place in it."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from xlsync.workbook.keep.package import Package, column_index, column_letters, rels_name


@dataclass(frozen=True)
class Link:
    """A link on a cell: an address outside the workbook, or a place in it."""

    address: str | None
    location: str | None
    tooltip: str | None


_LINK = re.compile(rb"<hyperlink\b([^>]*?)/?>")
_LINK_ATTRIBUTE = re.compile(rb'\s([\w:]+)="([^"]*)"')


def read_links(package: Package, sheet: str, data: bytes) -> list[tuple[int, int, Link]]:
    """The links on the sheet's cells: (row, column, link)."""
    end = data.rfind(b"</sheetData>")
    if end < 0 or b"<hyperlink" not in data[end:]:
        return []
    targets = {rel.id: rel.target for rel in package.relationships(sheet) if rel.external}
    found = []
    for match in _LINK.finditer(data[end:]):
        attributes = {name.split(b":")[-1]: html.unescape(value.decode()) for name, value in
                      _LINK_ATTRIBUTE.findall(match.group(1))}
        cell = re.fullmatch(r"([A-Z]{1,3})(\d+)(?::[A-Z]{1,3}\d+)?", attributes.get(b"ref", ""))
        if cell is None:
            continue
        link = Link(targets.get(attributes.get(b"id", "")), attributes.get(b"location"), attributes.get(b"tooltip"))
        found.append((int(cell.group(2)), column_index(cell.group(1)), link))
    return found


def put_links(parts, sheet: str, links: Mapping[int, Mapping[int, Link]]) -> None:
    """Put the links on the new sheet's cells ({1-based row: {column: link}}), with the relationships of
    those that lead outside the workbook."""
    rels_part = rels_name(sheet)
    rels = parts.read(rels_part) if rels_part in parts.files else (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    taken = set(re.findall(rb'Id="([^"]+)"', rels))
    elements, relationships = [], []
    for row, columns in sorted(links.items()):
        for column, link in sorted(columns.items()):
            attributes = b' ref="%s%d"' % (column_letters(column).encode(), row)
            if link.address is not None:
                number = len(taken) + 1
                while b"rIdL%d" % number in taken:
                    number += 1
                taken.add(b"rIdL%d" % number)
                attributes += b' r:id="rIdL%d"' % number
                relationships.append(b'<Relationship Id="rIdL%d" Type="http://schemas.openxmlformats.org/'
                                     b'officeDocument/2006/relationships/hyperlink" Target="%s" TargetMode="External"/>'
                                     % (number, _attribute(link.address)))
            for name, value in ((b"location", link.location), (b"tooltip", link.tooltip)):
                if value is not None:
                    attributes += b' %s="%s"' % (name, _attribute(value))
            elements.append(b"<hyperlink%s/>" % attributes)
    if not elements:
        return
    data = parts.read(sheet)
    if b"xmlns:r=" not in data[:2000]:
        data = re.sub(rb"<worksheet\b", b'<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                      b'relationships"', data, count=1)
    end = data.rfind(b"</sheetData>")
    existing = data.find(b"<hyperlinks>", end)
    if existing >= 0:  # links of xlsync's own: the person's join them
        at = existing + len(b"<hyperlinks>")
        data = data[:at] + b"".join(elements) + data[at:]
    else:
        at = min([found for name in _AFTER_LINKS if (found := data.find(b"<" + name, end)) >= 0],
                 default=data.rfind(b"</worksheet>"))
        data = data[:at] + b"<hyperlinks>" + b"".join(elements) + b"</hyperlinks>" + data[at:]
    parts.write(sheet, data)
    parts.write(rels_part, rels.replace(b"</Relationships>", b"".join(relationships) + b"</Relationships>"))


_AFTER_LINKS = (b"printOptions", b"pageMargins", b"pageSetup", b"headerFooter", b"rowBreaks", b"colBreaks",
                b"customProperties", b"cellWatches", b"ignoredErrors", b"smartTags", b"drawing", b"legacyDrawing",
                b"legacyDrawingHF", b"picture", b"oleObjects", b"controls", b"webPublishItems", b"tableParts",
                b"extLst")


def _attribute(value: str) -> bytes:
    return html.escape(value, quote=True).encode()
