"""The published programme as lines of text, whatever it came as: the text a PDF viewer copies,
a PDF (its tables read as tables), or a DOCX (its tables' cells).

A table row becomes one line, its cells separated by tabs and each cell's lines joined with a
space, so that a cell written on several lines stays one cell. Every line of a PDF or DOCX keeps
where it was (page and table row), so that what the manager must check is found in the document.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from xlsync.errors import WorkbookError
from xlsync.workbook import safety

# "Pag. 3 di 12", "Pagina 3 di 12", "3 / 12", "- 3 -": page numbers, never programme text
PAGE_NUMBER = re.compile(r"^(?:pag(?:ina|\.)?\s*)?\d+\s*(?:di|/)\s*\d+$|^-?\s*\d+\s*-?$", re.IGNORECASE)
MARGIN = 0.06  # the top and bottom share of a page where running heads and footers sit
CELL_GAP = 9.0  # points between two words that a borderless table puts in two cells


@dataclass(frozen=True)
class Document:
    """The text of a published programme, and where each of its lines is in the document."""

    text: str
    places: tuple[str, ...] = ()  # one per line of `text`: "pag. 3, tabella riga 4"; none for plain text


def read_document(path: str | Path) -> Document:
    """A published programme: plain text, PDF or DOCX."""
    path = Path(path)
    refused = safety.problem_with(path, safety.DOCUMENT)
    if refused:
        raise WorkbookError.of(refused)
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf(path)
        if suffix == ".docx":
            return _docx(path)
        data = path.read_bytes()
    except WorkbookError:
        raise
    except Exception as exc:  # every library raises its own kinds for a damaged file
        raise WorkbookError(f"{path.name}: il documento non si legge ({type(exc).__name__}: {exc}): "
                            f"salvarlo di nuovo come PDF, DOCX o testo e riprovare.") from exc
    if suffix not in (".txt", ".text", ".md", ""):
        raise WorkbookError(f"{path.name}: formato non riconosciuto: indicare il programma come PDF, DOCX o testo (.txt).")
    try:
        return Document(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Document(data.decode("cp1252", errors="replace"))


def _cell(text: str | None) -> str:
    return " ".join((text or "").split())


def _document(rows: list[tuple[str, str]]) -> Document:
    return Document("\n".join(text for text, _ in rows), tuple(place for _, place in rows))


# -- DOCX ----------------------------------------------------------------------------------------

def _docx(path: Path) -> Document:
    import docx  # python-docx, only for DOCX
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    rows: list[tuple[str, str]] = []
    tables = 0
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            rows.append((Paragraph(block, document).text, ""))
        elif tag == "tbl":
            tables += 1
            for number, row in enumerate(Table(block, document).rows, 1):
                cells = []
                for cell in row.cells:  # a merged cell repeats: keep it once
                    if not cells or cell._tc is not cells[-1][0]:
                        cells.append((cell._tc, _cell(cell.text)))
                rows.append(("\t".join(text for _, text in cells), f"tabella {tables}, riga {number}"))
    return _document(rows)


# -- PDF -----------------------------------------------------------------------------------------

@dataclass
class _Line:
    top: float
    bottom: float
    cells: list[tuple[float, str]]  # x where the cell starts, its text
    place: str
    table: tuple[int, int] | None = None  # (page, table) for rows of a ruled table
    right: float = 0.0  # where the last word ends

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.cells)


def _pdf(path: Path) -> Document:
    import pdfplumber  # only for PDFs

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        if "password" in f"{type(exc).__name__} {exc}".casefold() or "encrypt" in str(exc).casefold():
            raise WorkbookError(f"{path.name}: il PDF è protetto da password: salvarne una copia senza password.") from exc
        raise
    with pdf:
        pages = [(_page_lines(page, number), float(page.height)) for number, page in enumerate(pdf.pages, 1)]
    running = _running_heads(pages)
    rows: list[tuple[str, str]] = []
    previous_header = None
    for lines, height in pages:
        first_of_page = True
        for line in lines:
            if _is_running_head(line, height, running):
                continue
            text = "\t".join(text for _, text in line.cells)
            if line.table and line.place.endswith("riga 1"):
                # a table going on from the previous page repeats its header row: keep it once
                if first_of_page and previous_header == text:
                    first_of_page = False
                    continue
                previous_header = text
            first_of_page = False
            rows.append((text, line.place))
    return _document(rows)


def _page_lines(page, number: int) -> list[_Line]:
    """The page's lines top to bottom: ruled tables row by row, the rest line by line, with the
    lines of a borderless table's row joined cell by cell."""
    found = page.find_tables()
    lines: list[_Line] = []
    for index, table in enumerate(found, 1):
        for row_number, (row, cells) in enumerate(zip(table.rows, table.extract(), strict=True), 1):
            x0s = [cell[0] if cell else row.bbox[0] for cell in row.cells]
            lines.append(_Line(row.bbox[1], row.bbox[3], [(x, _cell(text)) for x, text in zip(x0s, cells, strict=True)],
                               f"pag. {number}, tabella riga {row_number}", (number, index)))
    boxes = [table.bbox for table in found]

    def outside(obj) -> bool:
        return not any(x0 - 1 <= obj["x0"] <= x1 + 1 and top - 1 <= obj["top"] <= bottom + 1
                       for x0, top, x1, bottom in boxes)

    words = page.filter(outside).extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    lines += _text_lines(words, number, float(page.width))
    return sorted(lines, key=lambda line: line.top)


