"""District evidence rows rendered straight into the sheet's XML: the fast path of a merge."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from xlsxwriter.utility import xl_col_to_name

from xlsync.workbook.values import excel_serial

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

    Each row is one `str.format` of a template made for its pattern of cell types: rows of a
    table mostly share a few patterns, so the markup is built once per pattern, not per cell.
    Text goes in the cell (an inline string); numbers and dates as XlsxWriter writes them.
    """

    def __init__(self) -> None:
        self.templates: dict[tuple, str] = {}
        self.texts: dict[str, str] = {}
        self.serials: dict[Any, str] = {}

    def render(self, values: Sequence[Any], first_column: int = 0) -> str:
        kinds, slots = [], []
        texts, serials, maybe_escaping = self.texts, self.serials, _MAYBE_ESCAPING.search
        for value in values:
            kind = type(value)
            if value is None:
                kinds.append(None)
            elif kind is str:
                kinds.append("s")
                text = texts.get(value)
                if text is None:
                    if maybe_escaping(value) or value[:1].isspace() or value[-1:].isspace() or len(value) > 32767:
                        text = _inline_text(value[:32767])
                    else:  # the quick look: no character that may need escaping
                        text = f"<is><t>{value}</t></is>"
                    if len(texts) < 50_000:  # the repeated texts come first: codes, organisations, files
                        texts[value] = text
                slots.append(text)
            elif kind is int or (kind is float and math.isfinite(value)):
                kinds.append("n")
                slots.append(f"{value:.16G}")
            elif kind is dt.date or kind is dt.datetime:
                serial = serials.get(value)
                if serial is None:
                    serial = serials[value] = f"{excel_serial(value):.16G}"
                kinds.append("t" if kind is dt.datetime else "d")
                slots.append(serial)
            elif kind is bool:
                kinds.append("b")
                slots.append(int(value))
            else:  # anything else is stored as its text
                kinds.append("s")
                slots.append(_inline_text(str(value)[:32767]))
        pattern = (first_column, *kinds)
        template = self.templates.get(pattern)
        if template is None:
            template = self.templates[pattern] = _cells_template(kinds, first_column)
        return template.format(*slots)


def render_row(values: tuple, cells: Cells) -> bytes:
    """The start of a district's evidence row and its cells, given as the values of its columns
    (`layout.DISTRICT_EVIDENCE_COLUMNS`), as the district workbook holds them (UTF-8: they travel
    between processes and into the file as they are). A row `write_workbook` must change to store
    it (a TRUE or FALSE where formulas count) becomes another object, and is rendered anew."""
    return f'<row r="{ROW}">{cells.render(values)}'.encode()


def _cells_template(kinds: list, first_column: int) -> str:
    """The markup of cells of these kinds, for str.format(*values)."""
    cells = []
    slot = 0
    for column, kind in enumerate(kinds, first_column):
        if kind is None:
            continue
        ref = f"{xl_col_to_name(column)}{ROW}"
        if kind == "s":
            cells.append(f'<c r="{ref}" s="{PLAIN_STYLE}" t="inlineStr">{{{slot}}}</c>')
        elif kind == "b":
            cells.append(f'<c r="{ref}" s="{PLAIN_STYLE}" t="b"><v>{{{slot}}}</v></c>')
        else:
            style = {"n": PLAIN_STYLE, "d": DATE_STYLE, "t": MOMENT_STYLE}[kind]
            cells.append(f'<c r="{ref}" s="{style}"><v>{{{slot}}}</v></c>')
        slot += 1
    return "".join(cells)


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
