"""District evidence rows rendered straight into the sheet's XML: the fast path of a merge."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from xlsync.vocabulary.values import excel_serial

ROW = "\x00"  # where the row number goes in rendered cells (escaped text never holds it)
# The cell styles of bulk rows. XlsxWriter numbers formats as they are first used: the writer uses
# these three first (and checks it), so cells can be rendered without the workbook (by a merge's
# worker processes).
PLAIN_STYLE, DATE_STYLE, MOMENT_STYLE = 1, 2, 3


class Rendered(NamedTuple):
    """A row whose start and first `columns` cells are already rendered (`render_row`); `rest` are the
    values after them."""

    cells: bytes
    columns: int
    rest: tuple = ()


class Cells:
    """Renders rows of values as cells of the sheet's XML, with ROW where the row number goes.

    Rows are rendered column by column, then each row in one step from the columns' markup: a column
    of texts that need no escaping gives its texts as they are, and in other columns the values mostly
    repeat (codes, dates, files), so each value's cell is made once and looked up after that.
    Text goes in the cell (an inline string); numbers and dates as XlsxWriter writes them.
    """

    def __init__(self) -> None:
        self._columns: list[tuple[str, dict[Any, str]]] = []  # each column's cell start, its cells made by value

    def rows(self, rows: Sequence[Sequence[Any]], first_column: int = 0) -> list[str]:
        """The cells of each row, from `first_column`."""
        width = max(map(len, rows), default=0)
        if any(len(row) != width for row in rows):
            rows = [(*row, *(None,) * (width - len(row))) for row in rows]  # an empty cell is written as nothing
        markup, slots = [], []
        for column, values in enumerate(zip(*rows, strict=True), first_column):
            column_markup, column_slots = self._column(column, values)
            markup.append(column_markup)
            slots.append(column_slots)
        if not slots:
            return [""] * len(rows)
        return list(map("".join(markup).__mod__, zip(*slots, strict=True)))

    def render(self, values: Sequence[Any], first_column: int = 0) -> str:
        """The cells of one row, from `first_column`."""
        return self.rows([values], first_column)[0]

    def _column(self, column: int, values: tuple) -> tuple[str, Sequence[str]]:
        """A column's markup, with %s for each row's slot, and the slots."""
        while len(self._columns) <= column:
            self._columns.append((f'<c r="{column_letters(len(self._columns))}{ROW}" s="', {}))
        start, made = self._columns[column]
        kinds = set(map(type, values))
        if kinds == {str} and _plain_texts(values):  # the common column: its texts are the slots
            return f'{start}{PLAIN_STYLE}" t="inlineStr"><is><t>%s</t></is></c>', values
        # Otherwise each slot is a whole cell. Values that are equal but written differently cannot share
        # a cell: TRUE is 1, a subclass of int is text.
        if bool in kinds or not kinds <= _LOOKED_UP:
            return "%s", [_cell(start, value) for value in values]
        found = made.get
        return "%s", [cell if (cell := found(value)) is not None else self._new(start, made, value) for value in values]

    @staticmethod
    def _new(start: str, made: dict[Any, str], value: Any) -> str:
        cell = _cell(start, value)
        kind = type(value)
        # Kept for values written alike whatever they equal: not TRUE or FALSE (equal to 1 and 0), nor zero (0.0 is
        # -0.0). A column of unique texts stops growing.
        if len(made) < 20_000 and kind is not bool and not (value == 0 and kind in (int, float)):
            made[value] = cell
        return cell


_LOOKED_UP = {str, type(None), int, float, dt.date, dt.datetime}  # the types whose cells are kept by value


def _plain_texts(texts: tuple[str, ...]) -> bool:
    """None of these texts needs escaping or its spaces kept: `_cell`'s quick look, for many at once."""
    return (not _MAYBE_ESCAPING.search("".join(texts)) and tuple(map(str.strip, texts)) == texts
            and max(map(len, texts)) <= 32767)


def _cell(start: str, value: Any) -> str:
    """The cell of one value (`start`: its column's `<c r="…" s="`); nothing for an empty one."""
    kind = type(value)
    if kind is str:
        if _MAYBE_ESCAPING.search(value) or value[:1].isspace() or value[-1:].isspace() or len(value) > 32767:
            return f'{start}{PLAIN_STYLE}" t="inlineStr">{_inline_text(value[:32767])}</c>'
        return f'{start}{PLAIN_STYLE}" t="inlineStr"><is><t>{value}</t></is></c>'  # the quick look: nothing to escape
    if value is None:
        return ""
    if kind is int or (kind is float and math.isfinite(value)):
        return f'{start}{PLAIN_STYLE}"><v>{value:.16G}</v></c>'
    if kind is dt.date or kind is dt.datetime:
        style = MOMENT_STYLE if kind is dt.datetime else DATE_STYLE
        return f'{start}{style}"><v>{excel_serial(value):.16G}</v></c>'
    if kind is bool:
        return f'{start}{PLAIN_STYLE}" t="b"><v>{int(value)}</v></c>'
    return f'{start}{PLAIN_STYLE}" t="inlineStr">{_inline_text(str(value)[:32767])}</c>'  # anything else as its text


def column_letters(column: int) -> str:
    """The letters of the 0-based `column` (0 is "A"). Here, not XlsxWriter's: a merge's worker
    processes render and check rows without importing XlsxWriter."""
    text, column = "", column + 1
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def render_rows(rows: Sequence[tuple], cells: Cells) -> list[bytes]:
    """The start of each of a district's evidence rows and its cells, given as the values of its columns
    (`layout.DISTRICT_EVIDENCE_COLUMNS`), as the district workbook holds them (UTF-8: they travel
    between processes and into the file as they are). A row `write_workbook` must change to store
    it (a TRUE or FALSE where formulas count) becomes another object, and is rendered anew."""
    return [f'<row r="{ROW}">{row}'.encode() for row in cells.rows(rows)]


def render_row(values: tuple, cells: Cells) -> bytes:
    """One row of `render_rows`."""
    return render_rows([values], cells)[0]


def xml_text(string: str) -> str:
    """A text as the <t> element of a shared or inline string: escaped, its spaces kept.

    XlsxWriter writes a shared string shaped like "<r>…</r>" as raw XML (its rich strings, which
    xlsync never uses): partner text of that shape would break the file. Here every text is
    escaped, with a quick path for the common one that needs nothing.
    """
    if not _NEEDS_ESCAPING.search(string):
        return f"<t>{string}</t>"
    string = _escape_control_characters(string)
    space = ' xml:space="preserve"' if string[:1].isspace() or string[-1:].isspace() else ""
    string = string.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<t{space}>{string}</t>"


def _inline_text(string: str) -> str:
    return f"<is>{xml_text(string)}</is>"


_MAYBE_ESCAPING = re.compile(r"[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")
_NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPE_SEQUENCE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHARACTER = re.compile(r"([\x00-\x08\x0b-\x1f])")


def _escape_control_characters(string: str) -> str:
    """As Excel (and XlsxWriter) store them: a control character as _xHHHH_, a literal _xHHHH_ with
    its underscore escaped (_x005F_xHHHH_), the two non-characters as _xFFFE_ and _xFFFF_."""
    string = _ESCAPE_SEQUENCE.sub(r"_x005F\1", string)
    string = _CONTROL_CHARACTER.sub(lambda match: f"_x{ord(match.group(1)):04X}_", string)
    return string.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
