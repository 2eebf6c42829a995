"""The published programme as lines of text, whatever it came as: the text a PDF viewer copies,
a PDF (its tables read as tables), or a DOCX (its tables' cells).

A table row becomes one line, its cells separated by tabs and each cell's lines joined with a
space, so that a cell written on several lines stays one cell. Every line of a PDF or DOCX keeps
where it was (page and table row), so that what the manager must check is found in the document.
"""

from __future__ import annotations

import re
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from xlsync import messages
from xlsync.errors import WorkbookError
from xlsync.files import safety
from xlsync.programme.published.pdfchars import lean, table_texts

# "Pag. 3 di 12", "Pagina 3 di 12": never programme text; "3 / 12", "- 3 -": page numbers in a margin
PAGE_LABEL = re.compile(r"^pag(?:ina|\.)?\s*\d+\s*(?:di|/)\s*\d+$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^\d+\s*(?:di|/)\s*\d+$|^-?\s*\d+\s*-?$", re.IGNORECASE)
MARGIN = 0.1  # the top and bottom share of a page where running heads and footers sit
CELL_GAP = 9.0  # points between two words that a borderless table puts in two cells
MAX_PAGES = 300  # a work programme has tens of pages; a longer PDF is something else
MAX_SECONDS = 60.0  # a 20-page programme reads in about a second
_TEXT_ENCODINGS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


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
        raise messages.error("document_unreadable", path.name, cls=WorkbookError,
                             detail=f"{type(exc).__name__}: {exc}") from exc
    if suffix not in (".txt", ".text", ".md", ""):
        raise messages.error("document_format", path.name, cls=WorkbookError)
    return Document(_decoded(data))


def _decoded(data: bytes) -> str:
    """A text file as Notepad, Word or a Mac saves it: UTF-8 (with or without its mark), UTF-16 with
    its mark, else Windows-1252 (the Western European code page of older Windows)."""
    for mark, encoding in _TEXT_ENCODINGS:
        if data.startswith(mark):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _cell(text: str | None) -> str:
    """A PDF cell's lines as one text. An address or link broken at the cell's edge, and a compound
    or a date broken after its hyphen ("co-progettazione", "22-mag-16"), join without a space."""
    joined = ""
    for line in filter(None, (" ".join(line.split()) for line in (text or "").split("\n"))):
        joined = _joined(joined, line)
    return joined


def _joined(text: str, more: str) -> str:
    """A cell's text going on in its next line (or on the next page)."""
    last, following = text.rsplit(" ", 1)[-1], more.split(" ", 1)[0]
    address = any(mark in last for mark in ("@", "://", "www.")) and re.search(r"[./]", following)
    compound = last.endswith("-") and last[:-1].replace("-", "").isalnum() and bool(following)
    return f"{text}{more}" if address or compound else f"{text} {more}".strip()


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
                        cells.append((cell._tc, " ".join(cell.text.split())))  # its paragraphs, one text
                rows.append(("\t".join(text for _, text in cells), f"tabella {tables}, riga {number}"))
    return _document(rows)


# -- PDF -----------------------------------------------------------------------------------------

@dataclass
class _Line:
    top: float
    bottom: float
    cells: list[tuple[float, str]]  # x where the cell starts, its text
    place: str
    right: float = 0.0  # where the last word ends
    first_width: float = 0.0  # the first word's width: whether it would have fitted on the line above
    ruled: bool = False  # a row of a table with ruling lines

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.cells)


@dataclass
class _Page:
    number: int
    height: float
    rows: list[_Line]  # rows of ruled tables
    lines: list[_Line]  # every other line of text


class _Inflation:
    """pdfminer's zlib, bounded: no stream inflates beyond one part's limit, nor all together beyond
    the whole document's, so that a small PDF cannot fill the memory (a "deflate bomb")."""

    error = zlib.error

    def __init__(self, limits: safety.Limits) -> None:
        self.limits, self.left, self.exceeded = limits, limits.total_bytes, False

    def decompress(self, data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, min(self.limits.member_bytes, self.left) + 1)
        if len(out) > min(self.limits.member_bytes, self.left) or inflater.unconsumed_tail:
            self.exceeded = True
            raise MemoryError("a stream inflates beyond the document's limits")
        self.left -= len(out)
        return out + inflater.flush()

    def decompressobj(self):
        return _BoundedInflater(self)


