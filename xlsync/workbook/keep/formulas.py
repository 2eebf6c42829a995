"""A person's formula moved with its cell, as a spreadsheet moves it: relative references follow.

A formula typed beside an evidence row (`=C44*2` on row 44) refers to its own row; when a merge puts
the row at 43, the formula must read `=C43*2`, as when a table is sorted. Only the formula's own
sheet's relative references move (`$C$44`, `Riepilogo!C5` and whole columns stay), unless every
relative reference is asked for: a formula Excel shares down a column (`<f t="shared">`) is written
once, and each cell's own is the first one moved by the distance between them.
"""

from __future__ import annotations

import re

from lxml import etree

from xlsync.workbook.keep.package import column_index, column_letters

_CELL = r"(?<![\w.$])\$?[A-Z]{1,3}\$?\d+(?![\w(!\[])"
# What a formula is made of, for moving it: strings, structured references (`Tabella[[#This Row],[Q1]]`)
# and sheet names are kept whole; a reference is a cell or a range, with the sheet it is on, if named.
_TOKEN = re.compile(r'"(?:[^"]|"")*"'
                    r"|\[(?:[^\[\]]|\[[^\]]*\])*\]"
                    rf"|(?P<sheet>'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?(?P<range>{_CELL}(?::{_CELL})?)"
                    r"|'(?:[^']|'')+'!|[A-Za-z_][\w.]*!")
_PART = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")
_LAST_ROW, _LAST_COLUMN = 1_048_576, 16_384
_CELL_FORMULA = re.compile(rb"<f\b([^>]*)>(.*?)</f>|<f\b([^>]*)/>", re.S)
_SHARED = re.compile(rb'\bt="shared"')
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')
_REF = re.compile(rb'\bref="([^"]+)"')
# The first cell of a shared formula: a cell (not one closed in its own tag) holding <f t="shared" …>text</f>.
_SHARED_FIRST = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>/]*>(?:(?!</c>|<c[\s>]).)*?'
                           rb'<f\b[^>]*\bt="shared"[^>]*\bsi="(\d+)"[^>]*>([^<]+)</f>', re.S)


def moved(formula: str, rows: int, columns: int = 0, every_sheet: bool = False) -> str:
    """`formula` moved by `rows` and `columns`: its relative references follow (those on other sheets
    only when `every_sheet`); one moved off the sheet becomes #REF!, as a spreadsheet makes it."""
    def move(match: re.Match) -> str:
        if match.group("range") is None or (match.group("sheet") and not every_sheet):
            return match.group(0)
        parts = [_moved_part(part, rows, columns) for part in match.group("range").split(":")]
        if None in parts:
            return "#REF!"
        return (match.group("sheet") or "") + ":".join(parts)
    return _TOKEN.sub(move, formula)


def _moved_part(reference: str, rows: int, columns: int) -> str | None:
    column_fixed, column, row_fixed, row = _PART.fullmatch(reference).groups()
    column_number = column_index(column) + 1 + (0 if column_fixed else columns)
    row_number = int(row) + (0 if row_fixed else rows)
    if not (1 <= column_number <= _LAST_COLUMN and 1 <= row_number <= _LAST_ROW):
        return None
    return f"{column_fixed}{column_letters(column_number - 1)}{row_fixed}{row_number}"


def _text(escaped: bytes) -> str:
    """The text of an element's escaped content, as an XML parser reads it."""
    return etree.fromstring(b"<f>" + escaped + b"</f>").text or ""


def _escaped(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def moved_cell(xml: bytes, rows: int) -> bytes:
    """A cell's XML with its formula moved by `rows`."""
    def one(match: re.Match) -> bytes:
        if match.group(2) is None:
            return match.group(0)
        attributes = _REF.sub(lambda ref: b'ref="%s"' % moved(ref.group(1).decode(), rows).encode(), match.group(1))
        return b"<f%s>%s</f>" % (attributes, _escaped(moved(_text(match.group(2)), rows)))
    return _CELL_FORMULA.sub(one, xml)


def unshared(xml: bytes, shared: dict[bytes, tuple[int, int, str]], row: int, column: int) -> bytes:
    """A cell's XML whose formula Excel shares (`<f t="shared" si="0"/>`) with the formula written out
    whole, from the first cell of those sharing it (`shared`: index → its row, column and formula), for
    this cell at `row`, `column`; without its formula (its value only) if that first cell is not known."""
    def one(match: re.Match) -> bytes:
        attributes = match.group(1) if match.group(1) is not None else match.group(3)
        if not _SHARED.search(attributes):
            return match.group(0)
        if match.group(2):
            formula = _text(match.group(2))
        else:
            index = _SHARED_INDEX.search(attributes)
            first = shared.get(index.group(1)) if index else None
            if first is None:
                return b""
            formula = moved(first[2], row - first[0], column - first[1], every_sheet=True)
        return b"<f>%s</f>" % _escaped(formula)
    return _CELL_FORMULA.sub(one, xml)


def shared_formulas(sheet: bytes) -> dict[bytes, tuple[int, int, str]]:
    """The first cell of each formula Excel shares in `sheet`: index → its row, column and formula."""
    return {match.group(3): (int(match.group(2)), column_index(match.group(1)),
                             _text(match.group(4)))
            for match in _SHARED_FIRST.finditer(sheet)}


def without_formula(xml: bytes) -> bytes:
    """A cell's XML with its value only (a formula that would read other cells where the cell goes)."""
    return _CELL_FORMULA.sub(b"", xml)