def _text_lines(words: list[dict], page: int, width: float) -> list[_Line]:
    raw: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if raw and abs(raw[-1].top - word["top"]) <= 2:
            line = raw[-1]
            last_x, last_text = line.cells[-1]
            if word["x0"] - line.right > CELL_GAP:
                line.cells.append((word["x0"], word["text"]))
            else:
                line.cells[-1] = (last_x, f"{last_text} {word['text']}")
            line.bottom = max(line.bottom, word["bottom"])
        else:
            raw.append(_Line(word["top"], word["bottom"], [(word["x0"], word["text"])], f"pag. {page}"))
        raw[-1].right = word["x1"]
    if not raw:
        return []
    left = min(line.cells[0][0] for line in raw)
    pitches = [b.top - a.top for a, b in zip(raw, raw[1:], strict=False) if 0 < b.top - a.top < 40]
    pitch = statistics.median(pitches) if pitches else 12.0
    return _borderless_rows(raw, left, pitch)


def _borderless_rows(lines: list[_Line], left: float, pitch: float) -> list[_Line]:
    """Lines close together with cells (wide gaps) form the rows of a borderless table: a row ends
    where the gap to the next line is wider than the lines' pitch."""
    out: list[_Line] = []
    block: list[_Line] = []

    def flush() -> None:
        if not block:
            return
        if not any(len(line.cells) > 1 or line.cells[0][0] > left + 20 for line in block):
            out.extend(block)
        else:
            out.append(_merged(block, left))
        block.clear()

    for line in lines:
        if block and line.top - block[-1].top > pitch * 1.25:
            flush()
        block.append(line)
    flush()
    return out


def _merged(block: list[_Line], left: float) -> _Line:
    anchors: list[float] = []
    for x in sorted(x for line in block for x, _ in line.cells):
        if not anchors or x - anchors[-1] > 4:
            anchors.append(x)
    if anchors[0] > left + 20:  # the first column is empty in this row
        anchors.insert(0, left)
    cells = [""] * len(anchors)
    for line in block:
        for x, text in line.cells:
            column = max(i for i, anchor in enumerate(anchors) if anchor <= x + 4)
            cells[column] = f"{cells[column]} {text}".strip()
    return _Line(block[0].top, block[-1].bottom, list(zip(anchors, cells, strict=True)), block[0].place)


def _running_heads(pages: list[tuple[list[_Line], float]]) -> set[str]:
    """Texts in the top or bottom margin of more than one page (digits aside): running heads."""
    seen: dict[str, int] = {}
    for lines, height in pages:
        for text in {_masked(line.text) for line in lines if line.table is None and _in_margin(line, height)}:
            seen[text] = seen.get(text, 0) + 1
    return {text for text, count in seen.items() if count > 1}


def _is_running_head(line: _Line, height: float, running: set[str]) -> bool:
    if line.table is not None or not _in_margin(line, height):
        return False
    return bool(PAGE_NUMBER.match(line.text.strip())) or _masked(line.text) in running


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom < height * MARGIN or line.top > height * (1 - MARGIN)


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))
