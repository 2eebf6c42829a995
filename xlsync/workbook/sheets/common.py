"""Helpers shared by the sheets: row heights, column widths, printing, references."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

EDITABLE_NOTE = ("Il Manager territoriale può modificare qui i numeri del programma (percentuali, richieste, "
               "soglia, aggregazione, «Conta»): le percentuali si ricalcolano subito; con «xlsync update» la "
               "modifica entra nel programma e nei file degli aderenti.")


def row_height(cells: Iterable[tuple[str, int]]) -> float:
    """Row height (points) that shows wrapped text whole: XlsxWriter cannot autofit rows."""
    lines = 1
    for text, width in cells:  # a column of width w holds about 1.2·w characters of Calibri 11,
        text = str(text)       # fewer in capitals (titles of projects are written so)
        capitals = sum(char.isupper() for char in text) > 0.6 * sum(char.isalpha() for char in text)
        wrap = max(int(width * (0.9 if capitals else 1.2)), 1)
        lines = max(lines, sum(len(textwrap.wrap(part, wrap)) or 1 for part in text.split("\n")))
    return 15.0 * lines


def set_widths(ws, widths: Iterable[float]) -> None:
    """The widths of the columns from A."""
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)


def print_wide(ws) -> None:
    """A4 landscape, as wide as one page: how a wide table prints readably."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def sheet_ref(name: str) -> str:
    return name if name.isalnum() else "'" + name.replace("'", "''") + "'"


def escape_header(text: str) -> str:
    return text.replace("&", "&&")

def storable(value: Any) -> Any:
    """TRUE/FALSE are stored as text: Excel's SUMIFS ignores them but LibreOffice counts TRUE as 1."""
    if isinstance(value, bool):
        return "VERO" if value else "FALSO"
    return value
