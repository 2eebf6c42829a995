"""A person's formula moved with its cell, as a spreadsheet moves it: relative references follow.

A formula typed beside an evidence row (`=C44*2` on row 44) refers to its own row; when a merge puts
the row at 43, the formula must read `=C43*2`, as when a table is sorted. Only the formula's own
sheet's relative references move (`$C$44`, `Riepilogo!C5` and whole columns stay), unless every
relative reference is asked for: a formula Excel shares down a column (`<f t="shared">`) is written
once, and each cell's own is the first one moved by the distance between them.
"""

from __future__ import annotations

import html
import re

# A string, a quoted sheet name, or a reference (with its sheet, if any); what is not a reference is kept.
_TOKEN = re.compile(r'"(?:[^"]|"")*"'
                    r"|(?P<sheet>'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?"
                    r"(?<![\w.$])(?P<column_fixed>\$?)(?P<column>[A-Z]{1,3})(?P<row_fixed>\$?)(?P<row>\d+)(?![\w(!])")
_CELL_FORMULA = re.compile(rb"<f\b([^>]*)>(.*?)</f>|<f\b([^>]*)/>", re.S)
_SHARED = re.compile(rb'\bt="shared"')
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')
_REF = re.compile(rb'\bref="([^"]+)"')
_SHARED_FIRST = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>(?:(?!</c>).)*?<f\b[^>]*\bt="shared"[^>]*\bsi="(\d+)"[^>]*>'
                           rb'([^<]+)</f>', re.S)


def moved(formula: str, rows: int, columns: int = 0, every_sheet: bool = False) -> str:
    """`formula` moved by `rows` and `columns`: its relative references follow (those on other sheets
    only when `every_sheet`)."""
    def move(match: re.Match) -> str:
        if match.group("column") is None or (match.group("sheet") and not every_sheet):
            return match.group(0)
        column = match.group("column")
        if not match.group("column_fixed") and columns:
            column = letters(number(column) + columns)
        row = int(match.group("row")) if match.group("row_fixed") else max(int(match.group("row")) + rows, 1)
        return (f"{match.group('sheet') or ''}{match.group('column_fixed')}{column}"
                f"{match.group('row_fixed')}{row}")
    return _TOKEN.sub(move, formula)


def moved_cell(xml: bytes, rows: int) -> bytes:
    """A cell's XML with its formula moved by `rows`."""
    def one(match: re.Match) -> bytes:
        if match.group(2) is None:
            return match.group(0)
        attributes = _REF.sub(lambda ref: b'ref="%s"' % moved(ref.group(1).decode(), rows).encode(), match.group(1))
        formula = html.unescape(match.group(2).decode())
        return b"<f%s>%s</f>" % (attributes, html.escape(moved(formula, rows), quote=False).encode())
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
            formula = html.unescape(match.group(2).decode())
        else:
            index = _SHARED_INDEX.search(attributes)
            first = shared.get(index.group(1)) if index else None
            if first is None:
                return b""
            formula = moved(first[2], row - first[0], column - first[1], every_sheet=True)
        return b"<f>%s</f>" % html.escape(formula, quote=False).encode()
    return _CELL_FORMULA.sub(one, xml)


def shared_formulas(sheet: bytes) -> dict[bytes, tuple[int, int, str]]:
    """The first cell of each formula Excel shares in `sheet`: index → its row, column and formula."""
    return {match.group(3): (int(match.group(2)), number(match.group(1).decode()) - 1,
                             html.unescape(match.group(4).decode()))
            for match in _SHARED_FIRST.finditer(sheet)}


def without_formula(xml: bytes) -> bytes:
    """A cell's XML with its value only (a formula that would read other cells where the cell goes)."""
    return _CELL_FORMULA.sub(b"", xml)


def number(column: str) -> int:
    value = 0
    for letter in column:
        value = value * 26 + ord(letter) - 64
    return value


def letters(value: int) -> str:
    text = ""
    value = max(value, 1)
    while value:
        value, rest = divmod(value - 1, 26)
        text = chr(65 + rest) + text
    return text
