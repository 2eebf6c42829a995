"""Columns sized to their content, as LibreOffice prints them: the agency's self-evaluation on A4 landscape.

Neither Excel nor LibreOffice fits a row's height to wrapped text in a file it opens, so the widths and
the heights are computed here, from the widths of the printed font's letters (`writer.PRINT_FONT`,
DejaVu Sans, which LibreOffice installs with itself on every system).
"""

from __future__ import annotations

import functools
import math

PRINTED_SIZE = 9  # points
# Measured on the printed pages (`writer.PRINT_FONT`, DejaVu Sans): A4 landscape between the margins is
# 806 pt, 115 column width units (a digit of the font at 11 pt: 7 pt), less 0,71 of padding a column, so
# that the table prints at 100%.
_PAGE_WIDTH = 109
_UNIT = 7.0  # points of text a unit of column width holds
PRINTED_LINE = 10.5  # points per line of 9 pt text, as measured
_TEXT_WIDTH = 14  # the least a column of sentences gets: some 20 characters a line
# DejaVu Sans's advance widths, in thousandths of the font size.
_ADVANCE = {char: width for letters, width in (
    ("'", 275), ("ijlì", 278), ("IJÌ", 295), (" ,.’", 318), ("/:;\\|", 337), ("f", 352), ("-", 361), ("()[]", 390),
    ("t", 392), ("!", 401), ("r", 411), ('"', 460), ("*_`–°", 500), ("“”", 518), ("s", 521), ("z", 525),
    ("?", 531), ("c", 550), ("L", 557), ("F", 575), ("k", 579), ("vxy", 592), ("P", 603), ("TY", 611),
    ("oò«»", 612), ("aà", 613), ("eèé", 615), ("EÈÉ", 632), ("hnuù", 634), ("Sbdgpq", 635),
    ("$0123456789{}€", 636), ("K", 656), ("AVÀ", 684), ("XZ", 685), ("B", 686), ("R", 695), ("C", 698),
    ("UÙ", 732), ("N", 748), ("H", 752), ("D", 770), ("G", 775), ("&", 780), ("OQÒ", 787), ("w", 818),
    ("#+<=>^~", 838), ("M", 863), ("%", 950), ("m", 974), ("W", 989), ("@…—", 1000)) for char in letters}


def fitted_widths(headers: tuple[str, ...], rows: list[tuple], page: float = _PAGE_WIDTH) -> list[float]:
    """Column widths from the content: each at least its longest word (a header's in bold), so no header runs
    into the next, and a column of sentences room for some 20 characters a line; then the rest of the page's
    width to the columns where it shortens the table most."""
    def longest(texts, bold: bool = False) -> float:
        return max((_points(text, bold) for text in texts), default=0.0) / _UNIT

    def least(column: int, header: str) -> float:
        texts = [str(row[column]) for row in rows]
        return math.ceil(max(longest(header.split(), bold=True),
                             longest(word[:12] for text in texts for word in text.split()),  # longer ones are cut
                             min(_TEXT_WIDTH, longest(line for text in texts for line in text.split("\n")))) + 0.5)

    widths = [float(least(column, header)) for column, header in enumerate(headers)]

    texts = [[str(value) for value in row] for row in rows]

    def lines_of(column: int, width: float) -> list[int]:
        return [_lines(cells[column], width, False) for cells in texts]

    def height(lines: list[int]) -> float:  # the table's, from each row's most lines (as `row_points`)
        return sum(round(max(count, 1) * PRINTED_LINE + 3, 1) for count in lines)

    while True:  # the widening that shortens the table most for its width (words wrap whole: look a few ahead)
        now = [lines_of(column, width) for column, width in enumerate(widths)]
        tallest, spare = height([max(counts) for counts in zip(*now, strict=True)]) if rows else 0.0, page - sum(widths)
        best = (0.0, 0, 0)
        for column in range(len(widths)):
            others = [max((now[other][row] for other in range(len(widths)) if other != column), default=0)
                      for row in range(len(rows))]
            for more in range(1, min(8, int(spare)) + 1):
                wider = lines_of(column, widths[column] + more)
                gain = tallest - height([max(a, b) for a, b in zip(others, wider, strict=True)])
                if gain > 0:
                    best = max(best, (gain / more, column, more))
                    break
        if not best[2]:
            break
        widths[best[1]] += best[2]
    return widths


def row_points(cells, widths: list[float], line: float = PRINTED_LINE, bold: bool = False) -> float:
    """The height of a row whose cells wrap in these widths, in points (neither program fits it itself)."""
    lines = max(_lines(str(value), width, bold) for value, width in zip(cells, widths, strict=True))
    return round(max(lines, 1) * line + 3, 1)


def _points(text: str, bold: bool = False) -> float:
    """The width of a text at 9 pt, in points (bold is a tenth wider)."""
    return sum(_ADVANCE.get(char, 700) for char in text) * PRINTED_SIZE / 1000 * (1.1 if bold else 1)


@functools.lru_cache(maxsize=65536)
def _lines(text: str, width: float, bold: bool) -> int:
    """How many lines a text takes in a column of this width, wrapped at spaces as LibreOffice wraps it."""
    room = width * _UNIT - 1
    lines = 0
    for part in text.split("\n"):
        used, lines = None, lines + 1
        for word in part.split():
            size = _points(word, bold)
            if used is not None and used + _points(" ") + size <= room:
                used += _points(" ") + size
                continue
            if used is not None:
                lines += 1
            lines += max(math.ceil(size / room) - 1, 0)  # a word longer than the column is cut
            used = size - room * max(math.ceil(size / room) - 1, 0)
    return lines
