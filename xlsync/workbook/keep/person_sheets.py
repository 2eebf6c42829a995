"""A person's sheet carried byte for byte, but for the numbers that point outside it.

Its cells keep their values, formulas, comments' anchors, merged cells, validation, conditional
formats, print settings and everything else; only what names another part of the old package is
rewritten: a format number (`s`, `style`, `dxfId`) becomes the new file's, a shared string (`t="s"`)
becomes the same text stored in the cell (an inline string has the same rich-text form), and the
sheet is no longer selected (the new file opens on its own sheet). A formula of a sheet loses the
value it had: computed on the old file's numbers, it would be shown as it was by LibreOffice, which by
default computes on opening only the formulas without one (Excel computes all of them, as the file
asks). A formula on an evidence row keeps its value, which the row's data gives (and which the reader
reads: a row that leaves the table names it in «Scarti»).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xlsync.workbook.keep.styles import StyleMerger

_CELL = re.compile(rb"<(?P<p>(?:\w+:)?)c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)c>)", re.S)
_STYLE_ATTRIBUTE = re.compile(rb'(\ss=")(\d+)(")')
_TYPE_SHARED = re.compile(rb'\st="s"')
_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3}\d+)"')
_VALUE = re.compile(rb"<(?P<p>(?:\w+:)?)v>\s*(\d+)\s*</(?P=p)v>")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_COLUMN = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_COLUMN_STYLE = re.compile(rb'(\sstyle=")(\d+)(")')
_DXF = re.compile(rb'(\b(?:dxfId|\w+DxfId)=")(\d+)(")')
_SELECTED = re.compile(rb'\stabSelected="(?:1|true)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CACHED = re.compile(rb"<(?P<p>(?:\w+:)?)v>.*?</(?P=p)v>|<(?:\w+:)?v/>", re.S)
_RESULT_TYPE = re.compile(rb'\st="(?:str|b|e|n)"')
_TABLE = re.compile(rb"<(?:\w+:)?table\b[^>]*>")
_TABLE_NAME = re.compile(rb'(\s(?:name|displayName)=")([^"]*)(")')


def carry_sheet(data: bytes, styles: StyleMerger, shared_string: Callable[[int, str], bytes],
                keep_values: bool = False) -> bytes:
    """The sheet's XML with its numbers made the new file's (see the module's docstring); its formulas'
    values kept when `keep_values`."""

    def cell(match: re.Match) -> bytes:
        attrs, body, prefix = match.group("attrs"), match.group("body"), match.group("p")
        attrs = _STYLE_ATTRIBUTE.sub(lambda m: m.group(1) + b"%d" % styles.xf(int(m.group(2))) + m.group(3), attrs)
        if body is not None and _TYPE_SHARED.search(attrs):
            value = _VALUE.search(body)
            if value is not None:
                attrs = _TYPE_SHARED.sub(b' t="inlineStr"', attrs)
                reference = _REFERENCE.search(attrs)
                cell_name = reference.group(1).decode() if reference else ""
                text = b"<%sis>%s</%sis>" % (prefix, shared_string(int(value.group(2)), cell_name), prefix)
                body = body[:value.start()] + text + body[value.end():]
        if body is not None and not keep_values and _FORMULA.search(body):  # computed again where it is opened
            body, attrs = _CACHED.sub(b"", body), _RESULT_TYPE.sub(b"", attrs)
        if body is None:
            return b"<%sc%s/>" % (prefix, attrs)
        return b"<%sc%s>%s</%sc>" % (prefix, attrs, body, prefix)

    data = _CELL.sub(cell, data)
    remap = _numbers(styles.xf)
    data = _ROW.sub(lambda m: _STYLE_ATTRIBUTE.sub(remap, m.group(0)), data)
    data = _COLUMN.sub(lambda m: _COLUMN_STYLE.sub(remap, m.group(0)), data)
    data = _DXF.sub(_numbers(styles.dxf), data)
    return _SELECTED.sub(b"", data)


def carry_table(data: bytes, styles: StyleMerger, table_id: int, taken: set[str]) -> bytes:
    """A person's table: its differential formats remapped, an id no other table has, and a name none has
    (`taken`: the tables' names, folded, which it joins): a file with two tables of one name is unreadable."""
    data = _DXF.sub(_numbers(styles.dxf), data)
    data = re.sub(rb'(<(?:\w+:)?table\b[^>]*?\sid=")(\d+)(")', lambda m: m.group(1) + b"%d" % table_id + m.group(3),
                  data, count=1)
    start = _TABLE.search(data)
    name = _TABLE_NAME.search(start.group(0)) if start else None
    if name is None:
        return data
    old = name.group(2).decode()
    new = free_table_name(old, taken)
    taken.add(new.casefold())
    if new == old:
        return data
    head = _TABLE_NAME.sub(lambda m: m.group(1) + new.encode() + m.group(3), start.group(0))
    return data[:start.start()] + head + data[start.end():]


def table_name(data: bytes) -> str | None:
    """The name of the table a table part defines."""
    start = _TABLE.search(data)
    name = _TABLE_NAME.search(start.group(0)) if start else None
    return name.group(2).decode() if name else None


def free_table_name(name: str, taken: set[str]) -> str:
    """`name`, or the first of `name_2`, `name_3`… no table has (`taken`: folded names)."""
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate


def has_formulas(data: bytes) -> bool:
    return _FORMULA.search(data) is not None


def _numbers(mapping: Callable[[int], int]):
    return lambda m: m.group(1) + b"%d" % mapping(int(m.group(2))) + m.group(3)
