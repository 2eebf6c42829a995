"""A PDF page's characters as pdfplumber gives them, without its generic conversion, and its
tables' cells as pdfplumber reads them, without testing every character against every row.

pdfplumber turns every object pdfminer lays out into a dict by resolving each attribute in case it
is a reference to another PDF object, and decodes each character's colour space name: for a
character, whose attributes are plain numbers, names and tuples, that is most of the time of reading
a page. `lean` makes a page convert its characters directly into the same dicts; every other object
goes through pdfplumber as before. The first character of each page is converted both ways and
compared: should pdfplumber give its characters other keys or values, the page keeps its own
conversion (`tests/test_published_documents.py` checks the two agree on the corpus).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from typing import Any


def lean(page) -> None:
    """Make `page` (a pdfplumber page not yet read) convert its characters directly."""
    from pdfminer.layout import LTChar
    from pdfplumber.page import ALL_ATTRS
    from pdfplumber.utils.pdfinternals import resolve_and_decode

    original = page.process_object
    colour_spaces: dict[Any, Any] = {}
    checked: list[bool] = []  # [whether the direct conversion gives what pdfplumber's does], once known

    def char(obj) -> dict[str, Any]:
        values = obj.__dict__
        attr = {key: values[key] for key in values.keys() & ALL_ATTRS}
        attr["object_type"], attr["page_number"] = "char", page.page_number
        name = obj.ncs.name
        if name not in colour_spaces:
            colour_spaces[name] = resolve_and_decode(name)
        attr["ncs"] = colour_spaces[name]
        text = obj.get_text()
        if page.pdf.unicode_norm is not None:
            text = unicodedata.normalize(page.pdf.unicode_norm, text)
        attr["text"] = text
        state = obj.graphicstate
        attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
        attr["non_stroking_color"] = state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
        mediabox_x0, mediabox_top = page.mediabox[:2]
        attr["top"] = (page.height - attr["y1"]) + mediabox_top
        attr["bottom"] = (page.height - attr["y0"]) + mediabox_top
        attr["doctop"] = page.initial_doctop + attr["top"]
        if mediabox_x0 != 0:
            attr["x0"], attr["x1"] = attr["x0"] + mediabox_x0, attr["x1"] + mediabox_x0
        return attr

    def process_object(obj):
        if obj.__class__ is not LTChar or isinstance(obj.fontname, bytes) or not hasattr(obj, "ncs"):
            return original(obj)
        if not checked:
            expected = original(obj)
            checked.append(char(obj) == expected)
            return expected
        return char(obj) if checked[0] else original(obj)

    page.process_object = process_object


def table_texts(table) -> list[list[str | None]]:
    """`table.extract()` of pdfplumber, each row's characters found among the page's sorted by their
    middle's height instead of every character tested against every row."""
    from pdfplumber.utils import extract_text

    chars = table.page.chars
    middles = sorted(((char["top"] + char["bottom"]) / 2, index) for index, char in enumerate(chars))
    heights = [height for height, _ in middles]
    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        found = sorted(index for _, index in middles[bisect_left(heights, top):bisect_left(heights, bottom)])
        row_chars = [chars[index] for index in found if x0 <= (chars[index]["x0"] + chars[index]["x1"]) / 2 < x1]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            left, cell_top, right, cell_bottom = cell
            inside = [char for char in row_chars if left <= (char["x0"] + char["x1"]) / 2 < right
                      and cell_top <= (char["top"] + char["bottom"]) / 2 < cell_bottom]
            texts.append(extract_text(inside) if inside else "")
        rows.append(texts)
    return rows
