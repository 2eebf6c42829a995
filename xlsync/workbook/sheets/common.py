"""Helpers shared by the sheets: row heights, column widths, printing, references."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from xlsync.programme.toml_file import format_percent_text
from xlsync.vocabulary import layout

if TYPE_CHECKING:
    from xlsync.programme.model import Evidence, Programme
    from xlsync.scoring.engine import ProgrammeResult


class SheetWriter(Protocol):
    """What a sheet's module uses of the workbook being written (`writer.WorkbookWriter`)."""

    book: Any  # the XlsxWriter workbook
    content: Any  # the `writer.WorkbookContent` written
    evidence: Sequence[Evidence]
    formats: dict[str, Any]
    programme: Programme
    result: ProgrammeResult

    def cell(self, ws, row: int, column: int, value: Any, style: Any = None) -> None: ...

EDITABLE_NOTE = ("Il Manager territoriale può modificare qui i numeri del programma (percentuali, richieste, "
               "soglia, aggregazione, «Conta»): le percentuali si ricalcolano subito; con «xlsync update» la "
               "modifica entra nel programma e nei file degli aderenti.")


def row_height(cells: Iterable[tuple[str, int]], font_size: float = 11) -> float:
    """Row height (points) that shows wrapped text whole: XlsxWriter cannot autofit rows."""
    lines = 1
    for text, width in cells:  # a column of width w holds about 1.2·w characters of Calibri 11,
        text = str(text)       # fewer in capitals (titles of projects are written so)
        capitals = sum(char.isupper() for char in text) > 0.6 * sum(char.isalpha() for char in text)
        wrap = max(int(width * (0.9 if capitals else 1.2) * 11 / font_size), 1)
        lines = max(lines, sum(len(textwrap.wrap(part, wrap)) or 1 for part in text.split("\n")))
    return 15.0 * font_size / 11 * lines


TITLE_FONT_SIZE = 16  # a sheet's title in row 1


def title_height(text: str, width: int) -> float:
    """The height of a title's row: a row keeps 15 points unless told, and would clip a title's larger font."""
    return row_height([(text, width)], TITLE_FONT_SIZE) + 3


_PLACEHOLDERS = {"tbd", "tba", "n.d.", "nd", "xxx", "?"}  # what a programme writes for "not yet known"


def shown(value: str) -> str:
    """A programme's value as a person reads it: «TBD» and the like say «da definire»."""
    return "da definire" if value.strip().casefold() in _PLACEHOLDERS else value


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


def threshold_chart(book, sheet: str, rows: tuple[int, int], columns: tuple[int, int, int], title: str,
                    threshold: float | None):
    """Columns of realisations against the threshold's dashed line, every value written on its bar as
    the tables show it
    (a 0% bar has no height: its label shows it). `columns`: categories, values, threshold (0-based);
    `threshold` names the line (None: the rows have different ones)."""
    first, last = rows
    categories, values, line = columns
    bars = book.add_chart({"type": "column"})
    bars.add_series({
        "name": "Realizzazione",
        "categories": [sheet, first, categories, last, categories],
        "values": [sheet, first, values, last, values],
        "fill": {"color": "#2F5597"},
        "gap": 60,
        "data_labels": {"value": True, "num_format": layout.PERCENT_FORMAT, "position": "outside_end",
                        "font": {"size": 8, "color": "#1F3864", "bold": True}},
    })
    limit = book.add_chart({"type": "line"})
    limit.add_series({
        "name": "Soglia" if threshold is None else f"Soglia {format_percent_text(threshold)}",
        "categories": [sheet, first, categories, last, categories],
        "values": [sheet, first, line, last, line],
        "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"},
        "marker": {"type": "none"},
    })
    bars.combine(limit)
    bars.set_title({"name": title, "name_font": {"size": 12}})
    bars.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_unit": 0.2})
    bars.set_legend({"position": "bottom"})
    return bars
