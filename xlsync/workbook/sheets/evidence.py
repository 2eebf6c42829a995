"""The «Evidenze» sheet (with its checks), and the district's ledgers «Scarti», «Conflitti» and «Invii»."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from xlsync.programme.model import Conflict, RuleKind
from xlsync.scoring import formulas
from xlsync.vocabulary import layout
from xlsync.workbook.rows import Rendered
from xlsync.workbook.sheets.common import print_wide, row_height, set_widths, sheet_ref, storable


def write_evidence(w, ws) -> None:
    if w.partner is not None:
        _write_partner_evidence(w, ws)
        return
    f = w.formats
    columns = list(layout.DISTRICT_EVIDENCE_COLUMNS)
    extra_headers = added_headers(w.evidence)
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


def added_headers(evidence) -> list[str]:
    """The headers of the columns a person added, in the order the sheet has them (after xlsync's)."""
    extra_headers: list[str] = []
    for row in evidence:
        for header, _ in row.extra:
            if header not in extra_headers:
                extra_headers.append(header)
    return extra_headers


# A partner's sheet shows every column, «Da completare» too, on a screen 1280 pixels wide: LibreOffice draws
# a unit of width as about 10 pixels (Excel as 7), so the columns are narrow, their text wraps, and the
# sheet opens at 80%. The codes' dropdown opens wider than its column in LibreOffice.
PARTNER_WIDTHS = {"code": 18, "date": 11, "description": 24, "quantity": 8, "organisations": 18, "people": 13,
                  "document": 13, "notes": 10, layout.CHECK_HEADER: 24}
PARTNER_ZOOM = 80
WRAPPED = {"description", "organisations", "people", "document", "notes"}


def _write_partner_evidence(w, ws) -> None:
    """A partner's table: its rows, spare rows with its name preset, and what each row still needs.

    Dropdowns, checks, the cells to fix in red and the partner's counts also cover
    `ROWS_CHECKED_BELOW` rows under the table (`evidence_ranges`), so that where a partner types never
    matters. Those rows hold nothing until typed in: a return reads as quickly as before.
    """
    f = w.formats
    columns = layout.EVIDENCE_COLUMNS
    check_column = len(columns)
    last_row = len(w.evidence) + layout.SPARE_EVIDENCE_ROWS
    checked = evidence_ranges(w).last_row - 1  # 0-based, the last row checked
    # Each row's «Da completare» calls one defined name, its references relative to the row: a short
    # formula per row keeps the file small. A calculated column: Excel gives it to the rows it adds.
    check = row_check(w)
    w.book.define_name(layout.ROW_PROBLEMS, replace(check, sheet=sheet_ref(layout.EVIDENCE)).problems(1))
    ws.add_table(0, 0, last_row, check_column, {
        "name": layout.EVIDENCE, "style": "Table Style Light 9",
        "columns": [{"header": column.header, "header_format": f["header"]} for column in columns]
        + [{"header": layout.CHECK_HEADER, "header_format": f["header"], "formula": f"={layout.ROW_PROBLEMS}",
            "format": f["check"]}]})
    styles = [f["date"] if column.field == "date" else f["text"] if column.field in WRAPPED else f["plain"]
              for column in columns]
    for index, column in enumerate(columns):
        ws.set_column(index, index, PARTNER_WIDTHS[column.field], styles[index])
    ws.set_column(check_column, check_column, PARTNER_WIDTHS[layout.CHECK_HEADER], f["check"])
    ws.set_row(0, 30)  # the headers that do not fit their column on two lines
    ws.set_zoom(PARTNER_ZOOM)
    organisation = [column.field for column in columns].index("organisations")
    for number, row in enumerate(w.evidence, 1):
        for column, field in enumerate(column.field for column in columns):
            w.cell(ws, number, column, storable(getattr(row, field)), styles[column] if field in WRAPPED else None)
        # Rows typed later grow as LibreOffice and Excel wrap them; those written here are given their height.
        wrapped = [(getattr(row, field), PARTNER_WIDTHS[field]) for field in WRAPPED if getattr(row, field)]
        if len(w.row_problems) >= number and w.row_problems[number - 1]:
            wrapped.append((w.row_problems[number - 1], PARTNER_WIDTHS[layout.CHECK_HEADER]))
        ws.set_row(number, row_height(wrapped))
    problems = w.row_problems
    for number in range(1, last_row + 1):
        if number > len(w.evidence):
            ws.write_string(number, organisation, w.partner.name, styles[organisation])
        cached = problems[number - 1] if number <= len(problems) else ""
        ws.write_formula(number, check_column, f"={layout.ROW_PROBLEMS}", f["check"], cached)
    ws.freeze_panes(1, 1)
    _validation(w, ws, checked)
    _highlights(w, ws, check, checked, check_column)
    print_wide(ws)
    ws.print_area(0, 0, last_row, check_column)  # the whole table, with the rows a partner adds
    ws.repeat_rows(0)


def evidence_ranges(w) -> formulas.EvidenceRanges:
    """The rows of a partner's `Evidenze` that are checked and counted."""
    last_row = len(w.evidence) + layout.SPARE_EVIDENCE_ROWS + layout.ROWS_CHECKED_BELOW + 1
    return formulas.EvidenceRanges(sheet_ref(layout.EVIDENCE), last_row)


def row_check(w) -> formulas.RowCheck:
    codes = f"{sheet_ref(layout.LINES)}!$A$2:$A${len(w.lines) + 1}"
    distinct = tuple(ind.lines[0].code for ind, _ in w.lines if ind.kind is RuleKind.PER_DISTINCT)
    return formulas.RowCheck(w.programme.year, codes, tuple(dict.fromkeys(distinct)))


def _highlights(w, ws, check: formulas.RowCheck, last: int, check_column: int) -> None:
    """Incomplete rows in light red, the cells to fix in red, where the partner types."""
    f = w.formats
    wrong = (check.code_wrong(2), check.date_wrong(2), check.description_wrong(2), check.quantity_wrong(2),
             check.organisation_wrong(2))
    for column, condition in enumerate(wrong):  # first: the cell's own rule wins over the row's
        ws.conditional_format(1, column, last, column, {
            "type": "formula", "criteria": f"=AND({check.filled(2)},{condition})", "format": f["bad"]})
    incomplete = f"=AND({check.filled(2)},OR({','.join(wrong)}))"  # the conditions, not the text: rows below have none
    ws.conditional_format(1, 0, last, check_column, {"type": "formula", "criteria": incomplete,
                                                     "format": f["incomplete"]})


def _validation(w, ws, last_row: int) -> None:
    year = w.programme.year
    choices = f"${layout.CHOICES_COLUMN}$2:${layout.CHOICES_COLUMN}${2 * len(w.lines) + 1}"
    ws.data_validation(1, 0, last_row, 0, {
        "validate": "list",
        # The entries «code — label», then the codes alone: a code typed by hand is accepted too.
        "source": f"={sheet_ref(layout.LINES)}!{choices}",
        "input_title": "Voce del programma",
        "input_message": "Scegliere dall'elenco la voce che questa riga documenta, oppure scriverne solo il "
                         "codice (ad esempio 1.1.a).",
        "error_title": "Voce non valida",
        "error_message": "Questo codice non è nel programma. Scegliere una voce dall'elenco a discesa, o "
                         "scriverne il codice (ad esempio 1.1.a). Tutte le voci sono nel foglio «Voci».",
    })
    ws.data_validation(1, 1, last_row, 1, {
        "validate": "date",
        "criteria": "between",
        "minimum": dt.date(year, 1, 1),
        "maximum": dt.date(year, 12, 31),
        "input_title": "Data",
        "input_message": f"Data dell'evidenza, gg/mm/aaaa, nel {year}.",
        "error_title": "Data non valida",
        "error_message": f"Data non accettata: il giorno non esiste (ad esempio 31/09: settembre ha 30 "
                         f"giorni) oppure la data non è del {year}. Scrivere una data del {year} come "
                         f"gg/mm/aaaa, ad esempio 15/03/{year}.",
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
    set_widths(ws, (34, 22, 16, 16, 18, 16, 7, 9, 10, 9, 9, 9, 40, 18, 18, 9, 18))
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
        ws.write_string(row, 14, item.file_stamp, f["plain"])
        ws.write_number(row, 15, item.conflicts, f["plain"])
        ws.write_string(row, 16, item.base, f["plain"])
    ws.freeze_panes(1, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def write_conflicts(w, ws) -> None:
    """Each row changed two ways, the district's version beside the file's, and the manager's choice."""
    f = w.formats
    conflicts = w.content.conflicts
    w.table(ws, 0, max(len(conflicts), 1), layout.CONFLICTS, layout.CONFLICT_HEADERS)
    set_widths(ws, (18, 22, 22, 50, 30, 50, 28, 16, 10, 24) + tuple(c.width for c in layout.EVIDENCE_COLUMNS))
    choice = layout.CONFLICT_CHOICE_COLUMN
    for row, item in enumerate(conflicts, 1):
        ws.write_string(row, 0, item.row_id, f["plain"])
        ws.write_string(row, 1, item.partner, f["plain"])
        ws.write_string(row, 2, item.fields, f["text"])
        ws.write_string(row, 3, item.district, f["text"])
        ws.write_string(row, 4, item.district_by, f["text"])
        ws.write_string(row, 5, item.version, f["text"])
        ws.write_string(row, 6, item.file, f["plain"])
        w.cell(ws, row, 7, item.received, f["datetime"])
        w.cell(ws, row, 8, item.source_row, f["plain"])
        ws.write_string(row, choice, item.choice, f["input"])
        for column, value in enumerate(item.values, choice + 1):
            w.cell(ws, row, column, storable(value))
        ws.set_row(row, row_height([(item.district, 50), (item.version, 50)]))
    for row in range(len(conflicts) + 1, max(len(conflicts), 1) + 1):  # the empty row of an empty table
        ws.write_blank(row, choice, None, f["input"])
    ws.data_validation(1, choice, max(len(conflicts), 1), choice, {
        "validate": "list",
        "source": [Conflict.KEEP_DISTRICT, Conflict.TAKE_FILE],
        "error_type": "information",  # a corrected text is a choice too
        "input_title": "Scelta",
        "input_message": "«tieni il distretto», «prendi il file», oppure il testo corretto della colonna in "
                         "conflitto. La prossima unione applica la scelta.",
        "error_title": "Testo corretto",
        "error_message": "Non è una delle due scelte: sarà il testo corretto della colonna in conflitto.",
    })
    ws.freeze_panes(1, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)

