"""The reference sheets: instructions, members, actors, the method, the hidden stamp, sheets a person added."""

from __future__ import annotations

import datetime as dt

from xlsync.programme.toml_file import dumps, fingerprint
from xlsync.vocabulary import layout
from xlsync.workbook.sheets.common import print_wide, row_height, set_widths, shown, title_height


def write_instructions(w, ws) -> None:
    text, fill = w.texts["istruzioni"], w.fill()
    paragraphs = (text["partner"] if w.partner is not None else []) + text["paragrafi"]
    text_sheet(w, ws, [
        ("title", text["titolo"]),
        ("subtitle", f"{w.programme.district} — Programma di lavoro {w.programme.year}"),
        ("gap",),
        *(("paragraph", paragraph.format(**fill)) for paragraph in paragraphs),
        ("gap",),
        ("subtitle", text["colonne_titolo"]),
        *(("pair", header, explanation.format(**fill)) for header, explanation in text["colonne"]),
        ("gap",),
        ("paragraph", text["contatti"].format(**fill)),
    ])


# The two columns of a sheet of text, whole on a screen 1280 pixels wide (about 10 pixels a unit in LibreOffice).
TERM_WIDTH, TEXT_WIDTH = 24, 84


def text_sheet(w, ws, blocks: list[tuple]) -> None:
    """A protected sheet of text in two columns: titles, paragraphs, and terms with their explanation."""
    f = w.formats
    ws.hide_gridlines(2)
    ws.set_column(0, 0, TERM_WIDTH)
    ws.set_column(1, 1, TEXT_WIDTH)
    for row, (kind, *content) in enumerate(blocks):
        if kind == "pair":
            ws.write_string(row, 0, content[0], f["label"])
            ws.write_string(row, 1, content[1], f["text"])
            ws.set_row(row, row_height([(content[0], TERM_WIDTH), (content[1], TEXT_WIDTH)]))
        elif kind != "gap":
            style = {"title": "title", "subtitle": "subtitle", "paragraph": "text"}[kind]
            ws.merge_range(row, 0, row, 1, content[0], f[style])
            if kind == "paragraph":
                ws.set_row(row, row_height([(content[0], TERM_WIDTH + TEXT_WIDTH)]))
            elif kind == "title":
                ws.set_row(row, title_height(content[0], TERM_WIDTH + TEXT_WIDTH))
    ws.protect(options={"select_locked_cells": True})
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def write_members(w, ws) -> None:
    f = w.formats
    members = w.programme.members
    w.table(ws, 0, max(len(members), 1), layout.MEMBERS, layout.MEMBER_HEADERS)
    set_widths(ws, (52, 24, 15, 26, 22))
    for row, member in enumerate(members, 1):
        ws.write_string(row, 0, member.name, f["plain"])
        ws.write_string(row, 1, member.short_name, f["plain"])
        w.cell(ws, row, 2, member.joined)
        ws.write_string(row, 3, member.family_in_trentino, f["plain"])
        ws.write_string(row, 4, member.family_audit, f["plain"])
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def write_actors(w, ws) -> None:
    f, programme = w.formats, w.programme
    actors = programme.actors
    w.table(ws, 0, max(len(actors), 1), layout.ACTORS, layout.ACTOR_HEADERS)
    set_widths(ws, (30, 26, 70, 40))
    for row, actor in enumerate(actors, 1):
        for column, value in enumerate((actor.role, actor.name, actor.title, actor.email)):
            ws.write_string(row, column, value, f["text"])
    row = len(actors) + 3
    blocks = (("Dati del distretto", programme.details), ("Canali social", programme.contacts))
    for title, pairs in blocks:
        if not pairs:
            continue
        ws.write_string(row, 0, title, f["subtitle"])
        row += 1
        for label, value in pairs:
            ws.write_string(row, 0, label, f["label"])
            ws.merge_range(row, 1, row, 2, shown(value), f["text"])
            row += 1
        row += 1
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def write_method(w, ws) -> None:
    text, fill = w.texts["metodo"], w.fill()
    text_sheet(w, ws, [
        ("title", text["titolo"]),
        ("gap",),
        *(("paragraph", paragraph.format(**fill)) for paragraph in text["paragrafi"]),
        ("gap",),
        ("subtitle", text["tipi_titolo"]),
        *(("pair", name, explanation.format(**fill)) for name, explanation in text["tipi"]),
        ("gap",),
        ("subtitle", text["aggregazione_titolo"]),
        *(("paragraph", paragraph.format(**fill)) for paragraph in text["aggregazione"]),
    ])


def write_meta(w, ws) -> None:
    programme = w.programme
    text = dumps(programme)
    rows: list[tuple[str, str]] = [
        ("modello", layout.TEMPLATE_VERSION),
        ("tipo", "agenzia" if w.agency else "distretto" if w.partner is None else "partner"),
        ("distretto", programme.district),
        ("anno", str(programme.year)),
        ("impronta", fingerprint(programme)),
        ("scritto il", (w.content.produced or dt.datetime.now().replace(microsecond=0)).isoformat()),
    ]
    if w.content.history:
        rows.append(("impronte", ",".join(w.content.history)))
    rows += list(w.content.stamp.items())
    rows += [("programma", chunk) for chunk in _chunks(text)]
    rows += [("base", cell) for cell in w.content.bases]
    ws.write_string(0, 0, "chiave")
    ws.write_string(0, 1, "valore")
    for row, (key, value) in enumerate(rows, 1):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
    ws.hide()
    ws.protect()


_CHUNK = 8000  # characters of programme text per cell of the hidden sheet (a cell holds 32,767)


def _chunks(text: str) -> list[str]:
    """The programme text in cells of the hidden sheet. No cell starts with = + - @: a tool that
    re-saves the workbook (openpyxl does) would take such a text for a formula and lose it."""
    chunks, start = [], 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        while end < len(text) and text[end] in "=+-@":
            end += 1
        chunks.append(text[start:end])
        start = end
    return chunks
