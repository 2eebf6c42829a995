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

from xlsync.workbook.keep.package import column_index

_LAST_ROW, _LAST_COLUMN = 1_048_576, 16_384
# What a reference looks like once its sheet is taken off: a row range, a column range, a cell or
# cell range (anything else, a defined name or a table's column, is no reference to move)
_REFERENCES = (re.compile(r"\$?\d+:\$?\d+$"), re.compile(r"\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}$"),
               re.compile(r"\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$"))
_ROW_NUMBER, _COLUMN_LETTERS = re.compile(r"\d+"), re.compile(r"[A-Za-z]+")  # in a reference without its sheet
_CELL_FORMULA = re.compile(rb"<f\b([^>]*)>(.*?)</f>|<f\b([^>]*)/>", re.S)
_SHARED = re.compile(rb'\bt="shared"')
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')
_REF = re.compile(rb'\bref="([^"]+)"')
# The first cell of a shared formula: a cell (not one closed in its own tag) holding <f t="shared" …>text</f>.
_SHARED_FIRST = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>/]*>(?:(?!</c>|<c[\s>]).)*?'
                           rb'<f\b[^>]*\bt="shared"[^>]*\bsi="(\d+)"[^>]*>([^<]+)</f>', re.S)


def moved(formula: str, rows: int, columns: int = 0, every_sheet: bool = False) -> str:
    """`formula` moved by `rows` and `columns`: its relative references follow (those on other sheets
    only when `every_sheet`), whole rows and columns included; one moved off the sheet becomes #REF!,
    as a spreadsheet makes it. The formula is read by openpyxl's tokenizer (strings, structured
    references, names and sheet names are never taken for references)."""
    from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

    lead = "" if formula.startswith("=") else "="
    try:
        tokens = Tokenizer(lead + formula).items
    except TokenizerError:  # not a formula a spreadsheet accepts: nothing in it is a reference to move
        return formula
    out = []
    for token in tokens:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            out.append(_moved_range(token.value, rows, columns, every_sheet))
        else:
            out.append(token.value)
    return formula[:1] * (not lead) + "".join(out)


def _moved_range(reference: str, rows: int, columns: int, every_sheet: bool) -> str:
    from openpyxl.formula.translate import Translator, TranslatorError

    sheet, where = Translator.strip_ws_name(reference)
    if (sheet and not every_sheet) or not any(pattern.match(where) for pattern in _REFERENCES):
        return reference  # on another sheet, or a name
    try:
        found = Translator.translate_range(where, rows, columns)
    except (TranslatorError, ValueError):
        return "#REF!"
    if any(int(row) > _LAST_ROW for row in _ROW_NUMBER.findall(found)) or any(
            column_index(letters.upper()) >= _LAST_COLUMN for letters in _COLUMN_LETTERS.findall(found)):
        return "#REF!"
    return sheet + found


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