class _BoundedInflater:
    def __init__(self, budget: _Inflation) -> None:
        self.budget, self.inflater = budget, zlib.decompressobj()

    def decompress(self, data: bytes) -> bytes:
        out = self.inflater.decompress(data, self.budget.left + 1)
        if len(out) > self.budget.left or self.inflater.unconsumed_tail:
            self.budget.exceeded = True
            raise MemoryError("a stream inflates beyond the document's limits")
        self.budget.left -= len(out)
        return out

    def __getattr__(self, name: str):
        return getattr(self.inflater, name)


@contextmanager
def _bounded_inflation(path: Path):
    from pdfminer import pdftypes

    budget = _Inflation(safety.DOCUMENT)
    pdftypes.zlib, original = budget, pdftypes.zlib
    try:
        yield
    except Exception as exc:
        if budget.exceeded:
            raise messages.error("document_inflates", path.name, cls=WorkbookError,
                                 limit=min(safety.DOCUMENT.member_bytes, safety.DOCUMENT.total_bytes) // safety.MiB) from exc
        raise
    finally:
        pdftypes.zlib = original


def _open_pdf(path: Path):
    import pdfplumber  # only for PDFs
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.pdftypes import resolve1

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors: the cause says what it was
        causes = (exc, *exc.args)
        if any(isinstance(cause, PDFEncryptionError) for cause in causes) or "password" in str(exc).casefold():
            raise messages.error("document_password", path.name, cls=WorkbookError) from exc
        raise
    try:
        pages = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a damaged page tree: pdfplumber finds the pages itself, the page limit below holds
        pages = 0
    if isinstance(pages, int) and pages > MAX_PAGES:
        pdf.close()
        raise messages.error("document_pages", path.name, cls=WorkbookError, pages=pages, limit=MAX_PAGES)
    return pdf


def _pdf(path: Path) -> Document:
    started = time.monotonic()
    with _bounded_inflation(path), _open_pdf(path) as pdf:
        pages = []
        for number, page in enumerate(pdf.pages, 1):
            if number > MAX_PAGES:
                raise messages.error("document_pages", path.name, cls=WorkbookError, pages=len(pdf.pages), limit=MAX_PAGES)
            if time.monotonic() - started > MAX_SECONDS:
                raise messages.error("document_slow", path.name, cls=WorkbookError, seconds=int(MAX_SECONDS), page=number - 1)
            lean(page)
            pages.append(_read_page(page, number))
    running = _running_heads(pages)
    out: list[_Line] = []
    header = None
    for page in pages:
        lines = [line for line in page.lines if not _is_running_head(line, page, running)]
        first = True  # the page's first row, after a repeated header
        for line in sorted(page.rows + _blocks(lines, page.rows), key=lambda line: line.top):
            text = "\t".join(text for _, text in line.cells)
            if line.ruled and line.place.endswith(" 1"):
                # a table going on from the previous page repeats its header row: keep it once
                if first and text == header:
                    continue
                header = text
            if first and out and _goes_on(out[-1], line):  # a row broken by the page break: one row
                out[-1].cells = [(x, _joined(a, b)) for (x, a), (_, b) in zip(out[-1].cells, line.cells, strict=True)]
            else:
                out.append(line)
            first = False
    return _document([("\t".join(text for _, text in line.cells), line.place) for line in out])


def _goes_on(previous: _Line, line: _Line) -> bool:
    """A ruled row at the top of a page with the columns of the row that ends the previous page,
    whose first cell is empty or every cell goes on in lower case: the rest of that row."""
    texts = [text for _, text in line.cells]
    return (previous.ruled and line.ruled and len(line.cells) == len(previous.cells)
            and all(abs(a - b) < 3 for (a, _), (b, _) in zip(previous.cells, line.cells, strict=True))
            and (not texts[0] or all(text[:1].islower() for text in texts if text)))


def _read_page(page, number: int) -> _Page:
    """The rows of the page's ruled tables, and its other words as lines."""
    # a frame around the page or a boxed paragraph is one cell, not a table: its words are text
    tables = [table for table in page.find_tables() if any(len(row.cells) > 1 for row in table.rows)]
    rows: list[_Line] = []
    for table in tables:
        for row_number, (row, cells) in enumerate(zip(table.rows, table_texts(table), strict=True), 1):
            x0s = [cell[0] if cell else row.bbox[0] for cell in row.cells]
            rows.append(_Line(row.bbox[1], row.bbox[3], [(x, _cell(text)) for x, text in zip(x0s, cells, strict=True)],
                              f"pag. {number}, tabella riga {row_number}", row.bbox[2], ruled=True))
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:  # by its middle, as pdfplumber puts a character in a cell: a paragraph
        middle = (obj["top"] + obj["bottom"]) / 2  # right under a table may rise above its bottom rule
        return not any(x0 - 1 <= obj["x0"] <= x1 + 1 and top - 1 <= middle <= bottom + 1
                       for x0, top, x1, bottom in boxes)

    words = page.filter(outside).extract_words(x_tolerance=1.5, y_tolerance=2)
    return _Page(number, float(page.height), rows, _text_lines(words, number))


def _text_lines(words: list[dict], page: int) -> list[_Line]:
    """Words on one baseline form a line; a gap wider than CELL_GAP starts a new cell."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        line = lines[-1] if lines and abs(lines[-1].top - word["top"]) <= 2 else None
        if line is None:
            lines.append(_Line(word["top"], word["bottom"], [(word["x0"], word["text"])], f"pag. {page}", word["x1"],
                               first_width=word["x1"] - word["x0"]))
            continue
        if word["x0"] - line.right > CELL_GAP:
            line.cells.append((word["x0"], word["text"]))
        else:
            line.cells[-1] = (line.cells[-1][0], f"{line.cells[-1][1]} {word['text']}")
        line.bottom, line.right = max(line.bottom, word["bottom"]), word["x1"]
    return lines


def _blocks(lines: list[_Line], rows: list[_Line]) -> list[_Line]:
    """Lines set close (the gap to the next under 3/4 of a line's height) form a block: the rows of a
    borderless table when some have cells (wide gaps) or start right of the margin, one row per
    block; else paragraphs, whose lines running to the right margin (the widest line or table row,
    if two reach it) go on in the next line."""
    if not lines:
        return []
    left = min(line.cells[0][0] for line in lines)
    right = max(line.right for line in [*lines, *rows])
    if sum(line.right >= right - 30 for line in [*lines, *rows]) < 2:  # nothing on the page marks a margin
        right = float("inf")
    out: list[_Line] = []
    block: list[_Line] = []
    row_number = 0  # in the borderless table being read
    for line in [*lines, None]:
        if block and (line is None or line.top - block[-1].bottom > 0.75 * (block[-1].bottom - block[-1].top)):
            if any(len(each.cells) > 1 or each.cells[0][0] > left + 20 for each in block):
                row_number += 1
                out.append(_merged(block, left, f"{block[0].place}, tabella riga {row_number}"))
            else:
                row_number = 0
                out += _paragraphs(block, right)
            block = []
        if line is not None:
            block.append(line)
    return out


def _paragraphs(block: list[_Line], right: float) -> list[_Line]:
    out: list[_Line] = []
    for line in block:
        # the first word would not have fitted on the line above: the same paragraph, wrapped
        if out and out[-1].right + 4 + line.first_width >= right - 2:
            out[-1].cells[-1] = (out[-1].cells[-1][0], _joined(out[-1].cells[-1][1], line.text))
            out[-1].right, out[-1].bottom = line.right, line.bottom
        else:
            out.append(line)
    return out


def _merged(block: list[_Line], left: float, place: str) -> _Line:
    """A borderless table's row from its lines: each piece of text in the column it starts in."""
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
            cells[column] = _joined(cells[column], text)
    return _Line(block[0].top, block[-1].bottom, list(zip(anchors, cells, strict=True)), place,
                 max(line.right for line in block))


def _running_heads(pages: list[_Page]) -> set[tuple[str, int]]:
    """Texts (digits aside) at the same height in the margin of most pages (two at least), with
    nothing of a ruled table beyond them: running heads and footers."""
    seen: dict[tuple[str, int], int] = {}
    for page in pages:
        for key in {_key(line) for line in _edges(page)}:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= max(2, len(pages) // 2 + 1)}


def _edges(page: _Page) -> list[_Line]:
    """The text lines in the page's margins with nothing of a ruled table beyond them."""
    top = min((row.top for row in page.rows), default=page.height)
    bottom = max((row.bottom for row in page.rows), default=0.0)
    return [line for line in page.lines if (line.bottom < page.height * MARGIN and line.bottom <= top)
            or (line.top > page.height * (1 - MARGIN) and line.top >= bottom)]


def _is_running_head(line: _Line, page: _Page, running: set[tuple[str, int]]) -> bool:
    if PAGE_LABEL.match(line.text.strip()):  # "Pag. 3 di 12" is never the programme's text
        return True
    return line in _edges(page) and (bool(PAGE_NUMBER.match(line.text.strip())) or _key(line) in running)


def _key(line: _Line) -> tuple[str, int]:
    return _masked(line.text), round(line.top / 4)


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))
