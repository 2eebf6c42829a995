"""A PDF page's characters as pdfplumber gives them, without its generic conversion.

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
