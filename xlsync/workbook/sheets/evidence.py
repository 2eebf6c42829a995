"""The «Evidenze» sheet (with its checks), and the district's ledgers «Scarti» and «Invii»."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any

from xlsync.workbook import layout
from xlsync.workbook.rows import Rendered
from xlsync.workbook.sheets.common import print_wide, row_height, set_widths, sheet_ref, storable


def write_evidence(w, ws) -> None:
    f = w.formats
    partner = w.partner
    columns = list(layout.EVIDENCE_COLUMNS if partner else layout.DISTRICT_EVIDENCE_COLUMNS)
    extra_headers: list[str] = []
    for row in w.evidence:
        for header, _ in row.extra:
            if header not in extra_headers:
                extra_headers.append(header)
    headers = [column.header for column in columns] + extra_headers
    spare = 0 if w.agency else layout.SPARE_EVIDENCE_ROWS
    last_row = max(len(w.evidence) + spare, 1)
    w.table(ws, 0, last_row, layout.EVIDENCE, headers)
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width, f["date"] if column.field in ("date", "received") else f["plain"])
    if extra_headers:  # columns a person added
        ws.set_column(len(columns), len(headers) - 1, 20)
    fields = [column.field for column in columns]
    values_of = operator.attrgetter(*fields)
    rendered = w.content.rendered
    rows: list[Sequence[Any] | Rendered] = []
    for row in w.evidence:
        extras = ()
        if row.extra:
            found = dict(row.extra)
            extras = tuple(found.get(header) for header in extra_headers)
        done = rendered.get(id(row))
        if done is not None and done[0] is row:  # rendered by the merge
            rows.append(Rendered(done[1], len(columns), extras))
        else:
            rows.append(values_of(row) + extras)
    if partner is not None:
        # The partner's own organisation, preset in every empty row: a row holding only it is empty.
        preset = [None] * len(headers)
        preset[fields.index("organisations")] = partner.name
        rows += [preset] * spare
    ws.bulk_rows(rows, first_row=1, width=len(headers))
    ws.freeze_panes(1, 1)
    if w.agency:
        ws.protect(options={"autofilter": True, "sort": True})
    else:
        _validation(w, ws, last_row)
    print_wide(ws)
    # The whole table (rows partners add too), in the columns partners fill in.
    ws.print_area(0, 0, last_row, len(layout.EVIDENCE_COLUMNS) - 1)
    ws.repeat_rows(0)


def _validation(w, ws, last_row: int) -> None:
    year = w.programme.year
    ws.data_validation(1, 0, last_row, 0, {
        "validate": "list",
        "source": f"={sheet_ref(layout.LINES)}!$C$2:$C${len(w.lines) + 1}",
        "input_title": "Voce del programma",
        "input_message": "Scegliere dall'elenco la voce che questa riga documenta.",
        "error_title": "Voce non valida",
        "error_message": "Scegliere una voce dall'elenco a discesa (codice e descrizione). "
                         "Tutte le voci sono nel foglio «Voci».",
    })
    ws.data_validation(1, 1, last_row, 1, {
        "validate": "date",
        "criteria": "between",
        "minimum": dt.date(year, 1, 1),
        "maximum": dt.date(year, 12, 31),
        "input_title": "Data",
        "input_message": f"Data dell'evidenza, gg/mm/aaaa, nel {year}.",
        "error_title": "Data non valida",
        "error_message": f"Inserire una data del {year} nel formato gg/mm/aaaa, ad esempio 15/03/{year}.",
    })
    ws.data_validation(1, 3, last_row, 3, {
        "validate": "decimal",
        "criteria": ">",
        "value": 0,
        "input_title": "Quantità",
        "input_message": "Quante unità conta la riga. Vuota = 1.",
        "error_title": "Quantità non valida",
        "error_message": "Inserire un numero maggiore di zero, ad esempio 1 o 3. Lasciare vuoto per 1.",
    })
    if w.programme.members:
        ws.data_validation(1, 4, last_row, 4, {
            "validate": "list",
            "source": f"={sheet_ref(layout.MEMBERS)}!$A$2:$A${len(w.programme.members) + 1}",
            "error_type": "warning",
            "input_title": "Organizzazione",
            "input_message": "Scegliere l'organizzazione coinvolta. Per la co-progettazione: una riga per organizzazione.",
            "error_title": "Organizzazione non aderente",
            "error_message": "L'organizzazione non è tra gli aderenti del distretto. Confermare solo se è corretta.",
        })


def write_rejects(w, ws) -> None:
    f = w.formats
    rejects = w.content.rejects
    w.table(ws, 0, max(len(rejects), 1), layout.REJECTS, layout.REJECT_HEADERS)
    set_widths(ws, (22, 28, 16, 10, 60) + tuple(c.width for c in layout.EVIDENCE_COLUMNS))
    for row, reject in enumerate(rejects, 1):
        ws.write_string(row, 0, reject.partner, f["plain"])
        ws.write_string(row, 1, reject.file, f["plain"])
        w.cell(ws, row, 2, reject.received, f["datetime"])
        w.cell(ws, row, 3, reject.source_row, f["plain"])
        ws.write_string(row, 4, reject.reason, f["text"])
        for column, value in enumerate(reject.values, 5):
            w.cell(ws, row, column, storable(value))
        ws.set_row(row, row_height([(reject.reason, 60)]))
    ws.freeze_panes(1, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def write_submissions(w, ws) -> None:
    f = w.formats
    submissions = w.content.submissions
    w.table(ws, 0, max(len(submissions), 1), layout.SUBMISSIONS, layout.SUBMISSION_HEADERS)
    set_widths(ws, (34, 22, 16, 16, 18, 16, 7, 9, 10, 9, 9, 9, 40, 18))
    for row, item in enumerate(submissions, 1):
        ws.write_string(row, 0, item.file, f["plain"])
        ws.write_string(row, 1, item.partner, f["plain"])
        w.cell(ws, row, 2, item.received, f["datetime"])
        w.cell(ws, row, 3, item.merged, f["datetime"])
        ws.write_string(row, 4, item.content_hash, f["plain"])
        ws.write_string(row, 5, item.outcome, f["plain"])
        for column, value in enumerate((item.read, item.added, item.updated, item.unchanged, item.rejected,
                                        item.removed), 6):
            ws.write_number(row, column, value, f["plain"])
        ws.write_string(row, 12, item.note, f["text"])
        ws.write_string(row, 13, item.programme, f["plain"])
    ws.freeze_panes(1, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)
