"""xlsync's own sheets as the person arranged them: column widths, hidden and grouped columns,
frozen panes and zoom. xlsync writes its sheets anew; the view the person gave them is put back
into the new sheet's head (what comes before its cells), keeping xlsync's column formats.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, replace

from xlsync.vocabulary.values import fold
from xlsync.workbook.keep.package import OFFICE_REL, Package, parse, q, resolve

_LAST_COLUMN = 16_384
_HEAD_LIMIT = 4 << 20  # bytes read of a sheet to find its head: the cells start long before
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_COLS = re.compile(rb"<(?P<p>(?:\w+:)?)cols>.*?</(?P=p)cols>|<(?:\w+:)?cols/>", re.S)
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*?)/?>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_SHEET_VIEW = re.compile(rb"<(?P<p>(?:\w+:)?)sheetView\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)sheetView>)", re.S)
_PANE = re.compile(rb"<(?:\w+:)?pane\b[^>]*/>")
_SELECTION = re.compile(rb"<(?:\w+:)?selection\b[^>]*/>")
_SELECTION_IN_PANE = re.compile(rb'<(?:\w+:)?selection\b[^>]*\spane="(?!topLeft")[^"]*"[^>]*/>')
_COLUMN_ATTRIBUTES = (b"width", b"customWidth", b"hidden", b"outlineLevel", b"collapsed")


@dataclass(frozen=True)
class SheetView:
    """How the person left one of xlsync's sheets: its <cols> entries and its pane and zoom."""

    columns: tuple[tuple[int, int, dict[bytes, bytes]], ...]  # first, last (1-based), the view's attributes
    pane: bytes  # the <pane/> element, or b""
    zoom: bytes  # the zoomScale, or b""


def read_views(package: Package, workbook, targets, own: set[str]) -> dict[str, SheetView]:
    views = {}
    for sheet in workbook.iter(q("sheet")):
        rel = targets.get(sheet.get(q("id", OFFICE_REL)))
        if fold(sheet.get("name", "")) not in own or rel is None or not package.has(rel.target):
            continue
        head = sheet_head(package.open(rel.target))
        if head is not None:
            views[fold(sheet.get("name", ""))] = view_of(head)
    return views


def sheet_head(stream) -> bytes | None:
    """The XML of a sheet before its cells, read from a stream of its bytes."""
    head = b""
    with stream:
        while len(head) < _HEAD_LIMIT:
            chunk = stream.read(65536)
            if not chunk:
                break
            head += chunk
            found = _SHEET_DATA.search(head)
            if found:
                return head[:found.start()]
    return None


def view_of(head: bytes) -> SheetView:
    """The view a sheet's head sets."""
    columns = []
    found = _COLS.search(head)
    for col in _COL.finditer(found.group(0) if found else b""):
        attributes = dict(_ATTRIBUTE.findall(col.group(1)))
        try:
            first, last = int(attributes[b"min"]), int(attributes[b"max"])
        except (KeyError, ValueError):
            continue
        columns.append((first, last, {k: v for k, v in attributes.items() if k in _COLUMN_ATTRIBUTES}))
    pane, zoom = b"", b""
    view = _SHEET_VIEW.search(head)
    if view:
        zoom = dict(_ATTRIBUTE.findall(view.group("attrs"))).get(b"zoomScale", b"")
        frozen = _PANE.search(view.group("body") or b"")
        if frozen and b"frozen" in frozen.group(0):
            pane = frozen.group(0)
    return SheetView(tuple(columns), pane, zoom)


def moved_view(view: SheetView, columns) -> SheetView:
    """The view with each column's width and hiding where `columns` (0-based old → new) puts the column."""
    single: dict[int, dict[bytes, bytes]] = {}
    for first, last, attributes in view.columns:
        for column in range(first, min(last, _LAST_COLUMN) + 1):
            if (moved := columns(column - 1) + 1) <= _LAST_COLUMN:
                single[moved] = attributes
    merged: list[tuple[int, int, dict[bytes, bytes]]] = []
    for column in sorted(single):
        if merged and merged[-1][1] == column - 1 and merged[-1][2] == single[column]:
            merged[-1] = (merged[-1][0], column, single[column])
        else:
            merged.append((column, column, single[column]))
    return replace(view, columns=tuple(merged))


