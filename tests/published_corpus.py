"""Published programmes laid out as the agency publishes them: A4 PDFs (fpdf2) and DOCX
(python-docx) whose actions and projects are tables, in several layouts.

The input is a programme's text as a PDF viewer copies it, table rows as tab-separated cells: a
run of such lines is one table, every other line a paragraph.
"""

from __future__ import annotations

import random
from pathlib import Path

LAYOUTS = ("bordered", "borderless", "landscape")  # of a PDF and of a DOCX
PDF_LAYOUTS = (*LAYOUTS, "framed")
# the core PDF fonts are Latin-1: the few typographic marks outside it, written plainly
PLAIN = str.maketrans({"–": "-", "’": "'", "“": '"', "”": '"', "…": "...", "«": '"', "»": '"'})


def blocks(text: str) -> list[tuple[str, list[list[str]]]]:
    """("p", [[line]]) for a paragraph, ("table", rows of cells) for a run of tab-separated lines."""
    found: list[tuple[str, list[list[str]]]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if found and found[-1][0] == "table":
                found[-1][1].append(line.split("\t"))
            else:
                found.append(("table", [line.split("\t")]))
        else:
            found.append(("p", [[line]]))
    return found


def _widths(rows: list[list[str]], total: float) -> tuple[float, ...]:
    columns = max(len(row) for row in rows)
    if columns == 2:
        return (total * 0.36, total * 0.64)
    if columns == 5:  # the members: number, name, date, two marks
        return tuple(total * share for share in (0.06, 0.46, 0.16, 0.16, 0.16))
    return tuple(total / columns for _ in range(columns))


def pdf(path: Path, text: str, layout: str = "bordered") -> int:
    """Write the text as an A4 PDF: running head and "Pag. N di M" footer on every page, tables
    with cells on several lines that run over page breaks (the header row repeated); "borderless"
    draws no rules; "landscape" puts the projects on landscape pages. Gives how many tables run
    over a page break; "framed" draws a frame around every page."""
    from fpdf import FPDF
    from fpdf.enums import TableBordersLayout

    class Decree(FPDF):
        def header(self) -> None:
            if layout == "framed":  # a frame around every page, as some templates draw
                self.rect(10, 6, self.w - 20, self.h - 12)
            self.set_font("Helvetica", size=7)
            self.set_y(8)
            self.cell(0, 4, "Trentino Famiglia - Programma di lavoro", align="R")
            self.set_y(22)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=7)
            self.cell(0, 4, f"Pag. {self.page_no()} di {{nb}}", align="C")

    document = Decree(format="A4")
    document.set_margins(18, 22, 18)
    document.set_auto_page_break(True, margin=20)
    document.add_page()
    split = 0
    borders = TableBordersLayout.NONE if layout == "borderless" else TableBordersLayout.ALL
    for kind, rows in blocks(text.translate(PLAIN)):
        if kind == "p":
            line = rows[0][0]
            if layout == "landscape" and line.strip() == "PROGETTUALITÀ":
                document.add_page(orientation="L")
            if layout == "landscape" and line.startswith("ORGANIZZAZIONI ADERENTI"):
                document.add_page(orientation="P")
            document.set_font("Helvetica", size=9)
            document.multi_cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
            document.ln(2.5)  # space after a paragraph, as a word processor leaves it
            continue
        width, first_page = max(len(row) for row in rows), document.page_no()
        document.set_font("Helvetica", size=8)
        with document.table(col_widths=_widths(rows, document.epw), borders_layout=borders, line_height=4,
                            text_align="LEFT", first_row_as_headings=True,
                            repeat_headings=0 if layout == "borderless" else 1,
                            padding=(1.5 if layout == "borderless" else 1), v_align="TOP",
                            headings_style=_headings()) as table:
            for cells in rows:
                row = table.row()
                for value in cells + [""] * (width - len(cells)):
                    row.cell(value)
        split += document.page_no() != first_page
        document.ln(2)
    document.output(str(path))
    return split


def _headings():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD")


def docx(path: Path, text: str, layout: str = "bordered", seed: int = 0) -> Path:
    """The text as a DOCX: tables ("Table Grid" when bordered) whose long cells are written as
    several paragraphs, a page header and footer, the projects in a landscape section."""
    import docx as python_docx
    from docx.enum.section import WD_ORIENT, WD_SECTION

    chance = random.Random(seed)
    document = python_docx.Document()
    document.sections[0].header.paragraphs[0].text = "Trentino Famiglia - Programma di lavoro"
    document.sections[0].footer.paragraphs[0].text = "Pag. 1 di 1"
    for kind, rows in blocks(text):
        if kind == "p":
            line = rows[0][0]
            if layout == "landscape" and line.strip() == "PROGETTUALITÀ":
                section = document.add_section(WD_SECTION.NEW_PAGE)
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = section.page_height, section.page_width
            document.add_paragraph(line)
            continue
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        if layout != "borderless":
            table.style = "Table Grid"
        usable = document.sections[-1].page_width - document.sections[-1].left_margin - document.sections[-1].right_margin
        table.autofit = False
        for column, share in zip(table.columns, _widths(rows, 1.0), strict=False):
            column.width = int(usable * share)  # the table's grid, which LibreOffice follows
            for cell in column.cells:  # and each cell's, which Word follows
                cell.width = int(usable * share)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                _write_cell(table.cell(r, c), value, chance)
    document.save(str(path))
    return path


def _write_cell(cell, value: str, chance: random.Random) -> None:
    """A long cell as two or three paragraphs, broken at spaces: one cell all the same."""
    words = value.split(" ")
    if len(value) < 50 or len(words) < 4:
        cell.text = value
        return
    cuts = sorted(chance.sample(range(1, len(words)), k=min(2, len(words) - 1)))
    pieces = [" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]
    cell.text = pieces[0]
    for piece in pieces[1:]:
        cell.add_paragraph(piece)