def apply_view(head: bytes, view: SheetView) -> bytes:
    """The new sheet's head with the person's view: widths and hiding from the person, formats from xlsync."""
    head = _apply_columns(head, view)
    levels = [int(attributes.get(b"outlineLevel", b"0")) for _, _, attributes in view.columns]
    if max(levels, default=0):  # grouped columns: the sheet says how deep, for the outline's buttons
        head = re.sub(rb"<((?:\w+:)?sheetFormatPr\b[^>]*?)\s*/>",
                      lambda m: b"<" + re.sub(rb'\soutlineLevelCol="\d+"', b"", m.group(1)) + b' outlineLevelCol="%d"/>'
                      % max(levels), head, count=1)
    match = _SHEET_VIEW.search(head)
    if match is None:
        return head
    prefix, attrs, body = match.group("p"), match.group("attrs"), match.group("body") or b""
    if view.zoom:
        attrs = re.sub(rb'\szoomScale(?:Normal)?="[^"]*"', b"", attrs) + b' zoomScale="%s" zoomScaleNormal="%s"' % (
            view.zoom, view.zoom)
    body = _PANE.sub(b"", body)
    if view.pane:
        body = view.pane + _SELECTION.sub(b"", body)
    else:  # the person took xlsync's frozen rows away: no selection may name a pane that is gone
        body = _SELECTION_IN_PANE.sub(b"", body)
    element = b"<%ssheetView%s>%s</%ssheetView>" % (prefix, attrs, body, prefix)
    return head[:match.start()] + element + head[match.end():]


def _apply_columns(head: bytes, view: SheetView) -> bytes:
    if not view.columns:
        return head
    found = _COLS.search(head)
    ours = []  # xlsync's entries: first, last, attributes
    for col in _COL.finditer(found.group(0) if found else b""):
        attributes = dict(_ATTRIBUTE.findall(col.group(1)))
        ours.append((int(attributes[b"min"]), int(attributes[b"max"]), attributes))
    style_of = {}
    for first, last, attributes in ours:
        if b"style" in attributes:
            style_of.update(dict.fromkeys(range(first, min(last, 16384) + 1), attributes[b"style"]))
    entries, covered = [], set()
    for first, last, attributes in view.columns:  # split where xlsync's column formats change
        start = first
        while start <= last:
            stop = start
            while stop < last and style_of.get(stop + 1) == style_of.get(start):
                stop += 1
            style = style_of.get(start)
            entries.append((start, stop, {**attributes, **({b"style": style} if style else {})}))
            covered.update(range(start, min(stop, 16384) + 1))
            start = stop + 1
    for first, last, attributes in ours:  # xlsync's columns the person's view does not mention
        if not covered.intersection(range(first, min(last, 16384) + 1)):
            entries.append((first, last, {k: v for k, v in attributes.items() if k not in (b"min", b"max")}))
    entries.sort(key=lambda entry: entry[0])
    cols = b"<cols>" + b"".join(
        b'<col min="%d" max="%d"%s/>' % (first, last, b"".join(b' %s="%s"' % item for item in attributes.items()))
        for first, last, attributes in entries) + b"</cols>"
    if found:
        return head[:found.start()] + cols + head[found.end():]
    data = re.search(rb"<(?:\w+:)?sheetFormatPr\b[^>]*/>", head)
    at = data.end() if data else len(head)
    return head[:at] + cols + head[at:]


def put_views(views: dict[str, SheetView], parts) -> None:
    """xlsync's sheets in the new package (`parts`) get the view the person gave them."""
    workbook = parse(parts.read("xl/workbook.xml"))
    targets = {rel.get("Id"): rel.get("Target") for rel in parse(parts.read("xl/_rels/workbook.xml.rels"))}
    for sheet in workbook.iter(q("sheet")):
        view = views.get(fold(sheet.get("name", "")))
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
